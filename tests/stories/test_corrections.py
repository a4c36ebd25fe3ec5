"""Correcting a story: the author, within CORRECTION_DAYS, as a new version. Nothing
told is lost; readers see the newest version."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from jobtro.core.models import AuditEvent
from jobtro.experiments.models import Lever
from jobtro.stories.models import Sharing, Story, StoryTag, TagKind
from jobtro.stories.services import CORRECTION_DAYS, correct_story

from .conftest import content, post_data


def test_the_author_corrects_a_story_as_a_new_version(client, caseworker, team_story):
    client.force_login(caseworker.user)
    url = reverse("stories:correct", args=[team_story.pk])
    form = client.get(url)
    assert form.status_code == 200
    assert team_story.what_happened in form.content.decode()
    data = post_data(levers=[Lever.RELATION], what_we_learn="Vi går med på første dag.")
    response = client.post(url, data)
    new = Story.objects.get(supersedes=team_story)
    assert response.status_code == 302
    assert response["Location"] == reverse("stories:detail", args=[new.pk])
    assert (new.version, new.original_id, new.team_id) == (2, team_story.pk, team_story.team_id)
    assert new.tag_values(TagKind.LEVER) == ["relation"]
    # Nothing lost: the first version and its tags are still there, unchanged.
    first = Story.objects.get(pk=team_story.pk)
    assert first.what_we_learn == team_story.what_we_learn
    assert StoryTag.objects.filter(story=first, value="labour_market").exists()
    event = AuditEvent.objects.get(action="stories.story.corrected")
    assert event.detail["supersedes"] == team_story.pk


def test_readers_see_only_the_newest_version(client, caseworker, colleague, team_story):
    new = correct_story(author=caseworker, story=team_story, **content(what_we_learn="Nyt."))
    client.force_login(colleague.user)
    page = client.get(reverse("stories:feed")).context["page"]
    assert [s.pk for s in page] == [new.pk]
    assert client.get(reverse("stories:detail", args=[team_story.pk])).status_code == 404
    assert "version 2" in client.get(reverse("stories:detail", args=[new.pk])).content.decode()


def test_the_author_sees_every_version(client, caseworker, team_story):
    new = correct_story(author=caseworker, story=team_story, **content(what_we_learn="Nyt."))
    client.force_login(caseworker.user)
    old = client.get(reverse("stories:detail", args=[team_story.pk])).content.decode()
    assert "Du ser en tidligere version" in old
    assert reverse("stories:detail", args=[new.pk]) in old
    html = client.get(reverse("stories:detail", args=[new.pk])).content.decode()
    assert "Version 1, gemt" in html and "Version 2, gemt" in html


def test_a_colleague_cannot_correct_someone_elses_story(client, colleague, team_story):
    client.force_login(colleague.user)
    assert client.get(reverse("stories:correct", args=[team_story.pk])).status_code == 404
    with pytest.raises(ValidationError, match="Kun den, der fortalte historien"):
        correct_story(author=colleague, story=team_story, **content(what_we_learn="Nyt."))
    assert Story.objects.count() == 1


def test_an_old_version_cannot_be_corrected_again(client, caseworker, team_story):
    correct_story(author=caseworker, story=team_story, **content(what_we_learn="Nyt."))
    client.force_login(caseworker.user)
    assert client.get(reverse("stories:correct", args=[team_story.pk])).status_code == 404
    with pytest.raises(ValidationError, match="allerede rettet"):
        correct_story(author=caseworker, story=team_story, **content(what_we_learn="Igen."))


def test_a_story_older_than_the_correction_period_stands(client, caseworker, team):
    told = timezone.now() - dt.timedelta(days=CORRECTION_DAYS + 1)
    old = Story.objects.create(
        municipality=team.municipality, team=team, author=caseworker,
        meeting_date=told.date(), sharing=Sharing.TEAM, created_at=told,
        what_happened="Et forløb.", what_made_difference="En praktik.", what_we_learn="Mod.",
    )  # fmt: skip
    StoryTag.objects.create(story=old, kind=TagKind.LEVER, value=Lever.RELATION)
    client.force_login(caseworker.user)
    assert client.get(reverse("stories:correct", args=[old.pk])).status_code == 404
    with pytest.raises(ValidationError, match=f"kun rettes i {CORRECTION_DAYS} dage"):
        correct_story(author=caseworker, story=old, **content())


def test_an_unchanged_correction_is_refused(caseworker, team_story):
    with pytest.raises(ValidationError, match=r"Historien er ikke ændret\."):
        correct_story(author=caseworker, story=team_story, **content())


def test_a_correction_gets_the_same_guard(client, caseworker, team_story):
    client.force_login(caseworker.user)
    data = post_data(what_happened="CPR 010190-1234 står her.")
    response = client.post(reverse("stories:correct", args=[team_story.pk]), data)
    assert response.status_code == 422
    assert "CPR-nummer" in response.content.decode()
    assert Story.objects.count() == 1
