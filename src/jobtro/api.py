"""The JSON API: OpenAPI document at /api/openapi.json, version 1 under /api/v1/.

Every endpoint goes through core.access, exactly as the pages do. A request is
authenticated by a personal API token (``Authorization: Bearer …``) or by the browser
session. A token call is not subject to CSRF: a browser never sends the header by
itself, so another site cannot borrow it. A session call that writes needs the CSRF
token, as a form on the pages does.

The building blocks every router shares (bounded ids, the one pagination, the error
body) live in jobtro.core.api. The published document is strict: two schemas with the
same name and different content are refused, and every operation documents the error
answers it can give, so that any response outside the document is a bug.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.openapi.schema import REF_TEMPLATE, OpenAPISchema
from ninja.operation import Operation
from ninja.schema import NinjaGenerateJsonSchema
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth

from jobtro.core.api import ApiError
from jobtro.core.models import ApiToken, hash_token

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class TokenAuth(HttpBearer):
    """A personal API token; never subject to CSRF (the header is never sent by itself)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if not token or len(token) > 200:
            return None
        found = (
            ApiToken.objects.select_related("user__staff")
            .filter(token_hash=hash_token(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if found is None:
            return None
        # Touch last use at most once a minute, not on every call.
        now = timezone.now()
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        return found.user


class SessionAuth(NinjaSessionAuth):
    """The browser session. Its writes need the CSRF token; without a session: 401."""

    def _get_key(self, request: HttpRequest) -> str | None:
        # Only a signed-in session is checked for CSRF: a call with neither a session
        # nor a valid token is a 401, not "CSRF check Failed".
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)


class _StrictOpenAPISchema(OpenAPISchema):
    """Ninja's document, refusing clashing schema names and listing every error answer."""

    def add_schema_definitions(self, definitions: dict) -> None:
        for name, definition in definitions.items():
            known = self.schemas.get(name)
            if known is not None and known != definition:
                raise ImproperlyConfigured(
                    f"Two API schemas are named {name!r}: give one a unique name "
                    "(the OpenAPI document would silently point at the wrong one)."
                )
        super().add_schema_definitions(definitions)

    def responses(self, operation: Operation) -> dict[int, Any]:
        result = super().responses(operation)
        error = ApiError.model_json_schema(
            ref_template=REF_TEMPLATE,
            schema_generator=NinjaGenerateJsonSchema,
            mode="serialization",
        )
        self.add_schema_definitions({ApiError.__name__: error})
        content = {
            self.api.renderer.media_type: {
                "schema": {"$ref": REF_TEMPLATE.format(model="ApiError")}
            }
        }
        for status, description in _error_answers(operation).items():
            result.setdefault(status, {"description": description, "content": content})
        return result


def _error_answers(operation: Operation) -> dict[int, str]:
    sources = {model.__ninja_param_source__ for model in operation.models}
    answers: dict[int, str] = {}
    if "body" in sources:
        answers[400] = "Kroppen er ikke gyldig JSON"
    if operation.auth_callbacks:
        answers[401] = "Ikke logget ind, eller ukendt eller spærret nøgle"
        if UNSAFE_METHODS & set(operation.methods):
            answers[403] = "CSRF-tjek fejlede (kun kald med browsersession)"
    if "path" in sources:
        answers[404] = "Findes ikke, eller du må ikke se den"
    if sources:
        answers[422] = "Ugyldige parametre eller data"
    return answers


class JobtroAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return _StrictOpenAPISchema(self, path_prefix)


api = JobtroAPI(
    title="Jobtro API",
    version="1",
    description="Jobtro's API til integration med fagsystemer. Samme adgangsregler som siderne.",
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
    # The token first: a session's CSRF check must not stop a call that carries a token.
    auth=[TokenAuth(), SessionAuth()],
)


def _danish(error: dict[str, Any]) -> str:
    """Pydantic's message for one bad value, in Danish (English beside it in the catalogue)."""
    ctx = error.get("ctx") or {}
    messages = {
        "missing": lambda: _("Skal udfyldes."),
        "int_parsing": lambda: _("Skal være et helt tal."),
        "int_type": lambda: _("Skal være et helt tal."),
        "int_from_float": lambda: _("Skal være et helt tal."),
        "greater_than_equal": lambda: _("Skal være mindst %(ge)s.") % ctx,
        "less_than_equal": lambda: _("Må højst være %(le)s.") % ctx,
        "string_too_long": lambda: _("Må højst være %(max_length)s tegn.") % ctx,
        "string_type": lambda: _("Skal være en tekst."),
        "bool_parsing": lambda: _("Skal være true eller false."),
        "bool_type": lambda: _("Skal være true eller false."),
        "enum": lambda: _("Skal være en af: %(expected)s.") % ctx,
        "json_invalid": lambda: _("Kroppen er ikke gyldig JSON."),
    }
    message = messages.get(error.get("type", ""))
    return message() if message else str(error.get("msg", ""))


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """422 with one entry per bad value: where (``loc``), what (``type``) and, in Danish, why."""
    detail = [
        {"type": e.get("type"), "loc": list(e.get("loc", ())), "msg": _danish(e)}
        for e in exc.errors
    ]
    return api.create_response(request, {"detail": detail}, status=422)


def _register() -> None:
    from jobtro.belief.api import router as belief_router
    from jobtro.citizens.api import router as citizens_router
    from jobtro.companies.api import router as companies_router
    from jobtro.experiments.api import router as experiments_router
    from jobtro.meetings.api import router as meetings_router
    from jobtro.organisations.api import router as organisations_router
    from jobtro.stories.api import router as stories_router
    from jobtro.strengths.api import router as strengths_router

    for router in (
        citizens_router,
        organisations_router,
        belief_router,
        experiments_router,
        stories_router,
        meetings_router,
        companies_router,
        strengths_router,
    ):
        api.add_router("/v1/", router)


_register()
