"""In a real browser: a leader plans a local meeting from the timeline, adds an action,
and the caseworker responsible marks it done from the next meeting's opening list —
every page passes axe."""

from __future__ import annotations

import datetime as dt

import pytest

from jobtro.meetings.models import ActionStatus, MeetingAction
from tests.browser.test_pages import log_in
from tests.browser_fixtures import axe_violations
from tests.meetings.conftest import make_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_leader_plans_a_meeting_and_the_next_one_opens_with_its_actions(
    page, live_server, leader, caseworker, project
):
    log_in(page, live_server, "lone")
    page.goto(f"{live_server.url}/projekt/")
    page.get_by_role("heading", name="Tidslinje").wait_for()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Nyt møde").click()
    page.get_by_label("Mødetype").select_option(label="Opstartsmøde")
    page.get_by_label("Dato").fill((project.start_date + dt.timedelta(days=14)).isoformat())
    page.get_by_label("Sted").fill("Jobcentret")
    page.get_by_label("Dagsorden").fill("Velkomst og de første eksperimenter.")
    page.get_by_label("Anna Testesen (Silkeborg)").check()
    page.get_by_label("Lone Testesen (Silkeborg)").check()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Gem mødet").click()
    page.get_by_text("Mødet er oprettet.").wait_for()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Tilføj handling").click()
    page.get_by_label("Handling").fill("Prøv ressourcesektionen i tre henvisninger.")
    page.get_by_label("Ansvarlig").select_option(label="Anna Testesen (Silkeborg)")
    page.get_by_label("Frist").fill((project.start_date + dt.timedelta(days=60)).isoformat())
    page.get_by_role("button", name="Tilføj handling").click()
    page.get_by_text("Handlingen er tilføjet.").wait_for()

    first = MeetingAction.objects.get().meeting
    second = make_meeting(leader, project, kind="local", date=first.date + dt.timedelta(days=180))
    page.goto(f"{live_server.url}/projekt/moede/{second.pk}/")
    page.get_by_role("link", name="Skift status").click()
    page.get_by_label("Ny status").select_option(label="Gjort")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Gem status").click()
    page.get_by_text("Status er ændret.").wait_for()
    assert page.url.endswith(f"/projekt/moede/{second.pk}/")
    assert MeetingAction.objects.get().status == ActionStatus.DONE
    assert axe_violations(page) == []
