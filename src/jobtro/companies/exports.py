"""The companies' tables of the research data folder (docs/research-schema.md):

- placements: citizen_id, kind, start_date, end_date (empty while ongoing on the
  observation day, as for assignments) — one row per
  placement of a citizen in the export; kind is virksomhedspraktik, loentilskud,
  ordinaere_timer or fleksjob. Placements starting after the observation day are left out.
- visits: staff_id, date — one row per staff member per company visit, for the
  municipalities in the export, so that research can relate company contact to belief.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from jobtro.research.exports import register_table

from .models import Placement, Visit


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def placement_rows(
    *, citizens: Any, citizen_id: Callable[[int], str], today: dt.date, **_: Any
) -> Iterator[list[Any]]:
    rows = (
        Placement.objects.filter(citizen__in=citizens, start_date__lte=today)
        .order_by("citizen_id", "start_date", "id")
        .values_list("citizen_id", "kind", "start_date", "end_date")
    )
    for citizen, kind, start, end in rows.iterator(chunk_size=5000):
        # Still ongoing on the observation day: the planned end is not yet an event.
        yield [citizen_id(citizen), kind, _day(start), _day(end if end and end <= today else None)]


def visit_rows(
    *, citizens: Any, staff_id: Callable[[int], str], today: dt.date, **_: Any
) -> Iterator[list[Any]]:
    municipalities = citizens.order_by().values("municipality_id").distinct()
    rows = (
        Visit.participants.through.objects.filter(
            visit__company__municipality_id__in=municipalities, visit__date__lte=today
        )
        .order_by("visit__date", "visit_id", "staff_id")
        .values_list("staff_id", "visit__date")
    )
    for staff, day in rows.iterator(chunk_size=5000):
        yield [staff_id(staff), _day(day)]


PLACEMENT_COLUMNS = ("citizen_id", "kind", "start_date", "end_date")
VISIT_COLUMNS = ("staff_id", "date")


def register() -> None:
    # Tables the analysis core does not read (yet): they carry their own columns.
    register_table("placements", placement_rows, columns=PLACEMENT_COLUMNS)
    register_table("visits", visit_rows, columns=VISIT_COLUMNS)
