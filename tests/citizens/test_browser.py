"""In a real browser, the citizen page before a meeting (issue 19, item 3): the overview
comes first, every section is one keyboard-reachable jump link away (no JavaScript
needed), the long timeline is paged — and the page passes axe."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jobtro.citizens.services import record_contact
from jobtro.citizens.views import TIMELINE_PAGE_SIZE
from tests.belief.conftest import days_ago, rate_at
from tests.browser.test_pages import log_in
from tests.browser_fixtures import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _history(citizen, caseworker):
    rate_at(citizen, caseworker, 2, days_ago(120))
    rate_at(citizen, caseworker, 3, days_ago(20))
    start = timezone.localdate() - dt.timedelta(days=100)
    for i in range(TIMELINE_PAGE_SIZE + 3):
        record_contact(
            actor=None, citizen=citizen, staff=caseworker, date=start + dt.timedelta(days=i),
            form="telefon",
        )  # fmt: skip


def test_caseworker_reads_the_overview_first_and_jumps_to_the_timeline_by_keyboard(
    page, live_server, caseworker, citizen, instrument
):
    _history(citizen, caseworker)
    log_in(page, live_server, "anna")
    page.goto(f"{live_server.url}/borgere/{citizen.pk}/")
    overview = page.get_by_role("region", name="Overblik")
    assert overview.is_visible()
    text = overview.inner_text()
    assert "3 · " in text and "op fra 2" in text
    assert "Næste vurdering" in text and "Borgeren sagde sidst" in text
    # The overview is above the first section, within the first screen.
    box = overview.bounding_box()
    assert box is not None and box["y"] + box["height"] < 900
    assert axe_violations(page) == []

    # The jump links are keyboard-reachable links, no script needed.
    sections = page.get_by_role("navigation", name="Afsnit på siden")
    link = sections.get_by_role("link", name="Forløb")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**#forloeb")
    heading = page.get_by_role("heading", name="Forløb", level=2)
    assert heading.is_visible()
    assert page.evaluate("document.querySelector('#forloeb').getBoundingClientRect().top") < 200

    # The long timeline is paged: the oldest entries are one click away.
    assert page.locator("#forloeb ol.timeline li").count() == TIMELINE_PAGE_SIZE
    assert page.get_by_text("Forløb startet", exact=False).count() == 1  # only "Om borgeren"
    page.get_by_role("navigation", name="Sider i forløbet").get_by_role(
        "link", name="Ældre"
    ).click()
    page.wait_for_url("**forloeb=2#forloeb")
    assert page.locator("#forloeb ol.timeline").get_by_text("Forløb startet").is_visible()
    assert axe_violations(page) == []


def test_the_overview_works_without_javascript(browser, live_server, caseworker, citizen):
    context = browser.new_context(locale="da-DK", java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server, "anna")
    page.goto(f"{live_server.url}/borgere/{citizen.pk}/")
    page.get_by_role("navigation", name="Afsnit på siden").get_by_role(
        "link", name="Tro på jobchancen"
    ).click()
    page.wait_for_url("**#tro")
    assert page.get_by_role("heading", name="Tro på jobchancen").is_visible()
    context.close()
