"""Demo data for expectations across meeting forms and with external partners.

Called by the demo builder as its last step (``jobtro.belief.demo.generate_demo_expectations``),
after the citizens, contacts, actions and ratings exist:

1. After about a fifth of the caseworkers' meetings in the last year the citizen answered
   the two short questions through a link. The sense that the caseworker believes in them
   follows the caseworker's own belief in the citizen, and is a little higher after a
   physical meeting (fremmøde, virksomhed, hjem) than after phone or video — a plausible,
   small difference, for the analysis to find with its uncertainty.
2. Four more external partners (invented people at invented organisations; only
   ``ekstern1`` has a demo login) provide the external actions that had none, and every
   partner rates the referred citizens' job chance now and then while the action runs:
   a little more hopeful than the caseworker on average, as partners who see the citizen
   at work often are.

Deterministic: one seeded generator, rows read in a fixed order, dates offset from ``today``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict

import numpy as np
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from jobtro.analysis.meeting_forms import PHYSICAL, REMOTE
from jobtro.citizens.models import Action, Contact, Outcome
from jobtro.core import audit
from jobtro.core.demo.data import FIRST_NAMES_F, FIRST_NAMES_M, SURNAMES
from jobtro.organisations.models import Role, Staff

from ..models import CitizenLink, Context, RaterType, Rating, Source
from ..services import default_instrument
from .services import after_contact_instrument

ANSWER_SHARE = 0.2
PHYSICAL_LIFT = 0.25  # on the latent scale (sd about 1): some 0.3 steps on the answer
PARTNER_LIFT = 0.35
FELT_CUTS = (0.06, 0.18, 0.45, 0.78)
SELF_CUTS = (0.04, 0.12, 0.55, 0.85)
EXTRA_PARTNERS = [
    ("ekstern2", "Kursuscenter Demoby (opdigtet)", ("opkvalificering",)),
    ("ekstern3", "Kursuscenter Demoby (opdigtet)", ("opkvalificering",)),
    ("ekstern4", "Sundhedshuset Demoby (opdigtet)", ("sundhedsfaglig",)),
    ("ekstern5", "Mentorhuset Demo ApS", ("mentor",)),
]


def _moment(day: dt.date, rng: np.random.Generator) -> dt.datetime:
    clock = dt.time(int(rng.integers(9, 17)), int(rng.integers(0, 60)))
    return timezone.make_aware(dt.datetime.combine(day, clock))


def _cut(scores: np.ndarray, cuts: tuple[float, ...]) -> np.ndarray:
    if scores.size == 0:
        return np.zeros(0, dtype=int)
    return np.searchsorted(np.quantile(scores, cuts), scores, side="right") + 1


@transaction.atomic
def generate_demo_expectations(*, rng: np.random.Generator, today: dt.date) -> int:
    """Create the after-meeting answers and the external partners' ratings (bulk)."""
    rows = _after_meeting_answers(rng=rng, today=today)
    rows += _partner_ratings(rng=rng, today=today)
    audit.log(actor=None, action="belief.demo.expectations_generated", detail={"rows": rows})
    return rows


def _caseworker_belief(today: dt.date) -> dict[int, list[tuple[dt.date, int]]]:
    out: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
    for cid, at, value in (
        Rating.objects.belief().order_by("citizen_id", "rated_at", "id")
    ).values_list("citizen_id", "rated_at", "value"):
        out[cid].append((timezone.localdate(at), value))
    return out


def _nearest(series: list[tuple[dt.date, int]], day: dt.date) -> float:
    if not series:
        return 2.6  # about the demo's mean belief
    return float(min(series, key=lambda dv: abs((dv[0] - day).days))[1])


