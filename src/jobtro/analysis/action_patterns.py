"""Expectations and action in one citizen's course: pauses, tracks and response times.

Pure functions over plain dates, used by the citizen page (one course), "Min tro" (a
caseworker's own citizens) and a leader's team page (the team's aggregate, suppressed
there). Research found that any pause without an active action sets progress back, and
that job-oriented actions in parallel with health or upskilling actions work better
than one track at a time.

- A *pause* is a run of at least ``min_gap_days`` days in the course with no active action.
- A day is *parallel* when a job-oriented and another action are both active.
- A rating's *response* is the days until the next job-oriented action starts (on or
  after the rating day, so a start on the rating day is a 0-day response); a rating
  given while a job-oriented action that started before the rating day runs is "already
  in action", and a rating with no such start before the course's end is "not followed".

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
from dataclasses import dataclass, replace

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
    rater: object = None  # who rated (counted per cell for suppression, never shown)


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
    rater: object = None


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
    citizen: object = None  # whose course (counted per cell for suppression, never shown)


def _level(value: int) -> str:
    return "low" if value in LOW else "high" if value in HIGH else "middle"


def _running_before(actions: Sequence[ActionPeriod], day: dt.date) -> bool:
    """Whether one of the actions started before ``day`` and still runs on it (an action
    starting on the day itself is a response to a rating that day, not already running)."""
    return any(a.start < day and (a.end is None or day <= a.end) for a in actions)


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
    citizen: object = None,
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
        running = _running_before(job_acts, r.day)
        nxt = next((s for s in job_starts if r.day <= s <= end), None)
        if running:
            responses.append(Response(r.day, r.value, _level(r.value), True, nxt, None, r.rater))
        else:
            days = (nxt - r.day).days if nxt is not None else None
            responses.append(Response(r.day, r.value, _level(r.value), False, nxt, days, r.rater))
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
        citizen=citizen,
    )


@dataclass(frozen=True)
class ResponseSummary:
    """Ratings of one level pooled over courses, with the citizens and raters behind
    each part (for suppression; a leader sees a part only when enough stand behind it).
    Raters are counted only when the ratings name them."""

    n_ratings: int  # ratings not given during a running job-oriented action
    n_followed: int | None  # ... followed by a job-oriented action before the course ended
    median_days: float | None  # among those followed
    followed_within: float | None  # share followed within FOLLOW_DAYS (of those observable)
    n_observable: int | None  # ratings with FOLLOW_DAYS of course after them
    n_citizens: int = 0  # behind n_ratings
    n_raters: int = 0
    n_followed_citizens: int = 0  # behind n_followed and median_days
    n_followed_raters: int = 0
    n_observable_citizens: int = 0  # behind followed_within
    n_observable_raters: int = 0


@dataclass(frozen=True)
class PatternSummary:
    """Several courses together (a caseworker's citizens, a team's)."""

    n_courses: int
    days_total: int
    share_paused: float  # share of the days spent in pauses
    share_parallel: float
    share_single_track: float  # one kind of action only
    low: ResponseSummary | None  # None: suppressed (a team's aggregate)
    high: ResponseSummary | None
    n_citizens: int = 0  # behind the time shares


def _who(rows: Sequence[tuple[Response, object]]) -> tuple[int, int]:
    """Distinct citizens and (named) raters behind some responses."""
    return (
        len({c for _r, c in rows}),
        len({r.rater for r, _c in rows if r.rater is not None}),
    )


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
    # A course without a named citizen counts as a citizen of its own.
    who = [p.citizen if p.citizen is not None else ("course", i) for i, p in enumerate(patterns)]

    def share(attr: str) -> float:
        return sum(getattr(p, attr) for p in patterns) / total if total else 0.0

    def responses(level: str) -> ResponseSummary:
        rs = [
            (r, p.end, c)
            for p, c in zip(patterns, who, strict=True)
            for r in p.responses
            if r.level == level and not r.already_active
        ]
        followed = [(r, c) for r, _end, c in rs if r.days is not None]
        observable = [(r, c) for r, e, c in rs if (e - r.day).days >= follow_days]
        within = [r for r, _c in observable if r.days is not None and r.days <= follow_days]
        n_c, n_r = _who([(r, c) for r, _e, c in rs])
        f_c, f_r = _who(followed)
        o_c, o_r = _who(observable)
        days = [r.days for r, _c in followed if r.days is not None]
        return ResponseSummary(
            n_ratings=len(rs),
            n_followed=len(followed),
            median_days=float(statistics.median(days)) if days else None,
            followed_within=len(within) / len(observable) if observable else None,
            n_observable=len(observable),
            n_citizens=n_c,
            n_raters=n_r,
            n_followed_citizens=f_c,
            n_followed_raters=f_r,
            n_observable_citizens=o_c,
            n_observable_raters=o_r,
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
        n_citizens=len(set(who)),
    )


def suppress_responses(
    s: ResponseSummary | None, *, min_staff: int, min_citizens: int
) -> ResponseSummary | None:
    """A team's response cell with each part checked against the citizens and raters
    behind it: None when too few stand behind the ratings; the median and counts of the
    followed ratings (and the share followed in time) emptied when too few stand behind
    those.

    Examples
    --------
    >>> one = ResponseSummary(1, 1, 3.0, None, 0, n_citizens=1, n_raters=1)
    >>> suppress_responses(one, min_staff=5, min_citizens=10) is None
    True
    """
    if s is None or s.n_citizens < min_citizens or s.n_raters < min_staff:
        return None
    followed_ok = s.n_followed_citizens >= min_citizens and s.n_followed_raters >= min_staff
    observable_ok = s.n_observable_citizens >= min_citizens and s.n_observable_raters >= min_staff
    return replace(
        s,
        n_followed=s.n_followed if followed_ok else None,
        median_days=s.median_days if followed_ok else None,
        followed_within=s.followed_within if observable_ok else None,
        n_observable=s.n_observable if observable_ok else None,
    )
