"""Project meetings: leaders document their municipality's local meetings, researchers
every meeting; staff read their municipality's meetings and every cross-municipal one;
bad input gets a Danish message and nothing half-saved; every write is audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jobtro.core.models import AuditEvent
from jobtro.meetings import services
from jobtro.meetings.models import ActionStatus, Meeting, MeetingAction, MeetingKind
from jobtro.meetings.timeline import previous_meeting, project_timeline
from tests.meetings.conftest import START, make_meeting


def form(participants, **changes):
    data = {
        "kind": MeetingKind.LOCAL,
        "municipality": "",
        "date": (START + dt.timedelta(days=180)).isoformat(),
        "place": "Jobcentret",
        "agenda": "Hvad har vi lært af eksperimenterne?",
        "participants": [p.pk for p in participants],
        "notes": "",
        "decisions": "",
    }
    return data | changes


def test_a_leader_plans_a_local_meeting_and_the_write_is_audited(
    client, leader, caseworker, project
):
    client.force_login(leader.user)
    url = reverse("meetings:create", args=[project.pk])
    data = form([leader, caseworker], municipality=leader.municipality_id)
    response = client.post(url, data)
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:detail", args=[meeting.pk])
    assert meeting.municipality == leader.municipality and meeting.kind == MeetingKind.LOCAL
    assert set(meeting.participants.all()) == {leader, caseworker}
    event = AuditEvent.objects.get(action="meetings.meeting.created")
    assert event.actor == leader.user and event.target_id == str(meeting.pk)


def test_a_leader_cannot_make_a_cross_municipal_meeting(leader, project):
    with pytest.raises(ValidationError) as exc:
        make_meeting(leader, project, kind=MeetingKind.CROSS_YEAR, municipality=None)
    assert "forskerne" in str(exc.value)
    assert not Meeting.objects.exists()


def test_a_researcher_convenes_a_cross_municipal_meeting_across_municipalities(
    researcher, caseworker, soenderborg_caseworker, project
):
    meeting = make_meeting(
        researcher,
        project,
        kind=MeetingKind.CROSS_HALF_YEAR,
        municipality=None,
        participants=[researcher, caseworker, soenderborg_caseworker],
    )
    assert meeting.is_cross and meeting.participants.count() == 3


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"date": ""}, "date", "Skriv en dato"),
        ({"date": "2025-02-30"}, "date", "gyldig dato"),
        ({"date": "2024-12-01"}, "date", "før projektets start"),
        ({"date": "2027-06-01"}, "date", "efter projektets afslutning"),
        ({"date": "future", "notes": "Vi talte om sprog."}, "notes", "når mødet er holdt"),
        ({"agenda": "  "}, "agenda", "Skriv dagsordenen"),
        ({"place": ""}, "place", "Skriv, hvor mødet holdes"),
        ({"participants": []}, "participants", "mindst én deltager"),
        ({"kind": "picnic"}, "kind", "mødetype fra listen"),
        ({"notes": "Borgeren 010190-1234 var med."}, "notes", "CPR-nummer"),
        ({"decisions": "Testborger Ærø starter i praktik."}, "decisions", "fulde navne"),
    ],
)
def test_bad_meeting_input_is_refused_in_danish_and_nothing_is_saved(
    client, settings, leader, citizen, project, changes, field, message
):
    client.force_login(leader.user)
    data = form([leader], municipality=leader.municipality_id) | changes
    if "notes" in changes and "date" in changes:  # a planned meeting: in the future
        data["date"] = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    response = client.post(reverse("meetings:create", args=[project.pk]), data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert field in response.context["form"].errors
    assert not Meeting.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="meetings.").exists()


def test_a_participant_from_an_unrelated_municipality_is_refused(client, leader, outsider, project):
    # Odder is not in the project: the outsider is not even a choice.
    client.force_login(leader.user)
    data = form([leader, outsider], municipality=leader.municipality_id)
    response = client.post(reverse("meetings:create", args=[project.pk]), data)
    assert response.status_code == 422
    assert "Vælg deltagere fra listen" in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_local_meeting_takes_only_its_own_municipalitys_staff(
    leader, soenderborg_caseworker, project
):
    with pytest.raises(ValidationError) as exc:
        make_meeting(leader, project, participants=[leader, soenderborg_caseworker])
    assert "hører ikke til mødets kommune" in str(exc.value)
    assert not Meeting.objects.exists()


def test_a_leader_cannot_plan_in_another_municipality(leader, soenderborg, project):
    with pytest.raises(ValidationError, match="egen kommune"):
        make_meeting(leader, project, municipality=soenderborg)


def test_who_reads_which_meeting(
    client, leader, caseworker, administrator, researcher, external, outsider,
    soenderborg_leader, soenderborg_caseworker, project,
):  # fmt: skip
    local = make_meeting(leader, project)
    theirs = make_meeting(soenderborg_leader, project)
    cross = make_meeting(
        researcher, project, kind=MeetingKind.CROSS_YEAR, municipality=None,
        participants=[researcher, soenderborg_caseworker],
    )  # fmt: skip
    expected = {
        caseworker: {local, cross},
        administrator: {local, cross},
        soenderborg_caseworker: {theirs, cross},
        researcher: {local, theirs, cross},
        external: set(),
        outsider: set(),
    }
    for who, meetings in expected.items():
        assert set(Meeting.objects.visible_to(who.user)) == meetings, who
    client.force_login(caseworker.user)
    assert client.get(reverse("meetings:detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("meetings:detail", args=[cross.pk])).status_code == 200
    assert client.get(reverse("meetings:edit", args=[local.pk])).status_code == 404
    client.force_login(soenderborg_leader.user)
    assert client.get(reverse("meetings:edit", args=[local.pk])).status_code == 404
    assert client.get(reverse("meetings:edit", args=[cross.pk])).status_code == 404


def test_a_meeting_opens_with_the_previous_meetings_actions(
    client, leader, caseworker, researcher, project
):
    first = make_meeting(leader, project, participants=[leader, caseworker])
    action = services.add_action(
        actor=leader, meeting=first, text="Prøv ressourcesektionen i henvisningen.",
        responsible=caseworker, due_on=first.date + dt.timedelta(days=30),
    )  # fmt: skip
    second = make_meeting(
        leader, project, kind=MeetingKind.LOCAL, date=first.date + dt.timedelta(days=182)
    )
    # A cross-municipal meeting in between is a different series.
    cross = make_meeting(
        researcher, project, kind=MeetingKind.CROSS_HALF_YEAR, municipality=None,
        date=first.date + dt.timedelta(days=170), participants=[researcher],
    )  # fmt: skip
    assert previous_meeting(second) == first
    assert previous_meeting(cross) is None and previous_meeting(first) is None
    client.force_login(caseworker.user)
    body = client.get(reverse("meetings:detail", args=[second.pk])).content.decode()
    opening = body.index("Handlinger fra sidste møde")
    assert body.index(action.text) > opening
    assert body.index(action.text) < body.index("Dagsorden</h2>")


def test_the_responsible_marks_an_action_done_and_the_change_is_kept(
    client, leader, caseworker, project
):
    meeting = make_meeting(leader, project, participants=[leader, caseworker])
    action = services.add_action(
        actor=leader, meeting=meeting, text="Besøg to virksomheder.", responsible=caseworker,
        due_on=meeting.date + dt.timedelta(days=14),
    )  # fmt: skip
    client.force_login(caseworker.user)
    url = reverse("meetings:action_status", args=[action.pk])
    detail = reverse("meetings:detail", args=[meeting.pk])
    response = client.post(url, {"status": "done", "note": "", "next": detail})
    assert response.status_code == 302 and response["Location"] == detail
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    change = action.status_changes.get()
    assert (change.old_status, change.new_status, change.changed_by) == ("open", "done", caseworker)
    assert AuditEvent.objects.filter(
        action="meetings.action.status_changed", actor=caseworker.user
    ).exists()
    # An outside "next" is ignored.
    response = client.post(url, {"status": "open", "next": "https://example.com/"})
    assert response["Location"] == detail


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"status": "open"}, "allerede den status"),
        ({"status": "finished"}, "status fra listen"),
        ({"status": "dropped", "note": ""}, "hvorfor handlingen droppes"),
        ({"status": "done", "note": "x" * 301}, "højst 300 tegn"),
    ],
)
def test_bad_status_changes_are_refused(client, leader, caseworker, project, data, message):
    meeting = make_meeting(leader, project, participants=[leader, caseworker])
    action = services.add_action(
        actor=leader, meeting=meeting, text="Besøg to virksomheder.", responsible=caseworker,
        due_on=meeting.date,
    )  # fmt: skip
    client.force_login(leader.user)
    response = client.post(reverse("meetings:action_status", args=[action.pk]), data)
    assert response.status_code == 422
    assert message in response.content.decode()
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN and not action.status_changes.exists()


def test_a_colleague_who_reads_the_meeting_cannot_change_an_action(
    client, leader, caseworker, colleague, project
):
    meeting = make_meeting(leader, project)
    action = services.add_action(
        actor=leader, meeting=meeting, text="Besøg to virksomheder.", responsible=caseworker,
        due_on=meeting.date,
    )  # fmt: skip
    client.force_login(colleague.user)
    assert client.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 200
    response = client.post(reverse("meetings:action_status", args=[action.pk]), {"status": "done"})
    assert response.status_code == 404
    with pytest.raises(ValidationError):
        services.change_action_status(actor=colleague, action=action, status="done")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"responsible": ""}, "responsible", "Vælg en ansvarlig"),
        ({"text": ""}, "text", "Skriv, hvad der skal gøres"),
        ({"due_on": "2025-01-01"}, "due_on", "før mødet"),
        ({"due_on": "i morgen"}, "due_on", "gyldig dato"),
        ({"text": "Ring til 010190-1234."}, "text", "CPR-nummer"),
    ],
)
def test_bad_action_input_is_refused(client, leader, caseworker, project, changes, field, message):
    meeting = make_meeting(leader, project, participants=[leader, caseworker])
    client.force_login(leader.user)
    data = {
        "text": "Besøg to virksomheder.",
        "responsible": caseworker.pk,
        "due_on": (meeting.date + dt.timedelta(days=7)).isoformat(),
    } | changes
    response = client.post(reverse("meetings:action_create", args=[meeting.pk]), data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert field in response.context["form"].errors
    assert not MeetingAction.objects.exists()


def test_a_responsible_person_from_another_municipality_is_refused(
    leader, soenderborg_caseworker, project
):
    meeting = make_meeting(leader, project)
    with pytest.raises(ValidationError, match="mødets kommune"):
        services.add_action(
            actor=leader, meeting=meeting, text="Noget.", responsible=soenderborg_caseworker,
            due_on=meeting.date,
        )  # fmt: skip


def test_editing_records_what_changed_and_a_no_op_writes_nothing(
    client, leader, caseworker, project
):
    meeting = make_meeting(leader, project, participants=[leader])
    client.force_login(leader.user)
    url = reverse("meetings:edit", args=[meeting.pk])
    data = form(
        [leader, caseworker], kind=meeting.kind, municipality=leader.municipality_id,
        date=meeting.date.isoformat(), place=meeting.place, agenda=meeting.agenda,
        notes="Vi aftalte at prøve ressourcesprog i henvisninger.",
        decisions="Alle teams prøver i tre måneder.",
    )  # fmt: skip
    assert client.post(url, data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.decisions == "Alle teams prøver i tre måneder."
    event = AuditEvent.objects.get(action="meetings.meeting.updated")
    assert event.detail["changed"] == ["decisions", "notes", "participants"]
    client.post(url, data)
    assert AuditEvent.objects.filter(action="meetings.meeting.updated").count() == 1


def test_the_timeline_shows_planned_and_held_meetings_with_milestones(
    client, leader, researcher, project
):
    held = make_meeting(leader, project)
    planned = make_meeting(
        researcher, project, kind=MeetingKind.CROSS_END, municipality=None,
        date=project.end_date, participants=[researcher],
    )  # fmt: skip
    today = START + dt.timedelta(days=400)
    timeline = project_timeline(project=project, meetings=[planned, held], today=today)
    assert [t.meeting for t in timeline.meetings] == [held, planned]
    assert [t.planned for t in timeline.meetings] == [False, True]
    assert [t.row for t in timeline.meetings] == [1, 0]
    assert timeline.milestones[0].label == "Projektstart"
    assert timeline.milestones[-1].day == project.end_date
    assert timeline.meetings[0].x < timeline.today_x < timeline.meetings[1].x
    client.force_login(leader.user)
    response = client.get(reverse("meetings:timeline", args=[project.pk]))
    body = response.content.decode()
    assert response.status_code == 200 and "<svg" in body
    assert body.index(held.title) < body.index(planned.title)


def test_the_index_opens_the_only_project_and_external_partners_get_404(
    client, leader, external, project
):
    client.force_login(leader.user)
    response = client.get(reverse("meetings:index"))
    assert response["Location"] == reverse("meetings:timeline", args=[project.pk])
    client.force_login(external.user)
    assert client.get(reverse("meetings:index")).status_code == 404


def test_the_api_lists_the_meetings_a_user_may_read_with_their_actions(
    client, leader, caseworker, soenderborg_leader, external, project
):
    local = make_meeting(leader, project, participants=[leader, caseworker])
    make_meeting(soenderborg_leader, project)
    services.add_action(
        actor=leader, meeting=local, text="Besøg to virksomheder.", responsible=caseworker,
        due_on=local.date,
    )  # fmt: skip
    client.force_login(caseworker.user)
    body = client.get("/api/v1/meetings").json()
    assert body["count"] == 1
    (item,) = body["items"]
    assert item["id"] == local.pk and item["municipality"] == leader.municipality.code
    assert item["participant_ids"] == sorted([leader.pk, caseworker.pk])
    assert [a["status"] for a in item["actions"]] == ["open"]
    client.force_login(external.user)
    assert client.get("/api/v1/meetings").json()["count"] == 0
    assert client.get(f"/api/v1/meetings/{local.pk}").status_code == 404
