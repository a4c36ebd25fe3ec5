"""The pseudonymised research data folder, schema `jobtro-research/1` (docs/contracts.md).

Fresh pseudonyms per export: the same citizen gets a new id in every export, so two
exports cannot be joined by id. No names, no CPR hashes, birth year only.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import secrets
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from jobtro.analysis.schema import COLUMNS, SCHEMA
from jobtro.citizens.models import Action, Assignment, Citizen, Contact, Outcome
from jobtro.core import audit
from jobtro.errors import UserError
from jobtro.organisations.models import Municipality, ResearchProject, Staff, TeamMembership


class Pseudonyms:
    """Opaque ids made fresh for one export; the key never leaves this object."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self._ids: dict[int, str] = {}
        self._used: set[str] = set()

    def __call__(self, pk: int) -> str:
        found = self._ids.get(pk)
        if found is None:
            while True:
                candidate = f"{self.prefix}{secrets.token_hex(5)}"
                if candidate not in self._used:
                    break
            self._used.add(candidate)
            found = self._ids[pk] = candidate
        return found

    def __contains__(self, pk: int) -> bool:
        return pk in self._ids


@dataclass
class ExportResult:
    folder: Path
    counts: dict[str, int] = field(default_factory=dict)
    observed_until: dt.date | None = None
    files: list[str] = field(default_factory=list)


MANIFEST_VERSION = 1


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _write(folder: Path, name: str, rows: Iterable[list[Any]]) -> int:
    n = 0
    with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS.get(name) or EXTRA_COLUMNS[name])
        for row in rows:
            writer.writerow(row)
            n += 1
    return n


def _scope(project: str | None) -> QuerySet[Municipality]:
    if not project:
        return Municipality.objects.all()
    found = (
        ResearchProject.objects.filter(slug=project).first()
        or ResearchProject.objects.filter(name=project).first()
    )
    if found is None:
        raise UserError(f"forskningsprojektet {project!r} findes ikke")
    return found.municipalities.all()


# Other apps (belief) add their tables here: name -> function(citizens qs, citizen_id, staff_id)
EXTRA_TABLES: dict[str, Callable[..., Iterator[list[Any]]]] = {}
# Header of a table the analysis core does not read (it is not in analysis.schema.COLUMNS):
# name -> columns. Documented in docs/research-schema.md like the others.
EXTRA_COLUMNS: dict[str, tuple[str, ...]] = {}


def register_table(
    name: str, rows: Callable[..., Iterator[list[Any]]], *, columns: tuple[str, ...] = ()
) -> None:
    """Add an app's table to the research export (called from its AppConfig.ready()).

    ``rows`` is called with keyword arguments ``citizens`` (the exported citizens),
    ``citizen_id``, ``staff_id`` and ``team_id`` (the export's pseudonymisers) and
    ``today`` (the observation day), and yields lists in column order. A table the
    analysis core reads takes its columns from ``analysis.schema.COLUMNS``; any other
    table names its own ``columns``.
    """
    if not columns and name not in COLUMNS:
        raise ValueError(f"the research table {name!r} needs its columns")
    EXTRA_TABLES[name] = rows
    if columns:
        EXTRA_COLUMNS[name] = columns


@dataclass
class _Pseudonymisers:
    """The export's fresh ids; ``staff`` also remembers who was referred to."""

    citizen_id: Pseudonyms = field(default_factory=lambda: Pseudonyms("c"))
    staff_id: Pseudonyms = field(default_factory=lambda: Pseudonyms("s"))
    team_id: Pseudonyms = field(default_factory=lambda: Pseudonyms("t"))
    staff_seen: set[int] = field(default_factory=set)

    def staff(self, pk: int) -> str:
        self.staff_seen.add(pk)
        return self.staff_id(pk)


