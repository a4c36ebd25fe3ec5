"""Demo meetings: a two-year timeline per municipality, the cross-municipal series with
two held and one planned, and actions in every status."""

from __future__ import annotations

import datetime as dt

import numpy as np

from jobtro.meetings.demo import generate_demo
from jobtro.meetings.models import CROSS_KINDS, ActionStatus, Meeting, MeetingAction, MeetingKind
from jobtro.meetings.timeline import previous_meeting


def test_demo_meetings_follow_the_project_plan(
    project, leader, caseworker, colleague, soenderborg_leader, soenderborg_caseworker
):
    today = project.start_date + dt.timedelta(days=700)
    n = generate_demo(rng=np.random.default_rng(5), today=today)
    meetings = list(Meeting.objects.all())
    assert n > len(meetings) > 0
    for municipality in (leader.municipality, soenderborg_leader.municipality):
        local = [m for m in meetings if m.municipality == municipality]
        assert local[0].kind == MeetingKind.STARTUP
        assert sum(m.kind == MeetingKind.LOCAL for m in local) >= 3
        assert not local[-1].notes and local[-1].date > today  # the next one is planned
    cross = [m for m in meetings if m.kind in CROSS_KINDS]
    assert [m.kind for m in cross] == [k.value for k in CROSS_KINDS]
    assert [m.date <= today for m in cross] == [True, True, False]
    assert set(cross[1].participants.values_list("municipality", flat=True)) >= {
        leader.municipality_id,
        soenderborg_leader.municipality_id,
    }
    assert previous_meeting(cross[2]) == cross[1]
    statuses = set(MeetingAction.objects.values_list("status", flat=True))
    assert statuses == set(ActionStatus.values)
    for action in MeetingAction.objects.exclude(status=ActionStatus.OPEN):
        assert action.status_changes.get().new_status == action.status
    assert not MeetingAction.objects.filter(meeting__date__gt=today).exists()
    assert all(m.date >= project.start_date for m in meetings)
