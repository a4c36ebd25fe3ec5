from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def sso(request: HttpRequest) -> dict[str, object]:
    """The login buttons' labels (empty when that login is off)."""
    return {
        "sso_saml": settings.SSO_SAML_BUTTON if settings.SSO_SAML_ENABLED else "",
        "sso_oidc": settings.SSO_OIDC_BUTTON if settings.SSO_OIDC_ENABLED else "",
        "local_login": settings.LOCAL_LOGIN_ENABLED,
    }
