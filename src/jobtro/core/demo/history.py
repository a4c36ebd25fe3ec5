"""The citizens and their two years: assignments with changes of caseworker, contacts
every few weeks, actions with gaps between them, and an outcome for some.

Every draw goes through one seeded generator in a fixed order, so the same inputs give
the same rows. The rows are returned unsaved; the caller writes them in bulk.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

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
from jobtro.organisations.models import Function, Municipality, Role, Staff

from .data import (
    ACTION_DAYS,
    ACTION_WEIGHTS,
    CHANGES_P,
    CONTACT_FORM_WEIGHTS,
    EDUCATION_WEIGHTS,
    EXTERNAL_ORGANISATION,
    FIRST_NAMES_F,
    FIRST_NAMES_M,
    HISTORY_DAYS,
    OUTCOME_CHANCE,
    SEED,
    SURNAMES,
    TARGET_GROUP_WEIGHTS,
)

if TYPE_CHECKING:
    from .people import StaffPlan


@dataclass
class Rows:
    citizens: list[Citizen] = field(default_factory=list)
    assignments: list[tuple[int, Assignment]] = field(default_factory=list)
    contacts: list[tuple[int, Contact]] = field(default_factory=list)
    actions: list[tuple[int, Action]] = field(default_factory=list)
    outcomes: list[tuple[int, Outcome]] = field(default_factory=list)


class Draw:
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


@dataclass(frozen=True)
class World:
    """What every citizen's course is drawn against: the organisation and the catalogues."""

    today: dt.date
    start_of_history: dt.date
    municipalities: dict[str, Municipality]
    kinds: dict[str, ActionKind]
    groups: dict[str, TargetGroup]
    group_weights: dict[str, float]
    action_weights: dict[str, float]
    external: Staff
    # Case officers carry the caseloads; consultants and mentors join some contacts.
    officers: dict[str, list[tuple[Staff, str]]]
    helpers: dict[tuple[str, str], list[Staff]]


@dataclass(frozen=True)
class Course:
    """One citizen's course: enrolment, the end (an outcome) if any, and who had the case."""

    muni: str
    group: str
    enrolled: dt.date
    seen_from: dt.date  # the later of enrolment and the start of the history shown
    end: dt.date | None
    outcome_kind: str
    periods: list[tuple[Staff, str, dt.date, dt.date | None]]


def simulate(
    *,
    citizens: int,
    today: dt.date,
    start_of_history: dt.date,
    municipalities: dict[str, Municipality],
    plans: list[StaffPlan],
    staff_by_name: dict[str, Staff],
) -> Rows:
    """Draw every citizen and their course; unsaved rows keyed by the citizen's index.

    Each citizen's draws come in a fixed order (the citizen, the outcome, the changes
    of caseworker, the caseworkers, contacts, actions), so the same inputs give the
    same rows.
    """
    draw = Draw(SEED)
    rows = Rows()
    world = _world(today, start_of_history, municipalities, plans, staff_by_name)
    muni_weights = {m: float(len(world.officers[m])) for m in world.officers}
    pseudonyms: set[str] = set()
    for index in range(citizens):
        citizen, muni, group = _draw_citizen(draw, world, muni_weights, pseudonyms)
        rows.citizens.append(citizen)
        course = _draw_course(draw, world, muni, group, citizen.enrolled_on)
        for staff, _team, a_start, a_end in course.periods:
            rows.assignments.append(
                (index, Assignment(caseworker=staff, start_date=a_start, end_date=a_end))
            )
        rows.contacts.extend((index, c) for c in _draw_contacts(draw, world, course))
        rows.actions.extend((index, a) for a in _draw_actions(draw, world, course))
        if course.end is not None:
            rows.outcomes.append((index, Outcome(kind=course.outcome_kind, start_date=course.end)))
    return rows


def _world(
    today: dt.date,
    start_of_history: dt.date,
    municipalities: dict[str, Municipality],
    plans: list[StaffPlan],
    staff_by_name: dict[str, Staff],
) -> World:
    kinds = {k.code: k for k in ActionKind.objects.all()}
    groups = {g.code: g for g in TargetGroup.objects.all()}
    officers: dict[str, list[tuple[Staff, str]]] = {}
    helpers: dict[tuple[str, str], list[Staff]] = {}
    for p in plans:
        if p.role != Role.CASEWORKER or p.municipality is None or p.team is None:
            continue
        staff = staff_by_name[p.username]
        if p.function == Function.CASE_OFFICER:
            officers.setdefault(p.municipality, []).append((staff, p.team))
        else:
            helpers.setdefault((p.municipality, p.team), []).append(staff)
    return World(
        today=today,
        start_of_history=start_of_history,
        municipalities=municipalities,
        kinds=kinds,
        groups=groups,
        group_weights={k: w for k, w in TARGET_GROUP_WEIGHTS.items() if k in groups},
        action_weights={k: w for k, w in ACTION_WEIGHTS.items() if k in kinds},
        external=next(staff_by_name[p.username] for p in plans if p.role == Role.EXTERNAL),
        officers=officers,
        helpers=helpers,
    )


