"""Figures for the role home pages: aggregates, with small cells suppressed."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from jobtro.core import access
from jobtro.core.access import Permission as P
from jobtro.organisations.models import ResearchProject, Role, Staff, Team

if TYPE_CHECKING:
    from jobtro.citizens.models import Citizen


def suppressed(value: int | float | None, *, n_citizens: int, n_staff: int | None = None) -> Any:
    """docs/contracts.md: a cell with fewer than 5 staff or 10 citizens is not shown."""
    if n_citizens < settings.SUPPRESS_MIN_CITIZENS:
        return None
    if n_staff is not None and n_staff < settings.SUPPRESS_MIN_STAFF:
        return None
    return value


def citizen_summary(
    current: QuerySet[Citizen], recent: QuerySet[Citizen] | None = None
) -> dict[str, int]:
    """Counts for a caseload: `current` citizens now, `recent` those of the last year.

    An assignment usually ends when the citizen gets a job, so outcomes are counted over
    everyone assigned within the last 12 months, not only over today's caseload.
    """
    from jobtro.citizens.models import Action, Outcome

    today = timezone.localdate()
    active_action = Action.objects.filter(citizen=OuterRef("pk"), start_date__lte=today).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )
    any_outcome = Outcome.objects.filter(citizen=OuterRef("pk"), start_date__lte=today)
    row = current.annotate(has_action=Exists(active_action), ended=Exists(any_outcome)).aggregate(
        total=Count("pk", filter=Q(ended=False)),
        without_action=Count("pk", filter=Q(has_action=False, ended=False)),
    )
    year_ago = today - dt.timedelta(days=365)
    job_or_education = Outcome.objects.filter(
        citizen=OuterRef("pk"),
        kind__in=["job", "flexjob", "education"],
        start_date__gt=year_ago,
        start_date__lte=today,
    )
    recent = current if recent is None else recent
    row["with_outcome"] = recent.filter(Exists(job_or_education)).count()
    row["recent"] = recent.count()
    return {k: int(v or 0) for k, v in row.items()}


def caseload(
    citizens: QuerySet[Citizen], staff_filter: Q
) -> tuple[QuerySet[Citizen], QuerySet[Citizen]]:
    """(current, recent) citizens of a caseworker or a team, from the assignments."""
    from jobtro.citizens.models import Assignment

    year_ago = timezone.localdate() - dt.timedelta(days=365)
    open_now = Assignment.objects.filter(staff_filter, end_date__isnull=True).values("citizen_id")
    last_year = Assignment.objects.filter(
        staff_filter, Q(end_date__isnull=True) | Q(end_date__gt=year_ago)
    ).values("citizen_id")
    return citizens.filter(pk__in=open_now), citizens.filter(pk__in=last_year)


def team_figures(team: Team) -> dict[str, Any]:
    """A team's caseload figures, suppressed for small teams (never per caseworker)."""
    from jobtro.citizens.models import Citizen

    today = timezone.localdate()
    members = access.current_team_staff(team, day=today).filter(role=Role.CASEWORKER).distinct()
    n_staff = members.count()
    current, recent = caseload(
        Citizen.objects.filter(municipality_id=team.municipality_id), Q(caseworker__in=members)
    )
    summary = citizen_summary(current, recent)
    n = summary["recent"]
    return {
        "team": team,
        "n_staff": n_staff,
        **{k: suppressed(v, n_citizens=n, n_staff=n_staff) for k, v in summary.items()},
    }


def home_figures(*, user: access.Login) -> dict[str, Any]:
    from jobtro.citizens.models import Citizen, Contact

    staff = access.staff_of(user)
    assert staff is not None
    visible = Citizen.objects.visible_to(user)
    ctx: dict[str, Any] = {}
    # Each role's home shows what its permissions are about (one scope per role).
    if access.has(staff, P.CASEWORK):
        ctx["summary"] = citizen_summary(*caseload(visible, Q(caseworker=staff)))
        ctx["recent_contacts"] = (
            Contact.objects.filter(staff=staff, citizen__in=visible)
            .select_related("citizen")
            .order_by("-date")[:8]
        )
        ctx["teams"] = staff.teams_on()
    elif access.has(staff, P.TEAMS_LEAD):
        teams = [team_figures(team) for team in access.led_teams(staff)]
        ctx["teams"] = teams
    elif access.has(staff, P.CITIZENS_RESEARCH):
        projects = ResearchProject.objects.filter(researchers=staff).prefetch_related(
            "municipalities"
        )
        ctx["projects"] = projects
        ctx["by_municipality"] = (
            visible.values("municipality__name")
            .annotate(n=Count("pk"))
            .order_by("municipality__name")
        )
    elif access.has(staff, P.ADMINISTER):
        municipality = staff.municipality
        ctx["municipality"] = municipality
        ctx["n_staff"] = Staff.objects.filter(municipality=municipality, is_active=True).count()
        ctx["n_teams"] = municipality.teams.count() if municipality else 0
        ctx["n_citizens"] = Citizen.objects.filter(municipality=municipality).count()
    elif access.has(staff, P.CITIZENS_REFERRED):
        ctx["citizens"] = visible.select_related("target_group")[:50]
    return ctx
