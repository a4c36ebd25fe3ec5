"""Demo companies, visits, placements and job profiles (called by the demo builder).

Everything is invented: company names carry "Demo" or "Eksempel", contact persons have
the demo's made-up surnames, e-mail addresses end in ".example", phone numbers start
with "00". About a third of the companies have no CVR number; the others have a random
number that passes the modulus-11 check (drawn, not looked up).

Placements lie inside an assignment period of the citizen and never overlap; each
citizen gets at most two, one after the other. Job profiles go to a few hundred
citizens with an open assignment, written by that caseworker, using words from the
companies' tasks so that the matching has something to find.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import numpy as np
from django.db import transaction
from django.utils import timezone

from jobtro.citizens.models import Assignment
from jobtro.core import audit
from jobtro.core.demo.data import FIRST_NAMES_F, FIRST_NAMES_M, SURNAMES
from jobtro.organisations.models import Function, Municipality, Role, Staff

from .models import (
    CVR_WEIGHTS,
    Company,
    CompanyContact,
    CompanyNote,
    JobFunction,
    JobProfile,
    NoteTopic,
    Placement,
    PlacementKind,
    PlacementStatus,
    Visit,
    VisitPurpose,
)

COMPANIES_PER_MUNICIPALITY = 14
PROFILES = 320
PLACEMENT_SHARE = 0.18

# (industry, name stems, functions: (title, task tags, strength keys, requirements))
INDUSTRIES = [
    (
        "Lager og logistik",
        ["Lager", "Logistik", "Pakkeri"],
        [
            (
                "Lagermedarbejder",
                ["pakning", "varemodtagelse", "truckkørsel", "plukning"],
                ["reliable", "physical", "organised"],
                "Truckkort er en fordel. Arbejde i dagtimer.",
            ),
            (
                "Chauffør",
                ["kørsel", "udbringning", "kundekontakt"],
                ["responsible", "reliable"],
                "Kørekort B.",
            ),
        ],
    ),
    (
        "Køkken og kantine",
        ["Kantine", "Køkken", "Madhus"],
        [
            (
                "Køkkenhjælp",
                ["opvask", "madlavning", "rengøring", "anretning"],
                ["team_player", "hands_on", "thorough"],
                "Hygiejnebevis gives på stedet.",
            ),
            (
                "Kantinemedarbejder",
                ["kundeservice", "kasse", "anretning"],
                ["easy_to_talk_to", "helpful"],
                "Arbejde fra kl. 7.",
            ),
        ],
    ),
    (
        "Butik og detail",
        ["Butik", "Marked", "Handel"],
        [
            (
                "Butiksassistent",
                ["kundeservice", "kasse", "varepåfyldning", "oprydning"],
                ["easy_to_talk_to", "helpful", "reliable"],
                "Weekendvagter forekommer.",
            ),
        ],
    ),
    (
        "Grønne områder",
        ["Have", "Park", "Anlæg"],
        [
            (
                "Gartnermedhjælper",
                ["udendørs", "græsslåning", "beskæring", "plantning"],
                ["physical", "persistent", "hands_on"],
                "Udendørs arbejde hele året.",
            ),
        ],
    ),
    (
        "Rengøring og service",
        ["Service", "Rengøring", "Facility"],
        [
            (
                "Rengøringsassistent",
                ["rengøring", "vinduespudsning", "affaldssortering"],
                ["thorough", "reliable", "calm"],
                "Tidlig start, selvstændigt arbejde.",
            ),
            (
                "Pedelmedhjælper",
                ["vedligeholdelse", "reparation", "udendørs"],
                ["problem_solver", "hands_on"],
                "",
            ),
        ],
    ),
    (
        "Pleje og omsorg",
        ["Omsorg", "Plejehjem", "Bosted"],
        [
            (
                "Servicemedarbejder i ældreplejen",
                ["samvær", "madlavning", "rengøring", "gåture"],
                ["caring", "listener", "calm"],
                "Børneattest og straffeattest.",
            ),
        ],
    ),
    (
        "Dyr og landbrug",
        ["Gård", "Dyreklinik", "Stald"],
        [
            (
                "Staldmedhjælper",
                ["pasning af dyr", "fodring", "udendørs", "rengøring"],
                ["caring", "physical", "reliable"],
                "Tidlige morgener.",
            ),
        ],
    ),
    (
        "Værksted og produktion",
        ["Værksted", "Produktion", "Metal"],
        [
            (
                "Produktionsmedarbejder",
                ["montage", "kvalitetskontrol", "pakning", "maskinbetjening"],
                ["thorough", "organised", "quick_learner"],
                "Sikkerhedssko udleveres.",
            ),
            (
                "Cykelmekaniker-medhjælp",
                ["reparation", "cykler", "kundekontakt"],
                ["hands_on", "problem_solver"],
                "",
            ),
        ],
    ),
    (
        "Kontor og administration",
        ["Kontorhus", "Administration", "Regnskab"],
        [
            (
                "Kontormedhjælper",
                ["scanning", "post", "telefon", "kundeservice", "computer"],
                ["organised", "technology", "numbers"],
                "Kendskab til e-mail og Word.",
            ),
        ],
    ),
]
SUFFIXES = ["ApS", "A/S", "I/S", ""]
PLACES = ["Nord", "Syd", "Øst", "Vest", "Centrum", "Havnen", "Bakken", "Engen", "Skoven", "Torvet"]
STREETS = ["Demovej", "Eksempelgade", "Prøvestien", "Skitsevej", "Udkastalle"]
POSTAL = {
    "740": ("8600", "Silkeborg"),
    "540": ("6400", "Sønderborg"),
    "727": ("8300", "Odder"),
    "147": ("2000", "Frederiksberg"),
}

CULTURE_NOTES = [
    "Uformel omgangstone, fælles morgenmad om fredagen. Ledelsen er tæt på gulvet.",
    "Travlt om formiddagen, roligere om eftermiddagen. De er vant til at tage praktikanter.",
    "Lille arbejdsplads, hvor alle hjælper hinanden. Mester tager sig tid til at vise opgaverne.",
    "Stor arbejdsplads med faste rutiner og en fast kontaktperson for nye.",
]
SUCCESS_NOTES = [
    "Det vigtigste er at møde til tiden og sige til, hvis man er forhindret. Tempoet kommer med tiden.",
    "Man skal kunne lide at arbejde med hænderne. De giver gerne ekstra oplæring.",
    "Gode erfaringer med nedsat tid i starten og en gradvis optrapning.",
    "Det går godt, når der er en fast makker de første uger.",
]
LEARNED = [
    "De mangler hænder i højsæsonen og er åbne for praktik med henblik på løntilskud.",
    "Vi fik vist rundt og talte om konkrete opgaver, der kan passe til nye medarbejdere.",
    "Kontaktpersonen vil gerne have besøg igen om et par måneder.",
    "De har gode erfaringer med borgere fra jobcentret og vil gerne tage flere.",
    "Der er opgaver, som ikke kræver erfaring, og plads til oplæring.",
]
OUTCOMES = {
    PlacementStatus.COMPLETED: "Praktikken blev gennemført. Borgeren mødte stabilt og fik gode tilbagemeldinger.",
    PlacementStatus.STOPPED: "Forløbet stoppede før tid; opgaverne passede ikke. Vi prøver en anden arbejdsplads.",
    PlacementStatus.HIRED: "Forløbet førte til ansættelse med ordinære timer.",
    PlacementStatus.ONGOING: "",
    PlacementStatus.PLANNED: "",
}
KIND_WEEKS = {
    PlacementKind.WORK_PLACEMENT: (4, 13),
    PlacementKind.WAGE_SUBSIDY: (13, 26),
    PlacementKind.ORDINARY_HOURS: (8, 40),
    PlacementKind.FLEXJOB: (26, 52),
}
KIND_P = [0.55, 0.2, 0.15, 0.1]


def demo_cvr(rng: np.random.Generator) -> str:
    """A random eight-digit number that passes the modulus-11 check."""
    while True:
        digits = [int(rng.integers(1, 10))] + [int(d) for d in rng.integers(0, 10, size=6)]
        check = -sum(d * w for d, w in zip(digits, CVR_WEIGHTS, strict=False)) % 11
        if check < 10:
            return "".join(map(str, digits)) + str(check)


def _pick(rng: np.random.Generator, items: list) -> object:
    return items[int(rng.integers(0, len(items)))]


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _person(rng: np.random.Generator) -> str:
    first = _pick(rng, FIRST_NAMES_F if rng.random() < 0.5 else FIRST_NAMES_M)
    return f"{first} {_pick(rng, SURNAMES)}"


@transaction.atomic
def generate_demo(*, rng: np.random.Generator, today: dt.date) -> int:
    """Create the demo's companies, visits, placements and job profiles; returns rows made."""
    start = today - dt.timedelta(days=730)
    made = 0
    caseworkers: dict[int, list[Staff]] = defaultdict(list)
    for staff in Staff.objects.filter(role=Role.CASEWORKER).order_by("pk"):
        caseworkers[staff.municipality_id].append(staff)
    functions_by_muni: dict[int, list[tuple[Company, JobFunction]]] = defaultdict(list)
    for municipality in Municipality.objects.order_by("pk"):
        staff = caseworkers.get(municipality.pk, [])
        if not staff:
            continue
        consultants = [s for s in staff if s.function == Function.COMPANY_CONSULTANT] or staff
        postal, city = POSTAL.get(municipality.code, ("", municipality.name))
        companies = []
        for index in range(COMPANIES_PER_MUNICIPALITY):
            industry, stems, functions = INDUSTRIES[index % len(INDUSTRIES)]
            head = "Demo" if rng.random() < 0.5 else "Eksempel"
            name = f"{head} {_pick(rng, stems)} {_pick(rng, PLACES)} {_pick(rng, SUFFIXES)}".strip()
            if any(c.name == name for c, _ in companies):
                name = f"{head} {_pick(rng, stems)} {city} {index + 1}"
            company = Company(
                municipality=municipality,
                name=name,
                cvr=demo_cvr(rng) if rng.random() < 0.67 else "",
                industry=industry,
                address=f"{_pick(rng, STREETS)} {int(rng.integers(1, 120))}",
                postal_code=postal,
                city=city,
                created_by=_pick(rng, consultants),
                created_at=_at(start),
            )
            companies.append((company, functions))
        Company.objects.bulk_create([c for c, _ in companies])
        made += len(companies)
        contacts, job_functions, notes = [], [], []
        for company, functions in companies:
            for _ in range(1 + int(rng.random() < 0.4)):
                person = _person(rng)
                contacts.append(
                    CompanyContact(
                        company=company,
                        name=person,
                        role=str(
                            _pick(rng, ["Daglig leder", "Værkfører", "HR-partner", "Indehaver"])
                        ),
                        phone=f"00 00 {int(rng.integers(10, 99))} {int(rng.integers(10, 99))}",
                        email=f"{person.split()[0].lower()}@demo.example",
                    )
                )
            for title, tags, keys, requirements in functions:
                job_functions.append(
                    JobFunction(
                        company=company, title=title, task_tags=list(tags), strength_keys=list(keys),
                        tasks=f"Opgaverne er bl.a. {', '.join(tags)}.", requirements=requirements,
                    )
                )  # fmt: skip
            for topic, texts in (
                (NoteTopic.CULTURE, CULTURE_NOTES),
                (NoteTopic.SUCCESS, SUCCESS_NOTES),
            ):
                if rng.random() < 0.75:
                    day = start + dt.timedelta(days=int(rng.integers(30, 720)))
                    notes.append(
                        CompanyNote(
                            company=company, topic=topic, text=str(_pick(rng, texts)),
                            author=_pick(rng, staff), created_at=_at(min(day, today)),
                        )
                    )  # fmt: skip
        CompanyContact.objects.bulk_create(contacts)
        JobFunction.objects.bulk_create(job_functions)
        CompanyNote.objects.bulk_create(notes)
        made += len(contacts) + len(job_functions) + len(notes)
        functions_by_muni[municipality.pk] = [(f.company, f) for f in job_functions]
        made += _visits(rng, today=today, start=start, staff=staff, consultants=consultants,
                        companies=[c for c, _ in companies])  # fmt: skip
    made += _placements(rng, today=today, functions_by_muni=functions_by_muni)
    made += _profiles(rng, today=today, functions_by_muni=functions_by_muni)
    audit.log(actor=None, action="companies.demo.created", detail={"rows": made})
    return made


