"""The vocabulary of access: who the user is, and what their role may do.

This module knows staff, roles, municipalities and teams (``jobtro.organisations``)
and nothing else: an import-linter contract keeps it from importing any other app.
Each area decides who sees its records next to its models, in its own ``policy.py``
(``Citizen.objects.visible_to(user)`` calls ``jobtro.citizens.policy``), and reads
the role's permissions from the one table below. A record the user may not see is
simply not in their queryset, so a stranger gets a 404.

What a role may do is data (``PERMISSIONS``), not if-chains: a role can later come
from a login claim (SAML/OIDC), and a municipality can read its own role table in
``docs/adgang-og-sikkerhed.md`` (generated from this table; a test keeps them equal).
Each area has at most one *scope* permission per role (which citizens, which
experiments …); a policy checks the scopes in the order it lists them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum
from typing import TypeAlias

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone, translation

from jobtro.organisations.models import Municipality, Role, Staff, Team


class Permission(StrEnum):
    """One thing a role may do or see; the label is what the docs print."""

    label: str

    def __new__(cls, value: str, label: str) -> Permission:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    # Names and the citizens a role sees (one scope per role)
    CITIZEN_NAMES = "citizens.names", "Ser borgeres navne og CPR (ellers pseudonymer)"
    STAFF_NAMES = "staff.names", "Ser medarbejderes navne (forskere ser ingen)"
    CITIZENS_ASSIGNED = "citizens.assigned", "Ser borgere, man er eller har været tildelt"
    CITIZENS_LED_TEAMS = "citizens.led_teams", "Ser borgere tildelt nu i de teams, man leder"
    CITIZENS_RESEARCH = (
        "citizens.research",
        "Ser pseudonymiserede borgere i sine projekters kommuner",
    )
    CITIZENS_REFERRED = "citizens.referred", "Ser borgere, der er henvist til én"
    CASEWORK = (
        "citizens.casework",
        (
            "Arbejder på egne borgere som nuværende sagsbehandler: vurderinger, henvisninger, "
            "sparring, praktikker, styrker"
        ),
    )
    BELIEF_RATE = "belief.rate", "Vurderer troen på jobchancen for de borgere, man arbejder med"
    BELIEF_RESEARCH = "belief.research", "Læser alle vurderinger pseudonymiseret (forskning)"
    # Teams and the organisation
    TEAMS_LEAD = "teams.lead", "Leder sine teams: teamsider, spilleregler, eksperimenter"
    TEAMS_OWN = "teams.own", "Ser sine egne teams' sider (kun samlede tal)"
    ADMINISTER = (
        "organisation.administer",
        (
            "Administrerer kommunens medarbejdere, teams, import, kommunens spilleregler "
            "og revisionsloggen"
        ),
    )
    # Research
    ANALYSES_PROJECT = "research.project_analyses", "Kører analyser for sine forskningsprojekter"
    ANALYSES_TEAM = "research.team_analyses", "Kører analyser for de teams, man leder"
    RESEARCH_EXPORT = (
        "research.export",
        "Henter pseudonymiserede forskningsudtræk for sine projekter",
    )
    # Practice: experiments, the greb catalogue, stories, meetings
    PRACTICES_BROWSE = "practices.browse", "Ser Praksis-siden og læser kataloget over greb"
    EXPERIMENTS_TAKE_PART = "experiments.take_part", "Ser og deltager i sine teams' eksperimenter"
    EXPERIMENTS_RESEARCH = "experiments.research", "Ser eksperimenter i sine projekters kommuner"
    STORIES_TELL = "stories.tell", "Fortæller succeshistorier i sine teams"
    STORIES_READ = "stories.read", "Læser succeshistorier delt med team, kommune eller projekt"
    STORIES_READ_PROJECT = "stories.read_project", "Læser succeshistorier delt med projektet"
    MEETINGS_READ = "meetings.read", "Læser kommunens og projektets møder"
    MEETINGS_EDIT_LOCAL = "meetings.edit_local", "Dokumenterer kommunens lokale projektmøder"
    MEETINGS_RESEARCH = (
        "meetings.research",
        ("Læser og dokumenterer sine projekters møder, også de tværkommunale"),
    )
    LANGUAGE_COACH = "language.coach", "Bruger sprogcoachen, når man skriver"
    # Labour-market knowledge
    COMPANIES_READ = "companies.read", "Læser kommunens virksomheder"
    COMPANIES_EDIT = "companies.edit", "Opretter og retter virksomheder og besøg"
    PLACEMENTS_READ = "placements.read", "Læser praktikker for de borgere, man ser"


P = Permission

# The one table of what each role may do. Change a role here, never in an if-chain.
PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.CASEWORKER: frozenset(
        {
            P.CITIZEN_NAMES,
            P.STAFF_NAMES,
            P.CITIZENS_ASSIGNED,
            P.CASEWORK,
            P.BELIEF_RATE,
            P.TEAMS_OWN,
            P.PRACTICES_BROWSE,
            P.EXPERIMENTS_TAKE_PART,
            P.STORIES_TELL,
            P.STORIES_READ,
            P.MEETINGS_READ,
            P.COMPANIES_READ,
            P.COMPANIES_EDIT,
            P.PLACEMENTS_READ,
            P.LANGUAGE_COACH,
        }
    ),
    Role.LEADER: frozenset(
        {
            P.CITIZEN_NAMES,
            P.STAFF_NAMES,
            P.CITIZENS_LED_TEAMS,
            P.TEAMS_LEAD,
            P.ANALYSES_TEAM,
            P.PRACTICES_BROWSE,
            P.STORIES_TELL,
            P.STORIES_READ,
            P.MEETINGS_READ,
            P.MEETINGS_EDIT_LOCAL,
            P.COMPANIES_READ,
            P.PLACEMENTS_READ,
            P.LANGUAGE_COACH,
        }
    ),
    Role.RESEARCHER: frozenset(
        {
            P.CITIZENS_RESEARCH,
            P.BELIEF_RESEARCH,
            P.ANALYSES_PROJECT,
            P.RESEARCH_EXPORT,
            P.PRACTICES_BROWSE,
            P.EXPERIMENTS_RESEARCH,
            P.STORIES_READ_PROJECT,
            P.MEETINGS_RESEARCH,
        }
    ),
    Role.ADMINISTRATOR: frozenset(
        {
            P.STAFF_NAMES,
            P.ADMINISTER,
            P.PRACTICES_BROWSE,
            P.STORIES_READ,
            P.MEETINGS_READ,
            P.COMPANIES_READ,
            P.LANGUAGE_COACH,
        }
    ),
    Role.EXTERNAL: frozenset(
        {P.CITIZEN_NAMES, P.STAFF_NAMES, P.CITIZENS_REFERRED, P.BELIEF_RATE, P.LANGUAGE_COACH}
    ),
}


# --- who the user is ---------------------------------------------------------------

# A login as views, the API and commands hold it: `request.user`, `staff.user`, or none.
Login: TypeAlias = AbstractBaseUser | AnonymousUser | None
# What the permission checks accept: a login, or the staff member directly.
Who: TypeAlias = Staff | Login


def staff_of(user: Login) -> Staff | None:
    """The active staff member behind a login, or None (anonymous, inactive, no staff)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    # The reverse one-to-one from Staff; a login without a staff member has none.
    staff: Staff | None = getattr(user, "staff", None)
    if staff is None or not staff.is_active:
        return None
    return staff


