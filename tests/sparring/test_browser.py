"""In a real browser, a sparring session end to end: the caseworker asks for sparring
with their belief before, the colleague taking part reads the case, the caseworker
closes it with their belief after and marks the follow-up done — and every page passes
axe."""

from __future__ import annotations

import pytest

from jobtro.belief.models import Context, Rating
from jobtro.sparring.models import Sparring
from tests.browser.test_pages import log_in
from tests.browser_fixtures import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CASE = "Borgeren har prøvet to praktikker, der stoppede efter få uger."


def test_a_sparring_session_from_request_to_follow_up(
    browser, page, live_server, citizen, colleague
):
    log_in(page, live_server, "anna")
    page.goto(f"{live_server.url}/borgere/{citizen.pk}/")
    page.get_by_role("link", name="Bed om sparring").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Bed om sparring"
    page.get_by_label("Ressourcefokuseret runde").check()
    page.get_by_label("Sagsfremstilling").fill(CASE)
    page.get_by_label("Bent Testesen").check()
    page.get_by_label("2 ·").check()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Bed om sparring").click()
    page.get_by_text("Din anmodning om sparring er gemt.").wait_for()
    sparring = Sparring.objects.get()
    assert sparring.before_rating.value == 2
    assert axe_violations(page) == []

    # The colleague taking part finds the case under "Mine sparringer" and reads it.
    other = browser.new_context(locale="da-DK", bypass_csp=True)
    colleague_page = other.new_page()
    log_in(colleague_page, live_server, "bent")
    colleague_page.goto(f"{live_server.url}/praksis/sparring/")
    colleague_page.get_by_role("link", name=citizen.pseudonym).click()
    colleague_page.get_by_text(CASE).wait_for()
    assert colleague_page.get_by_role("link", name="Afslut sparringen").count() == 0
    assert axe_violations(colleague_page) == []
    other.close()

    # The owner closes it with what came of it and the belief after.
    page.get_by_role("link", name="Afslut sparringen").click()
    page.get_by_label("Perspektiver fra kollegerne").fill("Hun har overblik og tager ansvar.")
    page.get_by_label("Nye veje at gå").fill("Virksomhedsbesøg sammen med borgeren.")
    page.get_by_label("4 ·").check()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Afslut sparringen").click()
    page.get_by_text("Sparringen er afsluttet.").wait_for()
    sparring.refresh_from_db()
    assert sparring.is_closed and sparring.after_rating.value == 4
    assert sparring.after_rating.context == Context.AFTER_SPARRING
    assert Rating.objects.filter(citizen=citizen).count() == 2
    assert page.get_by_text("Efter sparring").is_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Markér opfølgningen som gjort").click()
    page.get_by_label("Hvad kom der ud af det?").fill("Besøget er holdt; praktik aftalt.")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Markér opfølgningen som gjort").click()
    page.get_by_text("Opfølgningen er markeret som gjort.").wait_for()
    assert page.get_by_text("Besøget er holdt; praktik aftalt.").is_visible()
    assert axe_violations(page) == []
