"""The demo data set: four municipalities, about 40 staff and their citizens' history.

Everything is invented. Names are built from first names and made-up surnames
("Demosen", "Prøvegaard" …) so that nobody can mistake them for real people, no
citizen has a CPR number, and the pages carry the demo banner.

The data are reproducible: one seeded generator draws everything in a fixed order, and
all dates are offsets from the day the demo is built ("two years ending today"). Two
builds on the same day therefore give identical rows, pseudonyms included.

The rows are written with `bulk_create` in one transaction rather than through the
per-row services: 1,500 citizens with two years of history are some 80,000 rows, and
the services' per-row validation and audit would take minutes. The generator keeps the
invariants the services enforce itself (non-overlapping assignments, at most one open
assignment per citizen, end on or after start, no dates in the future); the tests
check them on the result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from jobtro.citizens.models import (
    PSEUDONYM_ALPHABET,
    Action,
    ActionKind,
    Assignment,
    Citizen,
    Contact,
    Outcome,
    TargetGroup,
)
from jobtro.core import audit
from jobtro.errors import UserError
from jobtro.organisations.models import (
    Function,
    Municipality,
    ResearchProject,
    Role,
    Staff,
    Team,
    TeamMembership,
)

SEED = 20_260_101
DEMO_PASSWORD = "jobtro-demo-2026"  # noqa: S105 - the published password of the demo
# The presence of this login tells a later `jobtro demo` that the demo is already built.
MARKER_USERNAME = "silkeborg-admin"
EXTERNAL_ORGANISATION = "Mentorhuset Demo ApS"
PROJECT_NAME = "Troen på borgernes jobchance"
HISTORY_DAYS = 730
BATCH = 2000

# (code, name, username slug, teams); each team lists its caseworkers' functions.
_S, _V, _M = Function.CASE_OFFICER, Function.COMPANY_CONSULTANT, Function.MENTOR
MUNICIPALITIES: list[tuple[str, str, str, list[tuple[str, list[str]]]]] = [
    (
        "740",
        "Silkeborg",
        "silkeborg",
        [
            ("Team Gudenå", [_S, _S, _V]),
            ("Team Ungeindsats", [_S, _S, _M]),
            ("Team Ressourceforløb", [_S, _S]),
        ],
    ),
    (
        "540",
        "Sønderborg",
        "soenderborg",
        [
            ("Team Als", [_S, _S, _V]),
            ("Team Jobafklaring", [_S, _S, _M]),
            ("Team Sygedagpenge", [_S, _S]),
        ],
    ),
    ("727", "Odder", "odder", [("Team Kysten", [_S, _S, _V]), ("Team Unge", [_S, _M])]),
    (
        "147",
        "Frederiksberg",
        "frederiksberg",
        [("Team Allé", [_S, _S, _S, _V]), ("Team Integration", [_S, _S, _M])],
    ),
]

FIRST_NAMES_F = [
    "Anne", "Mette", "Kirsten", "Hanne", "Susanne", "Lene", "Maria", "Camilla", "Louise",
    "Sara", "Fatima", "Amira", "Ida", "Emma", "Julie", "Nanna", "Birgitte", "Tina",
]  # fmt: skip
FIRST_NAMES_M = [
    "Peter", "Jens", "Lars", "Michael", "Henrik", "Søren", "Thomas", "Morten", "Ali",
    "Mohammed", "Kasper", "Mads", "Jonas", "Frederik", "Emil", "Ahmad", "Bo", "Niels",
]  # fmt: skip
# Invented surnames: a "demo" word and a place-name ending, so that no name is a real person's.
_SURNAME_HEADS = ["Demo", "Prøve", "Eksempel", "Fiktiv", "Opdigt", "Skitse", "Kladde", "Udkast"]
_SURNAME_TAILS = ["sen", "gaard", "holm", "bjerg", "strup", "lund", "by", "skov", "dal", "vig"]
SURNAMES = [head + tail for head in _SURNAME_HEADS for tail in _SURNAME_TAILS]

TARGET_GROUP_WEIGHTS = {
    "aktivitetsparat-kontanthjaelp": 0.34,
    "jobparat-kontanthjaelp": 0.10,
    "uddannelseshjaelp": 0.12,
    "ressourceforloeb": 0.12,
    "jobafklaringsforloeb": 0.08,
    "sygedagpenge": 0.13,
    "ledighedsydelse": 0.05,
    "integrationsprogram": 0.06,
}
# Share with a job, flexjob or education within the two years, by target group: the
# groups far from the labour market rarely get there, which is why belief matters.
OUTCOME_CHANCE = {
    "aktivitetsparat-kontanthjaelp": 0.08,
    "jobparat-kontanthjaelp": 0.30,
    "uddannelseshjaelp": 0.22,
    "ressourceforloeb": 0.06,
    "jobafklaringsforloeb": 0.10,
    "sygedagpenge": 0.25,
    "ledighedsydelse": 0.28,
    "integrationsprogram": 0.15,
}
EDUCATION_WEIGHTS = {
    "grundskole": 0.44,
    "gymnasial": 0.12,
    "erhvervsfaglig": 0.30,
    "videregaaende": 0.08,
    "ukendt": 0.06,
}
CONTACT_FORM_WEIGHTS = {
    "fremmøde": 0.52,
    "telefon": 0.26,
    "video": 0.12,
    "hjem": 0.06,
    "andet": 0.04,
}
# Typical length in days (low, high) of each kind of action.
ACTION_DAYS = {
    "virksomhedspraktik": (28, 91),
    "loentilskud": (91, 182),
    "mentor": (91, 270),
    "opkvalificering": (30, 180),
    "sundhedsfaglig": (60, 182),
    "ips": (182, 365),
    "nytteindsats": (42, 91),
    "vejledning": (14, 56),
}
ACTION_WEIGHTS = {
    "virksomhedspraktik": 0.26,
    "loentilskud": 0.08,
    "mentor": 0.20,
    "opkvalificering": 0.14,
    "sundhedsfaglig": 0.10,
    "ips": 0.05,
    "nytteindsats": 0.05,
    "vejledning": 0.12,
}
# Number of caseworker changes over the course: about 40 % have at least one (BIP).
CHANGES_P = [0.58, 0.29, 0.10, 0.03]

ROLE_LABELS = {
    Role.CASEWORKER: "Beskæftigelsesmedarbejder",
    Role.LEADER: "Leder",
    Role.RESEARCHER: "Forsker",
    Role.ADMINISTRATOR: "Administrator",
    Role.EXTERNAL: "Ekstern samarbejdspartner",
}


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str
    password: str
    municipality: str | None
    team: str | None

    def as_json(self) -> dict[str, Any]:
        """The record CONTRACTS.md gives for `jobtro demo --logins`."""
        return {
            "role": self.role,
            "username": self.username,
            "password": self.password,
            "municipality": self.municipality,
            "team": self.team,
        }


@dataclass(frozen=True)
class DemoResult:
    built: bool  # False when the demo was already in the database
    logins: list[DemoLogin]
    counts: dict[str, int]


@dataclass
class _StaffPlan:
    username: str
    first_name: str
    last_name: str
    role: str
    function: str = ""
    municipality: str | None = None
    team: str | None = None
    organisation: str = ""


@dataclass
class _Rows:
    citizens: list[Citizen] = field(default_factory=list)
    assignments: list[tuple[int, Assignment]] = field(default_factory=list)
    contacts: list[tuple[int, Contact]] = field(default_factory=list)
    actions: list[tuple[int, Action]] = field(default_factory=list)
    outcomes: list[tuple[int, Outcome]] = field(default_factory=list)


class _Draw:
    """Small helpers over one numpy generator; every draw goes through here, in order."""

    def __init__(self, seed: int) -> None:
        self.rng = np.random.default_rng(seed)

    def pick(self, items: list[Any]) -> Any:
        return items[int(self.rng.integers(len(items)))]

    def weighted(self, weights: dict[str, float]) -> str:
        keys = list(weights)
        p = np.array([weights[k] for k in keys])
        return keys[int(self.rng.choice(len(keys), p=p / p.sum()))]

    def chance(self, p: float) -> bool:
        return bool(self.rng.random() < p)

    def between(self, low: int, high: int) -> int:
        """An integer in [low, high], both included."""
        return int(self.rng.integers(low, high + 1))


def demo_present() -> bool:
    return get_user_model().objects.filter(username=MARKER_USERNAME).exists()


def has_other_data() -> bool:
    """Real data in the database: the demo must never be mixed into it."""
    return Municipality.objects.exists() or Citizen.objects.exists() or Staff.objects.exists()


def build_demo(*, citizens: int = 1500, today: dt.date | None = None) -> DemoResult:
    """Build the demo data set, or find it already built; never mixes it with other data."""
    if demo_present():
        return DemoResult(built=False, logins=_logins(_staff_plans()), counts=_counts())
    if has_other_data():
        raise UserError(
            "Databasen indeholder allerede data, som ikke er demodata; "
            "byg demoen i en tom datamappe (--data-dir)."
        )
    today = today or timezone.localdate()
    _build(citizens=citizens, today=today)
    return DemoResult(built=True, logins=_logins(_staff_plans()), counts=_counts())


# --- staff -----------------------------------------------------------------------------


def _staff_plans() -> list[_StaffPlan]:
    """Every demo login, in a fixed order; names drawn from their own generator."""
    draw = _Draw(SEED + 1)
    used: set[tuple[str, str]] = set()

    def name() -> tuple[str, str]:
        while True:
            first = draw.pick(FIRST_NAMES_F if draw.chance(0.6) else FIRST_NAMES_M)
            last = draw.pick(SURNAMES)
            if (first, last) not in used:
                used.add((first, last))
                return first, last

    plans: list[_StaffPlan] = []
    for _code, muni_name, slug, teams in MUNICIPALITIES:
        plans.append(
            _StaffPlan(f"{slug}-admin", *name(), role=Role.ADMINISTRATOR, municipality=muni_name)
        )
        counters: dict[str, int] = {}
        for team_no, (team_name, functions) in enumerate(teams, start=1):
            plans.append(
                _StaffPlan(
                    f"{slug}-leder{team_no}",
                    *name(),
                    role=Role.LEADER,
                    municipality=muni_name,
                    team=team_name,
                )
            )
            for function in functions:
                word = {
                    _S: "sagsbehandler",
                    _V: "virksomhedskonsulent",
                    _M: "mentor",
                }[function]
                counters[word] = counters.get(word, 0) + 1
                plans.append(
                    _StaffPlan(
                        f"{slug}-{word}{counters[word]}",
                        *name(),
                        role=Role.CASEWORKER,
                        function=function,
                        municipality=muni_name,
                        team=team_name,
                    )
                )
    for n in (1, 2):
        plans.append(_StaffPlan(f"forsker{n}", *name(), role=Role.RESEARCHER))
    plans.append(
        _StaffPlan("ekstern1", *name(), role=Role.EXTERNAL, organisation=EXTERNAL_ORGANISATION)
    )
    return plans


def _logins(plans: list[_StaffPlan]) -> list[DemoLogin]:
    """One login per role and municipality: the first caseworker, the leader of that
    caseworker's team, the administrator; then the researchers and the external partner."""
    chosen: list[DemoLogin] = []
    for _code, muni_name, _slug, teams in MUNICIPALITIES:
        first_team = teams[0][0]
        in_muni = [p for p in plans if p.municipality == muni_name]
        for role, team in (
            (Role.CASEWORKER, first_team),
            (Role.LEADER, first_team),
            (Role.ADMINISTRATOR, None),
        ):
            plan = next(p for p in in_muni if p.role == role and (team is None or p.team == team))
            chosen.append(DemoLogin(str(role), plan.username, DEMO_PASSWORD, muni_name, plan.team))
    for plan in plans:
        if plan.role in {Role.RESEARCHER, Role.EXTERNAL}:
            chosen.append(DemoLogin(str(plan.role), plan.username, DEMO_PASSWORD, None, None))
    return chosen


