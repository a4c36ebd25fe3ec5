"""Demo strengths profiles: the citizens' own answers and their network's.

Called by the demo builder after citizens, assignments and referrals exist:

    from jobtro.strengths.demo import generate_demo
    generate_demo(rng=np.random.default_rng(seed), today=today)

Every citizen with a recent referral (so that the strengths show up beside it) and a
random sample of other citizens with a current caseworker answer through a link their
caseworker made; most invite one to three people in their network, who mostly answer.
Some invitations are still open or expired. Nothing here is a usable link: the tokens
are never kept (only their hashes, as always). All texts are invented.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import numpy as np
from django.db import transaction
from django.utils import timezone

from jobtro.citizens.models import Assignment
from jobtro.core import audit
from jobtro.referrals.models import Referral

from . import catalogue
from .models import Source, StrengthMark, StrengthsAnswer, StrengthsLink, hash_token
from .services import CITIZEN_LINK_DAYS, NETWORK_LINK_DAYS

OTHER_CITIZENS = 40  # besides those with a recent referral
REFERRAL_DAYS = 120
MAX_REFERRAL_CITIZENS = 150
HISTORY_DAYS = 180
NETWORK_SHARES = (0.2, 0.35, 0.3, 0.15)  # 0, 1, 2, 3 invitations

OWN_WORDS = [
    "Jeg har passet min mormor i to år og lavet mad til hele familien.",
    "Jeg er god til at reparere cykler, og naboerne kommer tit med deres.",
    "Jeg har været frivillig i fodboldklubben og kan lide at hjælpe børnene.",
    "Jeg kan lide at have travlt og at se, hvad jeg har nået.",
    "Jeg taler arabisk og dansk og hjælper tit andre med at oversætte.",
    "Jeg har styr på økonomien derhjemme.",
    "Jeg er god til dyr og har haft hund i mange år.",
    "Jeg kan godt lide at ordne haven og at arbejde udenfor.",
]
RELATIONS = [
    "Mor",
    "Far",
    "Søster",
    "Bror",
    "Min kæreste",
    "Sara, veninde",
    "Ali, ven",
    "Mette, tidligere kollega",
    "Jens, tidligere kollega",
    "Nabo",
    "Morfar",
    "Tanja, fra klubben",
]
SENTENCES = [
    "Hun er altid den første, der tilbyder at hjælpe.",
    "Han får alle til at grine, også på en dårlig dag.",
    "Hun holder altid, hvad hun lover.",
    "Han kan reparere næsten alt, hvad man giver ham.",
    "Hun lytter og husker, hvad man har fortalt.",
    "Han var den mest pålidelige på vores hold.",
    "Hun har et godt overblik, når der sker meget.",
    "Han er god til at lære fra sig.",
    "",
    "",
]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _token_hash(rng: np.random.Generator) -> str:
    # A hash of random bytes: deterministic for the seed, and nobody holds the token.
    return hash_token(hashlib.sha256(rng.bytes(16)).hexdigest())


def _pick_citizens(rng: np.random.Generator, today: dt.date) -> list[tuple[int, int]]:
    """(citizen, current caseworker): recent referrals first, then a random sample."""
    current = dict(
        Assignment.objects.filter(end_date__isnull=True, caseworker__isnull=False)
        .order_by("citizen_id", "start_date")
        .values_list("citizen_id", "caseworker_id")
    )
    referred = list(
        dict.fromkeys(
            Referral.objects.filter(created_at__date__gte=today - dt.timedelta(days=REFERRAL_DAYS))
            .order_by("-created_at", "-pk")
            .values_list("citizen_id", flat=True)
        )
    )
    chosen = [c for c in referred if c in current][:MAX_REFERRAL_CITIZENS]
    others = sorted(set(current) - set(chosen))
    if others:
        size = min(OTHER_CITIZENS, len(others))
        chosen += [int(c) for c in rng.choice(others, size=size, replace=False)]
    return [(c, current[c]) for c in chosen]


def _keys(rng: np.random.Generator, n: int, *, prefer: list[str] | None = None) -> list[str]:
    keys = [s.key for s in catalogue.STRENGTHS]
    weights = np.ones(len(keys))
    if prefer:  # the network mostly sees what the citizen sees, and a little more
        for k in prefer:
            weights[keys.index(k)] = 4.0
    picked = rng.choice(keys, size=n, replace=False, p=weights / weights.sum())
    return [str(k) for k in picked]


@transaction.atomic
def generate_demo(*, rng: np.random.Generator, today: dt.date) -> int:
    """Create the demo's strengths links, answers and marks (bulk); returns the answers."""
    links: list[StrengthsLink] = []
    plans: list[tuple[int, str, str, list[str]]] = []  # (link index, source, text, keys)
    for citizen_id, caseworker_id in _pick_citizens(rng, today):
        answered = today - dt.timedelta(days=int(rng.integers(2, HISTORY_DAYS)))
        created = answered - dt.timedelta(days=int(rng.integers(0, 4)))
        own = _keys(rng, int(rng.integers(3, 8)))
        links.append(
            StrengthsLink(
                citizen_id=citizen_id,
                kind=Source.CITIZEN,
                created_by_id=caseworker_id,
                token_hash=_token_hash(rng),
                created_at=_at(created, 10),
                expires_at=_at(created + dt.timedelta(days=CITIZEN_LINK_DAYS), 10),
                used_at=_at(answered, 11),
            )
        )
        parent = len(links) - 1
        text = str(rng.choice(OWN_WORDS)) if rng.random() < 0.5 else ""
        plans.append((parent, Source.CITIZEN, text, own))
        n_invited = int(rng.choice(len(NETWORK_SHARES), p=NETWORK_SHARES))
        relations = rng.choice(RELATIONS, size=n_invited, replace=False)
        for relation in relations:
            invited = answered + dt.timedelta(days=int(rng.integers(0, 3)))
            if invited > today:
                invited = today
            link = StrengthsLink(
                citizen_id=citizen_id,
                kind=Source.NETWORK,
                relation=str(relation),
                token_hash=_token_hash(rng),
                created_at=_at(invited, 12),
                expires_at=_at(invited + dt.timedelta(days=NETWORK_LINK_DAYS), 12),
            )
            link.parent_index = parent  # type: ignore[attr-defined]
            links.append(link)
            reply = invited + dt.timedelta(days=int(rng.integers(0, 8)))
            if rng.random() < 0.85 and reply <= today:
                link.used_at = _at(reply, 19)
                plans.append(
                    (
                        len(links) - 1,
                        Source.NETWORK,
                        str(rng.choice(SENTENCES)),
                        _keys(rng, int(rng.integers(2, 6)), prefer=own),
                    )
                )
    # Parents first, so that each invitation can point at its citizen link.
    parents = [link for link in links if link.kind == Source.CITIZEN]
    StrengthsLink.objects.bulk_create(parents, batch_size=1000)
    _fill_ids(parents)
    for link in links:
        if link.kind == Source.NETWORK:
            link.invited_from_id = links[link.parent_index].pk  # type: ignore[attr-defined]
    invitations = [link for link in links if link.kind == Source.NETWORK]
    StrengthsLink.objects.bulk_create(invitations, batch_size=1000)
    _fill_ids(invitations)
    answers = [
        StrengthsAnswer(
            link_id=links[index].pk,
            citizen_id=links[index].citizen_id,
            source=source,
            text=text,
            answered_at=links[index].used_at,
        )
        for index, source, text, _keys_ in plans
    ]
    StrengthsAnswer.objects.bulk_create(answers, batch_size=1000)
    answer_ids = dict(
        StrengthsAnswer.objects.filter(link_id__in=[a.link_id for a in answers]).values_list(
            "link_id", "pk"
        )
    )
    marks = [
        StrengthMark(answer_id=answer_ids[links[index].pk], key=key)
        for index, _source, _text, keys in plans
        for key in keys
    ]
    StrengthMark.objects.bulk_create(marks, batch_size=2000)
    audit.log(
        actor=None,
        action="strengths.demo.created",
        detail={"links": len(links), "answers": len(answers), "marks": len(marks)},
    )
    return len(answers)


def _fill_ids(links: list[StrengthsLink]) -> None:
    if any(link.pk is None for link in links):
        # Backends that cannot return ids from a bulk insert: look them up by hash.
        ids = dict(
            StrengthsLink.objects.filter(token_hash__in=[x.token_hash for x in links]).values_list(
                "token_hash", "pk"
            )
        )
        for link in links:
            link.pk = ids[link.token_hash]
