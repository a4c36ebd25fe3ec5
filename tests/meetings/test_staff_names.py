"""Researchers and staff names on meeting pages (docs/adgang-og-sikkerhed.md): a
researcher sees the names of the staff who took part in the meeting, and of
researchers; anyone else stands as "en medarbejder, der ikke deltog i mødet"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from jobtro.meetings import services
from jobtro.meetings.models import MeetingKind
from tests.meetings.conftest import make_meeting

STAND_IN = "en medarbejder, der ikke deltog i mødet"


@pytest.fixture
def meeting_with_an_absent_responsible(leader, caseworker, project):
    """Lone holds the meeting alone; Anna, absent, gets an action and marks it done."""
    meeting = make_meeting(leader, project, participants=[leader])
    action = services.add_action(
        actor=leader, meeting=meeting, text="Prøv ressourcesektionen i henvisningen.",
        responsible=caseworker, due_on=meeting.date + dt.timedelta(days=30),
    )  # fmt: skip
    services.change_action_status(actor=caseworker, action=action, status="done", note="")
    return meeting, action


def page(client, user, name, *args) -> str:
    client.force_login(user)
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def test_a_researcher_sees_no_name_of_staff_who_did_not_attend(
    client, researcher, caseworker, leader, meeting_with_an_absent_responsible
):
    meeting, _ = meeting_with_an_absent_responsible
    body = page(client, researcher.user, "meetings:detail", meeting.pk)
    assert leader.display_name in body  # took part
    assert caseworker.display_name not in body
    assert STAND_IN.capitalize() in body  # the responsible
    assert f"({STAND_IN})" in body  # who marked it done


def test_the_municipalitys_staff_still_see_every_name(
    client, colleague, caseworker, meeting_with_an_absent_responsible
):
    meeting, _ = meeting_with_an_absent_responsible
    body = page(client, colleague.user, "meetings:detail", meeting.pk)
    assert caseworker.display_name in body
    assert STAND_IN not in body


def test_the_previous_meetings_actions_follow_the_previous_meetings_participants(
    client, researcher, caseworker, leader, project, meeting_with_an_absent_responsible
):
    first, _ = meeting_with_an_absent_responsible
    # Anna takes part in the next meeting: there she is named, not in the old actions.
    second = make_meeting(
        leader, project, kind=MeetingKind.LOCAL, date=first.date + dt.timedelta(days=182),
        participants=[leader, caseworker],
    )  # fmt: skip
    body = page(client, researcher.user, "meetings:detail", second.pk)
    participants, previous = body.split("Handlinger fra sidste møde", 1)
    assert caseworker.display_name in participants
    previous = previous.split("Dagsorden</h2>")[0]
    assert caseworker.display_name not in previous and STAND_IN.capitalize() in previous


def test_the_action_status_page_hides_an_absent_responsible_from_a_researcher(
    client, researcher, caseworker, meeting_with_an_absent_responsible
):
    _, action = meeting_with_an_absent_responsible
    body = page(client, researcher.user, "meetings:action_status", action.pk)
    assert caseworker.display_name not in body
    assert STAND_IN.capitalize() in body


def test_a_researcher_gives_actions_only_to_participants_and_researchers(
    client, researcher, caseworker, leader, meeting_with_an_absent_responsible
):
    meeting, _ = meeting_with_an_absent_responsible
    body = page(client, researcher.user, "meetings:action_create", meeting.pk)
    assert leader.display_name in body and researcher.display_name in body
    assert caseworker.display_name not in body
    refused = client.post(
        reverse("meetings:action_create", args=[meeting.pk]),
        {"text": "Ring til virksomheden.", "responsible": caseworker.pk, "due_on": "2025-04-01"},
    )
    assert refused.status_code == 422
    assert "Vælg en ansvarlig fra listen" in refused.content.decode()
    assert meeting.actions.count() == 1


def test_a_researchers_own_name_is_always_shown(
    client, researcher, leader, project, meeting_with_an_absent_responsible
):
    meeting, _ = meeting_with_an_absent_responsible
    services.add_action(
        actor=leader, meeting=meeting, text="Send spørgeskemaet.", responsible=researcher,
        due_on=meeting.date + dt.timedelta(days=10),
    )  # fmt: skip
    body = page(client, researcher.user, "meetings:detail", meeting.pk)
    assert researcher.display_name in body


def test_the_rule_is_the_same_in_english(
    client, researcher, caseworker, meeting_with_an_absent_responsible
):
    meeting, _ = meeting_with_an_absent_responsible
    client.cookies["django_language"] = "en"
    body = page(client, researcher.user, "meetings:detail", meeting.pk)
    assert caseworker.display_name not in body
    assert "A member of staff who did not take part in the meeting" in body
