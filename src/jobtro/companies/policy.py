"""Who reads and keeps companies, visits and placements (the companies' part of access).

A company is the municipality's (one workplace, one record, shared by its teams):
caseworkers, leaders and administrators of the municipality read companies;
caseworkers write them. Placements are citizen data and follow the citizen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from jobtro.citizens.policy import is_current_caseworker
from jobtro.core import access
from jobtro.core.access import Permission as P

if TYPE_CHECKING:
    from jobtro.citizens.models import CitizenQuerySet


def may_read_companies(user: Any) -> bool:
    return access.has(user, P.COMPANIES_READ)


def visible_companies(queryset: QuerySet, user: Any) -> QuerySet:
    staff = access.staff_of(user)
    if staff is None or not may_read_companies(staff) or staff.municipality_id is None:
        return queryset.none()
    return queryset.filter(municipality_id=staff.municipality_id)


def may_edit_companies(user: Any) -> bool:
    """Caseworkers (company consultants among them) keep the company records."""
    staff = access.staff_of(user)
    return (
        staff is not None
        and access.has(staff, P.COMPANIES_EDIT)
        and staff.municipality_id is not None
    )


def placement_citizens(user: Any) -> CitizenQuerySet:
    """Citizens whose placements the user may read: the caseworker's and the leader's
    visible citizens (researchers get placements only through the research export)."""
    from jobtro.citizens.models import Citizen

    if not access.has(user, P.PLACEMENTS_READ):
        return Citizen.objects.none()
    return Citizen.objects.visible_to(user)


def visible_placements(queryset: QuerySet, user: Any) -> QuerySet:
    """Placements of citizens the user may read, at companies of the user's municipality."""
    staff = access.staff_of(user)
    if staff is None:
        return queryset.none()
    return queryset.filter(
        citizen__in=placement_citizens(user), company__municipality_id=staff.municipality_id
    )


def may_work_on_citizen(user: Any, citizen: Any) -> bool:
    """The citizen's current caseworker registers placements, keeps the job profile and
    asks for matching (as for referrals)."""
    return is_current_caseworker(user, citizen)
