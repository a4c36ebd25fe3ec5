"""Reading expectations: meetings and their after-meeting answers, belief beside the
actions (one citizen, a caseworker's own citizens, a team), belief by meeting form for
a team, and an external partner's referred citizens.

The computations are the pure core's (jobtro.analysis.action_patterns and
meeting_forms); here querysets become plain dates and values. A leader's figures are
aggregates with every cell suppressed below 5 staff or 10 citizens (core.services).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from jobtro.analysis.action_patterns import (
    ActionPeriod,
    CoursePattern,
    PatternSummary,
    RatingPoint,
    course_pattern,
    summarise,
    suppress_responses,
)
from jobtro.analysis.meeting_forms import PHYSICAL, REMOTE
from jobtro.citizens.models import Action, Assignment, Citizen, Contact, Outcome
from jobtro.core.services import suppressed
from jobtro.organisations.models import Staff, Team

from ..models import CitizenLink, Context, Rating
from ..queries import active_citizens_of, team_caseworkers
from .services import RECENT_CONTACT_DAYS

# Pictures over a caseworker's or a team's citizens look back one year.
LOOKBACK_DAYS = 365
# A caseworker's rating belongs to their meeting with the citizen up to 14 days before.
RATING_AFTER_MEETING_DAYS = 14
SVG_WIDTH = 640


def _midnight(day: dt.date) -> dt.datetime:
    # A range on the indexed column itself, not on its date (which no index serves).
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _group(form: str) -> str:
    return "physical" if form in PHYSICAL else "remote" if form in REMOTE else ""


# --- one citizen: the meetings and belief beside the actions ------------------------------


@dataclass(frozen=True)
class MeetingRow:
    contact: Contact
    state: str  # "none", "open", "answered", "expired"
    answers: list[Rating]
    askable: bool


def recent_meetings(*, citizen: Citizen, staff: Staff, limit: int = 5) -> list[MeetingRow]:
    """The staff member's latest meetings with the citizen, each with its link's state
    and the citizen's answers (feedback for the caseworker, never a score)."""
    contacts = list(
        Contact.objects.filter(citizen=citizen, staff=staff).order_by("-date", "-pk")[:limit]
    )
    links: dict[int, CitizenLink] = {}
    for link in CitizenLink.objects.filter(contact__in=contacts).order_by("created_at"):
        # The answered link wins; otherwise the newest.
        if link.contact_id not in links or links[link.contact_id].used_at is None:
            links[link.contact_id] = link
    answers: dict[int, list[Rating]] = defaultdict(list)
    for r in (
        Rating.objects.filter(link__in=list(links.values()), context=Context.AFTER_CONTACT)
        .select_related("item")
        .order_by("item__position")
    ):
        answers[r.link_id].append(r)  # type: ignore[index]
    since = timezone.localdate() - dt.timedelta(days=RECENT_CONTACT_DAYS)
    rows = []
    for c in contacts:
        link = links.get(c.pk)
        state = "none"
        if link is not None:
            state = {"used": "answered", "open": "open"}.get(link.state(), "expired")
        rows.append(
            MeetingRow(
                contact=c,
                state=state,
                answers=answers.get(link.pk, []) if link else [],
                askable=c.date >= since and state != "answered",
            )
        )
    return rows


def _course_bounds(citizen: Citizen, today: dt.date) -> tuple[dt.date, dt.date]:
    start = max(citizen.enrolled_on, today - dt.timedelta(days=2 * LOOKBACK_DAYS))
    ended = (
        Outcome.objects.filter(citizen=citizen, start_date__lte=today)
        .order_by("start_date")
        .values_list("start_date", flat=True)
        .first()
    )
    return start, ended or today


def citizen_course(*, citizen: Citizen, staff: Staff, today: dt.date | None = None):
    """The citizen's actions and the staff member's own belief ratings (never a
    colleague's or a predecessor's), with pauses, tracks and response times."""
    today = today or timezone.localdate()
    start, end = _course_bounds(citizen, today)
    actions = list(
        Action.objects.filter(citizen=citizen)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start), start_date__lte=end)
        .select_related("kind")
        .order_by("start_date")
    )
    ratings = list(
        Rating.objects.current()
        .belief()
        .filter(citizen=citizen, rater=staff, rated_at__gte=_midnight(start))
        .order_by("rated_at")
        .values_list("rated_at", "value")
    )
    points = [RatingPoint(timezone.localdate(at), v) for at, v in ratings]
    pattern = course_pattern(
        start=start,
        end=end,
        actions=[ActionPeriod(a.start_date, a.end_date, a.kind.job_oriented) for a in actions],
        ratings=points,
    )
    return {
        "pattern": pattern,
        "actions": actions,
        "svg": _svg(pattern, actions),
        "low_responses": [r for r in pattern.responses if r.level == "low"],
        "high_responses": [r for r in pattern.responses if r.level == "high"],
    }


