"""In a real browser: the caseworker types a deficit sentence into the referral form,
the coach's question appears beside the field, the page passes axe, and the referral
is saved with the text exactly as typed."""

from __future__ import annotations

import pytest

from jobtro.referrals.models import ReferralVersion
from tests.browser.test_pages import log_in
from tests.browser_fixtures import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typing_a_deficit_sentence_shows_a_reflection_prompt(
    page,
    live_server,
    citizen,
    consultant,
):
    log_in(page, live_server, "anna")
    page.goto(f"{live_server.url}/borgere/{citizen.pk}/")
    page.get_by_role("link", name="Skriv en henvisning").click()
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Henvisning til virksomhedskonsulent"
    )

    field = page.get_by_label("Det skal der til, for at borgeren lykkes")
    field.press_sequentially("Hun har et stort skånebehov.", delay=10)
    box = page.locator("#id_success_conditions_coach")
    prompt = box.get_by_text("Vil du beskrive det som »det skal der til, for at borgeren lykkes«?")
    prompt.wait_for()
    assert prompt.is_visible()
    assert box.get_attribute("aria-live") == "polite"
    # The coach asks; it never rewrites the text.
    assert field.input_value() == "Hun har et stort skånebehov."
    assert axe_violations(page) == []

    page.get_by_label("Ressourcer og erfaring", exact=True).fill("Har erfaring med lager.")
    page.get_by_label("Ønsker og mål").fill("Ønsker at arbejde i et køkken.")
    page.get_by_role("button", name="Gem henvisning").click()
    page.get_by_text("Henvisningen er gemt.").wait_for()
    version = ReferralVersion.objects.get()
    assert version.success_conditions == "Hun har et stort skånebehov."
    assert axe_violations(page) == []
