"""Project meetings in the API (read only), under the same rules as the pages: a
municipality's staff read its local meetings, all project staff and researchers the
cross-municipal ones; external partners none."""

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from jobtro.core.api import Id, Page

from .models import Meeting, MeetingKind

router = Router(tags=["meetings"])


class MeetingActionOut(Schema):
    id: int
    text: str
    responsible_id: int
    due_on: dt.date
    status: str = Field(..., description="open, done eller dropped")


class MeetingOut(Schema):
    id: int
    project_id: int
    kind: str
    municipality: str | None = Field(None, description="Kommunekode; tom for tværkommunale møder")
    date: dt.date
    planned: bool = Field(..., description="Mødet ligger efter i dag")
    place: str
    agenda: str
    notes: str
    decisions: str
    participant_ids: list[int]
    actions: list[MeetingActionOut]


class MeetingFilter(Schema):
    project_id: Id | None = None
    kind: MeetingKind | None = None


def _meetings(request: HttpRequest):
    return (
        Meeting.objects.visible_to(request.user)
        .select_related("municipality")
        .prefetch_related("participants", "actions")
        .order_by("date", "pk")
    )


def _out(meeting: Meeting, today: dt.date) -> dict:
    return {
        "id": meeting.pk,
        "project_id": meeting.project_id,
        "kind": meeting.kind,
        "municipality": meeting.municipality.code if meeting.municipality_id else None,
        "date": meeting.date,
        "planned": meeting.is_planned(today),
        "place": meeting.place,
        "agenda": meeting.agenda,
        "notes": meeting.notes,
        "decisions": meeting.decisions,
        "participant_ids": sorted(p.pk for p in meeting.participants.all()),
        "actions": [
            {
                "id": a.pk,
                "text": a.text,
                "responsible_id": a.responsible_id,
                "due_on": a.due_on,
                "status": a.status,
            }
            for a in meeting.actions.all()
        ],
    }


class _LazyOut:
    """Serialises only the page the paginator slices."""

    def __init__(self, queryset) -> None:
        self.queryset = queryset
        self.today = timezone.localdate()

    def __len__(self) -> int:
        return self.queryset.count()

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, item: slice) -> list[dict]:
        return [_out(m, self.today) for m in self.queryset[item]]


@router.get("/meetings", response=list[MeetingOut], summary="Projektmøder, du må læse")
@paginate(Page)
def list_meetings(request: HttpRequest, filters: Query[MeetingFilter]) -> list[dict]:
    meetings = _meetings(request)
    if filters.project_id is not None:
        meetings = meetings.filter(project_id=filters.project_id)
    if filters.kind:
        meetings = meetings.filter(kind=filters.kind)
    return _LazyOut(meetings)  # type: ignore[return-value]


@router.get("/meetings/{meeting_id}", response=MeetingOut, summary="Ét projektmøde")
def get_meeting(request: HttpRequest, meeting_id: Id) -> dict:
    return _out(get_object_or_404(_meetings(request), pk=meeting_id), timezone.localdate())