def _visits(rng, *, today, start, staff, consultants, companies) -> int:
    visits: list[tuple[Visit, list[Staff]]] = []
    for person in staff:
        per_month = (
            2.0 if person in consultants and person.function == Function.COMPANY_CONSULTANT else 0.4
        )
        n = int(rng.poisson(per_month * 24))
        for _ in range(n):
            day = start + dt.timedelta(days=int(rng.integers(0, 731)))
            day = min(day, today)
            others = [p for p in staff if p.pk != person.pk]
            people = [person] + ([_pick(rng, others)] if others and rng.random() < 0.3 else [])
            follow = (
                day + dt.timedelta(days=int(rng.integers(14, 90))) if rng.random() < 0.5 else None
            )
            visits.append(
                (
                    Visit(
                        company=_pick(rng, companies), date=day,
                        purpose=str(_pick(rng, list(VisitPurpose.values))),
                        learned=str(_pick(rng, LEARNED)), follow_up_on=follow,
                        created_by=person, created_at=_at(day, 15),
                    ),
                    people,
                )
            )  # fmt: skip
    Visit.objects.bulk_create([v for v, _ in visits])
    through = Visit.participants.through
    links = [through(visit_id=v.pk, staff_id=p.pk) for v, people in visits for p in people]
    through.objects.bulk_create(links)
    return len(visits) + len(links)


