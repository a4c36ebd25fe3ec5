"""Session rules for single sign-on, local login and two-factor authentication.

- An SSO session ends when its time is up (SSO_SESSION_MINUTES, never past the IdP's
  SessionNotOnOrAfter); the next login reads the rights anew.
- With JOBTRO_LOCAL_LOGIN=false the password login pages (Jobtro's and the admin's)
  lead to the SSO login instead, and a posted password is refused.
- The logout button of an SSO session goes through single logout at the IdP.
- An administrator who logged in with a password must give a TOTP code first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from jobtro.core import access

PASSWORD_LOGIN = "jobtro_password_login"  # noqa: S105 (a session key, not a secret)


def mark_password_login(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    # force_login in tests and SSO logins are not password logins.
    if request is not None and request.method == "POST" and "password" in request.POST:
        request.session[PASSWORD_LOGIN] = True


def needs_totp(request: HttpRequest) -> bool:
    user = request.user
    if not settings.ADMIN_TOTP_REQUIRED or not request.session.get(PASSWORD_LOGIN):
        return False
    is_admin = user.is_superuser or access.has(user, access.Permission.ADMINISTER)
    # django-otp's OTPMiddleware gives the user is_verified().
    return is_admin and not getattr(user, "is_verified", lambda: False)()


class SsoMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path
        if not settings.LOCAL_LOGIN_ENABLED and path in {reverse("login"), reverse("admin:login")}:
            if request.method == "POST":
                return HttpResponseForbidden("Log-ind med adgangskode er slået fra.")
            target = reverse("sso:choose")
            next_url = request.GET.get("next")
            return redirect(f"{target}?{urlencode({'next': next_url})}" if next_url else target)
        if not request.user.is_authenticated:
            return self.get_response(request)
        expires = request.session.get("sso_expires_at")
        if expires and dt.datetime.fromisoformat(expires) <= timezone.now():
            from . import services

            services.log_out(request=request, reason="expired")
            return redirect(f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': path})}")
        if needs_totp(request) and not _exempt(path):
            return redirect(f"{reverse('sso:totp')}?{urlencode({'next': path})}")
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        # In process_view, after CsrfViewMiddleware has checked the logout form's token.
        provider = request.session.get("sso_provider") if hasattr(request, "session") else None
        if provider and request.path == reverse("logout") and request.method == "POST":
            from . import views, views_oidc

            view = views.saml_logout if provider == "saml" else views_oidc.oidc_logout
            return view(request)
        return None


def _exempt(path: str) -> bool:
    return path.startswith(("/sso/", "/static/", "/i18n/", "/healthz")) or path in {
        reverse("logout")
    }