def role_of(user: Login) -> str | None:
    staff = staff_of(user)
    return staff.role if staff else None


def permissions_of(who: Who) -> frozenset[Permission]:
    """What a user (or a Staff) may do: their role's row of the table."""
    staff = who if isinstance(who, Staff) else staff_of(who)
    if staff is None or not staff.is_active:
        return frozenset()
    try:
        return PERMISSIONS[Role(staff.role)]
    except ValueError:
        return frozenset()


def has(who: Who, *permissions: Permission) -> bool:
    """Whether the user (or Staff) holds at least one of the permissions."""
    held = permissions_of(who)
    return any(p in held for p in permissions)


def roles_with(permission: Permission) -> list[Role]:
    """The roles that hold a permission, to filter staff in the database."""
    return [role for role, held in PERMISSIONS.items() if permission in held]


def shows_names(user: Login) -> bool:
    """Researchers and administrators only ever see pseudonymised citizens."""
    return has(user, Permission.CITIZEN_NAMES)


def staff_or_404(user: Login, *permissions: Permission, allowed: bool = True) -> Staff:
    """The view helper: the user's Staff when they hold one of the permissions (any,
    when none are named) and ``allowed`` holds; otherwise a 404, as for a stranger."""
    staff = staff_of(user)
    if staff is None or not allowed or (permissions and not has(staff, *permissions)):
        raise Http404
    return staff


