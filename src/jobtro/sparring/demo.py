"""Demo sparring sessions — "flere øjne på sagen" — with the owner's belief before and
after as real ratings (contexts before_sparring / after_sparring), linked by the session.

Called by the demo builder (`jobtro.core.demo`). Every team with at least
two caseworkers has a few sessions; the first team of the first municipality (the team
with most caseworkers, whose leader is a demo login) has enough closed sessions for its
team aggregate to be shown (settings.SUPPRESS_MIN_CITIZENS). Texts are invented, in
resource language, without names or CPR numbers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np
from django.db import models, transaction
from django.utils import timezone

from jobtro.belief.models import Context, RaterType, Rating, Source
from jobtro.belief.services import default_instrument
from jobtro.citizens.models import Assignment
from jobtro.core import audit
from jobtro.organisations.models import Role, Staff, Team, TeamMembership

from .models import Sparring, SparringMethod

CLOSED_IN_SHOWCASE_TEAM = 14
CLOSED_IN_FIRST_TEAMS = 6
CLOSED_ELSEWHERE = 2
DAYS_BACK = 330

DESCRIPTIONS = [
    "Borgeren har prøvet to praktikker, der stoppede efter få uger. Jeg har svært ved at se, "
    "hvad næste skridt skal være, og vil gerne have flere øjne på sagen.",
    "Borgeren vil gerne arbejde med dyr, men har ikke været på en arbejdsplads i mange år. "
    "Helbredet fylder, og jeg mangler idéer til en første vej ind.",
    "Borgeren har erfaring fra lager og har truckcertifikat. Vi er gået i stå i samtalerne, "
    "og jeg hører mig selv tale mest om det, der ikke kan lade sig gøre.",
    "Borgeren passer en syg forælder og har ikke overskud til mange timer. Jeg vil gerne "
    "have hjælp til at se, hvad der kan lade sig gøre nu.",
    "Borgeren er ung og har afbrudt to uddannelser. Han er god med computere. Jeg tror "
    "ikke selv rigtig på, at det lykkes, og vil gerne se sagen med nye øjne.",
    "Borgeren har boet i Danmark i fire år og taler godt dansk. Hun har erfaring som "
    "syerske, men vi har ikke fundet en vej til at bruge den.",
]
PERSPECTIVES = [
    "Kollegerne hørte en borger, der har holdt en hverdag med mange opgaver kørende — det "
    "kræver overblik og ansvar, som en arbejdsplads kan bruge.",
    "Erfaringen fra lageret og truckcertifikatet er konkrete ressourcer, som virksomheder i "
    "området efterspørger.",
    "I den sidste praktik mødte borgeren stabilt de første tre uger, da der var en fast "
    "kontaktperson. Det er værd at bygge videre på.",
    "Borgerens ønske er en indgang i sig selv: der findes både landbrug og dyrepensioner, "
    "der tager folk i praktik.",
    "Fortællingen om en borger, der »ikke kan«, blev til en fortælling om en borger, der "
    "har klaret sig gennem svære år og ved, hvad der hjælper hende.",
]
NEXT_STEPS = [
    "Virksomhedsbesøg sammen med borgeren hos en lokal virksomhed; virksomhedskonsulenten "
    "tager kontakt i næste uge.",
    "Næste samtale tager udgangspunkt i det, der gik godt i sidste praktik, og borgeren "
    "peger selv på tre ting, hun er god til.",
    "Praktik på ti timer om ugen med en fast kontaktperson; vi følger op efter to uger.",
    "Borgeren får tilbudt et kort kursus med praktik, som matcher ønsket om kundekontakt.",
    "Jeg spørger borgeren, hvem i netværket der kender en arbejdsplads, og vi tager "
    "kontakt sammen.",
]
FOLLOW_UP_NOTES = [
    "Virksomhedsbesøget er holdt, og der er aftalt en praktik.",
    "Borgeren har valgt et kursus og er startet.",
    "Praktikken er startet; den første uge gik godt.",
    "Samtalen gav en ny plan, som borgeren selv har været med til at lægge.",
    "Kontakten gennem netværket gav en samtale hos en lokal tømrer.",
]
METHODS = list(SparringMethod.values)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _pick(rng: np.random.Generator, items: Sequence[Any]) -> Any:
    return items[int(rng.integers(len(items)))]


def _ensure_pks(model: type[models.Model], objs: list[Any]) -> None:
    """Backends that cannot return ids from a bulk insert: the newest rows, in order."""
    if objs and any(o.pk is None for o in objs):
        ids = list(model.objects.order_by("-pk").values_list("pk", flat=True)[: len(objs)])
        for obj, pk in zip(objs, reversed(ids), strict=True):
            obj.pk = pk


def _caseworkers(team: Team) -> list[Staff]:
    current = TeamMembership.objects.filter(team=team, end_date__isnull=True)
    return list(
        Staff.objects.filter(
            role=Role.CASEWORKER, is_active=True, pk__in=current.values("staff_id")
        ).order_by("pk")
    )


def _session_plan(teams: list[Team]) -> list[tuple[Team, list[Staff], int]]:
    """(team, caseworkers, closed sessions) for every team with two or more caseworkers."""
    plan = []
    first_teams = {}
    for team in teams:
        first_teams.setdefault(team.municipality_id, team.pk)
    members = {t.pk: _caseworkers(t) for t in teams}
    showcase = max(teams, key=lambda t: (len(members[t.pk]), -t.pk)).pk if teams else None
    for team in teams:
        if len(members[team.pk]) < 2:
            continue
        if team.pk == showcase:
            n = CLOSED_IN_SHOWCASE_TEAM
        elif first_teams[team.municipality_id] == team.pk:
            n = CLOSED_IN_FIRST_TEAMS
        else:
            n = CLOSED_ELSEWHERE
        plan.append((team, members[team.pk], n))
    return plan


@transaction.atomic
def generate_demo_sparring(*, rng: np.random.Generator, today: dt.date) -> int:
    """Create demo sparring sessions with linked before/after ratings (bulk)."""
    belief = default_instrument().items.get(code="belief_job_1y")
    teams = list(Team.objects.order_by("pk"))
    sessions: list[Sparring] = []
    participants: list[list[Staff]] = []
    ratings: list[tuple[Rating, Rating | None]] = []
    for team, members, n_closed in _session_plan(teams):
        open_cases: dict[int, list[tuple[int, dt.date]]] = {m.pk: [] for m in members}
        for citizen_id, staff_id, start in (
            Assignment.objects.filter(caseworker__in=members, end_date__isnull=True)
            .order_by("caseworker_id", "citizen_id")
            .values_list("citizen_id", "caseworker_id", "start_date")
        ):
            open_cases[staff_id].append((citizen_id, start))
        for k in range(n_closed + 1):  # the last one is still open: asked for, not held
            is_open = k == n_closed
            requested = today - dt.timedelta(
                days=int(rng.integers(1, 6)) if is_open else int(rng.integers(20, DAYS_BACK))
            )
            # The owner asks about one of their own citizens, assigned before the request.
            owners = [m for m in members if any(d <= requested for _c, d in open_cases[m.pk])]
            if not owners:
                continue
            owner = owners[k % len(owners)]
            citizen_ids = [c for c, d in open_cases[owner.pk] if d <= requested]
            citizen_id = int(_pick(rng, citizen_ids))
            # Sparring is asked for when belief is low; afterwards it rises more often.
            before = int(_pick(rng, [1, 1, 2, 2, 2, 3]))
            after = int(np.clip(before + _pick(rng, [-1, 0, 0, 1, 1, 1, 2]), 1, 5))
            others = [m for m in members if m.pk != owner.pk]
            size = min(len(others), int(rng.integers(2, 4)))
            chosen = [others[int(i)] for i in rng.choice(len(others), size=size, replace=False)]
            session = Sparring(
                citizen_id=citizen_id,
                owner=owner,
                team=team,
                method=_pick(rng, METHODS),
                description=_pick(rng, DESCRIPTIONS),
                requested_at=_at(requested, 9 + int(rng.integers(0, 4))),
            )
            common = {
                "citizen_id": citizen_id,
                "rater": owner,
                "rater_type": RaterType.CASEWORKER,
                "item": belief,
                "source": Source.DEMO,
            }
            before_rating = Rating(
                value=before,
                rated_at=session.requested_at,
                context=Context.BEFORE_SPARRING,
                **common,
            )
            after_rating = None
            if not is_open:
                # Held within two weeks; about one in three closed on the day it was asked.
                held = min(requested + dt.timedelta(days=int(rng.integers(0, 15))), today)
                session.held_on = held
                session.closed_at = _at(held, 15)
                session.perspectives = _pick(rng, PERSPECTIVES)
                session.next_steps = _pick(rng, NEXT_STEPS)
                session.follow_up_on = held + dt.timedelta(days=int(rng.integers(14, 35)))
                if session.follow_up_on < today and rng.random() < 0.7:
                    session.followed_up_on = min(
                        session.follow_up_on + dt.timedelta(days=int(rng.integers(0, 6))), today
                    )
                    session.follow_up_note = _pick(rng, FOLLOW_UP_NOTES)
                after_rating = Rating(
                    value=after,
                    rated_at=session.closed_at,
                    context=Context.AFTER_SPARRING,
                    **common,
                )
            sessions.append(session)
            participants.append(chosen)
            ratings.append((before_rating, after_rating))
    flat = [r for pair in ratings for r in pair if r is not None]
    Rating.objects.bulk_create(flat, batch_size=1000)
    _ensure_pks(Rating, flat)
    for session, (before_rating, after_rating) in zip(sessions, ratings, strict=True):
        session.before_rating_id = before_rating.pk
        session.after_rating_id = after_rating.pk if after_rating else None
    Sparring.objects.bulk_create(sessions, batch_size=1000)
    _ensure_pks(Sparring, sessions)
    Through = Sparring.participants.through
    Through.objects.bulk_create(
        [
            Through(sparring_id=session.pk, staff_id=staff.pk)
            for session, chosen in zip(sessions, participants, strict=True)
            for staff in chosen
        ],
        batch_size=1000,
    )
    audit.log(
        actor=None,
        action="practice.demo.sparring_created",
        detail={"sessions": len(sessions), "ratings": len(flat)},
    )
    return len(sessions) + len(flat)
