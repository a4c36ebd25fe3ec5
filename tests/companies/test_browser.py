"""In a real browser: the caseworker logs a company visit, then registers a placement
for a citizen from the citizen page; every page passes axe."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jobtro.companies.models import Placement, Visit
from tests.browser.test_pages import log_in
from tests.browser_fixtures import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_caseworker_logs_a_company_visit(page, live_server, caseworker, consultant, company):
    log_in(page, live_server, "anna")
    page.goto(f"{live_server.url}/virksomheder/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Demo Lager ApS").click()
    page.get_by_role("link", name="Registrér besøg").click()
    assert axe_violations(page) == []

    page.get_by_label("Vera Testesen").check()
    page.get_by_label("Afdække jobfunktioner og opgaver").check()
    page.get_by_label("Det lærte vi").fill("De mangler hænder til pakning om morgenen.")
    follow_up = timezone.localdate() + dt.timedelta(days=10)
    page.get_by_label("Opfølgningsdato").fill(follow_up.isoformat())
    page.get_by_role("button", name="Gem besøg").click()

    page.get_by_text("Besøget er registreret.").wait_for()
    assert page.get_by_text("De mangler hænder til pakning om morgenen.").is_visible()
    visit = Visit.objects.get()
    assert set(visit.participants.values_list("user__username", flat=True)) == {"anna", "vera"}
    assert axe_violations(page) == []

    page.goto(f"{live_server.url}/virksomheder/besoeg/")
    assert page.get_by_text(follow_up.strftime("%d.%m.%Y")).first.is_visible()
    assert axe_violations(page) == []


def test_caseworker_registers_a_placement_and_an_overlap_is_refused(
    page, live_server, citizen, company, contact
):
    log_in(page, live_server, "anna")
    page.goto(f"{live_server.url}/borgere/{citizen.pk}/")
    page.get_by_role("link", name="Registrér praktik eller ansættelse").click()
    assert axe_violations(page) == []

    def fill(start: str, end: str) -> None:
        page.get_by_label("Virksomhed", exact=True).select_option(label="Demo Lager ApS")
        page.get_by_label("Virksomhedspraktik").check()
        page.get_by_label("Fra", exact=True).fill(start)
        page.locator("#id_end_date").fill(end)
        page.get_by_role("button", name="Gem forløb").click()

    fill("2025-03-03", "2025-04-25")
    page.get_by_text("Forløbet er registreret.").wait_for()
    assert page.get_by_role("heading", name="Praktik og ansættelse").is_visible()
    assert page.get_by_role("cell", name="Demo Lager ApS").is_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Registrér praktik eller ansættelse").click()
    fill("2025-04-01", "2025-05-30")
    page.get_by_text("Borgeren har allerede virksomhedspraktik hos Demo Lager ApS").wait_for()
    assert Placement.objects.count() == 1
    assert axe_violations(page) == []

    # The placement's own page and the matching page (no profile yet) pass axe too.
    page.goto(f"{live_server.url}/borgere/{citizen.pk}/")
    page.get_by_role("link", name="Virksomhedspraktik").click()
    assert page.get_by_role("heading", name="Opdatér forløbet").is_visible()
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/borgere/{citizen.pk}/")
    page.get_by_role("link", name="Find arbejdspladser").click()
    assert page.get_by_text("Der er endnu intet at matche på").is_visible()
    assert axe_violations(page) == []
