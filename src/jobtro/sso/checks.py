"""Start-up checks: a broken IdP metadata file or rights mapping stops Jobtro at once,
with one Danish line and exit code 2 (`jobtro.errors.UserError`, see cli.main)."""

from __future__ import annotations

from django.conf import settings

from jobtro.errors import UserError


def check_at_startup() -> None:
    if not (settings.SSO_SAML_ENABLED or settings.SSO_OIDC_ENABLED):
        return
    from .mapping import current_mapping

    current_mapping()
    if settings.SSO_SAML_ENABLED:
        from .saml import check_startup

        check_startup()
    if settings.SSO_OIDC_ENABLED:
        missing = [
            name
            for name, value in (
                ("JOBTRO_SSO_OIDC_ISSUER", settings.SSO_OIDC_ISSUER),
                ("JOBTRO_SSO_OIDC_CLIENT_ID", settings.SSO_OIDC_CLIENT_ID),
                ("JOBTRO_SSO_OIDC_CLIENT_SECRET", settings.SSO_OIDC_CLIENT_SECRET),
                ("JOBTRO_SSO_BASE_URL", settings.SSO_BASE_URL),
            )
            if not value
        ]
        if missing:
            raise UserError(f"{', '.join(missing)} skal sættes, når OIDC-log-in er slået til")