def _after_meeting_answers(*, rng: np.random.Generator, today: dt.date) -> int:
    instrument = after_contact_instrument()
    felt, more = (instrument.items.get(code=c) for c in ("cit_felt_belief", "cit_more_self_belief"))
    ended = dict(Outcome.objects.order_by("-start_date").values_list("citizen_id", "start_date"))
    since = today - dt.timedelta(days=365)
    contacts = list(
        Contact.objects.filter(
            date__gte=since, staff__role=Role.CASEWORKER, form__in=PHYSICAL + REMOTE
        )
        .order_by("date", "pk")
        .values_list("pk", "citizen_id", "staff_id", "date", "form")
    )
    belief = _caseworker_belief(today)
    chosen = []
    for pk, cid, sid, day, form in contacts:
        if rng.random() >= ANSWER_SHARE:
            continue
        answered = day + dt.timedelta(days=int(rng.integers(0, 3)))
        if answered > today or (cid in ended and answered >= ended[cid]):
            continue
        chosen.append((pk, cid, sid, day, form, answered))
    scores = np.array(
        [
            0.6 * (_nearest(belief[cid], day) - 2.6)
            + (PHYSICAL_LIFT if form in PHYSICAL else 0.0)
            + rng.normal(0, 0.8)
            for _pk, cid, _sid, day, form, _answered in chosen
        ]
    )
    felt_values = _cut(scores, FELT_CUTS)
    more_values = _cut(0.6 * scores + rng.normal(0, 0.7, scores.size), SELF_CUTS)
    links = []
    for n, (pk, cid, sid, _day, _form, answered) in enumerate(chosen):
        at = _moment(answered, rng)
        token = hashlib.sha256(f"demo-after-contact:{pk}:{n}".encode()).hexdigest()
        links.append(
            CitizenLink(
                citizen_id=cid,
                created_by_id=sid,
                instrument=instrument,
                contact_id=pk,
                token_hash=token,
                expires_at=at + dt.timedelta(days=7),
                used_at=at,
            )
        )
    links = CitizenLink.objects.bulk_create(links, batch_size=2000)
    if any(link.pk is None for link in links):  # backends without returning ids
        by_token = dict(
            CitizenLink.objects.filter(contact__isnull=False).values_list("token_hash", "pk")
        )
        for link in links:
            link.pk = by_token[link.token_hash]
    answers = []
    for n, link in enumerate(links):
        common = {
            "citizen_id": link.citizen_id,
            "rater": None,
            "rater_type": RaterType.CITIZEN,
            "rated_at": link.used_at,
            "context": Context.AFTER_CONTACT,
            "source": Source.DEMO,
            "link_id": link.pk,
        }
        answers.append(Rating(item=felt, value=int(felt_values[n]), **common))
        # Most answer the optional second question too.
        if rng.random() < 0.85:
            answers.append(Rating(item=more, value=int(more_values[n]), **common))
    Rating.objects.bulk_create(answers, batch_size=2000)
    return len(links) + len(answers)


def _partners(rng: np.random.Generator) -> dict[str, list[Staff]]:
    """Every external partner by the kinds of action they provide (created here if new)."""
    User = get_user_model()
    by_kind: dict[str, list[Staff]] = defaultdict(list)
    first = Staff.objects.filter(role=Role.EXTERNAL).order_by("pk").first()
    if first is not None:
        by_kind["mentor"].append(first)
    taken = set(User.objects.values_list("first_name", "last_name"))
    for username, organisation, kinds in EXTRA_PARTNERS:
        while True:
            names = FIRST_NAMES_F if rng.random() < 0.6 else FIRST_NAMES_M
            name = (
                names[int(rng.integers(len(names)))],
                SURNAMES[int(rng.integers(len(SURNAMES)))],
            )
            if name not in taken:
                taken.add(name)
                break
        user = User(username=username, first_name=name[0], last_name=name[1])
        user.set_unusable_password()  # no demo login: only ekstern1 is shown
        user.save()
        staff = Staff.objects.create(user=user, role=Role.EXTERNAL, organisation=organisation)
        for kind in kinds:
            by_kind[kind].append(staff)
    return by_kind


def _partner_ratings(*, rng: np.random.Generator, today: dt.date) -> int:
    by_kind = _partners(rng)
    # External actions with no partner account yet get one that provides that kind.
    for action_id, kind in (
        Action.objects.filter(provider_staff__isnull=True, kind__code__in=list(by_kind))
        .filter(Q(provider="external") | Q(kind__code="mentor"))
        .order_by("pk")
        .values_list("pk", "kind__code")
    ):
        if kind == "mentor" and rng.random() >= 0.25:
            continue
        partner = by_kind[kind][int(rng.integers(len(by_kind[kind])))]
        Action.objects.filter(pk=action_id).update(
            provider="external", provider_name=partner.organisation, provider_staff=partner
        )
    belief = _caseworker_belief(today)
    items = {i.code: i for i in default_instrument().items.filter(general=False)}
    ended = dict(Outcome.objects.order_by("-start_date").values_list("citizen_id", "start_date"))
    since = today - dt.timedelta(days=730)
    ratings = []
    for cid, sid, start, end in (
        Action.objects.filter(provider_staff__isnull=False)
        .order_by("pk")
        .values_list("citizen_id", "provider_staff_id", "start_date", "end_date")
    ):
        stop = min(d for d in (end, ended.get(cid), today) if d is not None)
        day = max(start + dt.timedelta(days=int(rng.integers(10, 25))), since)
        while day <= stop and day < today:
            cw = _nearest(belief[cid], day)
            value = int(np.clip(round(cw + PARTNER_LIFT + rng.normal(0, 0.75)), 1, 5))
            at = _moment(day, rng)
            common = {
                "citizen_id": cid,
                "rater_id": sid,
                "rater_type": RaterType.EXTERNAL,
                "rated_at": at,
                "source": Source.DEMO,
            }
            ratings.append(Rating(item=items["belief_job_1y"], value=value, **common))
            if rng.random() < 0.5:
                coop = int(np.clip(round(cw + 0.5 + rng.normal(0, 0.9)), 1, 5))
                ratings.append(Rating(item=items["cw_cooperation"], value=coop, **common))
            day += dt.timedelta(days=int(rng.integers(60, 100)))
    Rating.objects.bulk_create(ratings, batch_size=2000)
    return len(ratings)
