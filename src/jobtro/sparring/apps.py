from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SparringConfig(AppConfig):
    name = "jobtro.sparring"
    label = "sparring"
    verbose_name = _("Sparring")

    def ready(self) -> None:
        from .exports import register

        register()
