from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "jobtro.core"
    label = "core"
    verbose_name = "Kerne"
