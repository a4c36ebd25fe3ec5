from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExperimentsConfig(AppConfig):
    name = "jobtro.experiments"
    label = "experiments"
    verbose_name = _("Eksperimenter og små greb")

    def ready(self) -> None:
        from .exports import register

        register()