def _status(start: dt.date, end: dt.date | None, today: dt.date, rng) -> str:
    if start > today:
        return PlacementStatus.PLANNED
    if end is None or end >= today:
        return PlacementStatus.ONGOING
    return str(
        rng.choice(
            [PlacementStatus.COMPLETED, PlacementStatus.STOPPED, PlacementStatus.HIRED],
            p=[0.6, 0.25, 0.15],
        )
    )


def _placements(rng, *, today, functions_by_muni) -> int:
    assignments = list(
        Assignment.objects.order_by("citizen_id", "start_date").values_list(
            "citizen_id", "caseworker_id", "start_date", "end_date", "citizen__municipality_id"
        )
    )
    contacts = defaultdict(list)
    for contact in CompanyContact.objects.order_by("pk"):
        contacts[contact.company_id].append(contact.pk)
    rows = []
    last_end: dict[int, dt.date] = {}
    for citizen_id, caseworker_id, a_start, a_end, muni in assignments:
        options = functions_by_muni.get(muni)
        if not options or rng.random() > PLACEMENT_SHARE:
            continue
        a_end = a_end or today
        earliest = max(
            a_start + dt.timedelta(days=30),
            last_end.get(citizen_id, dt.date.min) + dt.timedelta(days=14),
        )
        if earliest >= a_end:
            continue
        first = earliest + dt.timedelta(days=int(rng.integers(0, (a_end - earliest).days + 1)))
        kind = str(rng.choice(list(PlacementKind.values), p=KIND_P))
        low, high = KIND_WEEKS[kind]
        end = first + dt.timedelta(weeks=int(rng.integers(low, high + 1)))
        if kind in {PlacementKind.FLEXJOB, PlacementKind.ORDINARY_HOURS} and end > today:
            end = None  # open-ended employment
        company, _function = options[int(rng.integers(0, len(options)))]
        status = _status(first, end, today, rng)
        rows.append(
            Placement(
                citizen_id=citizen_id, company=company, kind=kind, start_date=first, end_date=end,
                contact_id=(contacts[company.pk] or [None])[0], status=status,
                outcome=OUTCOMES[status], created_by_id=caseworker_id, created_at=_at(min(first, today)),
            )
        )  # fmt: skip
        last_end[citizen_id] = end or dt.date.max - dt.timedelta(days=30)
    Placement.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


