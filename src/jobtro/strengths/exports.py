"""The strengths table of the research data folder: one row per strength marked.

Columns: citizen_id (fresh pseudonym), strength (catalogue key), source (`citizen` or
`network`), date (the answer's day). Who in the network answered is never exported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from django.utils import timezone

from jobtro.research.exports import register_table

from .models import StrengthMark

TABLE = "strengths"
COLUMNS = ("citizen_id", "strength", "source", "date")


def strengths_rows(
    *,
    citizens: Any,
    citizen_id: Callable[[int], str],
    staff_id: Callable[[int], str],
    today: dt.date,
    **_: Any,
) -> Iterator[list[Any]]:
    """One row per strength in each answer up to the observation day."""
    marks = (
        StrengthMark.objects.filter(answer__citizen__in=citizens)
        .order_by("answer__citizen_id", "answer__answered_at", "answer_id", "key")
        .values_list("answer__citizen_id", "key", "answer__source", "answer__answered_at")
    )
    for citizen, key, source, answered_at in marks.iterator(chunk_size=5000):
        day = timezone.localdate(answered_at)
        if day <= today:
            yield [citizen_id(citizen), key, source, day.isoformat()]


def register() -> None:
    """Add the table to the research export (its own columns: the analysis core does
    not read it)."""
    register_table(TABLE, strengths_rows, columns=COLUMNS)
