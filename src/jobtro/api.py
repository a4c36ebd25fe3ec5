"""The JSON API: OpenAPI document at /api/openapi.json, version 1 under /api/v1/.

Every endpoint goes through core.access, exactly as the pages do. A request is
authenticated by the browser session or by a personal API token (Bearer).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import NinjaAPI
from ninja.security import HttpBearer, SessionAuth

from jobtro.core.models import ApiToken, hash_token


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
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


api = NinjaAPI(
    title="Jobtro API",
    version="1",
    description="Jobtro's API til integration med fagsystemer. Samme adgangsregler som siderne.",
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
    auth=[SessionAuth(), TokenAuth()],
)


def _register() -> None:
    from jobtro.belief.api import router as belief_router
    from jobtro.citizens.api import router as citizens_router
    from jobtro.organisations.api import router as organisations_router

    api.add_router("/v1/", citizens_router)
    api.add_router("/v1/", organisations_router)
    api.add_router("/v1/", belief_router)
    from jobtro.experiments.api import router as experiments_router

    api.add_router("/v1/", experiments_router)
    from jobtro.stories.api import router as stories_router

    api.add_router("/v1/", stories_router)
    from jobtro.meetings.api import router as meetings_router

    api.add_router("/v1/", meetings_router)
    from jobtro.companies.api import router as companies_router

    api.add_router("/v1/", companies_router)
    from jobtro.strengths.api import router as strengths_router

    api.add_router("/v1/", strengths_router)


_register()
