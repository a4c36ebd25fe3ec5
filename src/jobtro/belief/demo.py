"""Demo ratings: two years of quarterly ratings whose pattern matches the research.

Called by the demo builder after citizens, assignments and outcomes exist:

    from jobtro.belief.demo import generate_demo_ratings
    generate_demo_ratings(rng=np.random.default_rng(seed), today=today)

Each citizen is rated about every quarter by the caseworker in force (a new caseworker
starts their own series: never inherited). The values are cut at the research's
shares — about half "doubt or no" (1–2), about 6 % an unconditional yes (5) — from a
latent score that is higher for citizens who later get a job or education, and that
carries each caseworker's general belief. Some citizens have answered through their
link, and every caseworker has answered the general-belief survey every six months.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import numpy as np
from django.db import transaction
from django.utils import timezone

from jobtro.citizens.models import Assignment, Citizen, Outcome
from jobtro.core import audit
from jobtro.organisations.models import Role, Staff

# The step for meeting forms and external partners (core.demo.DEMO_STEPS names it here).
from .expectations.demo import generate_demo_expectations  # noqa: F401
from .models import CitizenLink, Context, GeneralBeliefAnswer, RaterType, Rating, Source
from .services import default_instrument

HISTORY_DAYS = 730
# Cumulative shares for the caseworker's belief: 1 22 %, 2 28 %, 3 28 %, 4 16 %, 5 6 %.
BELIEF_CUTS = (0.22, 0.50, 0.78, 0.94)
INDICATOR_CUTS = (0.12, 0.35, 0.65, 0.88)
CITIZEN_CUTS = (0.08, 0.22, 0.48, 0.75)
JOB_KINDS = ("job", "flexjob", "education")
REASONS = [
    "Har selv fundet en praktikplads og møder stabilt.",
    "Helbredet fylder meget lige nu.",
    "God dialog; vi har lagt en plan sammen.",
    "Har svært ved at se sig selv på en arbejdsplads endnu.",
    "Stærke ressourcer i forhold til kundekontakt.",
]
RAISE = [
    "En praktik med en fast kontaktperson.",
    "At helbredet bliver afklaret.",
    "Sparring med kolleger om nye veje.",
    "Et virksomhedsbesøg sammen med borgeren.",
]
COMMENTS = ["Jeg er god til at lave mad.", "Jeg kan godt lide at arbejde med hænderne.", ""]


def _cut(z: np.ndarray, cuts: tuple[float, ...]) -> np.ndarray:
    """Values 1–5 from a latent score, cut at its own quantiles (exact shares)."""
    if len(z) == 0:
        return np.zeros(0, dtype=int)
    edges = np.quantile(z, cuts)
    return np.searchsorted(edges, z, side="right") + 1


def _moment(day: dt.date, rng: np.random.Generator) -> dt.datetime:
    hour = int(rng.integers(8, 16))
    minute = int(rng.integers(0, 60))
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@transaction.atomic
def generate_demo_ratings(
    *, rng: np.random.Generator, today: dt.date, history_days: int = HISTORY_DAYS
) -> dict[str, int]:
    """Create the demo's ratings, citizen answers and general-belief answers (bulk)."""
    instrument = default_instrument()
    items = {i.code: i for i in instrument.items.all()}
    belief = items["belief_job_1y"]
    cw_items = [
        i for i in items.values() if not i.general and "caseworker" in i.raters and i != belief
    ]
    citizen_items = [i for i in items.values() if not i.general and "citizen" in i.raters]
    general_items = [i for i in items.values() if i.general]
    since = today - dt.timedelta(days=history_days)

    outcome_on: dict[int, dt.date] = {}
    for citizen_id, day in (
        Outcome.objects.filter(kind__in=JOB_KINDS)
        .order_by("start_date")
        .values_list("citizen_id", "start_date")
    ):
        outcome_on.setdefault(citizen_id, day)
    any_end: dict[int, dt.date] = dict(
        Outcome.objects.order_by("-start_date").values_list("citizen_id", "start_date")
    )
    enrolled = dict(Citizen.objects.values_list("pk", "enrolled_on"))
    caseworkers = list(Staff.objects.filter(role=Role.CASEWORKER).values_list("pk", flat=True))
    general = {pk: float(rng.normal(0, 0.45)) for pk in caseworkers}
    latent = {pk: float(rng.normal(0, 1)) for pk in enrolled}

    # 1. The rating occasions: every ~91 days within each assignment, inside the window.
    occasions: list[tuple[int, int, dt.date, dt.date]] = []
    for citizen_id, staff_id, start, end in Assignment.objects.values_list(
        "citizen_id", "caseworker_id", "start_date", "end_date"
    ).order_by("citizen_id", "start_date"):
        stop = min(d for d in (end, any_end.get(citizen_id), today) if d is not None)
        day = max(start + dt.timedelta(days=int(rng.integers(7, 35))), enrolled[citizen_id])
        while day < since:
            day += dt.timedelta(days=91)
        while day <= stop and day <= today:
            occasions.append((citizen_id, staff_id, day, stop))
            day += dt.timedelta(days=int(rng.integers(80, 103)))

    # 2. A latent score per occasion: the citizen, the caseworker's general belief, and
    # (the research's point) a higher score when a job or education follows soon —
    # tuned so that the demo's analysis lands near BIP's ~1.33 per step, not far above.
    z = np.empty(len(occasions))
    for n, (citizen_id, staff_id, day, _stop) in enumerate(occasions):
        boost = 0.0
        if citizen_id in outcome_on:
            days_to = (outcome_on[citizen_id] - day).days
            boost = 0.55 if days_to <= 365 else 0.2
        z[n] = latent[citizen_id] + general.get(staff_id, 0.0) + boost + rng.normal(0, 0.45)
    values = _cut(z, BELIEF_CUTS)

    indicator_edges = _edges(0.6 * z + rng.normal(0, 0.8, len(z)), INDICATOR_CUTS)
    ratings: list[Rating] = []
    for n, (citizen_id, staff_id, day, stop) in enumerate(occasions):
        value = int(values[n])
        context = Context.ROUTINE
        if value <= 2 and rng.random() < 0.08:
            context = Context.BEFORE_SPARRING
        elif rng.random() < 0.04:
            context = Context.EXPERIMENT
        at = _moment(day, rng)
        common = {
            "citizen_id": citizen_id,
            "rater_id": staff_id,
            "rater_type": RaterType.CASEWORKER,
            "rated_at": at,
            "context": context,
            "source": Source.DEMO,
        }
        ratings.append(
            Rating(
                item=belief,
                value=value,
                reason=REASONS[int(rng.integers(len(REASONS)))] if rng.random() < 0.2 else "",
                raise_belief=RAISE[int(rng.integers(len(RAISE)))]
                if value <= 2 and rng.random() < 0.3
                else "",
                **common,
            )
        )
        # Half of the rounds also rate the other indicators, correlated with belief.
        if rng.random() < 0.5:
            for item in cw_items:
                score = 0.6 * z[n] + rng.normal(0, 0.8)
                ratings.append(Rating(item=item, value=_one(score, indicator_edges), **common))
        # After sparring, a second look at the same citizen a few days later.
        if context == Context.BEFORE_SPARRING:
            later = day + dt.timedelta(days=int(rng.integers(3, 15)))
            if later <= stop:
                after = {
                    **common,
                    "rated_at": _moment(later, rng),
                    "context": Context.AFTER_SPARRING,
                }
                ratings.append(
                    Rating(item=belief, value=min(5, value + int(rng.random() < 0.5)), **after)
                )
    Rating.objects.bulk_create(ratings, batch_size=2000)

    # 3. The citizen's own voice: a fifth of the active citizens answered their link.
    current = dict(
        Assignment.objects.filter(end_date__isnull=True).values_list("citizen_id", "caseworker_id")
    )
    active = [c for c in current if c not in any_end]
    chosen = [c for c in active if rng.random() < 0.2]
    links = []
    for citizen_id in chosen:
        answered = today - dt.timedelta(days=int(rng.integers(1, 60)))
        at = _moment(answered, rng)
        token = hashlib.sha256(f"demo:{citizen_id}:{rng.random()}".encode()).hexdigest()
        links.append(
            CitizenLink(
                citizen_id=citizen_id,
                created_by_id=current[citizen_id],
                instrument=instrument,
                token_hash=token,
                expires_at=at + dt.timedelta(days=7),
                used_at=at,
            )
        )
    links = CitizenLink.objects.bulk_create(links)
    own: list[Rating] = []
    scores = np.array([latent[link.citizen_id] + rng.normal(0, 0.8) for link in links])
    own_edges = _edges(scores, CITIZEN_CUTS)
    other_edges = _edges(0.6 * scores + rng.normal(0, 0.8, len(scores)), INDICATOR_CUTS)
    for link, score in zip(links, scores, strict=True):
        for k, item in enumerate(citizen_items):
            if k == 0:
                value = _one(score, own_edges)
            else:
                value = _one(0.6 * score + rng.normal(0, 0.8), other_edges)
            own.append(
                Rating(
                    citizen_id=link.citizen_id,
                    rater=None,
                    rater_type=RaterType.CITIZEN,
                    item=item,
                    value=value,
                    rated_at=link.used_at,
                    reason=COMMENTS[int(rng.integers(len(COMMENTS)))] if k == 0 else "",
                    source=Source.DEMO,
                    link=link,
                )
            )
    Rating.objects.bulk_create(own, batch_size=2000)

    # 4. General belief: every caseworker, every six months.
    answers = []
    for staff_id in caseworkers:
        g = general[staff_id]
        day = since + dt.timedelta(days=int(rng.integers(0, 60)))
        while day <= today:
            at = _moment(day, rng)
            for item in general_items:
                if item.code == "gb_ten_citizens":
                    value = int(np.clip(round(3 + 3 * g + rng.normal(0, 1)), 0, 10))
                else:
                    value = int(np.clip(round(3.4 + 1.5 * g + rng.normal(0, 0.7)), 1, 5))
                answers.append(
                    GeneralBeliefAnswer(staff_id=staff_id, item=item, value=value, answered_at=at)
                )
            day += dt.timedelta(days=182)
    GeneralBeliefAnswer.objects.bulk_create(answers, batch_size=2000)

    counts = {
        "ratings": len(ratings),
        "citizen_answers": len(own),
        "citizen_links": len(links),
        "general_belief": len(answers),
    }
    audit.log(actor=None, action="belief.demo.generated", detail=counts)
    return counts


def _edges(population: np.ndarray, cuts: tuple[float, ...]) -> np.ndarray:
    return np.quantile(population, cuts) if len(population) else np.zeros(len(cuts))


def _one(score: float, edges: np.ndarray) -> int:
    return int(np.searchsorted(edges, score, side="right") + 1)