WISH_EXTRA = ["udendørs", "faste rutiner", "kontakt med mennesker", "dyr", "køkken", "lager"]
COMPETENCES = ["kørekort B", "truckkort", "engelsk", "hygiejnebevis", "kasseapparat", "computer"]


def _profiles(rng, *, today, functions_by_muni) -> int:
    open_assignments = list(
        Assignment.objects.filter(end_date__isnull=True)
        .order_by("citizen_id")
        .values_list("citizen_id", "caseworker_id", "citizen__municipality_id")
    )
    if not open_assignments:
        return 0
    chosen = rng.choice(
        len(open_assignments), size=min(PROFILES, len(open_assignments)), replace=False
    )
    rows = []
    for index in sorted(int(i) for i in chosen):
        citizen_id, caseworker_id, muni = open_assignments[index]
        options = functions_by_muni.get(muni) or []
        tags = sorted({t for _c, f in options for t in f.task_tags})
        if not tags:
            continue
        wishes = list(dict.fromkeys([str(_pick(rng, tags)), str(_pick(rng, WISH_EXTRA))]))
        experience = list(
            dict.fromkeys(str(_pick(rng, tags)) for _ in range(int(rng.integers(0, 3))))
        )
        competences = list(
            dict.fromkeys(str(_pick(rng, COMPETENCES)) for _ in range(int(rng.integers(0, 3))))
        )
        day = today - dt.timedelta(days=int(rng.integers(0, 180)))
        rows.append(
            JobProfile(
                citizen_id=citizen_id, number=1, competences=competences, experience=experience,
                wishes=wishes, text="Har lyst til at komme i gang og vil gerne lære nyt.",
                author_id=caseworker_id, created_at=_at(day, 11),
            )
        )  # fmt: skip
    JobProfile.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
