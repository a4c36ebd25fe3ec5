"""Who keeps the "spilleregler" and who sees the team language picture."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from jobtro.core import access
from jobtro.core.access import Permission as P
from jobtro.organisations.models import Municipality, Team


def rules_teams(user: Any) -> QuerySet[Team]:
    """Teams whose "spilleregler" the user maintains: a leader's own teams."""
    return access.user_led_teams(user)


def rules_municipality(user: Any) -> Municipality | None:
    """The municipality whose "spilleregler" the user maintains: an administrator's."""
    return access.administered_municipality(user)


def language_picture_teams(user: Any) -> QuerySet[Team]:
    """Teams whose language picture (aggregates only) the user may see: a leader's
    teams, a caseworker's own teams."""
    # The team pages' rule, less the administrator (who manages teams, not their texts).
    if not access.has(user, P.TEAMS_LEAD, P.TEAMS_OWN):
        return Team.objects.none()
    return access.visible_teams(user)
