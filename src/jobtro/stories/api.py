"""Success stories in the API (read only), under the same rules as the pages: the newest
version of each story the user may read. Researchers get no storyteller identity."""

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from jobtro.core import access
from jobtro.core.access import Permission
from jobtro.core.api import Id, Page
from jobtro.experiments.models import Lever, Theme

from .models import Difference, Story, TagKind

router = Router(tags=["stories"])


class StoryOut(Schema):
    id: int = Field(..., description="Den nyeste versions id")
    story_id: int = Field(..., description="Historiens faste id (første versions id)")
    version: int
    team_id: int
    team: str
    municipality: str
    meeting_date: dt.date
    what_happened: str
    what_made_difference: str
    what_we_learn: str
    levers: list[str]
    themes: list[str]
    differences: list[str]
    sharing: str
    experiment_id: int | None = None
    author_id: int | None = Field(None, description="Medarbejder-id; aldrig til forskere")
    created_at: dt.datetime


class StoryFilter(Schema):
    lever: Lever | None = None
    theme: Theme | None = None
    difference: Difference | None = None
    team_id: Id | None = None


def _stories(request: HttpRequest):
    return (
        Story.objects.visible_to(request.user)
        .current()
        .select_related("team", "municipality")
        .prefetch_related("tags")
    )


def _out(story: Story, *, research: bool) -> dict:
    return {
        "id": story.pk,
        "story_id": story.story_id,
        "version": story.version,
        "team_id": story.team_id,
        "team": story.team.name,
        "municipality": story.municipality.code,
        "meeting_date": story.meeting_date,
        "what_happened": story.what_happened,
        "what_made_difference": story.what_made_difference,
        "what_we_learn": story.what_we_learn,
        "levers": story.tag_values(TagKind.LEVER),
        "themes": story.tag_values(TagKind.THEME),
        "differences": story.tag_values(TagKind.DIFFERENCE),
        "sharing": story.sharing,
        "experiment_id": story.experiment_id,
        "author_id": None if research else story.author_id,
        "created_at": story.created_at,
    }


@router.get("/stories", response=list[StoryOut], summary="Succeshistorier, du må læse")
@paginate(Page)
def list_stories(request: HttpRequest, filters: Query[StoryFilter]) -> list[dict]:
    stories = _stories(request)
    for kind, value in (
        (TagKind.LEVER, filters.lever),
        (TagKind.THEME, filters.theme),
        (TagKind.DIFFERENCE, filters.difference),
    ):
        if value:
            stories = stories.tagged(kind=kind, value=value)
    if filters.team_id is not None:
        stories = stories.filter(team_id=filters.team_id)
    research = not access.has(request.user, Permission.STAFF_NAMES)
    return _LazyOut(stories, research=research)  # type: ignore[return-value]


class _LazyOut:
    """Serialises only the page the paginator slices."""

    def __init__(self, queryset, *, research: bool) -> None:
        self.queryset = queryset
        self.research = research

    def __len__(self) -> int:
        return self.queryset.count()

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, item: slice) -> list[dict]:
        return [_out(s, research=self.research) for s in self.queryset[item]]


@router.get("/stories/{story_id}", response=StoryOut, summary="Én succeshistorie")
def get_story(request: HttpRequest, story_id: Id) -> dict:
    story = get_object_or_404(_stories(request), pk=story_id)
    return _out(story, research=not access.has(request.user, Permission.STAFF_NAMES))
