"""The rating flow and the citizen's link in a real browser (Debian's chromium), the
citizen's page on a phone-sized window, and axe (WCAG 2.1 AA) on every page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from jobtro.belief.models import Rating
from tests.browser_fixtures import axe_violations
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/konto/log-ind/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url(f"{live_server.url}/")


def test_caseworker_rates_a_due_citizen_with_the_keyboard_and_corrects_it(
    page, live_server, citizen
):
    log_in(page, live_server, "anna")
    expect(page.get_by_role("heading", name="Din tro på borgerne")).to_be_visible()
    page.get_by_role("link", name="Vurdér Testborger Ærø").click()
    page.wait_for_url("**/vurder/")
    assert page.get_by_role("heading", level=1).inner_text() == "Din tro på borgerens jobchance"
    assert axe_violations(page) == []

    # Keyboard only: arrows move within the scale, Enter saves.
    page.locator("#id_item_belief_job_1y_1").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/gemt/**")
    expect(page.get_by_text("Din vurdering er gemt.")).to_be_visible()
    expect(page.get_by_text("Din tro lige nu: 3 · Måske")).to_be_visible()
    expect(page.get_by_text("Det er din første vurdering af borgeren.")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Ret vurderingen").click()
    page.get_by_label("4 · Ja, sandsynligvis").check()
    page.get_by_role("button", name="Gem rettelsen").click()
    page.wait_for_url("**/gemt/**")
    expect(page.get_by_text("Rettelsen er gemt.")).to_be_visible()
    assert Rating.objects.count() == 2 and Rating.objects.current().get().value == 4


def test_a_mistake_on_the_rating_page_is_explained_in_danish(page, live_server, citizen):
    log_in(page, live_server, "anna")
    page.goto(f"{live_server.url}/tro/borger/{citizen.pk}/vurder/")
    page.get_by_label("Hvad skal der til, for at min tro på borgerens jobchance stiger?").fill(
        "CPR 010190-1234"
    )
    page.get_by_role("button", name="Gem vurdering").click()
    expect(page.get_by_text("Vælg et svar.")).to_be_visible()
    expect(page.get_by_text("ser ud til at indeholde et CPR-nummer").first).to_be_visible()
    assert axe_violations(page) == []
    assert not Rating.objects.exists()


def test_the_citizen_answers_through_the_link_on_a_phone(page, phone, live_server, citizen):
    log_in(page, live_server, "anna")
    page.goto(f"{live_server.url}/borgere/{citizen.pk}/")
    page.get_by_role("button", name="Lav et link til borgerens egne svar").click()
    page.wait_for_url("**/link/")
    url = page.get_by_label("Linket").input_value()
    assert axe_violations(page) == []

    phone.goto(url)
    assert phone.get_by_role("heading", level=1).inner_text() == "Hvordan ser du selv på det?"
    assert axe_violations(phone) == []
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375  # nothing runs off the side of a phone
    phone.get_by_role("button", name="Send mine svar").click()
    expect(phone.get_by_text("Vælg et svar.")).to_be_visible()  # the first question is required
    phone.get_by_label("4 · Ja, nok").check()
    phone.get_by_label("Hvad er du god til?").fill("Jeg er god til at lave mad.")
    phone.get_by_role("button", name="Send mine svar").click()
    expect(phone.get_by_role("heading", name="Tak for dine svar")).to_be_visible()
    assert axe_violations(phone) == []

    phone.goto(url)  # the link works once
    expect(phone.get_by_role("heading", name="Du har allerede svaret")).to_be_visible()
    assert axe_violations(phone) == []

    page.goto(f"{live_server.url}/borgere/{citizen.pk}/")
    expect(page.get_by_role("heading", name="Borgerens egen tro")).to_be_visible()
    # The overview at the top quotes the same answer; the belief section shows it whole.
    expect(page.locator("#tro").get_by_text("Jeg er god til at lave mad.")).to_be_visible()
    assert axe_violations(page) == []


def test_min_tro_and_the_general_survey_pass_axe(page, live_server, citizen):
    log_in(page, live_server, "anna")
    page.get_by_role("link", name="Min tro").first.click()
    page.wait_for_url("**/tro/")
    expect(page.get_by_role("heading", name="Min tro", level=1)).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Besvar spørgsmålene").click()
    page.wait_for_url("**/tro/generel/")
    assert axe_violations(page) == []


def test_the_leader_sees_team_figures_only(page, live_server, leader, team, citizen):
    log_in(page, live_server, "lone")
    page.get_by_role("link", name="Team Nord").last.click()
    page.wait_for_url("**/tro/team/**")
    expect(page.get_by_text("aldrig den enkelte medarbejders")).to_be_visible()
    assert "Testborger" not in page.content()
    assert axe_violations(page) == []
