from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompaniesConfig(AppConfig):
    name = "jobtro.companies"
    label = "companies"
    verbose_name = _("Virksomheder og praktikker")

    def ready(self) -> None:
        from .exports import register

        register()
