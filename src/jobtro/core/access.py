"""Who may see what — the one module that decides it (DESIGN.md, principles).

Pages, the API, exports and the admin all call these functions; a stranger to a
record gets a 404 because the record is simply not in their queryset.

| role          | citizens                                                  | names |
|---------------|-----------------------------------------------------------|-------|
| caseworker    | assigned to them now or before                            | yes   |
| leader        | currently assigned to a caseworker in the leader's teams  | yes   |
| researcher    | in the municipalities of the researcher's projects        | no    |
| administrator | none (manages staff, teams and imports)                   | —     |
| external      | referred to them (an action they provide)                 | yes   |
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from jobtro.organisations.models import Municipality, Role, Staff, Team

if TYPE_CHECKING:
    from jobtro.citizens.models import CitizenQuerySet


def staff_of(user: Any) -> Staff | None:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    staff = getattr(user, "staff", None)
    if staff is None or not staff.is_active:
        return None
    return staff


def role_of(user: Any) -> str | None:
    staff = staff_of(user)
    return staff.role if staff else None


def shows_names(user: Any) -> bool:
    """Researchers only ever see pseudonymised data."""
    return role_of(user) in {Role.CASEWORKER, Role.LEADER, Role.EXTERNAL}


def led_teams(staff: Staff) -> QuerySet[Team]:
    return (
        staff.teams_on(timezone.localdate()) if staff.role == Role.LEADER else Team.objects.none()
    )


def research_municipalities(staff: Staff) -> QuerySet[Municipality]:
    return Municipality.objects.filter(research_projects__researchers=staff).distinct()


def visible_citizens(queryset: CitizenQuerySet, user: Any) -> CitizenQuerySet:
    from jobtro.citizens.models import Action, Assignment

    staff = staff_of(user)
    if staff is None:
        return queryset.none()
    if staff.role == Role.CASEWORKER:
        # pk__in over the caseworker's index: a fast plan even without planner statistics.
        mine = Assignment.objects.filter(caseworker=staff).values("citizen_id")
        return queryset.filter(pk__in=mine, municipality_id=staff.municipality_id)
    if staff.role == Role.LEADER:
        today = timezone.localdate()
        # One filter() call: the conditions must hold for the same membership row.
        team_staff = Staff.objects.filter(
            Q(memberships__end_date__isnull=True) | Q(memberships__end_date__gte=today),
            memberships__team__in=led_teams(staff),
            memberships__start_date__lte=today,
        )
        current = Assignment.objects.filter(
            citizen=OuterRef("pk"), end_date__isnull=True, caseworker__in=team_staff
        )
        return queryset.filter(Exists(current), municipality_id=staff.municipality_id)
    if staff.role == Role.RESEARCHER:
        return queryset.filter(municipality__in=research_municipalities(staff))
    if staff.role == Role.EXTERNAL:
        referred = Action.objects.filter(citizen=OuterRef("pk"), provider_staff=staff)
        return queryset.filter(Exists(referred))
    return queryset.none()


def visible_teams(user: Any) -> QuerySet[Team]:
    """Teams whose pages (aggregates only) the user may open."""
    staff = staff_of(user)
    if staff is None:
        return Team.objects.none()
    if staff.role == Role.LEADER:
        return led_teams(staff)
    if staff.role == Role.CASEWORKER:
        return staff.teams_on()
    if staff.role == Role.ADMINISTRATOR:
        return Team.objects.filter(municipality_id=staff.municipality_id)
    return Team.objects.none()


def administered_municipality(user: Any) -> Municipality | None:
    """The municipality whose staff, teams and imports the user manages, if any."""
    staff = staff_of(user)
    if staff is None or staff.role != Role.ADMINISTRATOR:
        return None
    return staff.municipality


def manageable_staff(user: Any) -> QuerySet[Staff]:
    municipality = administered_municipality(user)
    if municipality is None:
        return Staff.objects.none()
    return Staff.objects.filter(municipality=municipality)


def may_read_audit(user: Any) -> bool:
    return administered_municipality(user) is not None


def visible_analysis_runs(user: Any) -> QuerySet:
    """Researchers see their projects' runs; a leader sees the runs of the teams they lead."""
    from jobtro.research.models import AnalysisRun

    staff = staff_of(user)
    if staff is None:
        return AnalysisRun.objects.none()
    runs = AnalysisRun.objects.select_related("project", "municipality", "team", "created_by__user")
    if staff.role == Role.RESEARCHER:
        return runs.filter(project__researchers=staff, team__isnull=True).distinct()
    if staff.role == Role.LEADER:
        return runs.filter(team__in=led_teams(staff))
    return runs.none()


