"""Who may see what — the one module that decides it (docs/contracts.md, promises about data).

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
#
# Experiments are team-level (no citizen on their pages), so visibility follows teams:
# | role          | sees an experiment                                  | writes            |
# | leader        | that has one of the teams they lead                 | starts, runs, publishes |
# | caseworker    | they take part in, or of a team they belong to now  | logbook (participants) |
# | researcher    | in the municipalities of their research projects    | nothing           |
# | administrator | none (manages staff and teams)                      | nothing           |
# | external      | none                                                | nothing           |
# The catalogue of "greb" is open to every member of staff but external partners.


def experiment_teams(user: Any) -> QuerySet[Team]:
    """Teams a user may start an experiment for: a leader's own teams."""
    staff = staff_of(user)
    return led_teams(staff) if staff is not None else Team.objects.none()


def visible_experiments(queryset: QuerySet, user: Any) -> QuerySet:
    staff = staff_of(user)
    if staff is None:
        return queryset.none()
    if staff.role == Role.LEADER:
        return queryset.filter(
            teams__in=led_teams(staff), municipality_id=staff.municipality_id
        ).distinct()
    if staff.role == Role.CASEWORKER:
        return queryset.filter(
            Q(participants=staff) | Q(teams__in=staff.teams_on()),
            municipality_id=staff.municipality_id,
        ).distinct()
    if staff.role == Role.RESEARCHER:
        return queryset.filter(municipality__in=research_municipalities(staff))
    return queryset.none()


def may_manage_experiment(user: Any, experiment: Any) -> bool:
    """Plan cycles, record decisions, close and publish: a leader of one of its teams."""
    staff = staff_of(user)
    if staff is None or staff.role != Role.LEADER:
        return False
    if staff.municipality_id != experiment.municipality_id:
        return False
    return experiment.teams.filter(pk__in=led_teams(staff)).exists()


def may_write_logbook(user: Any, experiment: Any) -> bool:
    """The participants write in the logbook, and so do the experiment's leaders."""
    staff = staff_of(user)
    if staff is None or staff.municipality_id != experiment.municipality_id:
        return False
    return experiment.participants.filter(pk=staff.pk).exists() or may_manage_experiment(
        user, experiment
    )


def may_browse_practices(user: Any) -> bool:
    """The catalogue is for sharing across municipalities: all staff but external
    partners; researchers too (a greb holds no citizen data, and what spreads is data)."""
    return role_of(user) not in {None, Role.EXTERNAL}


def visible_practices(queryset: QuerySet, user: Any) -> QuerySet:
    return queryset if may_browse_practices(user) else queryset.none()


def may_try_practice(user: Any) -> bool:
    """ "Prøv det hos os" starts an experiment: a leader with at least one team."""
    return experiment_teams(user).exists()


# --- Practice: success stories ---
# (section: stories)

STORY_TELLERS = {Role.CASEWORKER, Role.LEADER}
STORY_READERS = {Role.CASEWORKER, Role.LEADER, Role.ADMINISTRATOR, Role.RESEARCHER}


def story_teams(user: Any) -> QuerySet[Team]:
    """Teams a user may tell a success story in: a caseworker's or leader's own teams."""
    staff = staff_of(user)
    if staff is None or staff.role not in STORY_TELLERS:
        return Team.objects.none()
    return staff.teams_on()


def may_read_stories(user: Any) -> bool:
    """Staff of the municipalities and the project's researchers; never external partners."""
    return role_of(user) in STORY_READERS


def visible_stories(queryset: QuerySet, user: Any) -> QuerySet:
    """The newest version of a story, by the storyteller's consent: "team" for the team's
    members and leader, "municipality" for all staff there, "project" also for staff of
    the municipalities sharing a research project and for that project's researchers.
    The author always reads their own stories, every version."""
    from jobtro.stories.models import Sharing

    staff = staff_of(user)
    if staff is None or staff.role not in STORY_READERS:
        return queryset.none()
    current = Q(superseded_by__isnull=True)
    if staff.role == Role.RESEARCHER:
        return queryset.filter(
            current, sharing=Sharing.PROJECT, municipality__in=research_municipalities(staff)
        )
    peers = Municipality.objects.filter(
        research_projects__municipalities=staff.municipality_id
    ).values("pk")
    scope = Q(
        sharing__in=[Sharing.MUNICIPALITY, Sharing.PROJECT],
        municipality_id=staff.municipality_id,
    ) | Q(sharing=Sharing.PROJECT, municipality__in=peers)
    if staff.role in STORY_TELLERS:
        scope |= Q(team__in=staff.teams_on().values("pk"))
    return queryset.filter(Q(author=staff) | (current & scope))


def story_experiments(user: Any) -> QuerySet:
    """Experiments a story may be linked to: those the storyteller can see."""
    from jobtro.experiments.models import Experiment

    return Experiment.objects.visible_to(user)


# --- Project meetings ---
# (section: meetings)
# Project meetings are not about citizens. Leaders and researchers document them: a
# researcher every meeting of their projects (the research centre convenes the
# cross-municipal ones), a leader the local meetings of their own municipality. Local
# meetings are read by the municipality's staff and the participants; cross-municipal
# ones by all staff of the project's municipalities and its researchers. External
# partners see no meetings.

MEETING_STAFF_ROLES = (Role.CASEWORKER, Role.LEADER, Role.ADMINISTRATOR)


