"""In a real browser: "Mine virksomhedsbesøg" registers a visit, the company chosen in
the form (issue 19: every list of things a user creates offers the creation)."""

from __future__ import annotations

import pytest

from jobtro.companies.models import Visit
from tests.browser.test_pages import log_in
from tests.browser_fixtures import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_caseworker_registers_a_visit_from_my_company_visits(
    page, live_server, caseworker, company, odder_company
):
    log_in(page, live_server, "anna")
    page.goto(f"{live_server.url}/virksomheder/besoeg/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Registrér besøg").click()
    assert axe_violations(page) == []
    company_field = page.get_by_label("Virksomhed", exact=True)
    options = company_field.locator("option").all_inner_texts()
    assert "Demo Lager ApS" in options
    assert odder_company.name not in options  # another municipality's company is not offered

    page.get_by_role("button", name="Gem besøg").click()  # nothing chosen: a Danish error
    page.get_by_text("Vælg virksomheden.").first.wait_for()
    assert not Visit.objects.exists()
    assert axe_violations(page) == []

    page.get_by_label("Virksomhed", exact=True).select_option(label="Demo Lager ApS")
    page.get_by_label("Afdække jobfunktioner og opgaver").check()
    page.get_by_label("Det lærte vi").fill("De mangler hænder til pakning om morgenen.")
    page.get_by_role("button", name="Gem besøg").click()

    page.get_by_text("Besøget er registreret.").wait_for()
    assert page.get_by_role("heading", name="Mine virksomhedsbesøg", level=1).is_visible()
    assert page.get_by_role("cell", name="Demo Lager ApS").is_visible()
    assert Visit.objects.get().company == company
    assert axe_violations(page) == []
