from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrengthsConfig(AppConfig):
    name = "jobtro.strengths"
    label = "strengths"
    verbose_name = _("Borgerens styrker")

    def ready(self) -> None:
        from .exports import register

        register()
