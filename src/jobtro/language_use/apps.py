from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LanguageUseConfig(AppConfig):
    name = "jobtro.language_use"
    label = "language_use"
    verbose_name = _("Sprogbrug")
