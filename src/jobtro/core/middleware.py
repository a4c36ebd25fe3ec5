from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase

from jobtro.core import audit, requestctx

# Responses that show no page: a redirect, "log in", "not found", "not allowed", a
# server error. Citizens loaded on the way (an access check, a write that redirects)
# were not shown, so no read is logged; writes have their own explicit events.
_SHOWS_NOTHING = {401, 403, 404, 405, 410}


def client_ip(request: HttpRequest) -> str | None:
    # Behind the reverse proxy (docs/operations.md) REMOTE_ADDR is the proxy, which sets
    # X-Real-IP. The header is believed only from a configured proxy: anyone else
    # could write any address into the audit log.
    remote: str | None = request.META.get("REMOTE_ADDR") or None
    if remote in settings.TRUSTED_PROXIES:
        real_ip: str | None = request.META.get("HTTP_X_REAL_IP")
        return real_ip or remote
    return remote


def shows_page(status: int) -> bool:
    return not (300 <= status < 400 or status in _SHOWS_NOTHING or status >= 500)


def masked_path(request: HttpRequest) -> str:
    """The request's path with a one-time link's token masked (it opens the link)."""
    path = request.path
    match = request.resolver_match
    for name, value in (match.kwargs if match else {}).items():
        if "token" in name and isinstance(value, str) and value:
            path = path.replace(value, "…")
    return path[:300]


class RequestContextMiddleware:
    """The request's address, channel and page for the audit log, and its read trail.

    Every citizen loaded from the database while the request runs is noted (see
    `Citizen.from_db`); when the response shows a page, one audit event names those
    no explicit event of the request named (`audit.write_reads`), written before the
    response leaves. A streamed response is followed to its end, so citizens read
    while streaming get their event too.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        via = "api" if request.path.startswith("/api/") else "web"
        trail = requestctx.RequestTrail(method=request.method or "", path=request.path[:300])
        ctx = requestctx.RequestContext(client_ip(request), via, trail)
        token = requestctx.current.set(ctx)
        try:
            response = self.get_response(request)
            if shows_page(response.status_code):
                audit.write_reads(actor=request.user, trail=trail, ip_address=ctx.ip_address)
                if (
                    isinstance(response, StreamingHttpResponse)
                    and not response.is_async
                    and not _is_file(response)
                ):
                    response.streaming_content = _audited_stream(
                        response.streaming_content, ctx, request
                    )
        finally:
            requestctx.current.reset(token)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        if request.user.is_authenticated:
            # Pages with citizen data must not linger in shared browser caches.
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    def process_view(self, request: HttpRequest, *_args: Any) -> None:
        trail = requestctx.current.get().trail
        if trail is not None and request.resolver_match is not None:
            trail.url_name = request.resolver_match.view_name[:100]
            trail.path = masked_path(request)


def _is_file(response: HttpResponseBase) -> bool:
    # A FileResponse may be handed to the server's file wrapper, past any iterator.
    return getattr(response, "file_to_stream", None) is not None


def _audited_stream(
    chunks: Iterable[bytes], ctx: requestctx.RequestContext, request: HttpRequest
) -> Iterator[bytes]:
    """Stream the response inside the request's context; at its end (or when the
    client goes away) log the citizens read while streaming."""
    iterator = iter(chunks)
    try:
        while True:
            token = requestctx.current.set(ctx)
            try:
                chunk = next(iterator, None)
            finally:
                requestctx.current.reset(token)
            if chunk is None:
                return
            yield chunk
    finally:
        assert ctx.trail is not None
        token = requestctx.current.set(ctx)
        try:
            audit.write_reads(actor=request.user, trail=ctx.trail, ip_address=ctx.ip_address)
        finally:
            requestctx.current.reset(token)


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
