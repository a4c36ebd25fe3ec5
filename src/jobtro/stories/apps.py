from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoriesConfig(AppConfig):
    name = "jobtro.stories"
    label = "stories"
    verbose_name = _("Succeshistorier")

    def ready(self) -> None:
        from .exports import register

        register()
