"""In a real browser: a leader starts an experiment from a template — the form is
filled in, the leader picks team and participants, saves, and sees the experiment —
and every page on the way passes axe."""

from __future__ import annotations

import pytest

from jobtro.experiments.models import Experiment
from tests.browser.test_pages import log_in
from tests.browser_fixtures import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leader_starts_an_experiment_from_a_template(page, live_server, leader, caseworker, team):
    log_in(page, live_server, "lone")
    page.goto(f"{live_server.url}/praksis/eksperimenter/")
    page.get_by_role("link", name="Start et eksperiment").click()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Brug skabelonen Et team uden negativ snak").click()
    page.get_by_role("heading", level=1, name="Start et eksperiment").wait_for()
    assert page.get_by_label("Titel").input_value() == "Et team uden negativ snak"
    assert page.get_by_label("Greb-område").input_value() == "communication"
    assert axe_violations(page) == []

    page.get_by_label("Team Nord").check()
    page.get_by_label("Anna Testesen").check()
    page.get_by_role("button", name="Start eksperimentet").click()
    page.get_by_text("Eksperimentet er startet.").wait_for()

    experiment = Experiment.objects.get()
    assert experiment.template_key == "ressourcesprog"
    assert page.get_by_role("heading", level=1).inner_text() == "Et team uden negativ snak"
    assert page.get_by_text("Anna Testesen").is_visible()
    assert axe_violations(page) == []


def test_a_missing_participant_is_reported_in_danish(page, live_server, leader, caseworker, team):
    log_in(page, live_server, "lone")
    page.goto(f"{live_server.url}/praksis/eksperimenter/nyt/formular/?skabelon=succeshistorier")
    page.get_by_label("Team Nord").check()
    page.get_by_role("button", name="Start eksperimentet").click()
    page.get_by_text("Vælg mindst én deltager.").wait_for()
    assert not Experiment.objects.exists()
    assert axe_violations(page) == []


def test_the_experiment_page_with_a_run_chart_passes_axe(page, live_server, leader, measured):
    log_in(page, live_server, "lone")
    page.goto(f"{live_server.url}/praksis/eksperimenter/{measured.pk}/")
    page.get_by_role(
        "img", name="Seriediagram over troen i eksperimentets teams pr. måned"
    ).wait_for()
    page.get_by_text("95 %-konfidensinterval").first.wait_for()
    # The language picture arrives after the page (htmx).
    page.get_by_role("table", name="Sprogbilledet for Team Nord i tal").wait_for()
    assert axe_violations(page) == []