def _svg(pattern: CoursePattern, actions: list[Action]) -> dict[str, Any]:
    """Coordinates for a small inline SVG: action bars in two lanes, pauses, ratings."""
    span = max(pattern.days_total, 1)

    def x(day: dt.date) -> float:
        return round(SVG_WIDTH * max(0, (day - pattern.start).days) / span, 1)

    def width(first: dt.date, last: dt.date) -> float:
        return max(round(x(last) - x(first), 1), 2.0)

    bars = []
    for a in actions:
        first = max(a.start_date, pattern.start)
        last = min(a.end_date or pattern.end, pattern.end)
        bars.append(
            {
                "x": x(first),
                "w": width(first, last),
                "y": 70 if a.kind.job_oriented else 88,
                "job": a.kind.job_oriented,
                "label": f"{a.kind.name} {a.start_date:%d.%m.%Y}–"
                + (f"{a.end_date:%d.%m.%Y}" if a.end_date else ""),
            }
        )
    pauses = [
        {"x": x(p.start), "w": width(p.start, p.end), "days": p.days, "start": p.start}
        for p in pattern.pauses
    ]
    dots = [
        {"x": x(r.day), "y": 60 - 10 * r.value, "value": r.value, "day": r.day}
        for r in pattern.responses
    ]
    return {"width": SVG_WIDTH, "bars": bars, "pauses": pauses, "dots": dots}


# --- many citizens: a caseworker's own pattern, a team's aggregate -----------------------


def patterns_for(
    *, citizens, raters: list[Staff], today: dt.date, lookback_days: int = LOOKBACK_DAYS
) -> list[CoursePattern]:
    """One pattern per citizen over the last year (or since enrolment), with the
    ratings of the given raters; four queries in all."""
    since = today - dt.timedelta(days=lookback_days)
    rows = list(citizens.values_list("pk", "enrolled_on"))
    ids = [pk for pk, _ in rows]
    ended: dict[int, dt.date] = {}
    for cid, day in (
        Outcome.objects.filter(citizen_id__in=ids, start_date__lte=today)
        .order_by("-start_date")
        .values_list("citizen_id", "start_date")
    ):
        ended[cid] = day
    acts: dict[int, list[ActionPeriod]] = defaultdict(list)
    for cid, s, e, job in Action.objects.filter(citizen_id__in=ids).values_list(
        "citizen_id", "start_date", "end_date", "kind__job_oriented"
    ):
        acts[cid].append(ActionPeriod(s, e, job))
    points: dict[int, list[RatingPoint]] = defaultdict(list)
    for cid, sid, at, v in (
        Rating.objects.current()
        .belief()
        .filter(citizen_id__in=ids, rater__in=raters, rated_at__gte=_midnight(since))
        .values_list("citizen_id", "rater_id", "rated_at", "value")
    ):
        points[cid].append(RatingPoint(timezone.localdate(at), v, sid))
    return [
        course_pattern(
            start=max(enrolled, since),
            end=ended.get(pk, today),
            actions=acts[pk],
            ratings=points[pk],
            citizen=pk,
        )
        for pk, enrolled in rows
        if max(enrolled, since) <= ended.get(pk, today)
    ]


def my_pattern(*, staff: Staff, today: dt.date | None = None) -> PatternSummary:
    """A caseworker's own pattern over their current citizens (only they see it)."""
    today = today or timezone.localdate()
    citizens = active_citizens_of([staff], today)
    return summarise(patterns_for(citizens=citizens, raters=[staff], today=today))


@dataclass(frozen=True)
class TeamExpectations:
    # None: suppressed; its low and high response cells are checked on their own
    # (None, or parts emptied, when too few raters or citizens stand behind them).
    pattern: PatternSummary | None
    n_citizens: int
    n_staff: int
    by_group: list[dict[str, Any]]  # physical, remote: label, means (None: suppressed)


def team_expectations(*, team: Team, today: dt.date | None = None) -> TeamExpectations:
    """The team's aggregate: pattern of the current citizens, belief by meeting form
    over the last year. Never a figure for one caseworker."""
    today = today or timezone.localdate()
    members = team_caseworkers(team, today)
    citizens = active_citizens_of(members, today)
    n_citizens = citizens.count()
    n_staff = len(members)
    pattern = None
    if suppressed(1, n_citizens=n_citizens, n_staff=n_staff) is not None:
        pattern = _team_pattern(citizens=citizens, members=members, today=today)
    return TeamExpectations(
        pattern, n_citizens, n_staff, _by_meeting_group(members=members, today=today)
    )


def _team_pattern(*, citizens, members: list[Staff], today: dt.date) -> PatternSummary | None:
    """The team's pooled pattern, every cell checked against the people behind it: the
    time shares against the courses and their current caseworkers, each response cell
    against the citizens and raters of its own ratings (docs/contracts.md)."""
    summary = summarise(patterns_for(citizens=citizens, raters=members, today=today))
    n_caseworkers = (
        Assignment.objects.filter(
            citizen__in=citizens, end_date__isnull=True, caseworker__in=members
        )
        .values("caseworker_id")
        .distinct()
        .count()
    )
    if suppressed(1, n_citizens=summary.n_citizens, n_staff=n_caseworkers) is None:
        return None
    limits = {
        "min_staff": settings.SUPPRESS_MIN_STAFF,
        "min_citizens": settings.SUPPRESS_MIN_CITIZENS,
    }
    return replace(
        summary,
        low=suppress_responses(summary.low, **limits),
        high=suppress_responses(summary.high, **limits),
    )


