"""The belief tables of the research data folder (docs/contracts.md: ratings, general_belief)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from django.utils import timezone

from jobtro.research.exports import Pseudonyms, register_table

from .models import GeneralBeliefAnswer, Item, Rating


def rating_rows(
    *,
    citizens: Any,
    citizen_id: Callable[[int], str],
    staff_id: Callable[[int], str],
    today: dt.date,
    **_: Any,
) -> Iterator[list[Any]]:
    """Every rating in force: a corrected rating is replaced by its correction.

    External partners get their own fresh ids (``x…``), not staff ids: they belong to
    no team, and the staff table lists the municipality's staff only.
    """
    partner_id = Pseudonyms("x")
    ratings = (
        Rating.objects.filter(citizen__in=citizens, superseded_by__isnull=True)
        .order_by("citizen_id", "rated_at")
        .values_list(
            "citizen_id",
            "rater_id",
            "rater_type",
            "item__code",
            "value",
            "rated_at",
            "item__instrument__code",
        )
    )
    for citizen, rater, rater_type, item, value, rated_at, instrument in ratings.iterator(
        chunk_size=5000
    ):
        rated_on = timezone.localdate(rated_at)
        if rated_on > today:
            continue
        # A citizen's own answer has no staff rater: the citizen is the rater.
        if rater is None:
            rater_ref = citizen_id(citizen)
        elif rater_type == "external":
            rater_ref = partner_id(rater)
        else:
            rater_ref = staff_id(rater)
        yield [
            citizen_id(citizen),
            rater_ref,
            rater_type,
            item,
            value,
            rated_on.isoformat(),
            instrument,
        ]


def general_belief_rows(
    *,
    citizens: Any,
    citizen_id: Callable[[int], str],
    staff_id: Callable[[int], str],
    today: dt.date,
    **_: Any,
) -> Iterator[list[Any]]:
    """General-belief answers of the staff who rated citizens in the export.

    Only items on the 1–5 scale: the analysis reads general belief per step of that
    scale, so the "how many of 10" item stays in Jobtro's own pages, not in this table.
    """
    staff = (
        Rating.objects.filter(citizen__in=citizens, rater__isnull=False)
        .values("rater_id")
        .distinct()
    )
    five_point = [
        item.pk
        for item in Item.objects.filter(general=True)
        if sorted(step["value"] for step in item.scale) == [1, 2, 3, 4, 5]
    ]
    answers = (
        GeneralBeliefAnswer.objects.filter(staff_id__in=staff, item_id__in=five_point)
        .order_by("staff_id", "answered_at")
        .values_list("staff_id", "item__code", "value", "answered_at")
    )
    for staff_pk, item, value, answered_at in answers.iterator(chunk_size=5000):
        answered_on = timezone.localdate(answered_at)
        if answered_on <= today:
            yield [staff_id(staff_pk), item, value, answered_on.isoformat()]


def register() -> None:
    register_table("ratings", rating_rows)
    register_table("general_belief", general_belief_rows)
