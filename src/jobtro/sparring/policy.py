"""Who asks for, reads and sums up sparring (the sparring part of access)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from jobtro.citizens.policy import is_current_caseworker
from jobtro.core import access
from jobtro.core.access import Permission as P
from jobtro.organisations.models import Staff, Team


def may_request_sparring(user: Any, citizen: Any) -> bool:
    """Only the citizen's current caseworker asks for (and closes) sparring on them."""
    return is_current_caseworker(user, citizen)


def visible_sparring(queryset: QuerySet, user: Any) -> QuerySet:
    """A sparring case is read by its owner and its participants only; leaders and
    researchers see aggregates, never the case."""
    staff = access.staff_of(user)
    if staff is None or not access.has(staff, P.CASEWORK):
        return queryset.none()
    return queryset.filter(
        Q(owner=staff) | Q(participants=staff),
        citizen__municipality_id=staff.municipality_id,
    ).distinct()


def sparring_colleagues(staff: Staff) -> QuerySet[Staff]:
    """Who can be asked to take part: active caseworkers in the same municipality."""
    return (
        Staff.objects.filter(
            municipality_id=staff.municipality_id,
            role__in=access.roles_with(P.CASEWORK),
            is_active=True,
        )
        .exclude(pk=staff.pk)
        .select_related("user")
        .order_by("user__first_name", "user__last_name")
    )


def sparring_teams(user: Any) -> QuerySet[Team]:
    """Teams whose sparring aggregates the user may see: a leader's own teams."""
    return access.user_led_teams(user)
