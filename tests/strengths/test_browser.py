"""The strengths link in a real browser on a phone-sized window, with axe on every page:
the caseworker makes the link, the citizen chooses strengths and invites a person in
their network, who answers on their own phone; the caseworker then sees both."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from jobtro.strengths.models import StrengthsAnswer
from tests.belief.test_browser import log_in
from tests.browser_fixtures import _page, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits_a_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 375


@pytest.fixture
def second_phone(browser):
    context, page = _page(
        browser, viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    )
    yield page
    context.close()


def test_the_citizen_and_a_network_person_answer_on_their_phones(
    page, phone, second_phone, live_server, citizen
):
    log_in(page, live_server, "anna")
    page.goto(f"{live_server.url}/borgere/{citizen.pk}/")
    page.get_by_role("button", name="Lav et link til borgerens styrker").click()
    page.wait_for_url("**/link/")
    url = page.get_by_label("Linket").input_value()
    assert axe_violations(page) == []

    # The citizen, on a phone: an empty answer first, then three strengths.
    phone.goto(url)
    assert phone.get_by_role("heading", level=1).inner_text() == "Dine styrker"
    assert axe_violations(phone) == []
    assert _fits_a_phone(phone)
    phone.get_by_role("button", name="Gem mine styrker").click()
    expect(
        phone.get_by_text("Vælg mindst én styrke — den, der passer bedst på dig.")
    ).to_be_visible()
    assert axe_violations(phone) == []
    phone.get_by_label("Stabil", exact=True).check()
    phone.get_by_label("Hjælpsom", exact=True).check()
    phone.get_by_label("God med hænderne", exact=True).check()
    phone.get_by_label("Med dine egne ord: hvad er du god til?").fill(
        "Jeg laver mad til hele familien."
    )
    phone.get_by_role("button", name="Gem mine styrker").click()
    expect(phone.get_by_text("Tak! Dine styrker er gemt")).to_be_visible()
    expect(phone.get_by_role("link", name="Hent din profil")).to_be_visible()
    assert axe_violations(phone) == []
    assert _fits_a_phone(phone)

    # The citizen invites their mother and copies the link to send it themselves.
    phone.get_by_label("Hvem vil du invitere?").fill("Mor")
    phone.get_by_role("button", name="Lav et link").click()
    expect(phone.get_by_role("heading", name="Link til Mor")).to_be_visible()
    network_url = phone.get_by_label("Kun linket").input_value()
    assert "/styrker/netvaerk/" in network_url
    assert axe_violations(phone) == []
    assert _fits_a_phone(phone)

    # The mother, on her own phone.
    second_phone.goto(network_url)
    assert second_phone.get_by_role("heading", level=1).inner_text() == "Hvilke styrker ser du?"
    assert axe_violations(second_phone) == []
    assert _fits_a_phone(second_phone)
    second_phone.get_by_label("Rolig", exact=True).check()
    second_phone.get_by_label("Hjælpsom", exact=True).check()
    second_phone.get_by_label("Vil du skrive én positiv sætning?").fill(
        "Hun hjælper alle i familien."
    )
    second_phone.get_by_role("button", name="Send mit svar").click()
    expect(second_phone.get_by_role("heading", name="Tak for dit svar")).to_be_visible()
    assert axe_violations(second_phone) == []
    # The link is single-use: opened again, it says so kindly.
    second_phone.goto(network_url)
    expect(second_phone.get_by_role("heading", name="Der er allerede svaret")).to_be_visible()
    assert axe_violations(second_phone) == []

    # The citizen's profile now shows what the network sees.
    phone.goto(url)
    expect(phone.get_by_text("Hun hjælper alle i familien.")).to_be_visible()
    expect(phone.get_by_text("Mor", exact=True)).to_be_visible()

    # The caseworker sees both on the citizen page.
    page.goto(f"{live_server.url}/borgere/{citizen.pk}/")
    panel = page.get_by_role("region", name="Borgerens styrker")
    expect(panel.get_by_text("Hun hjælper alle i familien.")).to_be_visible()
    expect(panel.get_by_text("set af 1 i netværket").first).to_be_visible()
    assert axe_violations(page) == []
    assert StrengthsAnswer.objects.count() == 2
