"""Figures for the role home pages: aggregates, with small cells suppressed."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from jobtro.core import access
from jobtro.organisations.models import ResearchProject, Role, Staff


def suppressed(value: int | float | None, *, n_citizens: int, n_staff: int | None = None) -> Any:
    """DESIGN.md: a cell with fewer than 5 staff or 10 citizens is not shown."""
    if n_citizens < settings.SUPPRESS_MIN_CITIZENS:
        return None
    if n_staff is not None and n_staff < settings.SUPPRESS_MIN_STAFF:
        return None
    return value


def citizen_summary(citizens) -> dict[str, int]:
    """Counts over a set of citizens, in one query."""
    from jobtro.citizens.models import Action, Outcome

    today = timezone.localdate()
    active_action = Action.objects.filter(citizen=OuterRef("pk"), start_date__lte=today).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )
    outcome = Outcome.objects.filter(
        citizen=OuterRef("pk"), kind__in=["job", "flexjob", "education"]
    )
    row = citizens.annotate(
        has_action=Exists(active_action), has_outcome=Exists(outcome)
    ).aggregate(
        total=Count("pk"),
        with_outcome=Count("pk", filter=Q(has_outcome=True)),
        without_action=Count("pk", filter=Q(has_action=False, has_outcome=False)),
    )
    return {k: int(v or 0) for k, v in row.items()}


def home_figures(*, user: Any) -> dict[str, Any]:
    from jobtro.citizens.models import Citizen, Contact

    staff = access.staff_of(user)
    assert staff is not None
    visible = Citizen.objects.visible_to(user)
    ctx: dict[str, Any] = {}
    if staff.role == Role.CASEWORKER:
        mine = visible.filter(assignments__caseworker=staff, assignments__end_date__isnull=True)
        ctx["summary"] = citizen_summary(mine)
        ctx["recent_contacts"] = (
            Contact.objects.filter(staff=staff, citizen__in=visible)
            .select_related("citizen")
            .order_by("-date")[:8]
        )
        ctx["teams"] = staff.teams_on()
    elif staff.role == Role.LEADER:
        teams = []
        for team in access.led_teams(staff):
            members = Staff.objects.filter(
                memberships__team=team, memberships__end_date__isnull=True, role=Role.CASEWORKER
            ).distinct()
            team_citizens = visible.filter(
                assignments__caseworker__in=members, assignments__end_date__isnull=True
            )
            summary = citizen_summary(team_citizens)
            n_staff = members.count()
            teams.append(
                {
                    "team": team,
                    "n_staff": n_staff,
                    "n_citizens": suppressed(
                        summary["total"], n_citizens=summary["total"], n_staff=n_staff
                    ),
                    "with_outcome": suppressed(
                        summary["with_outcome"], n_citizens=summary["total"], n_staff=n_staff
                    ),
                    "without_action": suppressed(
                        summary["without_action"], n_citizens=summary["total"], n_staff=n_staff
                    ),
                }
            )
        ctx["teams"] = teams
    elif staff.role == Role.RESEARCHER:
        projects = ResearchProject.objects.filter(researchers=staff).prefetch_related(
            "municipalities"
        )
        ctx["projects"] = projects
        ctx["by_municipality"] = (
            visible.values("municipality__name")
            .annotate(n=Count("pk"))
            .order_by("municipality__name")
        )
    elif staff.role == Role.ADMINISTRATOR:
        municipality = staff.municipality
        ctx["municipality"] = municipality
        ctx["n_staff"] = Staff.objects.filter(municipality=municipality, is_active=True).count()
        ctx["n_teams"] = municipality.teams.count() if municipality else 0
        ctx["n_citizens"] = Citizen.objects.filter(municipality=municipality).count()
    elif staff.role == Role.EXTERNAL:
        ctx["citizens"] = visible.select_related("target_group")[:50]
    return ctx
