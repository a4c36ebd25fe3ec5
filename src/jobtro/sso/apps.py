from django.apps import AppConfig


class SsoConfig(AppConfig):
    name = "jobtro.sso"
    label = "sso"
    verbose_name = "Single sign-on"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .checks import check_at_startup
        from .middleware import mark_password_login

        # Django's own login hook (not domain flow): a session started with a password
        # is marked, so the middleware can ask administrators for their TOTP code.
        user_logged_in.connect(mark_password_login, dispatch_uid="jobtro.sso.password")
        check_at_startup()
