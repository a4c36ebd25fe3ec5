"""Who writes and reads referrals (the referrals' part of access): the citizen's
current caseworker, and the company consultant the referral is addressed to."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from jobtro.citizens.policy import is_current_caseworker
from jobtro.core import access
from jobtro.core.access import Permission as P
from jobtro.organisations.models import Function, Staff


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
