"""The questions after a meeting in a real browser: the caseworker registers a meeting,
makes the link from the panel, and the citizen answers on a phone-sized window; axe
(WCAG 2.1 AA) on the citizen page with the panel and on the phone page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from jobtro.belief.models import Rating
from tests.belief.test_browser import log_in
from tests.browser_fixtures import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_after_a_video_meeting_the_citizen_answers_on_a_phone(page, phone, live_server, citizen):
    from django.utils import timezone

    log_in(page, live_server, "anna")
    page.goto(f"{live_server.url}/borgere/{citizen.pk}/")
    page.get_by_text("Registrér en samtale", exact=True).click()
    page.get_by_label("Dato").fill(timezone.localdate().isoformat())
    page.get_by_label("Form").select_option("video")
    page.get_by_role("button", name="Gem samtale").click()
    expect(page.get_by_text("Samtalen er registreret.")).to_be_visible()
    expect(page.get_by_role("heading", name="Din tro ved siden af indsatserne")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Spørg borgeren om samtalen").click()
    page.wait_for_url("**/link/")
    url = page.get_by_label("Linket").input_value()
    assert axe_violations(page) == []

    phone.goto(url)
    assert phone.get_by_role("heading", level=1).inner_text() == "Hvordan var samtalen for dig?"
    assert axe_violations(phone) == []
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.get_by_role("button", name="Send mine svar").click()
    expect(phone.get_by_text("Vælg et svar.")).to_be_visible()
    phone.get_by_label("4 · Ja, for det meste").check()
    phone.get_by_role("button", name="Send mine svar").click()
    expect(phone.get_by_role("heading", name="Tak for dine svar")).to_be_visible()
    assert Rating.objects.get().context == "after_contact"

    page.goto(f"{live_server.url}/borgere/{citizen.pk}/")
    expect(page.get_by_text("4 · Ja, for det meste")).to_be_visible()