def meeting_projects(user: Any) -> QuerySet:
    """Research projects whose meetings the user may read: a researcher's own, and those
    the municipal staff member's municipality takes part in."""
    from jobtro.organisations.models import ResearchProject

    staff = staff_of(user)
    if staff is None:
        return ResearchProject.objects.none()
    if staff.role == Role.RESEARCHER:
        return ResearchProject.objects.filter(researchers=staff).distinct()
    if staff.role in MEETING_STAFF_ROLES:
        return ResearchProject.objects.filter(municipalities=staff.municipality_id).distinct()
    return ResearchProject.objects.none()


def visible_meetings(queryset: QuerySet, user: Any) -> QuerySet:
    staff = staff_of(user)
    if staff is None:
        return queryset.none()
    if staff.role == Role.RESEARCHER:
        return queryset.filter(project__researchers=staff).distinct()
    if staff.role not in MEETING_STAFF_ROLES:
        return queryset.none()
    return queryset.filter(
        Q(municipality_id=staff.municipality_id)
        | Q(municipality__isnull=True, project__municipalities=staff.municipality_id)
        | Q(participants=staff)
    ).distinct()


def meeting_edit_projects(user: Any) -> QuerySet:
    """Projects in which the user may create meetings: leaders and researchers."""
    if role_of(user) not in {Role.LEADER, Role.RESEARCHER}:
        return meeting_projects(None)
    return meeting_projects(user)


def may_edit_meeting(user: Any, meeting: Any) -> bool:
    staff = staff_of(user)
    if staff is None:
        return False
    if staff.role == Role.RESEARCHER:
        return meeting.project.researchers.filter(pk=staff.pk).exists()
    if staff.role == Role.LEADER:
        return meeting.municipality_id is not None and meeting.municipality_id == (
            staff.municipality_id
        )
    return False


def may_create_cross_meetings(user: Any) -> bool:
    return role_of(user) == Role.RESEARCHER


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
            (places & Q(role__in=MEETING_STAFF_ROLES)) | Q(research_projects=project),
            is_active=True,
        )
        .select_related("user", "municipality")
        .distinct()
        .order_by("municipality__name", "user__first_name", "user__last_name")
    )


def may_change_action_status(user: Any, action: Any) -> bool:
    """The person responsible, and whoever may edit the action's meeting."""
    staff = staff_of(user)
    if staff is None:
        return False
    return action.responsible_id == staff.pk or may_edit_meeting(user, action.meeting)


# --- Companies, visits, placements and matching ---
# (section: companies)
# A company is the municipality's (one workplace, one record, shared by its teams):
# caseworkers, leaders and administrators of the municipality read companies;
# caseworkers write them. Placements are citizen data and follow the citizen.

COMPANY_READERS = {Role.CASEWORKER, Role.LEADER, Role.ADMINISTRATOR}


def visible_companies(queryset: QuerySet, user: Any) -> QuerySet:
    staff = staff_of(user)
    if staff is None or staff.role not in COMPANY_READERS or staff.municipality_id is None:
        return queryset.none()
    return queryset.filter(municipality_id=staff.municipality_id)


def may_edit_companies(user: Any) -> bool:
    """Caseworkers (company consultants among them) keep the company records."""
    staff = staff_of(user)
    return staff is not None and staff.role == Role.CASEWORKER and staff.municipality_id is not None


def placement_citizens(user: Any) -> CitizenQuerySet:
    """Citizens whose placements the user may read: the caseworker's and the leader's
    visible citizens (researchers get placements only through the research export)."""
    from jobtro.citizens.models import Citizen

    if role_of(user) not in {Role.CASEWORKER, Role.LEADER}:
        return Citizen.objects.none()
    return Citizen.objects.visible_to(user)


def visible_placements(queryset: QuerySet, user: Any) -> QuerySet:
    """Placements of citizens the user may read, at companies of the user's municipality."""
    staff = staff_of(user)
    if staff is None:
        return queryset.none()
    return queryset.filter(
        citizen__in=placement_citizens(user), company__municipality_id=staff.municipality_id
    )


def may_work_on_citizen(user: Any, citizen: Any) -> bool:
    """The citizen's current caseworker registers placements, keeps the job profile and
    asks for matching (as for referrals)."""
    return may_write_referral(user, citizen)


# --- The citizen's strengths profile ---
# (section: strengths)


def strengths_citizens(user: Any) -> CitizenQuerySet:
    """Citizens whose strengths profile the user reads and whose links the user makes:
    the citizen's current caseworker only (leaders and researchers see no profile)."""
    from jobtro.citizens.models import Assignment, Citizen

    staff = staff_of(user)
    if staff is None or staff.role != Role.CASEWORKER:
        return Citizen.objects.none()
    current = Assignment.objects.filter(
        citizen=OuterRef("pk"), caseworker=staff, end_date__isnull=True
    )
    return Citizen.objects.visible_to(user).filter(Exists(current))


def may_see_strengths_beside_referral(user: Any, citizen: Any) -> bool:
    """Beside a referral, its readers see the strengths too: the current caseworker and
    the company consultant the referral is addressed to."""
    from jobtro.practice.models import Referral

    if strengths_citizens(user).filter(pk=citizen.pk).exists():
        return True
    return Referral.objects.visible_to(user).filter(citizen=citizen).exists()


# --- Expectations across meeting forms, external partners, expectations and action ---
# (section: expectations)
