"""Who reads and documents project meetings (the meetings' part of access).

Project meetings are not about citizens. Leaders and researchers document them: a
researcher every meeting of their projects (the research centre convenes the
cross-municipal ones), a leader the local meetings of their own municipality. Local
meetings are read by the municipality's staff and the participants; cross-municipal
ones by all staff of the project's municipalities and its researchers. External
partners see no meetings.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from jobtro.core import access
from jobtro.core.access import Permission as P
from jobtro.organisations.models import Municipality, ResearchProject, Staff


def meeting_projects(user: Any) -> QuerySet:
    """Research projects whose meetings the user may read: a researcher's own, and those
    the municipal staff member's municipality takes part in."""
    staff = access.staff_of(user)
    if staff is None:
        return ResearchProject.objects.none()
    if access.has(staff, P.MEETINGS_RESEARCH):
        return ResearchProject.objects.filter(researchers=staff).distinct()
    if access.has(staff, P.MEETINGS_READ):
        return ResearchProject.objects.filter(municipalities=staff.municipality_id).distinct()
    return ResearchProject.objects.none()


def may_read_meetings(user: Any) -> bool:
    return access.has(user, P.MEETINGS_READ, P.MEETINGS_RESEARCH)


def visible_meetings(queryset: QuerySet, user: Any) -> QuerySet:
    staff = access.staff_of(user)
    if staff is None:
        return queryset.none()
    if access.has(staff, P.MEETINGS_RESEARCH):
        return queryset.filter(project__researchers=staff).distinct()
    if not access.has(staff, P.MEETINGS_READ):
        return queryset.none()
    return queryset.filter(
        Q(municipality_id=staff.municipality_id)
        | Q(municipality__isnull=True, project__municipalities=staff.municipality_id)
        | Q(participants=staff)
    ).distinct()


def meeting_edit_projects(user: Any) -> QuerySet:
    """Projects in which the user may create meetings: leaders and researchers."""
    if not access.has(user, P.MEETINGS_EDIT_LOCAL, P.MEETINGS_RESEARCH):
        return meeting_projects(None)
    return meeting_projects(user)


def may_edit_meeting(user: Any, meeting: Any) -> bool:
    staff = access.staff_of(user)
    if staff is None:
        return False
    if access.has(staff, P.MEETINGS_RESEARCH):
        return meeting.project.researchers.filter(pk=staff.pk).exists()
    if access.has(staff, P.MEETINGS_EDIT_LOCAL):
        return meeting.municipality_id is not None and meeting.municipality_id == (
            staff.municipality_id
        )
    return False


def may_create_cross_meetings(user: Any) -> bool:
    return access.has(user, P.MEETINGS_RESEARCH)


def meeting_staff(project: Any, municipality: Municipality | None) -> QuerySet[Staff]:
    """Who can take part in (and be responsible for actions from) a meeting: active staff
    of the meeting's municipality — of every project municipality for a cross-municipal
    one — and the project's researchers."""
    places = (
        Q(municipality=municipality)
        if municipality is not None
        else Q(municipality__in=project.municipalities.all())
    )
    return (
        Staff.objects.filter(
            (places & Q(role__in=access.roles_with(P.MEETINGS_READ)))
            | Q(research_projects=project),
            is_active=True,
        )
        .select_related("user", "municipality")
        .distinct()
        .order_by("municipality__name", "user__first_name", "user__last_name")
    )


def may_change_action_status(user: Any, action: Any) -> bool:
    """The person responsible, and whoever may edit the action's meeting."""
    staff = access.staff_of(user)
    if staff is None:
        return False
    return action.responsible_id == staff.pk or may_edit_meeting(user, action.meeting)
