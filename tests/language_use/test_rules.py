"""Spilleregler: a municipality's and a team's own lexicon entries, versioned."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jobtro.core.models import AuditEvent
from jobtro.language import analyse
from jobtro.language_use.lexicons import lexicon_for_staff, lexicon_in_force
from jobtro.language_use.models import ImmutableError, RulesVersion
from jobtro.language_use.services import save_rules

KLIENT = """
entries:
  - id: team_klient
    pattern: klient|klienten
    category: label
    explanation: Vi siger borger, ikke klient.
    suggestions: [borgeren]
"""
KURSIST = """
entries:
  - id: kommune_kursist
    pattern: kursisten
    category: label
    explanation: Hos os er det en borger.
    suggestions: [borgeren]
"""
BROKEN_YAML = "entries:\n  - id: x\n    pattern: [unclosed\n"
MISSING_FIELD = "entries:\n  - id: team_x\n    category: label\n    explanation: x\n"


def flagged(text, lexicon):
    return [f.text for f in analyse(text, lexicon=lexicon).findings]


def test_a_valid_team_overlay_is_in_force_for_the_team(client, leader, caseworker, team):
    assert flagged("Klienten kom til tiden.", lexicon_for_staff(caseworker)) == []
    client.force_login(leader.user)
    response = client.post(
        reverse("practice:rules_team", args=[team.pk]), {"text": KLIENT, "note": "klient"}
    )
    assert response.status_code == 302
    assert flagged("Klienten kom til tiden.", lexicon_for_staff(caseworker)) == ["Klienten"]
    # The coach uses it at once.
    client.force_login(caseworker.user)
    html = client.post(
        reverse("practice:coach") + "?felt=t", {"t": "Klienten kom til tiden."}
    ).content.decode()
    assert "Vil du beskrive det som »Borgeren«?" in html


def test_the_municipality_overlay_lies_under_the_team_overlay(
    administrator, leader, caseworker, outsider, team
):
    save_rules(author=administrator, municipality=team.municipality, text=KURSIST)
    save_rules(author=leader, municipality=team.municipality, team=team, text=KLIENT)
    lexicon = lexicon_for_staff(caseworker)
    assert flagged("Kursisten og klienten.", lexicon) == ["Kursisten", "klienten"]
    # Another municipality's staff are not touched.
    assert flagged("Kursisten og klienten.", lexicon_for_staff(outsider)) == []


def test_a_malformed_file_is_refused_with_the_danish_message_and_the_old_stays(
    client, leader, caseworker, team
):
    client.force_login(leader.user)
    url = reverse("practice:rules_team", args=[team.pk])
    client.post(url, {"text": KLIENT})
    for bad, message in [
        (BROKEN_YAML, "filen er ikke gyldig YAML (linje"),
        (MISSING_FIELD, "feltet &#x27;pattern&#x27; mangler"),
    ]:
        response = client.post(url, {"text": bad})
        assert response.status_code == 422
        html = response.content.decode()
        assert "Team Nord, version 2" in html
        assert message in html
    assert RulesVersion.objects.filter(team=team).count() == 1
    assert flagged("Klienten kom.", lexicon_for_staff(caseworker)) == ["Klienten"]


def test_a_disable_of_an_unknown_rule_is_refused(leader, team):
    with pytest.raises(ValidationError) as error:
        save_rules(
            author=leader, municipality=team.municipality, team=team, text="disable: [findes_ikke]"
        )
    assert "findes ikke" in str(error.value) or "findes_ikke" in str(error.value)


def test_each_save_is_a_new_version_with_author_and_time_and_history(client, leader, team):
    client.force_login(leader.user)
    url = reverse("practice:rules_team", args=[team.pk])
    client.post(url, {"text": KLIENT, "note": "første"})
    client.post(url, {"text": "", "note": "tilbage til grundlisten"})
    versions = list(RulesVersion.objects.filter(team=team).order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert all(v.author == leader and v.created_at for v in versions)
    html = client.get(url).content.decode()
    assert "første" in html and "tilbage til grundlisten" in html
    assert "Version 2 gælder" in html
    assert AuditEvent.objects.filter(action="practice.rules.created").count() == 2


def test_a_saved_version_is_never_changed(leader, team):
    version = save_rules(author=leader, municipality=team.municipality, team=team, text=KLIENT)
    version.text = "entries: []"
    with pytest.raises(ImmutableError):
        version.save()


def test_a_stored_version_that_no_longer_builds_falls_back_to_the_one_before(leader, team):
    save_rules(author=leader, municipality=team.municipality, team=team, text=KLIENT)
    # As if the shipped lexicon changed under a saved file: the row exists, but fails.
    RulesVersion.objects.create(
        municipality=team.municipality, team=team, number=2, text=MISSING_FIELD, author=leader
    )
    lexicon = lexicon_in_force(municipality_id=team.municipality_id, team_id=team.pk)
    assert flagged("Klienten kom.", lexicon) == ["Klienten"]


def test_the_administrator_keeps_the_municipality_rules(client, administrator):
    client.force_login(administrator.user)
    url = reverse("practice:rules_municipality")
    assert client.post(url, {"text": KURSIST}).status_code == 302
    assert RulesVersion.objects.get().team is None


@pytest.mark.parametrize("who", ["caseworker", "colleague", "researcher", "external", "outsider"])
def test_only_leaders_and_administrators_edit_rules(client, personas, team, who):
    client.force_login(getattr(personas, who).user)
    assert (
        client.post(reverse("practice:rules_team", args=[team.pk]), {"text": KLIENT}).status_code
        == 404
    )
    assert client.post(reverse("practice:rules_municipality"), {"text": KURSIST}).status_code == 404
    assert RulesVersion.objects.count() == 0


def test_a_leader_edits_only_their_own_teams(client, leader, other_team):
    client.force_login(leader.user)
    url = reverse("practice:rules_team", args=[other_team.pk])
    assert client.post(url, {"text": KLIENT}).status_code == 404


def test_the_administrator_does_not_edit_a_teams_rules(client, administrator, team):
    client.force_login(administrator.user)
    url = reverse("practice:rules_team", args=[team.pk])
    assert client.get(url).status_code == 404