def export_research(
    *,
    out: Path | str,
    project: str | None = None,
    citizens: QuerySet[Citizen] | None = None,
    actor: Any = None,
    today: dt.date | None = None,
    enrolled_from: dt.date | None = None,
    enrolled_to: dt.date | None = None,
    formats: Iterable[str] = ("csv",),
    lang: str = "da",
) -> ExportResult:
    """Write the pseudonymised research data folder for a project (or every municipality).

    ``enrolled_from``/``enrolled_to`` choose the cohort: citizens enrolled in that period
    (inclusive). ``formats`` adds Parquet, Stata and SPSS files beside the CSV files,
    which are always written. Every folder gets a codebook and a ``manifest.json`` with
    the filters, the time and a SHA-256 checksum per file.
    """
    from jobtro.analysis import codebook
    from jobtro.research.formats import FORMATS, write_formats

    formats = tuple(dict.fromkeys(["csv", *formats]))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise UserError(f"ukendt format: {', '.join(unknown)} (vælg blandt {', '.join(FORMATS)})")
    if enrolled_from and enrolled_to and enrolled_from > enrolled_to:
        raise UserError("periodens start ligger efter dens slutning")
    folder = Path(out)
    if folder.exists() and any(folder.iterdir()):
        raise UserError(f"mappen {folder} er ikke tom; vælg en ny mappe til eksporten")
    folder.mkdir(parents=True, exist_ok=True)
    observed_until = today or timezone.localdate()
    filters: dict[str, Any] = {"project": project or "", "citizens": "project"}
    if citizens is None:
        citizens = Citizen.objects.filter(municipality__in=_scope(project))
    else:
        filters["citizens"] = "given"  # an analysis run's own selection
    if enrolled_from:
        citizens = citizens.filter(enrolled_on__gte=enrolled_from)
    if enrolled_to:
        citizens = citizens.filter(enrolled_on__lte=enrolled_to)
    filters["enrolled_from"] = enrolled_from.isoformat() if enrolled_from else ""
    filters["enrolled_to"] = enrolled_to.isoformat() if enrolled_to else ""
    ids = _Pseudonymisers()
    result = ExportResult(folder=folder, observed_until=observed_until)

    # Citizens first (in random order, so row order tells nothing), then their history.
    for name, rows in _core_tables(citizens, ids):
        result.counts[name] = _write(folder, name, rows)
    if "ratings" not in EXTRA_TABLES:  # a required table, even before any rating exists
        result.counts["ratings"] = _write(folder, "ratings", iter(()))
    for name, extra in EXTRA_TABLES.items():
        result.counts[name] = _write(
            folder,
            name,
            extra(
                citizens=citizens,
                citizen_id=ids.citizen_id,
                staff_id=ids.staff,
                team_id=ids.team_id,
                today=observed_until,
            ),
        )
    # Staff last: every staff member referred to above.
    result.counts["staff"] = _write(folder, "staff", _staff_rows(ids))
    (folder / "meta.json").write_text(
        json.dumps({"schema": SCHEMA, "observed_until": observed_until.isoformat()}, indent=2)
        + "\n",
        encoding="utf-8",
    )
    tables = list(result.counts)
    write_formats(folder, tables, formats, lang=lang)
    codebook.write(folder, tables, schema=SCHEMA)
    result.files = _write_manifest(
        folder,
        schema=SCHEMA,
        filters={**filters, "formats": list(formats)},
        observed_until=observed_until,
        counts=result.counts,
    )
    audit.log(
        actor=actor,
        action="research.export.created",
        detail={
            "project": project or "",
            "counts": result.counts,
            "observed_until": observed_until.isoformat(),
            "formats": list(formats),
            "enrolled_from": filters["enrolled_from"],
            "enrolled_to": filters["enrolled_to"],
        },
    )
    return result


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_manifest(
    folder: Path,
    *,
    schema: str,
    filters: dict[str, Any],
    observed_until: dt.date,
    counts: dict[str, int],
) -> list[str]:
    """``manifest.json``: what was exported, how, when, and a checksum per file, so a
    result can be traced to the exact files it was computed from."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        jobtro_version = version("jobtro")
    except PackageNotFoundError:
        jobtro_version = "unknown"
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.name != "manifest.json")
    manifest = {
        "manifest_version": MANIFEST_VERSION,
        "schema": schema,
        "jobtro_version": jobtro_version,
        "created_at": timezone.now().isoformat(timespec="seconds"),
        "observed_until": observed_until.isoformat(),
        "filters": filters,
        "rows": counts,
        "files": [{"name": p.name, "bytes": p.stat().st_size, "sha256": _sha256(p)} for p in files],
    }
    (folder / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return [p.name for p in files] + ["manifest.json"]


def _core_tables(
    citizens: QuerySet[Citizen], ids: _Pseudonymisers
) -> Iterator[tuple[str, Iterator[list[Any]]]]:
    """The citizens' tables in the order they are written (each read lazily, in chunks)."""
    citizen_id, staff = ids.citizen_id, ids.staff
    yield (
        "citizens",
        (
            [citizen_id(pk), code, birth_year, gender, target_group, education, _day(enrolled_on)]
            for pk, code, birth_year, gender, target_group, education, enrolled_on in citizens.order_by(
                "?"
            )
            .values_list(
                "pk",
                "municipality__code",
                "birth_year",
                "gender",
                "target_group__code",
                "education",
                "enrolled_on",
            )
            .iterator(chunk_size=5000)
        ),
    )
    in_scope = {"citizen__in": citizens}
    yield (
        "assignments",
        (
            [citizen_id(c), staff(s), _day(start), _day(end)]
            for c, s, start, end in Assignment.objects.filter(**in_scope)
            .order_by("citizen_id", "start_date")
            .values_list("citizen_id", "caseworker_id", "start_date", "end_date")
            .iterator(chunk_size=5000)
        ),
    )
    yield (
        "outcomes",
        (
            [citizen_id(c), kind, _day(start)]
            for c, kind, start in Outcome.objects.filter(**in_scope)
            .values_list("citizen_id", "kind", "start_date")
            .iterator(chunk_size=5000)
        ),
    )
    yield (
        "contacts",
        (
            [citizen_id(c), staff(s), _day(day), form]
            for c, s, day, form in Contact.objects.filter(**in_scope)
            .values_list("citizen_id", "staff_id", "date", "form")
            .iterator(chunk_size=5000)
        ),
    )
    yield (
        "actions",
        (
            [citizen_id(c), kind, _day(start), _day(end)]
            for c, kind, start, end in Action.objects.filter(**in_scope)
            .values_list("citizen_id", "kind__code", "start_date", "end_date")
            .iterator(chunk_size=5000)
        ),
    )


def _staff_rows(ids: _Pseudonymisers) -> Iterator[list[Any]]:
    """Every staff member the other tables referred to, with the team they were in at
    the end of the observation (their latest membership)."""
    latest_team: dict[int, int] = {}
    for s, team in (
        TeamMembership.objects.filter(staff_id__in=ids.staff_seen)
        .order_by("start_date")
        .values_list("staff_id", "team_id")
    ):
        latest_team[s] = team
    for pk, code in Staff.objects.filter(pk__in=ids.staff_seen).values_list(
        "pk", "municipality__code"
    ):
        yield [
            ids.staff_id(pk),
            ids.team_id(latest_team[pk]) if pk in latest_team else "",
            code or "",
        ]
