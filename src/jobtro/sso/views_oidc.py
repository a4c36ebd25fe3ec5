"""OpenID Connect relying party (Entra ID, AD FS): authorisation code flow with PKCE.

Authlib does the protocol: discovery, state, nonce, the S256 code challenge, the token
request and the ID token's signature (JWKS), issuer, audience, expiry and nonce checks.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import services
from .mapping import Claims
from .views import _safe_next, finish_login, leave_for, refused

_clients: dict[tuple, object] = {}


def oidc_client():
    """Authlib's Django client for the configured provider (one per process and setting)."""
    from authlib.integrations.django_client import OAuth

    key = (
        settings.SSO_OIDC_ISSUER,
        settings.SSO_OIDC_CLIENT_ID,
        settings.SSO_OIDC_CLIENT_SECRET,
        settings.SSO_OIDC_SCOPES,
    )
    if key not in _clients:
        oauth = OAuth()
        oauth.register(
            "jobtro",
            client_id=settings.SSO_OIDC_CLIENT_ID,
            client_secret=settings.SSO_OIDC_CLIENT_SECRET,
            server_metadata_url=settings.SSO_OIDC_ISSUER + "/.well-known/openid-configuration",
            client_kwargs={"scope": settings.SSO_OIDC_SCOPES, "code_challenge_method": "S256"},
        )
        _clients.clear()
        _clients[key] = oauth.create_client("jobtro")
    return _clients[key]


def _oidc_on() -> None:
    if not settings.SSO_OIDC_ENABLED:
        raise Http404


@require_GET
def oidc_login(request: HttpRequest) -> HttpResponse:
    _oidc_on()
    request.session["oidc_next"] = _safe_next(request, request.GET.get("next", ""))
    redirect_uri = settings.SSO_BASE_URL + reverse("sso:oidc_callback")
    return oidc_client().authorize_redirect(request, redirect_uri)


def _strings(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(str(v) for v in value if isinstance(v, str | int))
    return ()


@require_GET
def oidc_callback(request: HttpRequest) -> HttpResponse:
    _oidc_on()
    if "error" in request.GET:
        services.refuse_assertion(provider="oidc", reason="idp_error")
        return refused(request, _("Log-in-tjenesten afviste log-ind."))
    try:
        token = oidc_client().authorize_access_token(
            request, leeway=settings.SSO_SAML_CLOCK_SKEW_SECONDS
        )
        info = token.get("userinfo") or {}
        if not info.get("sub"):
            raise ValueError("no_sub")
    except Exception as exc:
        # Authlib raises OAuthError (state, code) or JoseError (signature, claims).
        services.refuse_assertion(provider="oidc", reason=f"{type(exc).__name__}: {exc}"[:120])
        return refused(request, _("Svaret fra log-in-tjenesten kunne ikke godkendes."))
    request.session["oidc_id_token"] = token.get("id_token", "")
    claims = Claims(
        provider="oidc",
        issuer=str(info.get("iss", settings.SSO_OIDC_ISSUER)),
        subject=str(info["sub"]),
        first_name=str(info.get("given_name", "")),
        last_name=str(info.get("family_name", "")),
        email=str(info.get("email", "")),
        oidc_roles=_strings(info.get("roles")),
        oidc_groups=_strings(info.get("groups")),
    )
    next_url = request.session.pop("oidc_next", "")
    id_token = request.session.get("oidc_id_token", "")
    response = finish_login(
        request,
        claims,
        next_url=next_url,
        expires_at=timezone.now() + dt.timedelta(minutes=settings.SSO_SESSION_MINUTES),
    )
    if request.user.is_authenticated:
        request.session["oidc_id_token"] = id_token
    return response


@require_POST
@login_required
def oidc_logout(request: HttpRequest) -> HttpResponse:
    """Log out here, then at the provider (RP-initiated logout) when it offers that."""
    _oidc_on()
    id_token = request.session.get("oidc_id_token", "")
    services.log_out(request=request)
    metadata = oidc_client().load_server_metadata()
    end_session = metadata.get("end_session_endpoint")
    if end_session:
        from urllib.parse import urlencode

        query = urlencode(
            {
                "id_token_hint": id_token,
                "post_logout_redirect_uri": settings.SSO_BASE_URL + reverse("login"),
                "client_id": settings.SSO_OIDC_CLIENT_ID,
            }
        )
        return leave_for(request, f"{end_session}?{query}")
    return redirect(settings.LOGOUT_REDIRECT_URL)