# --- Practice: referrals to the company consultant, "spilleregler", language picture ---


def company_consultants(municipality_id: int | None) -> QuerySet[Staff]:
    """Active caseworkers with the function virksomhedskonsulent in the municipality."""
    from jobtro.organisations.models import Function

    return Staff.objects.filter(
        municipality_id=municipality_id,
        role=Role.CASEWORKER,
        function=Function.COMPANY_CONSULTANT,
        is_active=True,
    ).select_related("user")


def may_write_referral(user: Any, citizen: Any) -> bool:
    """Only the citizen's current caseworker writes or revises a referral."""
    staff = staff_of(user)
    if staff is None or staff.role != Role.CASEWORKER:
        return False
    if staff.municipality_id != citizen.municipality_id:
        return False
    return citizen.assignments.filter(caseworker=staff, end_date__isnull=True).exists()


def visible_referrals(queryset: QuerySet, user: Any) -> QuerySet:
    """The citizen's current caseworker, and the company consultant it is addressed to."""
    from jobtro.citizens.models import Assignment

    staff = staff_of(user)
    if staff is None or staff.role != Role.CASEWORKER:
        return queryset.none()
    current = Assignment.objects.filter(
        citizen=OuterRef("citizen"), caseworker=staff, end_date__isnull=True
    )
    return queryset.filter(
        Q(Exists(current)) | Q(consultant=staff),
        citizen__municipality_id=staff.municipality_id,
    )


def rules_teams(user: Any) -> QuerySet[Team]:
    """Teams whose "spilleregler" the user maintains: a leader's own teams."""
    staff = staff_of(user)
    return led_teams(staff) if staff is not None else Team.objects.none()


def rules_municipality(user: Any) -> Municipality | None:
    """The municipality whose "spilleregler" the user maintains: an administrator's."""
    return administered_municipality(user)


def language_picture_teams(user: Any) -> QuerySet[Team]:
    """Teams whose language picture (aggregates only) the user may see: a leader's
    teams, a caseworker's own teams."""
    # The team pages' rule, less the administrator (who manages teams, not their texts).
    if role_of(user) == Role.ADMINISTRATOR:
        return Team.objects.none()
    return visible_teams(user)


# --- Practice: sparring ("flere øjne på sagen") ---


def may_request_sparring(user: Any, citizen: Any) -> bool:
    """Only the citizen's current caseworker asks for (and closes) sparring on them."""
    return may_write_referral(user, citizen)


def visible_sparring(queryset: QuerySet, user: Any) -> QuerySet:
    """A sparring case is read by its owner and its participants only; leaders and
    researchers see aggregates, never the case."""
    staff = staff_of(user)
    if staff is None or staff.role != Role.CASEWORKER:
        return queryset.none()
    return queryset.filter(
        Q(owner=staff) | Q(participants=staff),
        citizen__municipality_id=staff.municipality_id,
    ).distinct()


def sparring_colleagues(staff: Staff) -> QuerySet[Staff]:
    """Who can be asked to take part: active caseworkers in the same municipality."""
    return (
        Staff.objects.filter(
            municipality_id=staff.municipality_id, role=Role.CASEWORKER, is_active=True
        )
        .exclude(pk=staff.pk)
        .select_related("user")
        .order_by("user__first_name", "user__last_name")
    )


def sparring_teams(user: Any) -> QuerySet[Team]:
    """Teams whose sparring aggregates the user may see: a leader's own teams."""
    staff = staff_of(user)
    return led_teams(staff) if staff is not None else Team.objects.none()


# --- Practice: action-learning experiments and the catalogue of "små greb" ---
# (section: experiments)


# --- Practice: success stories ---
# (section: stories)


# --- Project meetings ---
# (section: meetings)


# --- Companies, visits, placements and matching ---
# (section: companies)


# --- The citizen's strengths profile ---
# (section: strengths)


# --- Expectations across meeting forms, external partners, expectations and action ---
# (section: expectations)
