"""Who writes and reads referrals, keeps the "spilleregler", sees the language picture
and takes part in sparring (the practice part of access)."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from jobtro.citizens.policy import is_current_caseworker
from jobtro.core import access
from jobtro.core.access import Permission as P
from jobtro.organisations.models import Function, Municipality, Staff, Team

# --- referrals to the company consultant ---


def company_consultants(municipality_id: int | None) -> QuerySet[Staff]:
    """Active caseworkers with the function virksomhedskonsulent in the municipality."""
    return Staff.objects.filter(
        municipality_id=municipality_id,
        role__in=access.roles_with(P.CASEWORK),
        function=Function.COMPANY_CONSULTANT,
        is_active=True,
    ).select_related("user")


def may_write_referral(user: Any, citizen: Any) -> bool:
    """Only the citizen's current caseworker writes or revises a referral."""
    return is_current_caseworker(user, citizen)


def visible_referrals(queryset: QuerySet, user: Any) -> QuerySet:
    """The citizen's current caseworker, and the company consultant it is addressed to."""
    from jobtro.citizens.models import Assignment

    staff = access.staff_of(user)
    if staff is None or not access.has(staff, P.CASEWORK):
        return queryset.none()
    current = Assignment.objects.filter(
        citizen=OuterRef("citizen"), caseworker=staff, end_date__isnull=True
    )
    return queryset.filter(
        Q(Exists(current)) | Q(consultant=staff),
        citizen__municipality_id=staff.municipality_id,
    )


# --- "spilleregler" and the language picture ---


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