# --- the build -------------------------------------------------------------------------


@transaction.atomic
def _build(*, citizens: int, today: dt.date) -> None:
    User = get_user_model()
    start_of_history = today - dt.timedelta(days=HISTORY_DAYS)
    # Staff have been in their teams since before the oldest course in the demo.
    staff_since = today - dt.timedelta(days=6 * 365)

    municipalities = {
        name: Municipality(code=code, name=name) for code, name, _slug, _teams in MUNICIPALITIES
    }
    Municipality.objects.bulk_create(municipalities.values())
    teams = {
        (muni_name, team_name): Team(
            municipality=municipalities[muni_name],
            name=team_name,
            description="Demoteam — opdigtet.",
        )
        for _code, muni_name, _slug, team_list in MUNICIPALITIES
        for team_name, _functions in team_list
    }
    Team.objects.bulk_create(teams.values())

    plans = _staff_plans()
    # Argon2 is slow on purpose: hash the one demo password once and share the hash.
    password_hash = make_password(DEMO_PASSWORD)
    users = [
        User(
            username=p.username,
            first_name=p.first_name,
            last_name=p.last_name,
            password=password_hash,
        )
        for p in plans
    ]
    User.objects.bulk_create(users, batch_size=BATCH)
    users_by_name = {
        u.username: u for u in User.objects.filter(username__in=[p.username for p in plans])
    }
    staff_rows = [
        Staff(
            user=users_by_name[p.username],
            municipality=municipalities[p.municipality] if p.municipality else None,
            role=p.role,
            function=p.function,
            organisation=p.organisation,
        )
        for p in plans
    ]
    Staff.objects.bulk_create(staff_rows, batch_size=BATCH)
    staff_by_name = {
        s.user.username: s
        for s in Staff.objects.select_related("user").filter(user__username__in=users_by_name)
    }
    TeamMembership.objects.bulk_create(
        [
            TeamMembership(
                staff=staff_by_name[p.username],
                team=teams[(p.municipality, p.team)],
                start_date=staff_since,
            )
            for p in plans
            if p.team and p.municipality
        ],
        batch_size=BATCH,
    )
    project = ResearchProject.objects.create(
        name=PROJECT_NAME,
        slug="troen",
        description=(
            "Praksisforskningsprojekt om hvad der styrker og svækker troen på borgernes "
            "jobchance. Demodata — alle personer er opdigtede."
        ),
        start_date=start_of_history,
    )
    project.municipalities.set(municipalities.values())
    project.researchers.set([staff_by_name[p.username] for p in plans if p.role == Role.RESEARCHER])

    rows = _simulate(
        citizens=citizens,
        today=today,
        start_of_history=start_of_history,
        municipalities=municipalities,
        plans=plans,
        staff_by_name=staff_by_name,
    )
    Citizen.objects.bulk_create(rows.citizens, batch_size=BATCH)
    if any(c.pk is None for c in rows.citizens):
        # Backends that cannot return ids from a bulk insert: look them up by pseudonym.
        ids = dict(Citizen.objects.values_list("pseudonym", "pk"))
        for c in rows.citizens:
            c.pk = ids[c.pseudonym]
    for model, pending in (
        (Assignment, rows.assignments),
        (Contact, rows.contacts),
        (Action, rows.actions),
        (Outcome, rows.outcomes),
    ):
        objs = []
        for index, obj in pending:
            obj.citizen_id = rows.citizens[index].pk
            objs.append(obj)
        model.objects.bulk_create(objs, batch_size=BATCH)
    audit.log(
        actor=None,
        action="core.demo.built",
        detail={"citizens": citizens, "observed_until": today.isoformat()},
    )


