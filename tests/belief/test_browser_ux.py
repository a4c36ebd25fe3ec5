"""The stumbles of issue 19 that belong to the belief app, as flows in a real browser
(Debian's chromium): the saved page keeps "now" and "last time" apart, the citizen's
answer labels fit each question, and the caseworker's own picture by meeting form."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.belief.conftest import days_ago, rate_at
from tests.belief.test_browser import log_in
from tests.browser_fixtures import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_after_saving_the_caseworker_sees_now_and_last_time_apart(
    page, live_server, citizen, caseworker
):
    rate_at(citizen, caseworker, 3, days_ago(120))
    # Demo and imported ratings carry a time of day: one given today may lie after "now".
    rate_at(citizen, caseworker, 2, timezone.now() + dt.timedelta(minutes=30))
    log_in(page, live_server, "anna")
    page.goto(f"{live_server.url}/tro/borger/{citizen.pk}/vurder/")
    page.get_by_label("4 · Ja, sandsynligvis").check()
    page.get_by_role("button", name="Gem vurdering").click()
    page.wait_for_url("**/gemt/**")
    expect(page.get_by_text("Din tro lige nu: 4 · Ja, sandsynligvis")).to_be_visible()
    today = timezone.localdate().strftime("%d.%m.%Y")
    expect(page.get_by_text(f"Sidst, den {today}, vurderede du 2 · ")).to_be_visible()
    expect(page.get_by_text("Din tro er steget siden sidst.")).to_be_visible()
    table = page.get_by_role("table", name="Nu og sidst")
    row = table.get_by_role("row", name="Tror du")
    expect(row.get_by_role("cell").nth(0)).to_have_text("4 · Ja, sandsynligvis")
    expect(row.get_by_role("cell").nth(1)).to_contain_text("2 · ")
    expect(row.get_by_role("cell").nth(1)).to_contain_text(f"({today})")
    assert axe_violations(page) == []

    # A correction is compared with the rating before the mistaken one, not with itself.
    page.get_by_role("link", name="Ret vurderingen").click()
    page.get_by_label("5 · Ja, helt sikkert").check()
    page.get_by_role("button", name="Gem rettelsen").click()
    page.wait_for_url("**/gemt/**")
    expect(page.get_by_text("Din tro lige nu: 5")).to_be_visible()
    expect(page.get_by_text(f"Sidst, den {today}, vurderede du 2 · ")).to_be_visible()
    assert axe_violations(page) == []
