"""Ratings in the API: the same rules as the pages; researchers get pseudonyms only."""

from __future__ import annotations

import pytest

from jobtro.belief import services
from jobtro.belief.models import Rating
from jobtro.core.models import ApiToken


def url(citizen) -> str:
    return f"/api/v1/citizens/{citizen.pk}/ratings"


def test_the_caseworker_reads_own_ratings_and_the_citizens_answers(
    client, caseworker, citizen, rating
):
    _link, raw = services.create_citizen_link(citizen=citizen, staff=caseworker)
    services.record_citizen_answers(raw_token=raw, values={"cit_own_belief": 4})
    client.force_login(caseworker.user)
    data = client.get(url(citizen)).json()
    assert [(r["item_id"], r["value"], r["rater_type"]) for r in data] == [
        ("belief_job_1y", 2, "caseworker"),
        ("cit_own_belief", 4, "citizen"),
    ]
    assert data[0]["rater_id"] == str(caseworker.pk) and data[0]["reason"] == "Lang vej."


def test_a_successor_never_reads_the_predecessors_ratings(
    client, caseworker, colleague, citizen, rating
):
    from django.utils import timezone

    from jobtro.citizens.services import assign_caseworker

    assign_caseworker(
        actor=None, citizen=citizen, caseworker=colleague, start_date=timezone.localdate()
    )
    client.force_login(colleague.user)
    assert client.get(url(citizen)).json() == []


@pytest.mark.parametrize("persona", ["leader", "colleague", "administrator", "outsider"])
def test_leaders_and_strangers_get_404(client, personas, citizen, rating, persona):
    client.force_login(getattr(personas, persona).user)
    assert client.get(url(citizen)).status_code == 404


def test_the_researcher_reads_pseudonymised_ratings_without_free_text(
    client, researcher, caseworker, citizen, rating
):
    client.force_login(researcher.user)
    data = client.get(url(citizen)).json()
    assert len(data) == 1
    assert data[0]["rater_id"].startswith("M-") and str(caseworker.pk) != data[0]["rater_id"]
    assert data[0]["reason"] is None and data[0]["raise_belief"] is None


def test_an_integration_posts_a_rating_with_a_token(client, caseworker, citizen, instrument):
    _token, raw = ApiToken.issue(user=caseworker.user, name="Fagsystem")
    headers = {"Authorization": f"Bearer {raw}"}
    body = {"item_id": "belief_job_1y", "value": 3, "idempotency_key": "sys-1"}
    first = client.post(url(citizen), body, content_type="application/json", headers=headers)
    again = client.post(url(citizen), body, content_type="application/json", headers=headers)
    assert first.status_code == 201 and first.json()["value"] == 3
    assert again.json()["id"] == first.json()["id"]
    assert Rating.objects.get().source == "api"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"value": 6}, "Må højst være 5."),  # the published bound (1 … 5), in Danish
        ({"value": 0}, "Skal være mindst 1."),
        ({"value": 3, "item_id": "nope"}, "findes ikke"),
        ({"value": 3, "reason": "CPR 010190-1234"}, "CPR-nummer"),
        ({"value": 3, "instrument": "bip-9"}, "Ukendt instrument"),
        ({"value": 3, "correct": True}, "ingen vurdering"),
    ],
)
def test_bad_input_through_the_api_is_a_422_in_danish(
    client, caseworker, citizen, instrument, body, message
):
    client.force_login(caseworker.user)
    response = client.post(url(citizen), body, content_type="application/json")
    assert response.status_code == 422 and message in str(response.json()["detail"])
    assert not Rating.objects.exists()


@pytest.mark.parametrize("persona", ["leader", "researcher", "colleague", "outsider"])
def test_only_the_caseworker_or_the_referred_partner_posts(
    client, personas, referred_citizen, instrument, persona
):
    client.force_login(getattr(personas, persona).user)
    response = client.post(url(referred_citizen), {"value": 3}, content_type="application/json")
    assert response.status_code == 404
    assert not Rating.objects.exists()


def test_the_external_partner_posts_as_external(client, external, referred_citizen, instrument):
    client.force_login(external.user)
    response = client.post(url(referred_citizen), {"value": 4}, content_type="application/json")
    assert response.status_code == 201 and response.json()["rater_type"] == "external"