def _simulate(
    *,
    citizens: int,
    today: dt.date,
    start_of_history: dt.date,
    municipalities: dict[str, Municipality],
    plans: list[_StaffPlan],
    staff_by_name: dict[str, Staff],
) -> _Rows:
    """Draw every citizen and their course; unsaved rows keyed by the citizen's index."""
    draw = _Draw(SEED)
    rows = _Rows()
    kinds = {k.code: k for k in ActionKind.objects.all()}
    groups = {g.code: g for g in TargetGroup.objects.all()}
    group_weights = {k: w for k, w in TARGET_GROUP_WEIGHTS.items() if k in groups}
    action_weights = {k: w for k, w in ACTION_WEIGHTS.items() if k in kinds}
    external = next(staff_by_name[p.username] for p in plans if p.role == Role.EXTERNAL)

    # Case officers carry the caseloads; consultants and mentors join some contacts.
    officers: dict[str, list[tuple[Staff, str]]] = {}
    helpers: dict[tuple[str, str], list[Staff]] = {}
    for p in plans:
        if p.role != Role.CASEWORKER or p.municipality is None or p.team is None:
            continue
        staff = staff_by_name[p.username]
        if p.function == _S:
            officers.setdefault(p.municipality, []).append((staff, p.team))
        else:
            helpers.setdefault((p.municipality, p.team), []).append(staff)
    muni_names = list(officers)
    muni_weights = {m: float(len(officers[m])) for m in muni_names}

    pseudonyms: set[str] = set()
    for index in range(citizens):
        muni = draw.weighted(muni_weights)
        group = draw.weighted(group_weights)
        gender = "" if draw.chance(0.02) else ("k" if draw.chance(0.5) else "m")
        first_pool = FIRST_NAMES_F if gender == "k" else FIRST_NAMES_M
        if gender == "":
            first_pool = FIRST_NAMES_F + FIRST_NAMES_M
        # Names may repeat, as they do among real citizens; the pseudonym is the key.
        name = (draw.pick(first_pool), draw.pick(SURNAMES))
        age = draw.between(18, 29) if group == "uddannelseshjaelp" else draw.between(25, 63)
        # Some courses began before the two years shown; most began within them.
        if draw.chance(0.3):
            enrolled = start_of_history - dt.timedelta(days=draw.between(1, 3 * 365))
        else:
            enrolled = start_of_history + dt.timedelta(days=draw.between(0, HISTORY_DAYS - 14))
        while True:
            pseudonym = "B-" + "".join(draw.pick(list(PSEUDONYM_ALPHABET)) for _ in range(7))
            if pseudonym not in pseudonyms:
                pseudonyms.add(pseudonym)
                break
        rows.citizens.append(
            Citizen(
                municipality=municipalities[muni],
                pseudonym=pseudonym,
                name=f"{name[0]} {name[1]}",
                birth_year=today.year - age,
                gender=gender,
                target_group=groups[group],
                education=draw.weighted(EDUCATION_WEIGHTS),
                enrolled_on=enrolled,
            )
        )

        seen_from = max(enrolled, start_of_history)
        # An outcome ends the course; it comes at least two months into the history.
        end: dt.date | None = None
        outcome_kind = ""
        span = (today - seen_from).days
        if span > 75 and draw.chance(OUTCOME_CHANCE[group] * 1.15):
            end = seen_from + dt.timedelta(days=draw.between(60, span))
            outcome_kind = draw.weighted(
                {"job": 0.5, "flexjob": 0.3, "education": 0.2}
                if group in {"ledighedsydelse", "ressourceforloeb", "jobafklaringsforloeb"}
                else {"job": 0.62, "flexjob": 0.06, "education": 0.32}
            )
        last_day = end or today

        # Assignments: the first from enrolment, a change is a new row the day after.
        n_changes = int(draw.rng.choice(len(CHANGES_P), p=CHANGES_P))
        room = (last_day - enrolled).days - 20
        change_days: list[int] = []
        if room > 20 and n_changes:
            offsets = sorted({draw.between(20, room) for _ in range(n_changes)})
            change_days = offsets
        pool = officers[muni]
        current, team = draw.pick(pool)
        periods: list[tuple[Staff, str, dt.date, dt.date | None]] = []
        start = enrolled
        for offset in change_days:
            change_on = enrolled + dt.timedelta(days=offset)
            periods.append((current, team, start, change_on - dt.timedelta(days=1)))
            # Mostly a colleague in the same team takes over; sometimes another team.
            same_team = [s for s in pool if s[1] == team and s[0].pk != current.pk]
            others = [s for s in pool if s[0].pk != current.pk]
            current, team = draw.pick(same_team if same_team and draw.chance(0.7) else others)
            start = change_on
        periods.append((current, team, start, end))
        for staff, _team, a_start, a_end in periods:
            rows.assignments.append(
                (index, Assignment(caseworker=staff, start_date=a_start, end_date=a_end))
            )

        # Contacts every few weeks with whoever is the caseworker on the day.
        day = seen_from + dt.timedelta(days=draw.between(3, 21))
        while day <= last_day:
            staff, team = next(
                (s, t) for s, t, a, b in periods if a <= day and (b is None or day <= b)
            )
            team_helpers = helpers.get((muni, team), [])
            if team_helpers and draw.chance(0.1):
                rows.contacts.append(
                    (index, Contact(staff=draw.pick(team_helpers), date=day, form="virksomhed"))
                )
            else:
                form = draw.weighted(CONTACT_FORM_WEIGHTS)
                rows.contacts.append((index, Contact(staff=staff, date=day, form=form)))
            day += dt.timedelta(days=draw.between(10, 42))

        # Actions one after another, with gaps between them.
        day = seen_from + dt.timedelta(days=draw.between(14, 90))
        while day <= last_day:
            kind = draw.weighted(action_weights)
            low, high = ACTION_DAYS.get(kind, (30, 120))
            a_end: dt.date | None = day + dt.timedelta(days=draw.between(low, high))
            if a_end is not None and a_end > last_day:
                # Still running today, or cut short by the outcome.
                a_end = end if end is not None else None
            provider, provider_name, provider_staff = "internal", "", None
            if kind == "mentor" and draw.chance(0.2):
                provider, provider_name, provider_staff = (
                    "external",
                    EXTERNAL_ORGANISATION,
                    external,
                )
            elif kind in {"opkvalificering", "sundhedsfaglig"} and draw.chance(0.5):
                provider, provider_name = "external", "Kursuscenter Demoby (opdigtet)"
            rows.actions.append(
                (
                    index,
                    Action(
                        kind=kinds[kind],
                        start_date=day,
                        end_date=a_end,
                        provider=provider,
                        provider_name=provider_name,
                        provider_staff=provider_staff,
                    ),
                )
            )
            if a_end is None:
                break
            day = a_end + dt.timedelta(days=draw.between(14, 120))

        if end is not None:
            rows.outcomes.append((index, Outcome(kind=outcome_kind, start_date=end)))
    return rows


