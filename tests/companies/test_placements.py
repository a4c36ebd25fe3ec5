"""Placements: virksomhedspraktik, løntilskud, ordinære timer, fleksjob — for one's own
citizen, never overlapping, read only by those who may see the citizen (and logged)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from jobtro.companies import services
from jobtro.companies.models import Placement
from jobtro.core.models import AuditEvent

from .conftest import MONDAY


def _form(company, **overrides):
    return {
        "company": company.pk,
        "kind": "loentilskud",
        "start_date": MONDAY.isoformat(),
        "end_date": (MONDAY + dt.timedelta(weeks=13)).isoformat(),
        "contact": "",
        "status": "i_gang",
        "outcome": "",
        **overrides,
    }


def test_caseworker_registers_a_placement_that_shows_on_citizen_and_company_pages(
    client, caseworker, citizen, company, contact
):
    client.force_login(caseworker.user)
    response = client.post(
        reverse("companies:placement_create", args=[citizen.pk]),
        _form(company, contact=contact.pk),
    )
    assert response.status_code == 302
    placement = Placement.objects.get()
    assert (placement.kind, placement.contact, placement.created_by) == (
        "loentilskud",
        contact,
        caseworker,
    )
    citizen_page = client.get(reverse("citizens:detail", args=[citizen.pk])).content.decode()
    assert "Løntilskud" in citizen_page and "Demo Lager ApS" in citizen_page
    company_page = client.get(reverse("companies:detail", args=[company.pk])).content.decode()
    assert citizen.pseudonym in company_page
    assert AuditEvent.objects.filter(
        action="companies.placement.listed", citizen_id_ref=citizen.pk
    ).exists()


def test_an_overlapping_placement_is_refused_with_a_danish_message(
    client, caseworker, citizen, company, placement
):
    client.force_login(caseworker.user)
    response = client.post(
        reverse("companies:placement_create", args=[citizen.pk]),
        _form(company, start_date=(MONDAY + dt.timedelta(weeks=4)).isoformat()),
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "Borgeren har allerede virksomhedspraktik hos Demo Lager ApS" in body
    assert "må ikke overlappe" in body
    assert Placement.objects.count() == 1


def test_an_open_ended_placement_overlaps_everything_after_its_start(caseworker, citizen, company):
    services.register_placement(
        author=caseworker, citizen=citizen, company=company, kind="fleksjob", start_date=MONDAY
    )
    with pytest.raises(ValidationError, match="må ikke overlappe"):
        services.register_placement(
            author=caseworker, citizen=citizen, company=company, kind="virksomhedspraktik",
            start_date=MONDAY + dt.timedelta(days=400), end_date=MONDAY + dt.timedelta(days=420),
        )  # fmt: skip


def test_placements_back_to_back_do_not_overlap(caseworker, citizen, company, placement):
    after = services.register_placement(
        author=caseworker, citizen=citizen, company=company, kind="ordinaere_timer",
        start_date=placement.end_date + dt.timedelta(days=1),
    )  # fmt: skip
    assert Placement.objects.filter(citizen=citizen).count() == 2 and after.end_date is None


def test_an_end_date_before_the_start_date_is_refused(client, caseworker, citizen, company):
    client.force_login(caseworker.user)
    response = client.post(
        reverse("companies:placement_create", args=[citizen.pk]),
        _form(company, end_date=(MONDAY - dt.timedelta(days=1)).isoformat()),
    )
    assert response.status_code == 422
    assert "Slutdatoen ligger før startdatoen." in response.content.decode()
    assert not Placement.objects.exists()


def test_a_company_of_another_municipality_cannot_be_chosen(caseworker, citizen, odder_company):
    with pytest.raises(ValidationError, match="Vælg en virksomhed i borgerens kommune"):
        services.register_placement(
            author=caseworker, citizen=citizen, company=odder_company,
            kind="virksomhedspraktik", start_date=MONDAY,
        )  # fmt: skip


def test_the_outcome_note_must_not_name_the_citizen(client, caseworker, citizen, company):
    client.force_login(caseworker.user)
    response = client.post(
        reverse("companies:placement_create", args=[citizen.pk]),
        _form(company, outcome="Testborger Ærø mødte stabilt."),
    )
    assert response.status_code == 422
    assert "Skriv uden borgerens fulde navn." in response.content.decode()


def test_colleague_cannot_register_a_placement_for_a_citizen_they_cannot_see(
    client, colleague, citizen, company
):
    client.force_login(colleague.user)
    assert client.get(reverse("companies:placement_create", args=[citizen.pk])).status_code == 404
    response = client.post(reverse("companies:placement_create", args=[citizen.pk]), _form(company))
    assert response.status_code == 404
    assert not Placement.objects.exists()


def test_colleague_neither_opens_nor_sees_the_placement(client, colleague, company, placement):
    client.force_login(colleague.user)
    assert client.get(reverse("companies:placement", args=[placement.pk])).status_code == 404
    page = client.get(reverse("companies:detail", args=[company.pk])).content.decode()
    assert placement.citizen.pseudonym not in page


def test_reading_a_placement_is_audit_logged(client, caseworker, placement):
    client.force_login(caseworker.user)
    assert client.get(reverse("companies:placement", args=[placement.pk])).status_code == 200
    event = AuditEvent.objects.get(action="companies.placement.viewed")
    assert event.citizen_id_ref == placement.citizen_id and event.actor == caseworker.user


def test_leader_reads_the_placement_but_cannot_change_it(client, leader, placement):
    client.force_login(leader.user)
    page = client.get(reverse("companies:placement", args=[placement.pk]))
    assert page.status_code == 200 and "Opdatér forløbet" not in page.content.decode()
    response = client.post(
        reverse("companies:placement", args=[placement.pk]), {"status": "afbrudt"}
    )
    assert response.status_code == 404
    placement.refresh_from_db()
    assert placement.status == "planlagt"


def test_caseworker_records_how_it_went(client, caseworker, placement):
    client.force_login(caseworker.user)
    response = client.post(
        reverse("companies:placement", args=[placement.pk]),
        {
            "end_date": placement.end_date.isoformat(),
            "contact": placement.contact_id,
            "status": "ansat",
            "outcome": "Mødte stabilt og blev tilbudt ordinære timer.",
        },
    )
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.status == "ansat"
    event = AuditEvent.objects.get(action="companies.placement.updated")
    assert event.detail["before"]["status"] == "planlagt"


def test_a_placement_that_has_not_started_cannot_be_finished(caseworker, citizen, company):
    soon = timezone.localdate() + dt.timedelta(days=14)
    with pytest.raises(ValidationError, match="ikke er begyndt endnu"):
        services.register_placement(
            author=caseworker, citizen=citizen, company=company, kind="virksomhedspraktik",
            start_date=soon, status="gennemfoert",
        )  # fmt: skip


def test_the_placement_form_offers_the_language_coach_on_the_outcome(client, caseworker, citizen):
    client.force_login(caseworker.user)
    page = client.get(reverse("companies:placement_create", args=[citizen.pk])).content.decode()
    assert 'id="id_outcome_coach"' in page and "hx-post" in page


def test_without_companies_the_placement_form_says_to_create_one_first(client, caseworker, citizen):
    client.force_login(caseworker.user)
    page = client.get(reverse("companies:placement_create", args=[citizen.pk])).content.decode()
    assert "Der er ingen virksomheder i kommunen endnu." in page


def test_opening_the_placement_form_is_logged_as_a_read_of_the_citizen(client, caseworker, citizen):
    client.force_login(caseworker.user)
    response = client.get(reverse("companies:placement_create", args=[citizen.pk]))
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="companies.placement.form_viewed")
    assert event.citizen_pseudonym == citizen.pseudonym
