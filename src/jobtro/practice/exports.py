"""The practice tables of the research data folder (docs/research-schema.md: sparring)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from jobtro.research.exports import EXTRA_TABLES

from .models import Sparring


def sparring_rows(
    *,
    citizens: Any,
    citizen_id: Callable[[int], str],
    staff_id: Callable[[int], str],
    today: dt.date,
) -> Iterator[list[Any]]:
    """One row per held session: the citizen, the case owner (whose belief is measured
    before and after) and the day it was held. Sessions not yet held are left out."""
    sessions = (
        Sparring.objects.filter(citizen__in=citizens, held_on__isnull=False, held_on__lte=today)
        .order_by("citizen_id", "held_on", "id")
        .values_list("citizen_id", "owner_id", "held_on")
    )
    for citizen, owner, held_on in sessions.iterator(chunk_size=5000):
        yield [citizen_id(citizen), staff_id(owner), held_on.isoformat()]


def register() -> None:
    EXTRA_TABLES["sparring"] = sparring_rows
