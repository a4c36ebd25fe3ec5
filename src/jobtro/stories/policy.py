"""Who tells and reads success stories (the stories' part of access)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from jobtro.core import access
from jobtro.core.access import Permission as P
from jobtro.organisations.models import Municipality, Team


def story_teams(user: Any) -> QuerySet[Team]:
    """Teams a user may tell a success story in: a caseworker's or leader's own teams."""
    staff = access.staff_of(user)
    if staff is None or not access.has(staff, P.STORIES_TELL):
        return Team.objects.none()
    return staff.teams_on()


def may_tell_stories(user: Any) -> bool:
    return access.has(user, P.STORIES_TELL)


def may_read_stories(user: Any) -> bool:
    """Staff of the municipalities and the project's researchers; never external partners."""
    return access.has(user, P.STORIES_READ, P.STORIES_READ_PROJECT)


def visible_stories(queryset: QuerySet, user: Any) -> QuerySet:
    """The newest version of a story, by the storyteller's consent: "team" for the team's
    members and leader, "municipality" for all staff there, "project" also for staff of
    the municipalities sharing a research project and for that project's researchers.
    The author always reads their own stories, every version."""
    from jobtro.stories.models import Sharing

    staff = access.staff_of(user)
    if staff is None or not may_read_stories(staff):
        return queryset.none()
    current = Q(superseded_by__isnull=True)
    if not access.has(staff, P.STORIES_READ):  # a researcher: what is shared with the project
        return queryset.filter(
            current,
            sharing=Sharing.PROJECT,
            municipality__in=access.research_municipalities(staff),
        )
    peers = Municipality.objects.filter(
        research_projects__municipalities=staff.municipality_id
    ).values("pk")
    scope = Q(
        sharing__in=[Sharing.MUNICIPALITY, Sharing.PROJECT],
        municipality_id=staff.municipality_id,
    ) | Q(sharing=Sharing.PROJECT, municipality__in=peers)
    if access.has(staff, P.STORIES_TELL):
        scope |= Q(team__in=staff.teams_on().values("pk"))
    return queryset.filter(Q(author=staff) | (current & scope))


def story_experiments(user: Any) -> QuerySet:
    """Experiments a story may be linked to: those the storyteller can see."""
    from jobtro.experiments.models import Experiment

    return Experiment.objects.visible_to(user)
