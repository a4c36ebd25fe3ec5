"""In a real browser: "Mine sparringer" asks for sparring about one of one's own
citizens, chosen on the list itself (issue 19: every list offers the creation)."""

from __future__ import annotations

import pytest

from jobtro.sparring.models import Sparring
from tests.browser.test_pages import log_in
from tests.browser_fixtures import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_caseworker_asks_for_sparring_from_my_sparring(page, live_server, citizen, colleague):
    log_in(page, live_server, "anna")
    page.goto(f"{live_server.url}/praksis/sparring/")
    assert axe_violations(page) == []
    page.get_by_label("Borger, du vil have sparring om").select_option(str(citizen.pk))
    page.get_by_role("button", name="Bed om sparring").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Bed om sparring"
    page.get_by_label("Ressourcefokuseret runde").check()
    page.get_by_label("Sagsfremstilling").fill("To praktikker stoppede efter få uger.")
    page.get_by_label("Bent Testesen").check()
    page.get_by_label("2 ·").check()
    page.get_by_role("button", name="Bed om sparring").click()
    page.get_by_text("Din anmodning om sparring er gemt.").wait_for()
    assert Sparring.objects.get().citizen == citizen
