from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BeliefConfig(AppConfig):
    name = "jobtro.belief"
    label = "belief"
    verbose_name = _("Tro på jobchancen")

    def ready(self) -> None:
        from .exports import register

        register()
