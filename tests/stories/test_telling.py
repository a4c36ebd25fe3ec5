"""Telling a success story at a team meeting: the tags make it data; a CPR number or a
citizen's full name, a missing field or someone else's team saves nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jobtro.core.models import AuditEvent
from jobtro.experiments.models import Lever, Theme
from jobtro.stories.models import Difference, Sharing, Story, StoryTag, TagKind
from jobtro.stories.services import tell_story

from .conftest import content, post_data

URL = reverse("stories:create")


def test_caseworker_tells_a_story_with_tags_and_it_is_audited(client, caseworker, team):
    client.force_login(caseworker.user)
    data = post_data(
        team,
        levers=[Lever.LABOUR_MARKET, Lever.RELATION],
        themes=[Theme.ACTION, Theme.EXTERNAL],
        differences=[Difference.PLACEMENT, Difference.CITIZEN_BELIEF],
        sharing=Sharing.MUNICIPALITY,
    )
    response = client.post(URL, data)
    story = Story.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("stories:detail", args=[story.pk])
    assert (story.team, story.author, story.municipality) == (team, caseworker, team.municipality)
    assert story.sharing == Sharing.MUNICIPALITY and story.version == 1
    assert story.what_happened == data["what_happened"]
    assert story.tag_values(TagKind.LEVER) == ["labour_market", "relation"]
    assert story.tag_values(TagKind.THEME) == ["action", "external"]
    assert story.tag_values(TagKind.DIFFERENCE) == ["citizen_belief", "placement"]
    event = AuditEvent.objects.get(action="stories.story.created")
    assert event.target_id == str(story.pk) and event.actor == caseworker.user
    assert event.detail["levers"] == ["labour_market", "relation"]
    assert event.municipality_id_ref == team.municipality_id


def test_leader_tells_a_story_in_the_team_they_lead(client, leader, team):
    client.force_login(leader.user)
    response = client.post(URL, post_data(team))
    assert response.status_code == 302
    assert Story.objects.get().author == leader


def test_the_form_shows_the_language_coach_on_each_text(client, caseworker, team):
    client.force_login(caseworker.user)
    html = client.get(URL).content.decode()
    for field in ("what_happened", "what_made_difference", "what_we_learn"):
        assert f'id="id_{field}_coach"' in html
        assert f"felt={field}" in html
    assert 'type="checkbox"' in html and "Sparringskultur og ledelse" in html


def test_story_with_a_cpr_number_saves_nothing_and_says_so_in_danish(client, caseworker, team):
    client.force_login(caseworker.user)
    data = post_data(team, what_happened="Borgeren (010190-1234) fik et job i et køkken.")
    response = client.post(URL, data)
    assert response.status_code == 422
    assert "Teksten ser ud til at indeholde et CPR-nummer. Fjern det." in response.content.decode()
    assert not Story.objects.exists() and not StoryTag.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="stories.").exists()


def test_story_naming_a_citizen_in_full_saves_nothing(client, caseworker, team, citizen):
    client.force_login(caseworker.user)
    # The citizen fixture is called "Testborger Ærø"; the genitive counts too.
    data = post_data(team, what_we_learn="Vi lærer af Testborger  Ærøs forløb.")
    response = client.post(URL, data)
    assert response.status_code == 422
    assert "Skriv uden borgerens fulde navn" in response.content.decode()
    assert not Story.objects.exists()


def test_a_first_name_alone_is_not_taken_for_a_citizens_name(caseworker, team, citizen):
    story = tell_story(
        author=caseworker, team=team, **content(what_happened="Testborger-kurset hjalp.")
    )
    assert story.pk is not None


def test_a_name_of_a_citizen_in_another_municipality_is_not_checked_here(
    caseworker, team, outsider, target_group
):
    from jobtro.citizens.services import create_citizen

    create_citizen(
        actor=None, municipality=outsider.municipality, birth_year=1990,
        target_group=target_group, enrolled_on=dt.date(2025, 1, 6), name="Karen Blixen",
    )  # fmt: skip
    story = tell_story(
        author=caseworker, team=team, **content(what_we_learn="Som Karen Blixen skrev …")
    )
    assert story.pk is not None


def test_missing_fields_are_named_in_danish_and_nothing_is_saved(client, caseworker, team):
    client.force_login(caseworker.user)
    response = client.post(URL, {"team": team.pk})
    html = response.content.decode()
    assert response.status_code == 422
    for message in (
        "Skriv datoen for teammødet.",
        "Fortæl, hvad der skete.",
        "Skriv, hvad der gjorde forskellen.",
        "Skriv, hvad I lærer af historien.",
        "Vælg mindst ét greb-område.",
        "Vælg mindst én slags forskel.",
        "Vælg, hvem historien må deles med.",
    ):
        assert message in html, message
    assert not Story.objects.exists()


def test_blank_texts_are_refused_by_the_service_too(caseworker, team):
    with pytest.raises(ValidationError) as caught:
        tell_story(author=caseworker, team=team, **content(what_happened="   ", levers=[]))
    assert caught.value.message_dict["what_happened"] == ["Fortæl, hvad der skete."]
    assert caught.value.message_dict["levers"] == ["Vælg mindst ét greb-område."]
    assert not Story.objects.exists()


def test_a_team_the_author_is_not_in_is_refused(client, caseworker, other_team):
    client.force_login(caseworker.user)
    response = client.post(URL, post_data(other_team))
    assert response.status_code == 422
    assert "Vælg et team, du selv er med i eller leder." in response.content.decode()
    assert not Story.objects.exists()


def test_the_service_refuses_a_team_the_author_is_not_in(caseworker, other_team):
    with pytest.raises(ValidationError) as caught:
        tell_story(author=caseworker, team=other_team, **content())
    assert caught.value.message_dict == {"team": ["Vælg et team, du selv er med i eller leder."]}


def test_a_meeting_in_the_future_is_refused(caseworker, team):
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        tell_story(author=caseworker, team=team, **content(meeting_date=tomorrow))
    assert caught.value.message_dict["meeting_date"] == ["Teammødet kan ikke ligge i fremtiden."]


def test_tags_outside_the_lists_are_refused(caseworker, team):
    with pytest.raises(ValidationError) as caught:
        tell_story(
            author=caseworker, team=team, **content(themes=["lykke"], sharing="alle i verden")
        )
    assert caught.value.message_dict["themes"] == ["Vælg fra listen."]
    assert caught.value.message_dict["sharing"] == ["Vælg, hvem historien må deles med."]
    assert not Story.objects.exists()


def test_researcher_and_external_partner_tell_no_stories(client, researcher, external):
    for staff in (researcher, external):
        client.force_login(staff.user)
        assert client.get(URL).status_code == 404


def test_a_story_links_to_an_experiment_the_author_can_see(client, caseworker, team, experiment):
    client.force_login(caseworker.user)
    html = client.get(URL).content.decode()
    assert "Ressourcer i henvisningen" in html
    response = client.post(URL, post_data(team, experiment=experiment))
    assert response.status_code == 302
    assert Story.objects.get().experiment == experiment


def test_an_experiment_the_author_cannot_see_is_not_offered_nor_accepted(
    client, caseworker, team, experiment, odder_experiment
):
    client.force_login(caseworker.user)
    assert "Gåture i stedet for mødelokaler" not in client.get(URL).content.decode()
    response = client.post(URL, post_data(team, experiment=odder_experiment))
    assert response.status_code == 422
    assert "Vælg et eksperiment, du kan se." in response.content.decode()
    with pytest.raises(ValidationError):
        tell_story(author=caseworker, team=team, **content(experiment=odder_experiment))
    assert not Story.objects.exists()


def test_a_saved_story_is_never_changed_in_place(team_story):
    from django.db import connection, transaction

    from jobtro.core.appendonly import AppendOnlyError

    team_story.what_happened = "Noget andet."
    with pytest.raises(AppendOnlyError):
        team_story.save()
    with pytest.raises(AppendOnlyError):
        Story.objects.filter(pk=team_story.pk).update(sharing=Sharing.PROJECT)
    with (
        pytest.raises(Exception, match="never changed"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE stories_story SET sharing = 'project'")


def test_the_story_page_links_the_experiment_for_those_who_may_open_it(
    client, caseworker, team, experiment, researcher, outsider
):
    from jobtro.organisations.models import ResearchProject

    # The researcher's project ("troen") puts Odder beside Silkeborg below.

    story = tell_story(
        author=caseworker,
        team=team,
        **content(experiment=experiment, sharing=Sharing.PROJECT),
    )
    link = reverse("experiments:detail", args=[experiment.pk])
    url = reverse("stories:detail", args=[story.pk])
    client.force_login(caseworker.user)
    assert link in client.get(url).content.decode()
    ResearchProject.objects.get(slug="troen").municipalities.add(outsider.municipality)
    client.force_login(outsider.user)
    html = client.get(url).content.decode()
    assert "Ressourcer i henvisningen" in html and link not in html


def test_a_caseworker_without_a_team_is_told_why_she_cannot_tell_a_story(client, caseworker):
    membership = caseworker.memberships.get()
    membership.end_date = dt.date.today() - dt.timedelta(days=1)
    membership.save()
    client.force_login(caseworker.user)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Du er ikke med i et team lige nu" in response.content.decode()
    assert "Gem historien" not in response.content.decode()


def test_the_experiment_page_block_lists_its_stories_and_offers_to_tell_one(
    rf, caseworker, team, experiment, outsider
):
    from django.template import Context, Template

    story = tell_story(author=caseworker, team=team, **content(experiment=experiment))
    tell_story(author=caseworker, team=team, **content())  # not linked
    block = Template("{% load stories %}{% experiment_stories experiment %}")

    def render(staff) -> str:
        request = rf.get("/")
        request.user = staff.user
        return block.render(Context({"request": request, "experiment": experiment}))

    html = render(caseworker)
    assert html.count("<li>") == 1
    assert reverse("stories:detail", args=[story.pk]) in html
    assert f"{URL}?eksperiment={experiment.pk}" in html
    # A stranger to the team-only story sees none of it.
    assert "<li>" not in render(outsider)


def test_telling_a_story_from_the_experiment_preselects_it(client, caseworker, experiment):
    client.force_login(caseworker.user)
    form = client.get(URL, {"eksperiment": experiment.pk}).context["form"]
    assert form["experiment"].value() == str(experiment.pk)
