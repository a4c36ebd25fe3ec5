"""Demo experiments and greb.

Called by the demo builder after ratings and referrals exist (DEMO_STEPS):

- Silkeborg's first team — the team whose referrals move from deficit to resource
  language in `practice.demo` — runs "Et team uden negativ snak": three PDSA cycles
  (two decided, one open), a logbook, and ratings within the experiment that lift the
  participants' belief a little, so the run chart has something to find. Its
  comparison team has fewer than five caseworkers: the difference-in-differences
  honestly says "for få data".
- Sønderborg and Odder each completed an experiment (with ratings within it, too)
  whose learning is published as a greb with its measured figures; Frederiksberg started an experiment from Sønderborg's greb and Sønderborg one
  from Odder's ("Prøv det hos os").

Rows are written directly (with fixed times from `today`) rather than through the
services, so that two builds on the same day are identical; the invariants the
services check hold by construction.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from django.db import transaction
from django.utils import timezone

from jobtro.belief.models import Context, Rating, Source
from jobtro.citizens.models import Assignment
from jobtro.core import audit
from jobtro.organisations.models import Municipality, Role, Staff, Team

from .measurement import figures_snapshot
from .models import (
    Cycle,
    Decision,
    EntryKind,
    Experiment,
    LogbookEntry,
    LogbookVersion,
    Practice,
    Status,
)
from .templates_data import template_by_key

# Per template: logbook notes (observations, then reflections) and the PDSA cycles
# (plan, what we saw, decision, why, agreed actions); an open cycle has only a plan.
NOTES = {
    "ressourcesprog": (
        [
            "På teammødet fangede vi selv to gange, at vi talte om begrænsninger. Vi omformulerede sammen.",
            "En kollega sagde »hun kan jo ikke noget« og rettede selv til »hun har ikke prøvet det endnu«.",
            "Henvisningerne denne uge begyndte alle med ressourcer. Det tog lidt længere tid at skrive.",
            "Ved kaffemaskinen var snakken mere nysgerrig end opgivende i dag.",
        ],
        [
            "Jeg går anderledes ind til samtalen, når jeg har skrevet ressourcerne ned først.",
            "Det er svært at ændre vaner; spillereglerne på væggen hjælper.",
            "Når vi taler om muligheder, kommer der flere konkrete idéer til praktikker.",
        ],
    ),
    "virksomhedsbesoeg": (
        [
            "Besøgte et lager, hvor de mangler folk til pakning om formiddagen. Aftalte en praktik.",
            "Virksomheden spurgte selv, om vi havde nogen, der kunne starte i små timer.",
            "Et besøg på et køkken gav idéen til en praktik med faste, enkle opgaver.",
        ],
        [
            "Jeg ser borgerne anderledes, når jeg har set opgaverne med egne øjne.",
            "Det tager tid, men samtalerne bagefter bliver meget mere konkrete.",
        ],
    ),
    "succeshistorier": (
        [
            "Historien om en borger, der fik fodfæste i en butik, gav en lang snak om små skridt.",
            "To kolleger kom selv med historier i dag; det var ikke planlagt.",
            "Læringen i dag: en fast kontaktperson på arbejdspladsen gjorde forskellen.",
        ],
        [
            "Historierne minder mig om, at det kan lade sig gøre — også i de svære sager.",
            "Det er godt, at vi skal sætte ord på, hvad der gjorde forskellen.",
        ],
    ),
}
CYCLES = {
    "ressourcesprog": [
        (
            "Vi aftaler tre spilleregler for, hvordan vi taler om borgerne, og hænger dem op.",
            "Spillereglerne blev brugt på møderne, men sjældent på skrift.",
            Decision.ADAPT,
            "Vi tager henvisningerne med.",
            "Alle skriver ressourceafsnittet først i nye henvisninger. Lederen tager det op på næste teammøde.",
        ),
        (
            "Ressourceafsnittet først i alle nye henvisninger; vi læser to højt på hvert teammøde.",
            "Sprogbilledet viser færre underskudsformuleringer, og konsulenterne melder om bedre henvisninger.",
            Decision.ADOPT,
            "Det virker og tager kort tid.",
            "Vi fortsætter og inviterer virksomhedskonsulenterne med til at læse op.",
        ),
        ("Virksomhedskonsulenterne deltager i oplæsningen hver anden uge.", "", "", "", ""),
    ],
    "virksomhedsbesoeg": [
        (
            "Hver sagsbehandler besøger to virksomheder i første måned.",
            "Besøgene gav praktikaftaler, men tiden slog ikke til for alle.",
            Decision.ADAPT,
            "Vi går to og to for at lære af hinanden.",
            "Lederen sætter faste besøgstider i kalenderen.",
        ),
        (
            "To og to, med faste besøgstider hver anden uge.",
            "Flere praktikker og mere konkrete samtaler med borgerne.",
            Decision.ADOPT,
            "Det gør en forskel, vi kan mærke.",
            "Vi deler erfaringerne med andre kommuner.",
        ),
    ],
    "succeshistorier": [
        (
            "Lederen fortæller en succeshistorie på hvert teammøde.",
            "Historierne blev godt modtaget, men læringen blev ikke skrevet ned.",
            Decision.ADAPT,
            "Læringen skal fastholdes.",
            "Vi skriver læringen på tavlen og i logbogen.",
        ),
        (
            "Historie, ti minutters snak og læringen skrevet ned.",
            "Teamet kommer nu selv med historier.",
            Decision.ADOPT,
            "Det virker.",
            "Vi fortsætter og deler grebet.",
        ),
    ],
}
PUBLISHED = [
    # (municipality index, template, greb title, summary, how_to, requirements, evidence)
    (
        1,
        "virksomhedsbesoeg",
        "Sagsbehandleren aftaler selv praktikken",
        "Sagsbehandlerne besøger selv to virksomheder om måneden og aftaler "
        "virksomhedspraktikker direkte med arbejdspladsen.",
        "Sæt to timer af hver anden uge. Tag en kollega med de første gange. Skriv efter "
        "besøget ned, hvilke opgaver I så, og hvilke borgere der kunne løse dem.",
        "Tid i kalenderen, en liste over virksomheder fra virksomhedskonsulenterne og en "
        "leder, der prioriterer det.",
        "Sagsbehandlerne fortalte, at de fik konkrete billeder af job at tale med borgerne "
        "om, og at det blev lettere at tro på en praktik.",
    ),
    (
        2,
        "succeshistorier",
        "Ti minutter med en succeshistorie",
        "Lederen fortæller en succeshistorie på hvert teammøde, og teamet finder sammen "
        "det, der gjorde forskellen.",
        "Vælg en historie, hvor en borger kom videre. Fortæl den på fem minutter. Brug fem "
        "minutter på: Hvad gjorde forskellen, og hvad kan vi gøre igen?",
        "Ti minutter på dagsordenen og en leder, der samler historier op fra teamet.",
        "Teamet begyndte selv at komme med historier, og flere sagde, at det gav mod på "
        "de svære sager.",
    ),
]


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _first_team(municipality: Municipality) -> Team:
    return Team.objects.filter(municipality=municipality).order_by("pk").first()


def _leader_of(team: Team) -> Staff:
    return Staff.objects.filter(
        role=Role.LEADER, memberships__team=team, memberships__end_date__isnull=True
    ).order_by("pk")[0]


def _caseworkers_of(team: Team) -> list[Staff]:
    return list(
        Staff.objects.filter(
            role=Role.CASEWORKER, memberships__team=team, memberships__end_date__isnull=True
        ).order_by("pk")
    )


def _experiment(
    *, team: Team, key: str, start: dt.date, end: dt.date, comparison: Team | None = None,
    source: Practice | None = None, status: str = Status.RUNNING, with_leader: bool = False,
) -> Experiment:  # fmt: skip
    template = template_by_key(key)
    leader = _leader_of(team)
    experiment = Experiment.objects.create(
        municipality_id=team.municipality_id, title=template.title, question=template.question,
        hypothesis=template.hypothesis, theme=template.theme, lever=template.lever,
        comparison_team=comparison, start_date=start, end_date=end, created_by=leader,
        created_at=_at(start - dt.timedelta(days=7)), status=status,
        completed_at=_at(end, 15) if status == Status.COMPLETED else None,
        source_practice=source, template_key=key,
    )  # fmt: skip
    experiment.teams.set([team])
    participants = _caseworkers_of(team) + ([leader] if with_leader else [])
    experiment.participants.set(participants)
    return experiment


def _cycles(
    experiment: Experiment, rng: np.random.Generator, *, spans: list[tuple[dt.date, dt.date | None]]
) -> list[Cycle]:
    leader = experiment.created_by
    made = []
    plans = CYCLES[experiment.template_key]
    for number, ((plan, study, decision, note, actions), (start, end)) in enumerate(
        zip(plans, spans, strict=False), start=1
    ):
        decided = end is not None
        made.append(
            Cycle.objects.create(
                experiment=experiment,
                number=number,
                plan=plan,
                started_on=start,
                ended_on=end,
                study=study if decided else "",
                decision=decision if decided else "",
                decision_note=note if decided else "",
                next_actions=actions if decided else "",
                created_by=leader,
                decided_by=leader if decided else None,
            )
        )
    return made


def _logbook(
    experiment: Experiment, cycles: list[Cycle], rng: np.random.Generator, *, until: dt.date,
    n: int,
) -> int:  # fmt: skip
    authors = list(experiment.participants.order_by("pk"))
    days = sorted(
        experiment.start_date + dt.timedelta(days=int(d))
        for d in rng.integers(0, max((until - experiment.start_date).days, 1), n)
    )
    # Each note once before any repeats, in a seeded order.
    observations, reflections = NOTES[experiment.template_key]
    queue = {
        EntryKind.OBSERVATION: [observations[k] for k in rng.permutation(len(observations))],
        EntryKind.REFLECTION: [reflections[k] for k in rng.permutation(len(reflections))],
    }
    used = {EntryKind.OBSERVATION: 0, EntryKind.REFLECTION: 0}
    for i, day in enumerate(days):
        cycle = next(
            (c for c in reversed(cycles) if c.started_on <= day and (c.ended_on or day) >= day),
            None,
        )
        kind = EntryKind.OBSERVATION if i % 3 != 2 else EntryKind.REFLECTION
        text = queue[kind][used[kind] % len(queue[kind])]
        used[kind] += 1
        entry = LogbookEntry.objects.create(
            experiment=experiment, cycle=cycle, author=authors[int(rng.integers(len(authors)))],
            created_at=_at(day, 14),
        )  # fmt: skip
        LogbookVersion.objects.create(
            entry=entry, number=1, observed_on=day, kind=kind,
            text=text, created_at=_at(day, 14),
        )  # fmt: skip
    return len(days)


def _experiment_ratings(experiment: Experiment, rng: np.random.Generator, until: dt.date) -> int:
    """Within the experiment, participants look at some citizens again; the belief
    rises a little more often than it falls (context: experiment)."""
    from jobtro.belief.services import default_instrument

    item = default_instrument().items.get(code="belief_job_1y")
    participants = [p.pk for p in experiment.participants.filter(role=Role.CASEWORKER)]
    latest: dict[tuple[int, int], int] = {}
    for citizen_id, rater_id, value in (
        Rating.objects.filter(item=item, rater_id__in=participants, rated_at__date__lt=until)
        .order_by("rated_at", "pk")
        .values_list("citizen_id", "rater_id", "value")
    ):
        latest[(citizen_id, rater_id)] = value
    new = []
    day = experiment.start_date
    while day <= until:
        for rater_id in participants:
            current = sorted(
                Assignment.objects.filter(caseworker_id=rater_id, start_date__lte=day)
                .exclude(end_date__lt=day)
                .values_list("citizen_id", flat=True)
            )
            known = [c for c in current if (c, rater_id) in latest]
            for citizen_id in rng.permutation(known)[:10]:
                old = latest[(int(citizen_id), rater_id)]
                value = int(min(5, max(1, old + (rng.random() < 0.6) - (rng.random() < 0.05))))
                when = day + dt.timedelta(days=int(rng.integers(0, 25)))
                if when > until:
                    continue
                new.append(
                    Rating(
                        citizen_id=int(citizen_id),
                        rater_id=rater_id,
                        rater_type="caseworker",
                        item=item,
                        value=value,
                        rated_at=_at(when, 11),
                        context=Context.EXPERIMENT,
                        source=Source.DEMO,
                    )
                )
        day = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    Rating.objects.bulk_create(new, batch_size=2000)
    return len(new)


@transaction.atomic
def generate_demo(*, rng: np.random.Generator, today: dt.date) -> int:
    """Create the demo experiments, cycles, logbooks and two published greb."""
    municipalities = list(Municipality.objects.order_by("pk"))
    if len(municipalities) < 4:
        return 0
    made = 0
    # 1. Silkeborg: the running language experiment.
    silkeborg = municipalities[0]
    team = _first_team(silkeborg)
    comparison = Team.objects.filter(municipality=silkeborg).exclude(pk=team.pk).order_by("pk")
    start = today - dt.timedelta(days=150)
    running = _experiment(
        team=team, key="ressourcesprog", start=start, end=today + dt.timedelta(days=120),
        comparison=comparison.first(),
    )  # fmt: skip
    spans = [
        (start, start + dt.timedelta(days=42)),
        (start + dt.timedelta(days=42), start + dt.timedelta(days=98)),
        (start + dt.timedelta(days=98), None),
    ]
    cycles = _cycles(running, rng, spans=spans)
    made += 1 + len(cycles) + _logbook(running, cycles, rng, until=today, n=9)
    made += _experiment_ratings(running, rng, today)

    # 2. Two completed experiments, published as greb, each tried elsewhere.
    practices = []
    for index, key, title, summary, how_to, requirements, evidence in PUBLISHED:
        team = _first_team(municipalities[index])
        start = today - dt.timedelta(days=430 - 30 * index)
        end = start + dt.timedelta(days=180)
        done = _experiment(
            team=team, key=key, start=start, end=end, status=Status.COMPLETED,
            with_leader=key == "succeshistorier",
        )  # fmt: skip
        cycles = _cycles(
            done,
            rng,
            spans=[(start, start + dt.timedelta(days=80)), (start + dt.timedelta(days=80), end)],
        )
        made += 1 + len(cycles) + _logbook(done, cycles, rng, until=end, n=5)
        made += _experiment_ratings(done, rng, end)
        practices.append(
            Practice.objects.create(
                title=title,
                summary=summary,
                how_to=how_to,
                requirements=requirements,
                evidence=evidence,
                figures=figures_snapshot(done, today=end + dt.timedelta(days=14)),
                municipality_id=done.municipality_id,
                lever=done.lever,
                theme=done.theme,
                source_experiment=done,
                published_by=done.created_by,
                published_at=_at(end + dt.timedelta(days=14)),
            )
        )
        made += 1
    # Frederiksberg tries Sønderborg's greb; Sønderborg tries Odder's.
    for practice, index in ((practices[0], 3), (practices[1], 1)):
        team = _first_team(municipalities[index])
        start = today - dt.timedelta(days=60 if index == 3 else 30)
        tried = _experiment(
            team=team, key=practice.source_experiment.template_key, start=start,
            end=start + dt.timedelta(days=180), source=practice,
            with_leader=practice.source_experiment.template_key == "succeshistorier",
        )  # fmt: skip
        cycles = _cycles(tried, rng, spans=[(start, None)])
        made += 1 + len(cycles) + _logbook(tried, cycles, rng, until=today, n=3)
    audit.log(actor=None, action="experiments.demo.built", detail={"rows": made})
    return made