def _draw_citizen(
    draw: Draw, world: World, muni_weights: dict[str, float], pseudonyms: set[str]
) -> tuple[Citizen, str, str]:
    """The citizen row (unsaved), their municipality's name and target group's code."""
    muni = draw.weighted(muni_weights)
    group = draw.weighted(world.group_weights)
    gender = "" if draw.chance(0.02) else ("k" if draw.chance(0.5) else "m")
    first_pool = FIRST_NAMES_F if gender == "k" else FIRST_NAMES_M
    if gender == "":
        first_pool = FIRST_NAMES_F + FIRST_NAMES_M
    # Names may repeat, as they do among real citizens; the pseudonym is the key.
    name = (draw.pick(first_pool), draw.pick(SURNAMES))
    age = draw.between(18, 29) if group == "uddannelseshjaelp" else draw.between(25, 63)
    # Some courses began before the two years shown; most began within them.
    start_of_history = world.start_of_history
    if draw.chance(0.3):
        enrolled = start_of_history - dt.timedelta(days=draw.between(1, 3 * 365))
    else:
        enrolled = start_of_history + dt.timedelta(days=draw.between(0, HISTORY_DAYS - 14))
    while True:
        pseudonym = "B-" + "".join(draw.pick(list(PSEUDONYM_ALPHABET)) for _ in range(7))
        if pseudonym not in pseudonyms:
            pseudonyms.add(pseudonym)
            break
    citizen = Citizen(
        municipality=world.municipalities[muni],
        pseudonym=pseudonym,
        name=f"{name[0]} {name[1]}",
        birth_year=world.today.year - age,
        gender=gender,
        target_group=world.groups[group],
        education=draw.weighted(EDUCATION_WEIGHTS),
        enrolled_on=enrolled,
    )
    return citizen, muni, group


def _draw_course(draw: Draw, world: World, muni: str, group: str, enrolled: dt.date) -> Course:
    """The outcome, the changes of caseworker and who had the case in each period."""
    today = world.today
    seen_from = max(enrolled, world.start_of_history)
    # An outcome ends the course; it comes at least two months into the history.
    end: dt.date | None = None
    outcome_kind = ""
    span = (today - seen_from).days
    if span > 75 and draw.chance(OUTCOME_CHANCE[group]):
        end = seen_from + dt.timedelta(days=draw.between(60, span))
        outcome_kind = draw.weighted(
            {"job": 0.5, "flexjob": 0.3, "education": 0.2}
            if group in {"ledighedsydelse", "ressourceforloeb", "jobafklaringsforloeb"}
            else {"job": 0.62, "flexjob": 0.06, "education": 0.32}
        )
    last_day = end or today

    # Assignments: the first from enrolment, a change is a new row the day after.
    # Changes are drawn over the whole course, independent of the outcome (drawing
    # them before the outcome only would make changes look like a path to a job).
    n_changes = int(draw.rng.choice(len(CHANGES_P), p=CHANGES_P))
    room = (today - enrolled).days - 20
    change_days: list[int] = []
    if room > 20 and n_changes:
        offsets = sorted({draw.between(20, room) for _ in range(n_changes)})
        change_days = [
            d for d in offsets if enrolled + dt.timedelta(days=d) < last_day - dt.timedelta(days=20)
        ]
    # BIP: a change of caseworker lowers the job chance (~22 %) for about half a year.
    # Some outcomes that fall in that window are postponed past it, or do not happen.
    if end is not None and change_days:
        since_change = min(
            (
                (end - (enrolled + dt.timedelta(days=d))).days
                for d in change_days
                if enrolled + dt.timedelta(days=d) <= end
            ),
            default=None,
        )
        if since_change is not None and since_change <= 182 and draw.chance(0.3):
            later = end + dt.timedelta(days=182)
            end = later if later <= today else None
            outcome_kind = outcome_kind if end is not None else ""
    return Course(
        muni=muni,
        group=group,
        enrolled=enrolled,
        seen_from=seen_from,
        end=end,
        outcome_kind=outcome_kind,
        periods=_draw_caseworkers(draw, world.officers[muni], enrolled, change_days, end),
    )


def _draw_caseworkers(
    draw: Draw,
    pool: list[tuple[Staff, str]],
    enrolled: dt.date,
    change_days: list[int],
    end: dt.date | None,
) -> list[tuple[Staff, str, dt.date, dt.date | None]]:
    """(caseworker, team, start, end) per assignment; a change starts a new one."""
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
    return periods


def _draw_contacts(draw: Draw, world: World, course: Course) -> list[Contact]:
    """Contacts every few weeks with whoever is the caseworker on the day."""
    contacts: list[Contact] = []
    last_day = course.end or world.today
    day = course.seen_from + dt.timedelta(days=draw.between(3, 21))
    while day <= last_day:
        staff, team = next(
            (s, t) for s, t, a, b in course.periods if a <= day and (b is None or day <= b)
        )
        team_helpers = world.helpers.get((course.muni, team), [])
        if team_helpers and draw.chance(0.1):
            contacts.append(Contact(staff=draw.pick(team_helpers), date=day, form="virksomhed"))
        else:
            form = draw.weighted(CONTACT_FORM_WEIGHTS)
            contacts.append(Contact(staff=staff, date=day, form=form))
        day += dt.timedelta(days=draw.between(10, 42))
    return contacts


def _draw_actions(draw: Draw, world: World, course: Course) -> list[Action]:
    """Actions one after another, with gaps between them."""
    actions: list[Action] = []
    end = course.end
    last_day = end or world.today
    day = course.seen_from + dt.timedelta(days=draw.between(14, 90))
    while day <= last_day:
        kind = draw.weighted(world.action_weights)
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
                world.external,
            )
        elif kind in {"opkvalificering", "sundhedsfaglig"} and draw.chance(0.5):
            provider, provider_name = "external", "Kursuscenter Demoby (opdigtet)"
        actions.append(
            Action(
                kind=world.kinds[kind],
                start_date=day,
                end_date=a_end,
                provider=provider,
                provider_name=provider_name,
                provider_staff=provider_staff,
            )
        )
        if a_end is None:
            break
        day = a_end + dt.timedelta(days=draw.between(14, 120))
    return actions
