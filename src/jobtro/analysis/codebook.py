"""The codebook (data dictionary) of the research data folder, in Danish and English.

One description per table and column of the export, beside :mod:`jobtro.analysis.schema`
(which says which columns exist). The export writes it as ``codebook.csv`` and as
readable ``codebook.da.md``/``codebook.en.md``, and takes the variable and value labels
of its Stata and SPSS files from it, so the three can never disagree.
``tests/research/test_export_formats.py`` fails when an exported column has no entry.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Kind = Literal["id", "int", "number", "date", "category", "text", "codes"]


@dataclass(frozen=True)
class Variable:
    kind: Kind
    da: str  # the variable label in Danish (at most 80 characters: Stata's limit)
    en: str
    # For categories: code -> (Danish label, English label), in the order of the codes
    # used in Stata and SPSS (1, 2, 3 …; an empty string is missing, not a code).
    values: dict[str, tuple[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Table:
    da: str
    en: str
    columns: dict[str, Variable]


def _v(kind: Kind, da: str, en: str, values: dict[str, tuple[str, str]] | None = None) -> Variable:
    return Variable(kind, da, en, values or {})


CITIZEN = _v("id", "Borgerens pseudonym (nyt i hvert udtræk)", "Citizen pseudonym (new per export)")
STAFF = _v("id", "Medarbejderens pseudonym", "Staff member pseudonym")
TEAM = _v("id", "Teamets pseudonym", "Team pseudonym")
MUNICIPALITY = _v("id", "Kommunenummer", "Municipality code")

GENDERS = {"k": ("Kvinde", "Female"), "m": ("Mand", "Male")}
RATER_TYPES = {
    "caseworker": ("Sagsbehandler", "Caseworker"),
    "citizen": ("Borger", "Citizen"),
    "external": ("Ekstern samarbejdspartner", "External partner"),
}
OUTCOME_KINDS = {
    "job": ("Ordinært job", "Ordinary job"),
    "flexjob": ("Fleksjob", "Flexjob"),
    "education": ("Uddannelse", "Education"),
    "other": ("Afsluttet af anden grund", "Left for another reason"),
}
CONTACT_FORMS = {
    "fremmøde": ("Fremmøde", "In person"),
    "telefon": ("Telefon", "Phone"),
    "video": ("Video", "Video"),
    "virksomhed": ("Virksomhedsbesøg", "Company visit"),
    "hjem": ("Hjemmebesøg", "Home visit"),
    "andet": ("Andet", "Other"),
}
EDUCATIONS = {
    "grundskole": ("Grundskole", "Primary school"),
    "gymnasial": ("Gymnasial uddannelse", "Upper secondary"),
    "erhvervsfaglig": ("Erhvervsfaglig uddannelse", "Vocational"),
    "videregaaende": ("Videregående uddannelse", "Higher education"),
    "ukendt": ("Ukendt", "Unknown"),
}

TABLES: dict[str, Table] = {
    "citizens": Table(
        "Borgere i udtrækket",
        "Citizens in the export",
        {
            "citizen_id": CITIZEN,
            "municipality_id": MUNICIPALITY,
            "birth_year": _v("int", "Fødselsår (aldrig datoen)", "Birth year (never the date)"),
            "gender": _v(
                "category", "Køn (tom = ikke oplyst)", "Gender (empty = not recorded)", GENDERS
            ),
            "target_group": _v("text", "Målgruppe", "Target group"),
            "education": _v("category", "Højeste uddannelse", "Highest education", EDUCATIONS),
            "enrolled_on": _v(
                "date", "Start på det forløb, analysen følger", "Start of the spell followed"
            ),
        },
    ),
    "staff": Table(
        "Medarbejdere, som tabellerne henviser til",
        "Staff referred to by the tables",
        {"staff_id": STAFF, "team_id": TEAM, "municipality_id": MUNICIPALITY},
    ),
    "assignments": Table(
        "Sagsbehandlertilknytninger",
        "Caseworker assignments",
        {
            "citizen_id": CITIZEN,
            "staff_id": _v("id", "Sagsbehandlerens pseudonym", "Caseworker pseudonym"),
            "start_date": _v("date", "Første dag med ansvar", "First day responsible"),
            "end_date": _v(
                "date",
                "Sidste dag (inkl.); tom = igangværende",
                "Last day (incl.); empty = ongoing",
            ),
        },
    ),
    "ratings": Table(
        "Vurderinger (tro og borgerens egne svar)",
        "Ratings (belief and the citizen's own answers)",
        {
            "citizen_id": CITIZEN,
            "rater_id": _v("id", "Hvem der vurderede (pseudonym)", "Who rated (pseudonym)"),
            "rater_type": _v("category", "Hvem der vurderede", "Type of rater", RATER_TYPES),
            "item_id": _v(
                "text",
                "Spørgsmål; belief_job_1y = tro på job inden for et år",
                "Item; belief_job_1y = belief in a job within a year",
            ),
            "value": _v(
                "number",
                "Værdi; for belief_job_1y 1 (lav) til 5 (høj)",
                "Value; belief_job_1y 1 (low) to 5 (high)",
            ),
            "rated_on": _v("date", "Dato for vurderingen", "Date of the rating"),
            "instrument": _v("text", "Instrumentets version", "Instrument version"),
        },
    ),
    "outcomes": Table(
        "Udfald: job, fleksjob, uddannelse eller andet",
        "Outcomes: job, flexjob, education or other",
        {
            "citizen_id": CITIZEN,
            "kind": _v("category", "Udfald", "Outcome", OUTCOME_KINDS),
            "start_date": _v("date", "Første dag i udfaldet", "First day of the outcome"),
        },
    ),
    "general_belief": Table(
        "Medarbejdernes generelle tro på borgernes jobchancer",
        "Staff's general belief in citizens' job chances",
        {
            "staff_id": STAFF,
            "item_id": _v("text", "Spørgsmål", "Survey item"),
            "value": _v("int", "Svar 1 (lav) til 5 (høj)", "Answer 1 (low) to 5 (high)"),
            "answered_on": _v("date", "Svardato", "Date answered"),
        },
    ),
    "contacts": Table(
        "Samtaler og kontakter",
        "Conversations and contacts",
        {
            "citizen_id": CITIZEN,
            "staff_id": STAFF,
            "date": _v("date", "Dato", "Date"),
            "form": _v("category", "Kontaktform", "Form of contact", CONTACT_FORMS),
        },
    ),
    "actions": Table(
        "Indsatser",
        "Actions (measures)",
        {
            "citizen_id": CITIZEN,
            "kind": _v("text", "Indsatsens art", "Kind of action"),
            "start_date": _v("date", "Første dag", "First day"),
            "end_date": _v(
                "date",
                "Sidste dag (inkl.); tom = igangværende",
                "Last day (incl.); empty = ongoing",
            ),
        },
    ),
    "experiments": Table(
        "Teameksperimenter",
        "Team experiments",
        {
            "experiment_id": _v("id", "Eksperimentets id", "Experiment id"),
            "team_id": TEAM,
            "role": _v(
                "category",
                "Forsøgs- eller sammenligningsteam",
                "Trial or comparison team",
                {
                    "treatment": ("Forsøgsteam", "Trial team"),
                    "comparison": ("Sammenligningsteam", "Comparison team"),
                },
            ),
            "start_date": _v("date", "Eksperimentets start", "Experiment start"),
            "end_date": _v("date", "Eksperimentets slut", "Experiment end"),
        },
    ),
    "sparring": Table(
        "Sparring (flere øjne på sagen)",
        "Collegial sparring sessions",
        {
            "citizen_id": CITIZEN,
            "staff_id": _v(
                "id", "Sagsbehandleren, der bad om sparring", "Caseworker who asked for sparring"
            ),
            "date": _v("date", "Sparringens dato", "Date of the session"),
            "before_value": _v(
                "int",
                "Egen tro før (1-5); tom = ikke registreret",
                "Own belief before (1-5); empty = not recorded",
            ),
            "after_value": _v(
                "int",
                "Egen tro efter (1-5); tom = ikke registreret",
                "Own belief after (1-5); empty = not recorded",
            ),
            "before_date": _v("date", "Dato for vurderingen før", "Date of the rating before"),
            "after_date": _v("date", "Dato for vurderingen efter", "Date of the rating after"),
        },
    ),
    "placements": Table(
        "Forløb i virksomheder",
        "Placements at companies",
        {
            "citizen_id": CITIZEN,
            "kind": _v(
                "category",
                "Forløbets art",
                "Kind of placement",
                {
                    "virksomhedspraktik": ("Virksomhedspraktik", "Work trial"),
                    "loentilskud": ("Løntilskud", "Wage subsidy"),
                    "ordinaere_timer": ("Ordinære timer", "Ordinary hours"),
                    "fleksjob": ("Fleksjob", "Flexjob"),
                },
            ),
            "start_date": _v("date", "Første dag", "First day"),
            "end_date": _v(
                "date",
                "Sidste dag (inkl.); tom = igangværende",
                "Last day (incl.); empty = ongoing",
            ),
        },
    ),
    "visits": Table(
        "Virksomhedsbesøg",
        "Company visits",
        {"staff_id": STAFF, "date": _v("date", "Besøgets dato", "Date of the visit")},
    ),
    "strengths": Table(
        "Styrker valgt af borgeren eller netværket",
        "Strengths chosen by the citizen or the network",
        {
            "citizen_id": CITIZEN,
            "strength": _v(
                "text", "Styrkens nøgle i Jobtros liste", "Key of the strength in Jobtro's list"
            ),
            "source": _v(
                "category",
                "Hvem valgte styrken",
                "Who chose the strength",
                {"citizen": ("Borgeren", "The citizen"), "network": ("Netværket", "The network")},
            ),
            "date": _v("date", "Svardato", "Date answered"),
        },
    ),
    "stories": Table(
        "Succeshistorier (uden fritekst)",
        "Success stories (without free text)",
        {
            "story_id": _v("id", "Historiens id (nyt i hvert udtræk)", "Story id (new per export)"),
            "team_id": TEAM,
            "municipality_id": MUNICIPALITY,
            "date": _v("date", "Teammødets dato", "Date of the team meeting"),
            "levers": _v("codes", "Løftestænger, adskilt af ;", "Levers, separated by ;"),
            "themes": _v("codes", "Temaer, adskilt af ;", "Themes, separated by ;"),
            "differences": _v(
                "codes",
                "Det, der gjorde en forskel, adskilt af ;",
                "What made a difference, separated by ;",
            ),
            "sharing": _v(
                "category",
                "Hvem må læse historien i Jobtro",
                "Who may read the story in Jobtro",
                {
                    "team": ("Teamet", "The team"),
                    "municipality": ("Kommunen", "The municipality"),
                    "project": ("Projektet", "The project"),
                },
            ),
        },
    ),
}


def variable(table: str, column: str) -> Variable:
    """The codebook entry of one column; KeyError names what is missing."""
    try:
        return TABLES[table].columns[column]
    except KeyError:
        raise KeyError(f"the codebook has no entry for {table}.{column}") from None


def rows() -> Iterator[dict[str, str]]:
    """One row per column: the machine-readable codebook (``codebook.csv``)."""
    for table_name, table in TABLES.items():
        for column, var in table.columns.items():
            yield {
                "table": table_name,
                "column": column,
                "type": var.kind,
                "label_da": var.da,
                "label_en": var.en,
                "values": "; ".join(f"{code}={da}/{en}" for code, (da, en) in var.values.items()),
            }


def write(folder: Path, tables: list[str], *, schema: str) -> list[Path]:
    """Write ``codebook.csv``, ``codebook.da.md`` and ``codebook.en.md`` for ``tables``."""
    wanted = set(tables)
    csv_path = folder / "codebook.csv"
    with open(csv_path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(
            handle, fieldnames=["table", "column", "type", "label_da", "label_en", "values"]
        )
        writer.writeheader()
        writer.writerows(row for row in rows() if row["table"] in wanted)
    written = [csv_path]
    for lang in ("da", "en"):
        title = "Kodebog" if lang == "da" else "Codebook"
        head = (
            ("kolonne", "type", "betydning", "værdier")
            if lang == "da"
            else (
                "column",
                "type",
                "meaning",
                "values",
            )
        )
        lines = [f"# {title} — {schema}", ""]
        for table_name in tables:
            table = TABLES[table_name]
            lines += [f"## {table_name} — {getattr(table, lang)}", ""]
            lines += ["| " + " | ".join(head) + " |", "|---|---|---|---|"]
            for column, var in table.columns.items():
                values = ", ".join(
                    f"`{code}` = {da if lang == 'da' else en}"
                    for code, (da, en) in var.values.items()
                )
                lines.append(f"| `{column}` | {var.kind} | {getattr(var, lang)} | {values} |")
            lines.append("")
        path = folder / f"codebook.{lang}.md"
        path.write_text("\n".join(lines), encoding="utf-8")
        written.append(path)
    return written
