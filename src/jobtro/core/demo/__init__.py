"""The demo data set: four municipalities, 49 staff and their citizens' history.

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
import importlib
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from jobtro.citizens.models import Action, Assignment, Citizen, Contact, Outcome
from jobtro.core import audit
from jobtro.errors import UserError
from jobtro.organisations.models import (
    Municipality,
    ResearchProject,
    Role,
    Staff,
    Team,
    TeamMembership,
)

from .data import (
    DEMO_PASSWORD,
    HISTORY_DAYS,
    MARKER_USERNAME,
    MUNICIPALITIES,
    PROJECT_NAME,
    SEED,
    SURNAMES,
)
from .history import simulate
from .people import DemoLogin, logins, logins_table, staff_plans

__all__ = [
    "DEMO_PASSWORD",
    "SURNAMES",
    "DemoLogin",
    "DemoResult",
    "analyse_tables",
    "build_demo",
    "logins_table",
]
BATCH = 2000


@dataclass(frozen=True)
class DemoResult:
    built: bool  # False when the demo was already in the database
    logins: list[DemoLogin]
    counts: dict[str, int]


def demo_present() -> bool:
    return get_user_model().objects.filter(username=MARKER_USERNAME).exists()


def has_other_data() -> bool:
    """Real data in the database: the demo must never be mixed into it."""
    return Municipality.objects.exists() or Citizen.objects.exists() or Staff.objects.exists()


def build_demo(*, citizens: int = 1500, today: dt.date | None = None) -> DemoResult:
    """Build the demo data set, or find it already built; never mixes it with other data."""
    if demo_present():
        return DemoResult(built=False, logins=logins(staff_plans()), counts=_counts())
    if has_other_data():
        raise UserError(
            "Databasen indeholder allerede data, som ikke er demodata; "
            "byg demoen i en tom datamappe (--data-dir)."
        )
    today = today or timezone.localdate()
    _build(citizens=citizens, today=today)
    analyse_tables()
    return DemoResult(built=True, logins=logins(staff_plans()), counts=_counts())


def analyse_tables() -> None:
    """Refresh the query planner's statistics after a bulk load.

    Without them SQLite picks the caseworker index for the "my citizens" EXISTS and
    the citizen list is four times slower; PostgreSQL's autovacuum would get there,
    but only after a while.
    """
    if connection.vendor in {"sqlite", "postgresql"}:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


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

    plans = staff_plans()
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

    rows = simulate(
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
    _save_rows(Assignment, rows.assignments, rows.citizens)
    _save_rows(Contact, rows.contacts, rows.citizens)
    _save_rows(Action, rows.actions, rows.citizens)
    _save_rows(Outcome, rows.outcomes, rows.citizens)
    _extend(today=today)
    audit.log(
        actor=None,
        action="core.demo.built",
        detail={"citizens": citizens, "observed_until": today.isoformat()},
    )


# The other apps' demo data, in this order (later steps build on earlier ones: a story
# links to an experiment, matching reads strengths). Each step has its own seeded
# generator so that adding one app's data never changes another's.
DEMO_STEPS: list[tuple[str, str, int]] = [
    ("jobtro.belief.demo", "generate_demo_ratings", 10),
    ("jobtro.referrals.demo", "generate_demo_texts", 20),
    ("jobtro.sparring.demo", "generate_demo_sparring", 30),
    ("jobtro.experiments.demo", "generate_demo", 40),
    ("jobtro.stories.demo", "generate_demo", 50),
    ("jobtro.meetings.demo", "generate_demo", 60),
    ("jobtro.strengths.demo", "generate_demo", 70),
    ("jobtro.companies.demo", "generate_demo", 80),
    ("jobtro.belief.demo", "generate_demo_expectations", 90),
]


def _extend(*, today: dt.date) -> None:
    for module_name, function, offset in DEMO_STEPS:
        if not apps.is_installed(module_name.rsplit(".", 1)[0]):
            continue
        step = getattr(importlib.import_module(module_name), function)
        step(rng=np.random.default_rng(SEED + offset), today=today)


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


_Row = TypeVar("_Row", Assignment, Contact, Action, Outcome)


def _save_rows(model: type[_Row], pending: list[tuple[int, _Row]], citizens: list[Citizen]) -> None:
    """Insert a citizen's rows once the citizens have their ids (`pending` names them by index)."""
    objs = []
    for index, obj in pending:
        obj.citizen_id = citizens[index].pk
        objs.append(obj)
    model.objects.bulk_create(objs, batch_size=BATCH)
