"""The sparring table of the research data folder (docs/research-schema.md: sparring)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from django.utils import timezone

from jobtro.belief.models import Rating
from jobtro.research.exports import register_table

from .models import Sparring


def _in_force(rating_ids: set[int]) -> dict[int, tuple[int, dt.date]]:
    """Linked rating id -> (value, day) of the rating in force: a corrected rating is
    replaced by its correction, as in the ratings table."""
    found: dict[int, tuple[int, dt.date]] = {}
    pending = {pk: pk for pk in rating_ids}  # current id -> linked id
    while pending:
        rows = Rating.objects.filter(pk__in=pending).values_list(
            "pk", "value", "rated_at", "superseded_by"
        )
        following: dict[int, int] = {}
        for pk, value, rated_at, newer in rows:
            if newer is None:
                found[pending[pk]] = (value, timezone.localdate(rated_at))
            else:
                following[newer] = pending[pk]
        pending = following
    return found


def sparring_rows(
    *,
    citizens: Any,
    citizen_id: Callable[[int], str],
    staff_id: Callable[[int], str],
    today: dt.date,
    **_: Any,
) -> Iterator[list[Any]]:
    """One row per held session: the citizen, the case owner (whose belief is measured
    before and after), the day it was held, and the owner's before/after belief as the
    session linked them (empty when not recorded by `today`). Sessions not yet held are
    left out."""
    sessions = list(
        Sparring.objects.filter(citizen__in=citizens, held_on__isnull=False, held_on__lte=today)
        .order_by("citizen_id", "held_on", "id")
        .values_list("citizen_id", "owner_id", "held_on", "before_rating_id", "after_rating_id")
    )
    linked = _in_force({pk for s in sessions for pk in s[3:] if pk is not None})
    for citizen, owner, held_on, before_id, after_id in sessions:
        before, after = linked.get(before_id), linked.get(after_id)
        # A pair the analysis could not trust (a late correction) is left to its fallback.
        if before is None or after is None or after[1] > today or after[1] < before[1]:
            before = after = None
        yield [
            citizen_id(citizen),
            staff_id(owner),
            held_on.isoformat(),
            before[0] if before else "",
            after[0] if after else "",
            before[1].isoformat() if before else "",
            after[1].isoformat() if after else "",
        ]


def register() -> None:
    register_table("sparring", sparring_rows)
