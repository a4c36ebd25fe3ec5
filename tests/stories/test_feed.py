"""The feed: every story the reader may see, per team or across the project, filtered
by the storyteller's tags and paginated."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from jobtro.experiments.models import Lever, Theme
from jobtro.stories.models import Difference, Sharing
from jobtro.stories.services import tell_story
from jobtro.stories.views import STORIES_PER_PAGE

from .conftest import content

FEED = reverse("stories:feed")


def _tell(author, team, **overrides):
    return tell_story(author=author, team=team, **content(**overrides))


def test_the_feed_shows_the_readers_stories_with_their_tags(client, colleague, team_story):
    client.force_login(colleague.user)
    html = client.get(FEED).content.decode()
    assert "1 historie" in html
    assert reverse("stories:detail", args=[team_story.pk]) in html
    for label in ("Kendskab til arbejdsmarkedet", "Virksomhedspraktik eller løntilskud"):
        assert label in html
    assert "Fortæl en succeshistorie" in html


def test_the_feed_leaves_out_what_the_reader_may_not_see(client, outsider, team_story):
    client.force_login(outsider.user)
    html = client.get(FEED).content.decode()
    assert "0 historier" in html
    assert reverse("stories:detail", args=[team_story.pk]) not in html


def test_the_feed_filters_by_lever_theme_and_kind_of_difference(client, caseworker, team):
    relation = _tell(caseworker, team, levers=[Lever.RELATION], themes=[Theme.PHYSICAL])
    market = _tell(caseworker, team, levers=[Lever.LABOUR_MARKET], differences=[Difference.COMPANY])
    client.force_login(caseworker.user)

    def shown(query: dict) -> set[int]:
        page = client.get(FEED, query).context["page"]
        return {s.pk for s in page}

    assert shown({}) == {relation.pk, market.pk}
    assert shown({"greb": Lever.RELATION}) == {relation.pk}
    assert shown({"tema": Theme.PHYSICAL}) == {relation.pk}
    assert shown({"forskel": Difference.COMPANY}) == {market.pk}
    assert shown({"greb": Lever.RELATION, "forskel": Difference.COMPANY}) == set()


def test_an_unknown_filter_value_shows_nothing_and_says_why(client, caseworker, team_story):
    client.force_login(caseworker.user)
    response = client.get(FEED, {"greb": "trylleri"})
    assert response.status_code == 200
    assert list(response.context["page"]) == []
    assert "form-error-message" in response.content.decode()


def test_the_feed_is_paginated(client, caseworker, team):
    for _ in range(STORIES_PER_PAGE + 2):
        _tell(caseworker, team)
    client.force_login(caseworker.user)
    first = client.get(FEED)
    assert len(first.context["page"]) == STORIES_PER_PAGE
    assert "Side 1 af 2" in first.content.decode()
    second = client.get(FEED, {"side": 2})
    assert len(second.context["page"]) == 2


def test_htmx_gets_only_the_list(client, caseworker, team_story):
    client.force_login(caseworker.user)
    response = client.get(FEED, {"greb": Lever.LABOUR_MARKET}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and "1 historie" in html


def test_the_team_feed_shows_only_that_teams_stories(client, caseworker, team, leader):
    from jobtro.organisations.models import Team, TeamMembership

    second = Team.objects.create(municipality=team.municipality, name="Team Vest")
    TeamMembership.objects.create(staff=caseworker, team=second, start_date=dt.date(2025, 1, 6))
    ours = _tell(caseworker, team, sharing=Sharing.MUNICIPALITY)
    theirs = _tell(caseworker, second, sharing=Sharing.MUNICIPALITY)
    client.force_login(leader.user)
    page = client.get(reverse("stories:team_feed", args=[team.pk])).context["page"]
    assert {s.pk for s in page} == {ours.pk}
    # The leader does not lead Team Vest: its story is in the municipality feed only.
    assert client.get(reverse("stories:team_feed", args=[second.pk])).status_code == 404
    assert theirs.pk in {s.pk for s in client.get(FEED).context["page"]}


def test_a_stranger_gets_404_on_a_teams_feed(client, outsider, team):
    client.force_login(outsider.user)
    assert client.get(reverse("stories:team_feed", args=[team.pk])).status_code == 404


def test_the_external_partner_has_no_feed(client, external):
    client.force_login(external.user)
    assert client.get(FEED).status_code == 404
