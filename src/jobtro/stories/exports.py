"""The success-story table of the research data folder (docs/research-schema.md: stories).

One row per story (its newest version), told in the municipalities of the export: the
team's pseudonym, the meeting date, the storyteller's tags and the sharing level. No
free text and no storyteller: a story is counted, never read, through the export.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from jobtro.research.exports import Pseudonyms, register_table

from .models import Story, StoryTag, TagKind

STORY_COLUMNS = (
    "story_id",
    "team_id",
    "municipality_id",
    "date",
    "levers",
    "themes",
    "differences",
    "sharing",
)
# Several tags of one kind in one cell, sorted, joined by this.
TAG_SEPARATOR = ";"


def story_rows(
    *,
    citizens: Any,
    citizen_id: Callable[[int], str],
    staff_id: Callable[[int], str],
    today: dt.date,
    team_id: Callable[[int], str],
    **_: Any,
) -> Iterator[list[Any]]:
    """One row per current story of the export's municipalities, told on or before
    `today`. `team_id` is the export's team pseudonymiser, so that the ids join with
    the staff table's `team_id` (fresh ids of our own would join with nothing)."""
    story_id = Pseudonyms("h")
    municipalities = citizens.order_by().values("municipality_id").distinct()
    stories = (
        Story.objects.current()
        .filter(municipality_id__in=municipalities, meeting_date__lte=today)
        .order_by("meeting_date", "id")
    )
    tags: dict[int, dict[str, list[str]]] = {}
    for story, kind, value in StoryTag.objects.filter(story__in=stories).values_list(
        "story_id", "kind", "value"
    ):
        tags.setdefault(story, {}).setdefault(kind, []).append(value)
    rows = stories.values_list("pk", "team_id", "municipality__code", "meeting_date", "sharing")
    for pk, team_pk, code, day, sharing in rows.iterator(chunk_size=5000):
        mine = tags.get(pk, {})
        yield [
            story_id(pk),
            team_id(team_pk),
            code,
            day.isoformat(),
            *(TAG_SEPARATOR.join(sorted(mine.get(k, []))) for k in TagKind.values),
            sharing,
        ]


def register() -> None:
    register_table("stories", story_rows, columns=STORY_COLUMNS)
