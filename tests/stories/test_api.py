"""GET /api/v1/stories: the stories the user may read, with their tags; the same rule as
the pages."""

from __future__ import annotations

from jobtro.experiments.models import Lever


def test_the_api_lists_visible_stories_with_tags(client, colleague, team_story):
    client.force_login(colleague.user)
    body = client.get("/api/v1/stories").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["id"] == team_story.pk and item["story_id"] == team_story.pk
    assert item["levers"] == ["labour_market"]
    assert item["themes"] == ["action"]
    assert item["differences"] == ["placement"]
    assert item["sharing"] == "team"
    assert item["author_id"] == team_story.author_id


def test_the_api_filters_by_tag(client, caseworker, team_story, municipality_story):
    client.force_login(caseworker.user)
    body = client.get("/api/v1/stories", {"lever": Lever.RELATION}).json()
    assert [i["id"] for i in body["items"]] == [municipality_story.pk]
    assert client.get("/api/v1/stories", {"lever": "trylleri"}).status_code == 422


def test_a_stranger_gets_404_for_a_team_story_in_the_api(client, outsider, team_story):
    client.force_login(outsider.user)
    assert client.get("/api/v1/stories").json()["count"] == 0
    assert client.get(f"/api/v1/stories/{team_story.pk}").status_code == 404


def test_the_researcher_gets_no_storyteller_in_the_api(client, researcher, project_story):
    client.force_login(researcher.user)
    item = client.get(f"/api/v1/stories/{project_story.pk}").json()
    assert item["author_id"] is None and item["what_happened"]


def test_the_api_needs_a_login(client, team_story):
    assert client.get("/api/v1/stories").status_code == 401
