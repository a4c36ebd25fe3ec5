"""Demo referrals, so that the team language picture has something to show.

Called by the demo builder after staff, teams, citizens and assignments exist:

    from jobtro.referrals.demo import generate_demo_texts
    generate_demo_texts(rng=np.random.default_rng(seed), today=today)

Every caseworker writes a few invented referrals a month over the last year, about
citizens assigned to them at the time, to a company consultant in their municipality.
Some texts lean on deficit language, some on resource language. In one team — the
"experiment" team, the one with most caseworkers — the deficit share falls month by
month (the referral section "skånebehov" replaced by "ressourcer"); elsewhere it stays
about level. Some referrals are revised once, towards resource language.

Note: months with fewer than settings.SUPPRESS_MIN_STAFF authors are suppressed in
the picture, so only teams with at least that many caseworkers show figures.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from jobtro.citizens.models import Assignment
from jobtro.core import audit
from jobtro.language_use.picture import month_starts
from jobtro.organisations.models import Role, Staff, Team, TeamMembership
from jobtro.referrals import policy

from .models import Referral, ReferralVersion

MONTHS = 12
REFERRALS_PER_MONTH = 3  # per caseworker
REVISED_SHARE = 0.2

RESOURCES_DEFICIT = [
    "Borgeren er umotiveret og udebliver igen fra aftaler.",
    "Hun er ressourcesvag og har mange barrierer.",
    "Han er en svag borger med misbrugsproblematik.",
    "Borgeren er passiv og har ingen arbejdsevne efter eget udsagn.",
    "Borgeren magter ikke at møde stabilt.",
]
RESOURCES_RESOURCE = [
    "Borgeren har erfaring med lagerarbejde og har truckkort.",
    "Hun har vist, at hun kan møde stabilt i praktik.",
    "Han er god til at samarbejde og har et godt netværk.",
    "Borgeren har erfaring med rengøring og kundekontakt.",
    "Hun har gennemført et kursus i kundeservice.",
]
CONDITIONS_DEFICIT = [
    "Han har et stort skånebehov og kan ikke arbejde mere end to timer.",
    "Skånebehov: kan ikke tåle stress og har svært ved alt nyt.",
    "Borgeren har mange barrierer, der skal tages hensyn til.",
]
CONDITIONS_RESOURCE = [
    "Hun trives bedst med faste opgaver og en fast kontaktperson.",
    "Kan med støtte arbejde tolv timer om ugen i starten.",
    "Han kan arbejde op til to timer ad gangen, og arbejder godt i et roligt miljø.",
]
WISHES = [
    "Ønsker at arbejde i et køkken.",
    "Borgeren er motiveret for at arbejde med kunder.",
    "Vil gerne arbejde udendørs, gerne i en grøn virksomhed.",
    "Har lyst til at arbejde med hænderne.",
]


def _deficit_probability(*, experiment: bool, month_index: int) -> float:
    if experiment:
        # From about 6 in 7 texts to 1 in 10 over the year.
        return 0.85 - 0.75 * month_index / max(MONTHS - 1, 1)
    return 0.55


def _texts(rng: np.random.Generator, p_deficit: float) -> tuple[str, str, str]:
    deficit = rng.random() < p_deficit
    resources = rng.choice(RESOURCES_DEFICIT if deficit else RESOURCES_RESOURCE)
    if rng.random() < 0.3:  # a mixed text: one sentence of the other kind
        resources += " " + rng.choice(RESOURCES_RESOURCE if deficit else RESOURCES_DEFICIT)
    conditions = rng.choice(CONDITIONS_DEFICIT if rng.random() < p_deficit else CONDITIONS_RESOURCE)
    return str(resources), str(conditions), str(rng.choice(WISHES))


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


@transaction.atomic
def generate_demo_texts(*, rng: np.random.Generator, today: dt.date) -> int:
    """Create invented referrals with versions (bulk); returns the number of referrals."""
    starts = month_starts(until=today, count=MONTHS)
    teams = list(Team.objects.order_by("pk"))
    members_of = {
        team.pk: list(
            Staff.objects.filter(
                role=Role.CASEWORKER,
                pk__in=TeamMembership.objects.filter(team=team, end_date__isnull=True).values(
                    "staff_id"
                ),
            ).order_by("pk")
        )
        for team in teams
    }
    # The first of the teams with most caseworkers runs the "ressourcer" experiment
    # (in the demo: the first municipality's first team).
    experiment = max(teams, key=lambda t: len(members_of[t.pk])).pk if teams else None
    consultants = {}
    pending: list[tuple[Referral, list[ReferralVersion]]] = []
    for team in teams:
        if team.municipality_id not in consultants:
            consultants[team.municipality_id] = list(
                policy.company_consultants(team.municipality_id)
            )
        if not consultants[team.municipality_id]:
            continue
        for caseworker in members_of[team.pk]:
            addressees = [c for c in consultants[team.municipality_id] if c.pk != caseworker.pk]
            if not addressees:
                continue
            for index, start in enumerate(starts):
                end = min(start + dt.timedelta(days=27), today)
                citizen_ids = list(
                    Assignment.objects.filter(caseworker=caseworker, start_date__lte=start)
                    .filter(Q(end_date__isnull=True) | Q(end_date__gte=end))
                    .values_list("citizen_id", flat=True)[:200]
                )
                if not citizen_ids:
                    continue
                p = _deficit_probability(experiment=team.pk == experiment, month_index=index)
                chosen = rng.choice(
                    citizen_ids, size=min(REFERRALS_PER_MONTH, len(citizen_ids)), replace=False
                )
                for citizen_id in chosen:
                    day = start + dt.timedelta(days=int(rng.integers(0, (end - start).days + 1)))
                    created = _at(day, 9 + int(rng.integers(0, 7)))
                    consultant = addressees[int(rng.integers(0, len(addressees)))]
                    referral = Referral(
                        citizen_id=int(citizen_id),
                        consultant=consultant,
                        created_by=caseworker,
                        created_at=created,
                    )
                    resources, conditions, wishes = _texts(rng, p)
                    versions = [
                        ReferralVersion(
                            number=1, resources=resources, success_conditions=conditions,
                            wishes=wishes, author=caseworker, team=team, created_at=created,
                        )
                    ]  # fmt: skip
                    revised_on = day + dt.timedelta(days=int(rng.integers(1, 4)))
                    if rng.random() < REVISED_SHARE and revised_on <= today:
                        versions.append(
                            ReferralVersion(
                                number=2, resources=str(rng.choice(RESOURCES_RESOURCE)),
                                success_conditions=str(rng.choice(CONDITIONS_RESOURCE)),
                                wishes=wishes, author=caseworker, team=team,
                                created_at=_at(revised_on, 10),
                            )
                        )  # fmt: skip
                    pending.append((referral, versions))
    referrals = Referral.objects.bulk_create([r for r, _ in pending], batch_size=1000)
    if any(r.pk is None for r in referrals):
        # Backends that cannot return ids from a bulk insert: the newest rows, in order.
        ids = list(Referral.objects.order_by("-pk").values_list("pk", flat=True)[: len(referrals)])
        for referral, pk in zip(referrals, reversed(ids), strict=True):
            referral.pk = pk
    rows = []
    for referral, versions in pending:
        for version in versions:
            version.referral_id = referral.pk
            rows.append(version)
    ReferralVersion.objects.bulk_create(rows, batch_size=1000)
    audit.log(
        actor=None,
        action="practice.demo.texts_created",
        detail={"referrals": len(referrals), "versions": len(rows)},
    )
    return len(referrals)
