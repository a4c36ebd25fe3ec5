"""A caseworker's day in a real browser: log in, find a citizen, open the page, make a
mistake in a form and read the Danish message — and every page passes axe (WCAG 2.1 AA)."""

from __future__ import annotations

import datetime as dt

import pytest

from jobtro.citizens.models import Contact
from tests.browser.conftest import axe_violations
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/konto/log-ind/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url(f"{live_server.url}/")


def test_wrong_password_shows_a_danish_message(page, live_server, caseworker):
    page.goto(f"{live_server.url}/konto/log-ind/")
    page.get_by_label("Brugernavn").fill("anna")
    page.get_by_label("Adgangskode").fill("forkert-kode")
    page.get_by_role("button", name="Log ind").click()
    assert (
        page.get_by_role("alert")
        .filter(has_text="Forkert brugernavn eller adgangskode")
        .is_visible()
    )
    assert axe_violations(page) == []


def test_caseworker_finds_citizen_and_records_a_contact(page, live_server, citizen):
    log_in(page, live_server, "anna")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Borgere", exact=True).first.click()
    page.get_by_label("Søg").fill("Testborger")
    page.get_by_role("button", name="Søg").click()
    page.get_by_role("link", name="Testborger Ærø").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Testborger Ærø")
    assert axe_violations(page) == []

    # A mistake: a date in the future is refused with a clear Danish message.
    page.get_by_text("Registrér en samtale", exact=True).click()
    future = dt.date.today() + dt.timedelta(days=30)
    page.get_by_label("Dato").fill(future.isoformat())
    page.get_by_label("Form").select_option("telefon")
    page.get_by_role("button", name="Gem samtale").click()
    assert page.get_by_text("Datoen må ikke ligge i fremtiden.").is_visible()
    assert Contact.objects.count() == 0
    assert axe_violations(page) == []

    page.get_by_label("Dato").fill(dt.date.today().isoformat())
    page.get_by_role("button", name="Gem samtale").click()
    assert page.get_by_text("Samtalen er registreret.").is_visible()
    assert Contact.objects.count() == 1


def test_researcher_sees_pseudonyms_only(page, live_server, researcher, citizen):
    log_in(page, live_server, "rikke")
    page.goto(f"{live_server.url}/borgere/")
    assert page.get_by_role("link", name=citizen.pseudonym).is_visible()
    assert "Testborger" not in page.content()
    assert axe_violations(page) == []


def test_english_is_available(page, live_server, caseworker):
    log_in(page, live_server, "anna")
    page.get_by_role("button", name="English").click()
    assert page.get_by_role("link", name="Citizens", exact=True).first.is_visible()