def my_meeting_forms(*, staff: Staff, today: dt.date | None = None) -> list[dict[str, Any]]:
    """A caseworker's own belief by meeting form over the last year: their own ratings
    after their own meetings, and their citizens' answers after those meetings (never a
    colleague's). Only they see it; each cell needs 10 citizens, as on the leader's page
    (the rule of 5 staff does not apply: there is one, the caseworker, and it is them)."""
    return _by_meeting_group(members=[staff], today=today or timezone.localdate(), own=True)


def _by_meeting_group(
    *, members: list[Staff], today: dt.date, own: bool = False
) -> list[dict[str, Any]]:
    """Per group (physical, remote): belief means and counts, each cell suppressed below
    10 citizens and (for a team) 5 staff."""
    since = today - dt.timedelta(days=LOOKBACK_DAYS)
    meetings: dict[tuple[int, int], list[tuple[dt.date, str]]] = defaultdict(list)
    for cid, sid, day, form in (
        Contact.objects.filter(staff__in=members, date__gte=since - dt.timedelta(days=14))
        .order_by("date")
        .values_list("citizen_id", "staff_id", "date", "form")
    ):
        meetings[(cid, sid)].append((day, form))
    cells: dict[str, dict[str, Any]] = {
        g: {"cw": [], "cw_c": set(), "cw_s": set(), "p": [], "p_c": set(), "p_s": set()}
        for g in ("physical", "remote")
    }
    for cid, sid, at, value in (
        Rating.objects.current()
        .belief()
        .filter(rater__in=members, rated_at__gte=_midnight(since))
        .values_list("citizen_id", "rater_id", "rated_at", "value")
    ):
        day = timezone.localdate(at)
        window = dt.timedelta(days=RATING_AFTER_MEETING_DAYS)
        before = [f for d, f in meetings.get((cid, sid), []) if day - window <= d <= day]
        group = _group(before[-1]) if before else ""
        if group:
            cells[group]["cw"].append(value)
            cells[group]["cw_c"].add(cid)
            cells[group]["cw_s"].add(sid)
    for cid, sid, form, value in Rating.objects.filter(
        context=Context.AFTER_CONTACT,
        item__indicator="perceived_belief",
        link__contact__staff__in=members,
        rated_at__gte=_midnight(since),
    ).values_list("citizen_id", "link__contact__staff_id", "link__contact__form", "value"):
        group = _group(form)
        if group:
            cells[group]["p"].append(value)
            cells[group]["p_c"].add(cid)
            cells[group]["p_s"].add(sid)
    labels = {
        "physical": _("Fysisk (fremmøde, virksomhed, hjem)"),
        "remote": _("Virtuel (telefon, video)"),
    }

    def shown(value: Any, citizens: set[int], raters: set[int]) -> Any:
        return suppressed(value, n_citizens=len(citizens), n_staff=None if own else len(raters))

    out = []
    for g, c in cells.items():
        out.append(
            {
                "label": labels[g],
                "caseworker_mean": shown(
                    sum(c["cw"]) / len(c["cw"]) if c["cw"] else None, c["cw_c"], c["cw_s"]
                ),
                "caseworker_n": shown(len(c["cw"]), c["cw_c"], c["cw_s"]),
                "perceived_mean": shown(
                    sum(c["p"]) / len(c["p"]) if c["p"] else None, c["p_c"], c["p_s"]
                ),
                "perceived_n": shown(len(c["p"]), c["p_c"], c["p_s"]),
            }
        )
    return out


# --- an external partner's citizens ---------------------------------------------------


def partner_citizens(*, staff: Staff):
    """The citizens referred to the external partner, with their latest own rating."""
    latest = (
        Rating.objects.current()
        .filter(citizen=OuterRef("pk"), rater=staff, item__indicator="belief_job")
        .order_by("-rated_at", "-id")
    )
    referred = Action.objects.filter(citizen=OuterRef("pk"), provider_staff=staff)
    running = referred.filter(Q(end_date__isnull=True) | Q(end_date__gte=timezone.localdate()))
    return (
        Citizen.objects.visible_to(staff.user)
        .filter(Exists(referred))
        .annotate(
            my_value=Subquery(latest.values("value")[:1]),
            my_rated_at=Subquery(latest.values("rated_at")[:1]),
            referred_kind=Subquery(referred.order_by("-start_date").values("kind__name")[:1]),
            referred_since=Subquery(referred.order_by("-start_date").values("start_date")[:1]),
            referral_running=Exists(running),
        )
        .order_by("-referral_running", "pseudonym")
    )
