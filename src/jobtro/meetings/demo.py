"""Demo project meetings: the two-year project's timeline.

Called by the demo builder after staff, teams and the research project exist:

    from jobtro.meetings.demo import generate_demo
    generate_demo(rng=np.random.default_rng(seed), today=today)

Each municipality has a start-up meeting and half-yearly local meetings; two
cross-municipal experience meetings (after half a year and after a year) are held and
the one at the end is planned. Held meetings have notes, decisions and actions; the
actions are open, done or dropped, with their status changes kept. All text invented.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone

from jobtro.core import audit
from jobtro.organisations.models import ResearchProject, Role, Staff

from .models import (
    ActionStatus,
    ActionStatusChange,
    Meeting,
    MeetingAction,
    MeetingKind,
)
from .timeline import project_end

PLACES_LOCAL = ["Jobcentret, mødelokale 2", "Jobcentret, kantinen", "Rådhuset, lokale 114"]
PLACES_CROSS = ["Væksthusets Forskningscenter, København", "Aarhus Universitet, Emdrup", "Online"]
AGENDA = {
    MeetingKind.STARTUP: (
        "1. Velkomst og projektets formål\n2. Hvad er troen på borgernes jobchance?\n"
        "3. Hvilke små eksperimenter vil vi begynde med?\n4. Aftaler frem til næste møde"
    ),
    MeetingKind.LOCAL: (
        "1. Status på teamets eksperimenter\n2. Succeshistorier siden sidst\n"
        "3. Hvad har vi lært, og hvad justerer vi?\n4. Aftaler frem til næste møde"
    ),
    "cross": (
        "1. Kommunerne fortæller om deres eksperimenter\n2. Forskerne fremlægger de første "
        "mønstre i data\n3. Små greb, andre kan prøve\n4. Næste skridt i projektet"
    ),
}
NOTES = [
    "Teamene har prøvet at skrive ressourcer i stedet for skånebehov i henvisningerne. "
    "Virksomhedskonsulenterne oplever, at de får et bedre billede af borgerne.",
    "Flere fortalte, at sparring med en ressourcefokuseret runde gav nye idéer i sager, "
    "der var gået i stå.",
    "Vi drøftede, hvordan vi taler om borgerne på teammøder, og hvad det gør ved troen.",
    "Virksomhedsbesøg har givet medarbejderne konkrete billeder af arbejdsopgaver, som "
    "borgerne kan matches med.",
]
DECISIONS = [
    "Alle teams prøver ressourcesektionen i henvisninger i tre måneder.",
    "Lederen deler en succeshistorie på hvert teammøde og spørger til læringen.",
    "Hver medarbejder besøger mindst én virksomhed om måneden.",
    "Vi bruger sparring, når troen på en borger er lav, og følger op efter en måned.",
]
ACTIONS = [
    "Skriv skabelonen til henvisninger om, så den starter med ressourcer.",
    "Planlæg to virksomhedsbesøg sammen med en kollega.",
    "Saml tre succeshistorier til næste teammøde.",
    "Afprøv den reflekterende teammetode ved næste sparring.",
    "Del teamets spilleregler for sprog med de andre kommuner.",
    "Inviter en virksomhed til at fortælle om deres arbejdsopgaver.",
]
DROP_NOTES = ["Erstattet af en fælles aftale på tværs af teams.", "Ikke længere relevant."]


def _pick(rng: np.random.Generator, items: Sequence[Any]) -> Any:
    return items[int(rng.integers(len(items)))]


def _some(rng: np.random.Generator, items: Sequence[Any], k: int) -> list[Any]:
    k = min(k, len(items))
    return [items[int(i)] for i in rng.choice(len(items), size=k, replace=False)]


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(15, 0)))


@transaction.atomic
def generate_demo(*, rng: np.random.Generator, today: dt.date) -> int:
    """Create the project's meetings, participants, actions and status changes (bulk)."""
    project = ResearchProject.objects.order_by("pk").first()
    if project is None or project.start_date is None:
        return 0
    start, end = project.start_date, project_end(project)
    assert end is not None
    researchers = list(project.researchers.order_by("pk"))
    staff = list(
        Staff.objects.filter(
            municipality__in=project.municipalities.all(),
            role__in=[Role.LEADER, Role.CASEWORKER],
            is_active=True,
        ).order_by("pk")
    )
    plans: list[tuple[Meeting, list[Staff]]] = []
    for municipality in project.municipalities.order_by("pk"):
        leaders = [s for s in staff if s.municipality_id == municipality.pk and s.role == "leader"]
        workers = [s for s in staff if s.municipality_id == municipality.pk and s.role != "leader"]
        if not leaders:
            continue
        days = [start + dt.timedelta(days=int(rng.integers(7, 21)))]
        days += [start + dt.timedelta(days=182 * k + int(rng.integers(-10, 11))) for k in (1, 2, 3)]
        days.append(today + dt.timedelta(days=int(rng.integers(20, 45))))  # the last, planned
        for n, day in enumerate(days):
            kind = MeetingKind.STARTUP if n == 0 else MeetingKind.LOCAL
            people = leaders + _some(rng, workers, 4) + researchers[:1]
            plans.append(
                (_meeting(rng, project, kind, municipality, day, today, leaders[0]), people)
            )
    cross_creator = researchers[0] if researchers else None
    if cross_creator is not None:
        for kind, day in (
            (MeetingKind.CROSS_HALF_YEAR, start + dt.timedelta(days=190)),
            (MeetingKind.CROSS_YEAR, start + dt.timedelta(days=372)),
            (
                MeetingKind.CROSS_END,
                min(today + dt.timedelta(days=14), end + dt.timedelta(days=60)),
            ),
        ):
            people = list(researchers)
            for municipality in project.municipalities.order_by("pk"):
                local = [s for s in staff if s.municipality_id == municipality.pk]
                people += [s for s in local if s.role == "leader"][:1]
                people += _some(rng, [s for s in local if s.role != "leader"], 2)
            plans.append((_meeting(rng, project, kind, None, day, today, cross_creator), people))
    meetings = Meeting.objects.bulk_create([m for m, _p in plans])
    _ensure_pks(Meeting, meetings)
    Through = Meeting.participants.through
    through = [
        Through(meeting_id=m.pk, staff_id=p.pk)
        for m, people in plans
        for p in dict.fromkeys(people)  # each person once, in order
    ]
    Through.objects.bulk_create(through, batch_size=1000)
    actions, changes = _actions(rng, plans, today)
    audit.log(
        actor=None,
        action="meetings.demo.created",
        detail={"meetings": len(meetings), "actions": actions, "status_changes": changes},
    )
    return len(meetings) + len(through) + actions + changes