def _counts() -> dict[str, int]:
    return {
        "municipalities": Municipality.objects.count(),
        "teams": Team.objects.count(),
        "staff": Staff.objects.count(),
        "citizens": Citizen.objects.count(),
        "assignments": Assignment.objects.count(),
        "contacts": Contact.objects.count(),
        "actions": Action.objects.count(),
        "outcomes": Outcome.objects.count(),
    }


def logins_table(logins: list[DemoLogin]) -> str:
    """The demo logins as a plain Danish table for the terminal."""
    header = ("Rolle", "Brugernavn", "Kommune", "Team")
    lines = [
        (
            ROLE_LABELS.get(login.role, login.role),
            login.username,
            login.municipality or "—",
            login.team or "—",
        )
        for login in logins
    ]
    widths = [max(len(row[i]) for row in [header, *lines]) for i in range(len(header))]

    def fmt(row: tuple[str, ...]) -> str:
        return "  ".join(
            cell.ljust(width) for cell, width in zip(row, widths, strict=True)
        ).rstrip()

    out = [fmt(header), fmt(tuple("-" * w for w in widths)), *(fmt(row) for row in lines)]
    out.append("")
    out.append(f"Adgangskode for alle demologins: {DEMO_PASSWORD}")
    return "\n".join(out)