# --- teams, municipalities and the organisation -----------------------------------------


def current_team_staff(
    teams: Team | Iterable[Team] | QuerySet[Team], *, day: dt.date | None = None
) -> QuerySet[Staff]:
    """Staff who are members of the team(s) on the day (today by default)."""
    day = day or timezone.localdate()
    team_filter = (
        Q(memberships__team=teams) if isinstance(teams, Team) else Q(memberships__team__in=teams)
    )
    # One filter() call: the conditions must hold for the same membership row.
    return Staff.objects.filter(
        team_filter,
        Q(memberships__end_date__isnull=True) | Q(memberships__end_date__gte=day),
        memberships__start_date__lte=day,
    )


def led_teams(staff: Staff) -> QuerySet[Team]:
    """The teams a leader leads (their own teams); none for other roles."""
    return staff.teams_on(timezone.localdate()) if has(staff, P.TEAMS_LEAD) else Team.objects.none()


def user_led_teams(user: Login) -> QuerySet[Team]:
    """The teams the user leads (none for anyone but a leader)."""
    staff = staff_of(user)
    return led_teams(staff) if staff is not None else Team.objects.none()


def research_municipalities(staff: Staff) -> QuerySet[Municipality]:
    return Municipality.objects.filter(research_projects__researchers=staff).distinct()


def visible_teams(user: Login) -> QuerySet[Team]:
    """Teams whose pages (aggregates only) the user may open."""
    staff = staff_of(user)
    if staff is None:
        return Team.objects.none()
    if has(staff, P.TEAMS_LEAD):
        return led_teams(staff)
    if has(staff, P.TEAMS_OWN):
        return staff.teams_on()
    if has(staff, P.ADMINISTER) and staff.municipality_id is not None:
        return Team.objects.filter(municipality_id=staff.municipality_id)
    return Team.objects.none()


def administered_municipality(user: Login) -> Municipality | None:
    """The municipality whose staff, teams and imports the user manages, if any."""
    staff = staff_of(user)
    if staff is None or not has(staff, P.ADMINISTER):
        return None
    return staff.municipality


def manageable_staff(user: Login) -> QuerySet[Staff]:
    municipality = administered_municipality(user)
    if municipality is None:
        return Staff.objects.none()
    return Staff.objects.filter(municipality=municipality)


def may_read_audit(user: Login) -> bool:
    return administered_municipality(user) is not None


def permission_table_markdown() -> str:
    """The role table as Markdown, for the docs (a test keeps the docs equal to it)."""
    roles = list(PERMISSIONS)
    with translation.override("da"):
        head = "| Tilladelse | " + " | ".join(str(r.label) for r in roles) + " |"
    rule = "|---|" + "---|" * len(roles)
    rows = [
        f"| {p.label} (`{p.value}`) | "
        + " | ".join("ja" if p in PERMISSIONS[r] else "—" for r in roles)
        + " |"
        for p in Permission
    ]
    return "\n".join([head, rule, *rows])
