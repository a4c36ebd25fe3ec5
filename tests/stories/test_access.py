"""Who reads a story follows the storyteller's consent: the team, the municipality or the
whole project (other municipalities on the research project and its researchers).
Everyone else gets a 404."""

from __future__ import annotations

from django.urls import reverse

from jobtro.organisations.models import ResearchProject
from jobtro.stories.models import Story


def _status(client, staff, story) -> int:
    client.force_login(staff.user)
    return client.get(reverse("stories:detail", args=[story.pk])).status_code


def test_team_members_and_their_leader_read_a_team_story(client, team_story, colleague, leader):
    assert _status(client, colleague, team_story) == 200
    assert _status(client, leader, team_story) == 200


def test_a_stranger_opening_a_team_only_story_gets_404(client, team_story, personas):
    for stranger in (
        personas.outsider,
        personas.researcher,
        personas.administrator,
        personas.external,
    ):
        assert _status(client, stranger, team_story) == 404, stranger.user.username


def test_a_caseworker_who_left_the_team_no_longer_reads_its_team_stories(
    client, team_story, colleague
):
    import datetime as dt

    membership = colleague.memberships.get()
    membership.end_date = dt.date.today() - dt.timedelta(days=1)
    membership.save()
    assert _status(client, colleague, team_story) == 404


def test_a_municipality_story_is_read_by_all_staff_there_and_nobody_else(
    client, municipality_story, personas
):
    assert _status(client, personas.administrator, municipality_story) == 200
    assert _status(client, personas.colleague, municipality_story) == 200
    assert _status(client, personas.outsider, municipality_story) == 404
    assert _status(client, personas.researcher, municipality_story) == 404
    assert _status(client, personas.external, municipality_story) == 404


def test_a_project_story_is_read_across_the_projects_municipalities(
    client, project_story, personas
):
    project = ResearchProject.objects.get(slug="troen")
    assert _status(client, personas.outsider, project_story) == 404  # Odder is not on it
    project.municipalities.add(personas.outsider.municipality)
    assert _status(client, personas.outsider, project_story) == 200
    assert _status(client, personas.external, project_story) == 404


def test_the_projects_researcher_reads_a_project_story_without_the_storyteller(
    client, project_story, researcher, caseworker
):
    assert _status(client, researcher, project_story) == 200
    html = client.get(reverse("stories:detail", args=[project_story.pk])).content.decode()
    assert project_story.what_happened in html
    assert caseworker.display_name not in html


def test_the_author_always_reads_their_own_story(client, team_story, caseworker):
    import datetime as dt

    membership = caseworker.memberships.get()
    membership.end_date = dt.date.today() - dt.timedelta(days=1)
    membership.save()
    assert _status(client, caseworker, team_story) == 200


def test_the_access_rule_is_one_queryset(team_story, municipality_story, project_story, personas):
    def seen(staff):
        return set(Story.objects.visible_to(staff.user).values_list("pk", flat=True))

    everything = {team_story.pk, municipality_story.pk, project_story.pk}
    assert seen(personas.colleague) == everything
    assert seen(personas.administrator) == {municipality_story.pk, project_story.pk}
    assert seen(personas.researcher) == {project_story.pk}
    assert seen(personas.outsider) == set()
    assert seen(personas.external) == set()
