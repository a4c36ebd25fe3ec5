"""Demo success stories, told at team meetings in every municipality over the last year.

Called by the demo builder after the experiments step:

    from jobtro.stories.demo import generate_demo
    generate_demo(rng=np.random.default_rng(seed), today=today)

Each story is one of a set of invented courses, written in resource language and
without anything that could identify a citizen, with the tags its storyteller would
choose. Stories in a team that runs an experiment are often linked to it. Sharing
varies (team, municipality, the whole project); a few stories were corrected once, so
that the versions show.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from django.db import transaction
from django.utils import timezone

from jobtro.core import audit
from jobtro.experiments.models import Experiment, Lever, Theme
from jobtro.organisations.models import Role, Staff, Team, TeamMembership

from .models import Difference, Sharing, Story, StoryTag, TagKind

STORIES = 32
HISTORY_DAYS = 330
CORRECTED = 3
SHARING_WEIGHTS = ((Sharing.TEAM, 0.3), (Sharing.MUNICIPALITY, 0.35), (Sharing.PROJECT, 0.35))


@dataclass(frozen=True)
class Tale:
    happened: str
    difference: str
    learn: str
    levers: tuple[str, ...]
    themes: tuple[str, ...]
    differences: tuple[str, ...]


TALES: tuple[Tale, ...] = (
    Tale(
        "En borger, der i flere år havde været uden for arbejdsmarkedet, fortalte til en "
        "samtale, at hun savnede at lave mad til mange. Vi tog på besøg i et kantinekøkken "
        "sammen, og hun startede i praktik ti timer om ugen.",
        "At vi tog udgangspunkt i det, hun selv var god til og gerne ville, og at "
        "sagsbehandleren selv kendte køkkenchefen fra et tidligere besøg.",
        "Når vi kender virksomhederne, kan vi matche konkrete opgaver med borgerens "
        "kompetencer. Besøgene betaler sig.",
        (Lever.LABOUR_MARKET, Lever.RELATION),
        (Theme.ACTION, Theme.EXTERNAL),
        (Difference.PLACEMENT, Difference.COMPANY),
    ),
    Tale(
        "I henvisningen til virksomhedskonsulenten skrev vi om borgerens erfaring med "
        "lager og truckkort i stedet for en lang liste over skånehensyn. Konsulenten fandt "
        "et løntilskudsjob på tre uger.",
        "Sektionen om ressourcer: konsulenten så en medarbejder, ikke en sag.",
        "Det, vi skriver først, er det, andre ser først. Ressourcerne skal stå øverst.",
        (Lever.COMMUNICATION,),
        (Theme.LANGUAGE, Theme.EXTERNAL),
        (Difference.PLACEMENT, Difference.STAFF_BELIEF),
    ),
    Tale(
        "En kollega bad om sparring, fordi hun ikke længere kunne se en vej frem. I en "
        "ressourcefokuseret runde fandt vi syv ressourcer hos borgeren og i hans netværk. "
        "To måneder senere var han i gang med et AMU-kursus.",
        "Flere øjne på sagen gav kollegaen troen tilbage, og det mærkede borgeren.",
        "Sparring handler også om medarbejderens tro. Vi beder om den tidligere nu.",
        (Lever.SPARRING,),
        (Theme.SPARRING, Theme.MINDSET),
        (Difference.STAFF_BELIEF, Difference.EDUCATION),
    ),
    Tale(
        "En ung borger havde mødt op til mange samtaler uden at sige meget. Vi byttede "
        "mødelokalet ud med en gåtur, og undervejs fortalte han om sin drøm om at blive "
        "tømrer. Han er nu optaget på grundforløbet.",
        "Rammen for samtalen og at vi spurgte til drømme frem for begrænsninger.",
        "Forventninger kan overføres på mange måder; det fysiske møde behøver ikke være "
        "ved et skrivebord.",
        (Lever.RELATION,),
        (Theme.PHYSICAL, Theme.MEETING),
        (Difference.EDUCATION, Difference.CITIZEN_BELIEF),
    ),
    Tale(
        "Teamet aftalte at undgå negativ tale om borgerne på teammøderne. Efter en måned "
        "fortalte en medarbejder, at hun havde genlæst en sag og set helt nye muligheder. "
        "Borgeren har nu en fast aftale om praktik i en genbrugsbutik.",
        "At vi holdt hinanden fast på ressourcesproget, også når det var svært.",
        "Sproget i teamet smitter af på, hvad vi tror er muligt for borgeren.",
        (Lever.COMMUNICATION, Lever.SPARRING),
        (Theme.LANGUAGE, Theme.MINDSET),
        (Difference.TEAM_PRACTICE, Difference.PLACEMENT),
    ),
    Tale(
        "En borger havde selv opgivet at komme i job efter en lang sygeperiode. Vi lagde "
        "en plan i små skridt og fejrede hvert skridt. Efter et halvt år sagde borgeren: "
        "'Nu tror jeg faktisk på det selv.' Hun arbejder nu 15 timer om ugen.",
        "At vi holdt fast i troen, også da borgeren ikke selv gjorde det.",
        "Vores tro kan bære borgerens, indtil borgeren selv kan bære den.",
        (Lever.RELATION,),
        (Theme.MINDSET, Theme.BALANCE),
        (Difference.JOB, Difference.CITIZEN_BELIEF),
    ),
    Tale(
        "Lederen bad på teammødet om en succeshistorie fra ugen. En virksomhedskonsulent "
        "fortalte om en vognmand, der efter et besøg selv ringede og spurgte, om vi havde "
        "flere kandidater. Tre borgere er nu i praktik der.",
        "Et godt første forløb, hvor virksomheden fik den støtte, vi havde lovet.",
        "Et godt samarbejde med én virksomhed åbner døren for flere borgere.",
        (Lever.LABOUR_MARKET, Lever.SPARRING),
        (Theme.EXTERNAL,),
        (Difference.COMPANY, Difference.PLACEMENT),
    ),
    Tale(
        "Vi talte med borgeren om, hvad en realistisk første uge kunne være, i stedet for "
        "at tale om fuld tid med det samme. Borgeren startede i et fleksjob og har siden "
        "fået flere timer.",
        "At forventningerne var høje, men balancerede: et klart mål og et første skridt.",
        "Høje forventninger og små skridt står ikke i modsætning til hinanden.",
        (Lever.RELATION, Lever.COMMUNICATION),
        (Theme.BALANCE, Theme.ACTION),
        (Difference.JOB,),
    ),
    Tale(
        "En mentor og sagsbehandleren holdt et fælles møde med borgeren og aftalte, hvem "
        "der gjorde hvad. Borgeren sagde bagefter, at det var første gang, hun oplevede, "
        "at alle trak i samme retning. Hun er nu i gang med en uddannelse som social- og "
        "sundhedshjælper.",
        "Et fælles billede af borgerens ressourcer hos alle omkring hende.",
        "Forventninger skal deles med de eksterne parter, ellers trækker vi i hver sin retning.",
        (Lever.COMMUNICATION, Lever.RELATION),
        (Theme.EXTERNAL, Theme.MEETING),
        (Difference.EDUCATION, Difference.CITIZEN_BELIEF),
    ),
    Tale(
        "En medarbejder havde vurderet troen på en borgers jobchance lavt i over et år. "
        "Efter en sparring med dekonstruktion og genforfatning skrev hun sagen om. Borgeren "
        "fik en praktik, som blev til et job med løntilskud.",
        "At vi sammen fandt en anden, lige så sand fortælling om borgeren.",
        "Den fortælling, vi har om en borger, kan skrives om, og det ændrer det, vi gør.",
        (Lever.SPARRING, Lever.COMMUNICATION),
        (Theme.SPARRING, Theme.LANGUAGE),
        (Difference.STAFF_BELIEF, Difference.PLACEMENT),
    ),
    Tale(
        "Sagsbehandleren tog med borgeren på det første møde i virksomheden og var med de "
        "første to dage. Borgeren, som før var udeblevet fra aftaler, har ikke haft en "
        "fraværsdag siden.",
        "Trygheden ved at kende et ansigt i de første dage.",
        "Det første møde med en arbejdsplads kan være det sværeste skridt. Vi går med.",
        (Lever.LABOUR_MARKET, Lever.RELATION),
        (Theme.ACTION, Theme.PHYSICAL),
        (Difference.PLACEMENT, Difference.CITIZEN_BELIEF),
    ),
    Tale(
        "Teamet begyndte at starte hvert teammøde med en succeshistorie. Efter tre måneder "
        "sagde flere, at de gik mere optimistisk ind til de svære samtaler.",
        "Den faste ramme: én historie, og spørgsmålet 'hvad lærer vi?'.",
        "Når vi deler det, der lykkes, bliver det lettere at tro på det næste forløb.",
        (Lever.SPARRING,),
        (Theme.MINDSET, Theme.SPARRING),
        (Difference.TEAM_PRACTICE, Difference.STAFF_BELIEF),
    ),
)


def _current_members(team: Team, today: dt.date) -> list[Staff]:
    staff_ids = TeamMembership.objects.filter(team=team, start_date__lte=today).filter(
        end_date__isnull=True
    )
    return list(
        Staff.objects.filter(
            pk__in=staff_ids.values("staff_id"),
            role__in=[Role.CASEWORKER, Role.LEADER],
            is_active=True,
        ).order_by("pk")
    )


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _tags(story: Story, tale: Tale, extra_theme: str | None) -> list[StoryTag]:
    themes = set(tale.themes) | ({extra_theme} if extra_theme else set())
    return [
        StoryTag(story=story, kind=kind, value=str(value))
        for kind, values in (
            (TagKind.LEVER, tale.levers),
            (TagKind.THEME, sorted(themes)),
            (TagKind.DIFFERENCE, tale.differences),
        )
        for value in values
    ]


@transaction.atomic
def generate_demo(*, rng: np.random.Generator, today: dt.date) -> int:
    """Create invented success stories with tags (bulk); returns the number of stories."""
    teams = [(t, _current_members(t, today)) for t in Team.objects.order_by("pk")]
    teams = [(t, members) for t, members in teams if members]
    if not teams:
        return 0
    experiments_of: dict[int, list[Experiment]] = {}
    for experiment in Experiment.objects.prefetch_related("teams").order_by("pk"):
        for team in experiment.teams.all():
            experiments_of.setdefault(team.pk, []).append(experiment)
    levels = [level for level, _ in SHARING_WEIGHTS]
    weights = np.array([w for _, w in SHARING_WEIGHTS])
    made: list[tuple[Story, Tale, str | None]] = []
    for index in range(STORIES):
        # Round-robin over teams first, so every municipality has stories.
        team, members = teams[index % len(teams)]
        tale = TALES[int(rng.integers(0, len(TALES)))]
        day = today - dt.timedelta(days=int(rng.integers(1, HISTORY_DAYS)))
        linked = experiments_of.get(team.pk, [])
        experiment = None
        if linked and rng.random() < 0.6:
            experiment = linked[int(rng.integers(0, len(linked)))]
            if experiment.start_date > day:
                day = min(today, experiment.start_date + dt.timedelta(days=7))
        story = Story(
            municipality_id=team.municipality_id,
            team=team,
            author=members[int(rng.integers(0, len(members)))],
            meeting_date=day,
            what_happened=tale.happened,
            what_made_difference=tale.difference,
            what_we_learn=tale.learn,
            sharing=levels[int(rng.choice(len(levels), p=weights))],
            experiment=experiment,
            created_at=_at(day, 10 + int(rng.integers(0, 5))),
        )
        made.append((story, tale, experiment.theme if experiment else None))
    stories = _bulk(made)
    # A few storytellers corrected their story the day after: one more sentence, and
    # shared with the whole project.
    corrections = []
    for story, tale, theme in made[:CORRECTED]:
        later = Story(
            municipality_id=story.municipality_id,
            team_id=story.team_id,
            author_id=story.author_id,
            meeting_date=story.meeting_date,
            what_happened=story.what_happened,
            what_made_difference=story.what_made_difference,
            what_we_learn=story.what_we_learn + " Det vil vi prøve i flere forløb.",
            sharing=Sharing.PROJECT,
            experiment_id=story.experiment_id,
            original_id=story.pk,
            supersedes_id=story.pk,
            version=2,
            created_at=min(story.created_at + dt.timedelta(days=1), timezone.now()),
        )
        corrections.append((later, tale, theme))
    stories += _bulk(corrections)
    audit.log(
        actor=None,
        action="stories.demo.created",
        detail={"stories": len(made), "corrections": len(corrections)},
    )
    return len(stories)


def _bulk(made: list[tuple[Story, Tale, str | None]]) -> list[Story]:
    stories = Story.objects.bulk_create([s for s, _, _ in made])
    if any(s.pk is None for s in stories):
        # Backends that cannot return ids from a bulk insert: the newest rows, in order.
        ids = list(Story.objects.order_by("-pk").values_list("pk", flat=True)[: len(stories)])
        for story, pk in zip(stories, reversed(ids), strict=True):
            story.pk = pk
    StoryTag.objects.bulk_create(
        [tag for story, tale, theme in made for tag in _tags(story, tale, theme)]
    )
    return stories
