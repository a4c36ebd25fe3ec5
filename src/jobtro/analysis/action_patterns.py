"""Expectations and action in one citizen's course: pauses, tracks and response times.

Pure functions over plain dates, used by the citizen page (one course), "Min tro" (a
caseworker's own citizens) and a leader's team page (the team's aggregate, suppressed
there). Research found that any pause without an active action sets progress back, and
that job-oriented actions in parallel with health or upskilling actions work better
than one track at a time.

- A *pause* is a run of at least ``min_gap_days`` days in the course with no active action.
- A day is *parallel* when a job-oriented and another action are both active.
- A rating's *response* is the days until the next job-oriented action starts (on or
  after the rating day); a rating given while a job-oriented action runs is "already in
  action", and a rating with no such start before the course's end is "not followed".

Examples
--------
>>> import datetime as dt
>>> d = dt.date
>>> p = course_pattern(
...     start=d(2025, 1, 1), end=d(2025, 3, 31),
...     actions=[ActionPeriod(d(2025, 1, 20), d(2025, 2, 28), job_oriented=False)],
...     ratings=[RatingPoint(d(2025, 1, 10), 2)],
... )
>>> [(g.start.isoformat(), g.days) for g in p.pauses]
[('2025-01-01', 19), ('2025-03-01', 31)]
>>> p.responses[0].days is None
True
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

MIN_GAP_DAYS = 14
LOW = (1, 2)
HIGH = (4, 5)
FOLLOW_DAYS = 90


@dataclass(frozen=True)
class ActionPeriod:
    start: dt.date
    end: dt.date | None  # None: still running
    job_oriented: bool


@dataclass(frozen=True)
class RatingPoint:
    day: dt.date
    value: int


@dataclass(frozen=True)
class Pause:
    start: dt.date
    end: dt.date
    days: int


@dataclass(frozen=True)
class Response:
    day: dt.date
    value: int
    level: str  # "low", "middle", "high"
    already_active: bool
    next_job_action: dt.date | None
    days: int | None  # None: already in a job-oriented action, or not followed


@dataclass(frozen=True)
class CoursePattern:
    start: dt.date
    end: dt.date
    days_total: int
    days_paused: int  # in pauses of at least min_gap_days
    days_no_action: int  # every day without an action, short breaks included
    days_job_only: int
    days_other_only: int
    days_parallel: int
    pauses: tuple[Pause, ...]
    responses: tuple[Response, ...]


def _level(value: int) -> str:
    return "low" if value in LOW else "high" if value in HIGH else "middle"


def _active(actions: Sequence[ActionPeriod], day: dt.date) -> tuple[bool, bool]:
    job = other = False
    for a in actions:
        if a.start <= day and (a.end is None or day <= a.end):
            if a.job_oriented:
                job = True
            else:
                other = True
    return job, other


def _coverage(actions: Sequence[ActionPeriod], start: dt.date, n_days: int) -> np.ndarray:
    """How many of the actions are active on each day of the course (a difference array)."""
    diff = np.zeros(n_days + 1, dtype=np.int64)
    for a in actions:
        first = max((a.start - start).days, 0)
        last = n_days - 1 if a.end is None else min((a.end - start).days, n_days - 1)
        if first <= last:
            diff[first] += 1
            diff[last + 1] -= 1
    return np.cumsum(diff[:-1])


def course_pattern(
    *,
    start: dt.date,
    end: dt.date,
    actions: Iterable[ActionPeriod],
    ratings: Iterable[RatingPoint],
    min_gap_days: int = MIN_GAP_DAYS,
) -> CoursePattern:
    """The pattern of one course from ``start`` to ``end`` (both days included)."""
    acts = sorted(actions, key=lambda a: a.start)
    if end < start:
        end = start
    n_days = (end - start).days + 1
    job = _coverage([a for a in acts if a.job_oriented], start, n_days) > 0
    other = _coverage([a for a in acts if not a.job_oriented], start, n_days) > 0
    idle = ~(job | other)
    pauses: list[Pause] = []
    # Runs of idle days: where the idle flag switches on and off.
    edges = np.flatnonzero(np.diff(np.concatenate(([0], idle.astype(np.int8), [0]))))
    for first, stop in zip(edges[::2], edges[1::2], strict=True):
        if stop - first >= min_gap_days:
            pauses.append(
                Pause(
                    start + dt.timedelta(days=int(first)),
                    start + dt.timedelta(days=int(stop) - 1),
                    int(stop - first),
                )
            )
    job_acts = [a for a in acts if a.job_oriented]
    job_starts = sorted(a.start for a in job_acts)
    responses = []
    for r in sorted(ratings, key=lambda r: r.day):
        if not start <= r.day <= end:
            continue
        running = _active(job_acts, r.day)[0]
        nxt = next((s for s in job_starts if r.day <= s <= end), None)
        if running:
            responses.append(Response(r.day, r.value, _level(r.value), True, nxt, None))
        else:
            days = (nxt - r.day).days if nxt is not None else None
            responses.append(Response(r.day, r.value, _level(r.value), False, nxt, days))
    return CoursePattern(
        start=start,
        end=end,
        days_total=n_days,
        days_paused=sum(p.days for p in pauses),
        days_no_action=int(idle.sum()),
        days_job_only=int((job & ~other).sum()),
        days_other_only=int((other & ~job).sum()),
        days_parallel=int((job & other).sum()),
        pauses=tuple(pauses),
        responses=tuple(responses),
    )


@dataclass(frozen=True)
class PatternSummary:
    """Several courses together (a caseworker's citizens, a team's)."""

    n_courses: int
    days_total: int
    share_paused: float  # share of the days spent in pauses
    share_parallel: float
    share_single_track: float  # one kind of action only
    low: ResponseSummary
    high: ResponseSummary


@dataclass(frozen=True)
class ResponseSummary:
    n_ratings: int  # ratings not given during a running job-oriented action
    n_followed: int  # ... followed by a job-oriented action before the course ended
    median_days: float | None  # among those followed
    followed_within: float | None  # share followed within FOLLOW_DAYS (of those observable)
    n_observable: int  # ratings with FOLLOW_DAYS of course after them


def summarise(
    patterns: Sequence[CoursePattern], *, follow_days: int = FOLLOW_DAYS
) -> PatternSummary:
    """Pool courses: time shares over all course days, response times by level.

    Examples
    --------
    >>> summarise([]).n_courses
    0
    """
    total = sum(p.days_total for p in patterns)

    def share(attr: str) -> float:
        return sum(getattr(p, attr) for p in patterns) / total if total else 0.0

    def responses(level: str) -> ResponseSummary:
        rs = [
            (r, p.end)
            for p in patterns
            for r in p.responses
            if r.level == level and not r.already_active
        ]
        followed = [r.days for r, _end in rs if r.days is not None]
        observable = [(r, e) for r, e in rs if (e - r.day).days >= follow_days]
        within = [r for r, _e in observable if r.days is not None and r.days <= follow_days]
        return ResponseSummary(
            n_ratings=len(rs),
            n_followed=len(followed),
            median_days=float(statistics.median(followed)) if followed else None,
            followed_within=len(within) / len(observable) if observable else None,
            n_observable=len(observable),
        )

    single = share("days_job_only") + share("days_other_only")
    return PatternSummary(
        n_courses=len(patterns),
        days_total=total,
        share_paused=share("days_paused"),
        share_parallel=share("days_parallel"),
        share_single_track=single,
        low=responses("low"),
        high=responses("high"),
    )
