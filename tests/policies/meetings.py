"""Project meetings: a local meeting in the caseworker's municipality (Silkeborg, in the
project) with the caseworker and the leader taking part, and one action for the
caseworker.

- index: everyone on the staff except the external partner; with one project it opens
  the project's timeline (302); the outsider's municipality (Odder) is in no project, so
  their list is empty (200).
- timeline and the meeting: the project's researcher and all Silkeborg staff; the
  outsider and the external partner get 404.
- create, edit, add an action: the leader (local meetings of their own municipality)
  and the researcher.
- an action's status: the person responsible (the caseworker), the leader and the
  researcher; the colleague reads the meeting but may not change it (404).
- staff names: a researcher sees the names of the meeting's participants (and of
  researchers) only; anyone else stands as "en medarbejder, der ikke deltog i mødet",
  as responsible for an action or as who changed its status; the previous meeting's
  actions follow that meeting's participants; a researcher makes only participants (and
  researchers) responsible. The meeting form's list of possible participants is the
  one place a researcher sees other names (to record who took part).
  tests/meetings/test_staff_names.py holds the rule.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.policies import row

POLICY = {
    "meetings:index": row(302, 302, 302, 302, 302, 302, 404, 200),
    "meetings:timeline": row(302, 200, 200, 200, 200, 200, 404, 404),
    "meetings:create": row(302, 404, 404, 200, 200, 404, 404, 404),
    "meetings:detail": row(302, 200, 200, 200, 200, 200, 404, 404),
    "meetings:edit": row(302, 404, 404, 200, 200, 404, 404, 404),
    "meetings:action_create": row(302, 404, 404, 200, 200, 404, 404, 404),
    "meetings:action_status": row(302, 200, 404, 200, 200, 404, 404, 404),
    # The API: the same rules; the external partner's list is empty.
    "api:list_meetings": row(401, 200, 200, 200, 200, 200, 200, 200),
    "api:get_meeting": row(401, 200, 200, 200, 200, 200, 404, 404),
}


def url_values(ctx: Any) -> dict[str, Any]:
    from jobtro.meetings.models import Meeting, MeetingAction, MeetingKind
    from jobtro.organisations.models import ResearchProject

    p = ctx.personas
    project = ResearchProject.objects.get(slug="troen")
    meeting = Meeting.objects.create(
        project=project,
        kind=MeetingKind.STARTUP,
        municipality=ctx.team.municipality,
        date=dt.date(2025, 2, 1),
        place="Jobcentret",
        agenda="Velkomst og eksperimenter.",
        created_by=p.leader,
    )
    meeting.participants.set([p.caseworker, p.leader])
    action = MeetingAction.objects.create(
        meeting=meeting,
        text="Skriv det første eksperiment.",
        responsible=p.caseworker,
        due_on=dt.date(2025, 3, 1),
        created_by=p.leader,
    )
    return {"project_id": project.pk, "meeting_id": meeting.pk, "action_id": action.pk}
