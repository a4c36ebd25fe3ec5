"""The "Praksis" page: a signpost whose cards only lead where the reader may go."""

from __future__ import annotations

import pytest
from django.test import Client

from jobtro.practice.hub import practice_cards


@pytest.mark.parametrize(
    "role", ["caseworker", "colleague", "leader", "researcher", "administrator", "outsider"]
)
def test_every_card_leads_to_a_page_the_reader_may_open(role, personas):
    user = getattr(personas, role).user
    client = Client()
    client.force_login(user)
    cards = practice_cards(user)
    assert cards
    for card in cards:
        status = client.get(card.url).status_code
        # The project meetings card lands on the project's timeline through a redirect.
        assert status in {200, 302}, f"{role}: {card.title} {card.url} gave {status}"


def test_the_caseworker_finds_sparring_and_the_researcher_does_not(personas):
    caseworker = {c.title for c in practice_cards(personas.caseworker.user)}
    researcher = {c.title for c in practice_cards(personas.researcher.user)}
    assert "Sparring – flere øjne på sagen" in caseworker
    assert "Sparring – flere øjne på sagen" not in researcher
    assert "Små greb" in researcher


def test_the_page_lists_the_cards_and_the_external_partner_gets_404(personas, client):
    client.force_login(personas.leader.user)
    page = client.get("/praksis/").content.decode()
    assert "Eksperimenter" in page and "Spilleregler" in page and "Sparring –" not in page
    client.force_login(personas.external.user)
    assert client.get("/praksis/").status_code == 404


def test_the_caseworker_home_page_shows_what_is_waiting(personas, client, referred_citizen):
    from jobtro.sparring.services import request_sparring

    request_sparring(
        owner=personas.caseworker,
        citizen=referred_citizen,
        method="resource_round",
        description="Borgeren har svært ved at se sig selv i et job.",
        participants=[personas.colleague],
        belief_before=2,
    )
    client.force_login(personas.colleague.user)
    page = client.get("/").content.decode()
    assert "Det venter på dig" in page
    assert "Du er bedt om at give sparring på 1 sag" in page
    client.force_login(personas.caseworker.user)
    assert "Det venter på dig" not in client.get("/").content.decode()
