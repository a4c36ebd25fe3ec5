from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from jobtro.core import requestctx


def client_ip(request: HttpRequest) -> str | None:
    # Behind the reverse proxy (docs/operations.md) REMOTE_ADDR is the proxy, which sets
    # X-Real-IP. The header is believed only from a configured proxy: anyone else
    # could write any address into the audit log.
    remote = request.META.get("REMOTE_ADDR") or None
    if remote in settings.TRUSTED_PROXIES:
        return request.META.get("HTTP_X_REAL_IP") or remote
    return remote


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        via = "api" if request.path.startswith("/api/") else "web"
        token = requestctx.current.set(requestctx.RequestContext(client_ip(request), via))
        try:
            response = self.get_response(request)
        finally:
            requestctx.current.reset(token)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        if request.user.is_authenticated:
            # Pages with citizen data must not linger in shared browser caches.
            response.headers.setdefault("Cache-Control", "no-store")
        return response


class DanishFirstMiddleware:
    """Danish unless the user has chosen English (docs/contracts.md: Danish first).

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a browser
    set to English would get English unasked. The choice is made with the language
    button (a cookie), and nothing else.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