def _meeting(rng, project, kind, municipality, day, today, creator) -> Meeting:
    held = day <= today
    created = _at(min(day, today) - dt.timedelta(days=21))
    return Meeting(
        project=project,
        kind=kind,
        municipality=municipality,
        date=day,
        place=_pick(rng, PLACES_CROSS if municipality is None else PLACES_LOCAL),
        agenda=AGENDA["cross" if municipality is None else kind],
        notes=" ".join(_some(rng, NOTES, 2)) if held else "",
        decisions=_pick(rng, DECISIONS) if held else "",
        created_by=creator,
        created_at=created,
        updated_at=_at(day) if held else created,
    )


def _actions(rng, plans, today) -> tuple[int, int]:
    pending: list[tuple[MeetingAction, ActionStatusChange | None]] = []
    for meeting, people in plans:
        if meeting.date > today:
            continue
        doers = [p for p in people if p.role != Role.RESEARCHER] or people
        for text in _some(rng, ACTIONS, int(rng.integers(2, 4))):
            due = meeting.date + dt.timedelta(days=int(rng.integers(30, 91)))
            who = _pick(rng, doers)
            action = MeetingAction(
                meeting=meeting, text=text, responsible=who, due_on=due,
                created_by=meeting.created_by, created_at=_at(meeting.date),
            )  # fmt: skip
            change = None
            if due < today:
                roll = rng.random()
                status = ActionStatus.DONE if roll < 0.6 else (
                    ActionStatus.DROPPED if roll < 0.72 else ActionStatus.OPEN
                )  # fmt: skip
                if status != ActionStatus.OPEN:
                    action.status = status
                    when = min(due - dt.timedelta(days=int(rng.integers(0, 20))), today)
                    change = ActionStatusChange(
                        old_status=ActionStatus.OPEN, new_status=status, changed_by=who,
                        changed_at=_at(max(when, meeting.date)),
                        note=_pick(rng, DROP_NOTES) if status == ActionStatus.DROPPED else "",
                    )  # fmt: skip
            pending.append((action, change))
    actions = MeetingAction.objects.bulk_create([a for a, _c in pending], batch_size=1000)
    _ensure_pks(MeetingAction, actions)
    changes = []
    for action, change in pending:
        if change is not None:
            change.action_id = action.pk
            changes.append(change)
    ActionStatusChange.objects.bulk_create(changes, batch_size=1000)
    return len(actions), len(changes)


def _ensure_pks(model: Any, objs: list[Any]) -> None:
    """Backends that cannot return ids from a bulk insert: the newest rows, in order."""
    if objs and any(o.pk is None for o in objs):
        ids = list(model.objects.order_by("-pk").values_list("pk", flat=True)[: len(objs)])
        for obj, pk in zip(objs, reversed(ids), strict=True):
            obj.pk = pk
