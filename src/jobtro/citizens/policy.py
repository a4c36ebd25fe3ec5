"""Who sees which citizens, and who works on them (the citizens' part of access).

| role          | citizens                                                  | names |
|---------------|-----------------------------------------------------------|-------|
| caseworker    | assigned to them now or before                            | yes   |
| leader        | currently assigned to a caseworker in the leader's teams  | yes   |
| researcher    | in the municipalities of the researcher's projects        | no    |
| administrator | none (manages staff, teams and imports)                   | —     |
| external      | referred to them (an action they provide)                 | yes   |

The roles' permissions come from ``jobtro.core.access.PERMISSIONS``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef

from jobtro.core import access
from jobtro.core.access import Permission as P

if TYPE_CHECKING:
    from jobtro.citizens.models import CitizenQuerySet


# A role sees citizens through exactly one of these scopes (or none).
CITIZEN_SCOPES = (
    P.CITIZENS_ASSIGNED,
    P.CITIZENS_LED_TEAMS,
    P.CITIZENS_RESEARCH,
    P.CITIZENS_REFERRED,
)


def may_list_citizens(user: Any) -> bool:
    return access.has(user, *CITIZEN_SCOPES)


def visible_citizens(queryset: CitizenQuerySet, user: Any) -> CitizenQuerySet:
    from jobtro.citizens.models import Action, Assignment

    staff = access.staff_of(user)
    if staff is None:
        return queryset.none()
    if access.has(staff, P.CITIZENS_ASSIGNED):
        # pk__in over the caseworker's index: a fast plan even without planner statistics.
        mine = Assignment.objects.filter(caseworker=staff).values("citizen_id")
        return queryset.filter(pk__in=mine, municipality_id=staff.municipality_id)
    if access.has(staff, P.CITIZENS_LED_TEAMS):
        team_staff = access.current_team_staff(access.led_teams(staff))
        current = Assignment.objects.filter(
            citizen=OuterRef("pk"), end_date__isnull=True, caseworker__in=team_staff
        )
        return queryset.filter(Exists(current), municipality_id=staff.municipality_id)
    if access.has(staff, P.CITIZENS_RESEARCH):
        return queryset.filter(municipality__in=access.research_municipalities(staff))
    if access.has(staff, P.CITIZENS_REFERRED):
        referred = Action.objects.filter(citizen=OuterRef("pk"), provider_staff=staff)
        return queryset.filter(Exists(referred))
    return queryset.none()


def is_current_caseworker(user: Any, citizen: Any) -> bool:
    """The citizen's current caseworker: the one who writes referrals, asks for sparring,
    registers placements and keeps the strengths profile."""
    staff = access.staff_of(user)
    if staff is None or not access.has(staff, P.CASEWORK):
        return False
    if staff.municipality_id != citizen.municipality_id:
        return False
    return citizen.assignments.filter(caseworker=staff, end_date__isnull=True).exists()


def current_caseworker_citizens(user: Any) -> CitizenQuerySet:
    """Citizens the user is the current caseworker of (and may see)."""
    from jobtro.citizens.models import Assignment, Citizen

    staff = access.staff_of(user)
    if staff is None or not access.has(staff, P.CASEWORK):
        return Citizen.objects.none()
    current = Assignment.objects.filter(
        citizen=OuterRef("pk"), caseworker=staff, end_date__isnull=True
    )
    return Citizen.objects.visible_to(user).filter(Exists(current))
