"""The two-year project on one line: its milestones and its meetings, planned and held.
Plain data for the page's inline SVG and the ordered list beside it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from jobtro.organisations.models import ResearchProject

from .models import CROSS_KINDS, Meeting

PROJECT_DAYS = 730  # "a two-year project" when the project has no end date
WIDTH = 1000
MARGIN = 40


def project_end(project: ResearchProject) -> dt.date | None:
    if project.end_date is not None:
        return project.end_date
    if project.start_date is not None:
        return project.start_date + dt.timedelta(days=PROJECT_DAYS)
    return None


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The meeting before this one whose actions it opens with: the municipality's last
    local meeting, or the last cross-municipal meeting."""
    earlier = Meeting.objects.filter(project_id=meeting.project_id).exclude(pk=meeting.pk)
    if meeting.is_cross:
        earlier = earlier.filter(kind__in=CROSS_KINDS)
    else:
        earlier = earlier.filter(municipality_id=meeting.municipality_id)
    before = earlier.filter(date__lt=meeting.date) | earlier.filter(
        date=meeting.date, pk__lt=meeting.pk
    )
    return before.order_by("-date", "-pk").first()


@dataclass(frozen=True)
class Mark:
    day: dt.date
    label: str
    x: float


@dataclass(frozen=True)
class TimelineMeeting:
    meeting: Meeting
    planned: bool
    x: float
    row: int  # 0: cross-municipal (above the line), 1: local (below)


@dataclass(frozen=True)
class Timeline:
    start: dt.date
    end: dt.date
    today_x: float | None
    milestones: list[Mark]
    meetings: list[TimelineMeeting]
    width: int = WIDTH


def _milestones(start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
    return [
        (start, _("Projektstart")),
        (start + dt.timedelta(days=182), _("Et halvt år")),
        (start + dt.timedelta(days=365), _("Et år")),
        (start + dt.timedelta(days=547), _("Halvandet år")),
        (end, _("Afslutning")),
    ]


def project_timeline(
    *, project: ResearchProject, meetings: Iterable[Meeting], today: dt.date
) -> Timeline:
    """Milestones (start, each half year, end) and meetings placed on one axis."""
    meetings = sorted(meetings, key=lambda m: (m.date, m.pk))
    start = project.start_date or (meetings[0].date if meetings else today)
    end = project_end(project) or start + dt.timedelta(days=PROJECT_DAYS)
    lo = min([start, *(m.date for m in meetings)])
    hi = max([end, *(m.date for m in meetings)])
    span = max((hi - lo).days, 1)

    def x(day: dt.date) -> float:
        return round(MARGIN + (WIDTH - 2 * MARGIN) * (day - lo).days / span, 1)

    return Timeline(
        start=start,
        end=end,
        today_x=x(today) if lo <= today <= hi else None,
        milestones=[Mark(day, str(label), x(day)) for day, label in _milestones(start, end)],
        meetings=[
            TimelineMeeting(m, m.is_planned(today), x(m.date), 0 if m.is_cross else 1)
            for m in meetings
        ],
    )
