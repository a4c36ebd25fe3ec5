"""Jobtro's own error pages: 400, 403, 404, 500 and the CSRF refusal.

Django's defaults answer in bare English ("Bad Request (400)"); these answer in the
user's language with the site's frame. Under /api/ they answer JSON in django-ninja's
shape ({"detail": …}), as the API's own errors do.

The 500 page must show even when the database is down, so it is rendered without the
context processors (they read the session and the staff row) and falls back to plain
HTML if the template itself fails.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return _json(400, _("Forespørgslen kunne ikke læses."))
    context = {
        "too_big": isinstance(exception, RequestDataTooBig),
        "too_many_fields": isinstance(exception, TooManyFieldsSent),
        "too_many_files": isinstance(exception, TooManyFilesSent),
        "limit_mb": max(1, round((settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0) / 1024 / 1024)),
        "limit_fields": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
        "limit_files": settings.DATA_UPLOAD_MAX_NUMBER_FILES,
    }
    return _page(request, "400.html", 400, context)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return _json(403, _("Du har ikke adgang."))
    return _page(request, "403.html", 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return _json(404, _("Ikke fundet"))
    return _page(request, "404.html", 404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if _is_api(request):
        return _json(403, _("Formularens sikkerhedsnøgle mangler eller er forkert (CSRF)."))
    return _page(request, "403_csrf.html", 403)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return _json(500, _("Der opstod en fejl i Jobtro."))
    return _without_database(request, "500.html", 500)


# --- helpers ------------------------------------------------------------------------------


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _json(status: int, detail: str) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status)


def _page(
    request: HttpRequest, template: str, status: int, context: Mapping[str, object] | None = None
) -> HttpResponse:
    """The page in the full frame (the user's name and menu); without them if that fails."""
    context = {"status": status, **(context or {})}
    try:
        return render(request, template, context, status=status)
    except Exception:
        # The frame reads the session and the staff row; an error page must not fail
        # because the database does.
        logger.exception("error page %s rendered without the database", status)
        return _without_database(request, template, status, context)


def _without_database(
    request: HttpRequest, template: str, status: int, context: Mapping[str, object] | None = None
) -> HttpResponse:
    context = {
        "status": status,
        "request": request,
        "is_demo": settings.DEMO,
        # The language button is a form: it needs the token, which needs no database.
        "csrf_token": get_token(request),
        **(context or {}),
    }
    try:
        return HttpResponse(render_to_string(template, context), status=status)
    except Exception:
        logger.exception("error page %s could not be rendered", status)
        return HttpResponse(_plain(status), status=status)


def _plain(status: int) -> str:
    heading = _("Der opstod en fejl i Jobtro") if status >= 500 else _("Siden kan ikke vises")
    retry = _("Prøv igen om lidt.")
    return (
        f'<!DOCTYPE html><html lang="{get_language()}"><head><meta charset="utf-8"><title>{heading}</title>'
        f"</head><body><h1>{heading}</h1><p>{retry}</p></body></html>"
    )
