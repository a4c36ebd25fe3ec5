"""Matching: the citizen's words and strengths against the companies' tasks, each
suggestion with its reasons in plain Danish; a helpful message when there is nothing
to match on."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jobtro.companies import profiles
from jobtro.companies.matching import CitizenTerms, FunctionTerms, suggest, words_match
from jobtro.core.models import AuditEvent
from jobtro.strengths.services import create_citizen_link, record_citizen_answer


def test_danish_words_match_by_lemma_and_inside_compounds():
    assert words_match("kunde", "kundeservice")
    assert words_match("rengøring", "hotelrengøring")
    assert not words_match("bil", "billede")  # too short to count as a compound part
    assert not words_match("lager", "køkken")


def test_scoring_is_the_sum_of_the_documented_weights():
    citizen = CitizenTerms(
        wishes=("lager",),
        competences=("truckkort",),
        experience=("pakning",),
        text="Har kørt truck i flere år og kan lide kunder.",
        strengths=(("reliable", "Pålidelig"),),
    )
    warehouse = FunctionTerms(
        1, "Demo Lager", 10, "Lagermedarbejder", ("pakning", "truckkørsel"), ("reliable",)
    )
    kitchen = FunctionTerms(2, "Demo Køkken", 20, "Køkkenhjælp", ("opvask",), ("reliable",))
    [only] = suggest(citizen, [warehouse, kitchen])
    # wish 3 + experience 2 + word "truck" from the text 1 + strength 2; "truckkort" is a
    # competence but "truckkort" and "truckkørsel" share only "truck" (not a whole word).
    kinds = [r.kind for r in only.reasons]
    assert only.company_name == "Demo Lager"
    assert sorted(kinds) == sorted(["wish", "experience", "text", "strength"])
    assert only.score == 3 + 2 + 1 + 2
    texts = " ".join(r.text for r in only.reasons)
    assert "Opgaver der passer til borgerens ønske om »lager«" in texts
    assert "Borgerens styrke »Pålidelig« passer til jobbet som Lagermedarbejder." in texts


def test_strengths_alone_never_make_a_suggestion():
    citizen = CitizenTerms(wishes=("dyr",), strengths=(("reliable", "Pålidelig"),))
    kitchen = FunctionTerms(2, "Demo Køkken", 20, "Køkkenhjælp", ("opvask",), ("reliable",))
    assert suggest(citizen, [kitchen]) == []


def test_companies_are_ranked_by_their_best_function():
    citizen = CitizenTerms(wishes=("køkken", "opvask"))
    a = FunctionTerms(1, "Ærlig Kantine", 1, "Køkkenhjælp", ("opvask",))
    b = FunctionTerms(2, "Bedste Butik", 2, "Butiksassistent", ("kasse",))
    c = FunctionTerms(3, "Anden Kantine", 3, "Kantinemedarbejder", ("anretning",))
    assert [s.company_name for s in suggest(citizen, [a, b, c])] == ["Ærlig Kantine"]


@pytest.fixture
def profile(caseworker, citizen):
    return profiles.save_job_profile(
        author=caseworker,
        citizen=citizen,
        competences=["truckkort"],
        experience=[],
        wishes=["lager", "udendørs"],
        text="",
    )


def test_citizen_with_no_tags_gets_a_message_about_what_to_add(
    client, caseworker, citizen, job_function
):
    client.force_login(caseworker.user)
    page = client.get(reverse("companies:matching", args=[citizen.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Der er endnu intet at matche på" in body
    assert "ønsker til arbejdet, fx »lager«" in body
    assert "Demo Lager ApS" not in body


def test_matching_suggests_the_workplace_and_says_why(
    client, caseworker, citizen, job_function, profile
):
    client.force_login(caseworker.user)
    body = client.get(reverse("companies:matching", args=[citizen.pk])).content.decode()
    assert "Demo Lager ApS" in body
    assert "Opgaver der passer til borgerens ønske om »lager«: »Lagermedarbejder«." in body
    assert AuditEvent.objects.filter(
        action="companies.matching.viewed", citizen_id_ref=citizen.pk
    ).exists()


def test_the_citizens_own_strengths_count_in_the_matching(
    client, caseworker, citizen, job_function, profile
):
    _link, token = create_citizen_link(citizen=citizen, staff=caseworker)
    record_citizen_answer(raw_token=token, keys=["reliable"])
    client.force_login(caseworker.user)
    body = client.get(reverse("companies:matching", args=[citizen.pk])).content.decode()
    assert "Borgerens styrke »Stabil« passer til jobbet som Lagermedarbejder." in body


def test_no_job_functions_in_the_municipality_is_said_plainly(client, caseworker, citizen, profile):
    client.force_login(caseworker.user)
    body = client.get(reverse("companies:matching", args=[citizen.pk])).content.decode()
    assert "Der er ingen jobfunktioner registreret i kommunens virksomheder endnu." in body


def test_the_job_profile_is_versioned_and_nothing_is_lost(client, caseworker, citizen, profile):
    client.force_login(caseworker.user)
    response = client.post(
        reverse("companies:profile", args=[citizen.pk]),
        {"wishes": "lager, køkken", "competences": "truckkort", "experience": "", "text": ""},
    )
    assert response.status_code == 302
    assert list(citizen.job_profiles.values_list("number", "wishes")) == [
        (2, ["lager", "køkken"]),
        (1, ["lager", "udendørs"]),
    ]


def test_saving_an_unchanged_profile_says_so(client, caseworker, citizen, profile):
    client.force_login(caseworker.user)
    response = client.post(
        reverse("companies:profile", args=[citizen.pk]),
        {"wishes": "lager, udendørs", "competences": "truckkort", "experience": "", "text": ""},
    )
    assert response.status_code == 422
    assert "Profilen er ikke ændret." in response.content.decode()


def test_leader_and_colleague_cannot_open_matching_or_profile(client, leader, colleague, citizen):
    for person in (leader, colleague):
        client.force_login(person.user)
        assert client.get(reverse("companies:matching", args=[citizen.pk])).status_code == 404
        assert client.get(reverse("companies:profile", args=[citizen.pk])).status_code == 404


def test_a_profile_with_a_cpr_number_is_refused_and_nothing_is_saved(client, caseworker, citizen):
    client.force_login(caseworker.user)
    response = client.post(
        reverse("companies:profile", args=[citizen.pk]),
        {"wishes": "lager", "competences": "", "experience": "", "text": "Se 010190-1234."},
    )
    assert response.status_code == 422
    assert "CPR-nummer" in response.content.decode()
    assert not citizen.job_profiles.exists()
