"""Reading belief: the due list, one citizen's belief block, "Min tro" and team figures.

Figures for more than one person are aggregates; a leader's cells go through
core.services.suppressed (fewer than 5 staff or 10 citizens: not shown).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.utils import timezone

from jobtro.citizens.models import Assignment, Citizen, Contact, Outcome
from jobtro.core import access
from jobtro.core.access import Permission
from jobtro.core.services import suppressed
from jobtro.organisations.models import Role, Staff, Team

from .models import Context, GeneralBeliefAnswer, RaterType, Rating

# BIP (docs/belief.md): about half doubt or do not believe (1–2); 6 % an unconditional yes (5).
RESEARCH_REFERENCE = {"doubt_or_no": 50, "unconditional_yes": 6}
# A first rating is asked for after the first meeting, or two weeks into the assignment.
FIRST_RATING_GRACE_DAYS = 14
# Listed as due this many days before the due date.
DUE_SOON_DAYS = 14
RECENT_CHANGE_DAYS = 182
LOW_BELIEF = (1, 2)
VALUES = (1, 2, 3, 4, 5)


def general_belief_interval_days() -> int:
    return int(getattr(settings, "GENERAL_BELIEF_INTERVAL_DAYS", 182))


def last_general_belief(staff: Staff) -> dt.datetime | None:
    return (
        GeneralBeliefAnswer.objects.filter(staff=staff)
        .order_by("-answered_at")
        .values_list("answered_at", flat=True)
        .first()
    )


def general_belief_due(*, staff: Staff) -> bool:
    """The half-yearly general-belief survey is due (never answered, or long ago)."""
    last = last_general_belief(staff)
    interval = dt.timedelta(days=general_belief_interval_days())
    return last is None or timezone.now() - last >= interval


@dataclass(frozen=True)
class DueRating:
    citizen: Citizen
    due_on: dt.date
    last_rated_on: dt.date | None
    first: bool
    overdue: bool


@dataclass(frozen=True)
class Distribution:
    counts: dict[int, int]
    n: int

    @property
    def shares(self) -> dict[int, float]:
        return {v: (100 * c / self.n if self.n else 0.0) for v, c in self.counts.items()}

    @property
    def doubt_or_no(self) -> float:
        return sum(self.shares[v] for v in LOW_BELIEF)

    @property
    def unconditional_yes(self) -> float:
        return self.shares[5]

    @property
    def rows(self) -> list[dict[str, Any]]:
        return [{"value": v, "count": self.counts[v], "share": self.shares[v]} for v in VALUES]


def distribution(values: list[int]) -> Distribution:
    counts = Counter(values)
    return Distribution({v: counts.get(v, 0) for v in VALUES}, len(values))


def _open_assignment(field_name: str = "start_date") -> Subquery:
    return Subquery(
        Assignment.objects.filter(citizen=OuterRef("pk"), end_date__isnull=True).values(field_name)[
            :1
        ]
    )


def with_current_belief(citizens):
    """Annotate each citizen with the latest current belief rating by their current
    caseworker since the assignment began (never a predecessor's: not inherited)."""
    latest = (
        Rating.objects.current()
        .belief()
        .filter(
            citizen=OuterRef("pk"),
            rater_id=OuterRef("cw_id"),
            rated_at__date__gte=OuterRef("cw_since"),
        )
        .order_by("-rated_at", "-id")
    )
    return citizens.annotate(
        cw_id=_open_assignment("caseworker_id"),
        cw_since=_open_assignment("start_date"),
    ).annotate(
        belief_value=Subquery(latest.values("value")[:1]),
        belief_at=Subquery(latest.values("rated_at")[:1]),
    )


def active_citizens_of(caseworkers, today: dt.date):
    ended = Outcome.objects.filter(citizen=OuterRef("pk"), start_date__lte=today)
    current = Assignment.objects.filter(
        citizen=OuterRef("pk"), end_date__isnull=True, caseworker__in=caseworkers
    )
    return Citizen.objects.filter(Exists(current), enrolled_on__lte=today).exclude(Exists(ended))


# --- the due list ---------------------------------------------------------------------


def due_ratings(
    *, staff: Staff, today: dt.date | None = None, soon_days: int = DUE_SOON_DAYS
) -> list[DueRating]:
    """The staff member's current citizens whose belief rating is due or overdue."""
    today = today or timezone.localdate()
    rows = _due_rows([staff], today)
    return sorted(
        (r for r in rows if r.due_on <= today + dt.timedelta(days=soon_days)),
        key=lambda r: (r.due_on, r.citizen.pseudonym),
    )


def _due_rows(caseworkers: list[Staff], today: dt.date) -> list[DueRating]:
    if not caseworkers:
        return []
    interval = {
        s.pk: (s.municipality.rating_interval_days if s.municipality else 91) for s in caseworkers
    }
    first_contact = (
        Contact.objects.filter(
            citizen=OuterRef("pk"), staff_id=OuterRef("cw_id"), date__gte=OuterRef("cw_since")
        )
        .order_by("date")
        .values("date")[:1]
    )
    last_own = (
        Rating.objects.belief()
        .filter(
            citizen=OuterRef("pk"),
            rater_id=OuterRef("cw_id"),
            rated_at__date__gte=OuterRef("cw_since"),
        )
        .order_by("-rated_at")
        .values("rated_at")[:1]
    )
    citizens = (
        active_citizens_of(caseworkers, today)
        .select_related("target_group")
        .annotate(cw_id=_open_assignment("caseworker_id"), cw_since=_open_assignment("start_date"))
        .annotate(first_contact=Subquery(first_contact), last_rated_at=Subquery(last_own))
    )
    rows = []
    for c in citizens:
        if c.last_rated_at is not None:
            last = timezone.localdate(c.last_rated_at)
            due_on = last + dt.timedelta(days=interval.get(c.cw_id, 91))
            first = False
        else:
            last = None
            grace = c.cw_since + dt.timedelta(days=FIRST_RATING_GRACE_DAYS)
            due_on = min(c.first_contact, grace) if c.first_contact else grace
            first = True
        rows.append(DueRating(c, due_on, last, first, due_on < today))
    return rows


# --- one citizen -------------------------------------------------------------------------


@dataclass(frozen=True)
class CitizenBelief:
    may_rate: bool
    may_send_link: bool
    mine: list[Rating]
    correctable: bool
    citizen_answers: list[Rating]
    citizen_answered_at: dt.datetime | None
    history: list[Rating] = field(default_factory=list)


def citizen_belief(*, citizen: Citizen, staff: Staff, may_rate: bool) -> CitizenBelief:
    """What the rater sees on the citizen page: their own latest round and the citizen's
    own latest answers beside it (a conversation starter, never a score)."""
    from .services import CORRECTION_WINDOW

    own = list(
        Rating.objects.current()
        .filter(citizen=citizen, rater=staff)
        .select_related("item")
        .order_by("-rated_at", "item__position")
    )
    latest_at = own[0].rated_at if own else None
    mine = sorted((r for r in own if r.rated_at == latest_at), key=lambda r: r.item.position)
    history = [r for r in own if r.item.indicator == "belief_job"]
    answers: list[Rating] = []
    answered_at = None
    show_citizen = access.has(staff, Permission.CASEWORK) and may_rate
    if show_citizen:
        last = (
            Rating.objects.filter(citizen=citizen, rater_type=RaterType.CITIZEN)
            .exclude(context=Context.AFTER_CONTACT)  # the questions after a meeting: own panel
            .order_by("-rated_at")
            .values_list("link_id", "rated_at")
            .first()
        )
        if last is not None:
            answered_at = last[1]
            answers = list(
                Rating.objects.filter(
                    citizen=citizen, rater_type=RaterType.CITIZEN, link_id=last[0]
                )
                .select_related("item")
                .order_by("item__position")
            )
    return CitizenBelief(
        may_rate=may_rate,
        may_send_link=show_citizen,
        mine=mine,
        correctable=bool(latest_at and timezone.now() - latest_at < CORRECTION_WINDOW),
        citizen_answers=answers,
        citizen_answered_at=answered_at,
        history=history[:12],
    )


# --- "Min tro" ----------------------------------------------------------------------


def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def last_quarters(today: dt.date, n: int = 8) -> list[tuple[int, int]]:
    year, q = quarter_of(today)
    out = []
    for _ in range(n):
        out.append((year, q))
        year, q = (year, q - 1) if q > 1 else (year - 1, 4)
    return list(reversed(out))


def _quarter_start(year: int, q: int) -> dt.date:
    return dt.date(year, 3 * (q - 1) + 1, 1)


def start_of(day: dt.date) -> dt.datetime:
    """Midnight at the start of a day, local time. `rated_at >= start_of(day)` is
    `rated_at__date >= day` as a range on the indexed column: a `__date` lookup calls a
    function on every row (on SQLite a Python function, about 40 000 calls a page)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass
class MyBelief:
    mine: Distribution
    team: Distribution | None
    team_name: str
    reference: dict[str, int]
    trend: list[dict[str, Any]]
    low_belief: list[Citizen]
    recent_changes: list[Citizen]
    citizen_voice: int
    general_due: bool
    general_last: dt.datetime | None


def my_belief(*, staff: Staff, today: dt.date | None = None) -> MyBelief:
    """The caseworker's own picture, beside the team (suppressed) and the research."""
    today = today or timezone.localdate()
    mine_qs = with_current_belief(active_citizens_of([staff], today)).order_by("pseudonym")
    mine = list(mine_qs)
    rated = [c for c in mine if c.belief_value is not None]
    team = staff.teams_on(today).first()
    team_dist = None
    if team is not None:
        figures = _team_current(team, today)
        if suppressed(1, n_citizens=figures.n, n_staff=_n_staff(team, today)) is not None:
            team_dist = figures
    quarters = last_quarters(today)
    start = _quarter_start(*quarters[0])
    own_ratings = (
        Rating.objects.current()
        .belief()
        .filter(rater=staff, rated_at__gte=start_of(start))
        .values_list("rated_at", "value")
    )
    by_quarter: dict[tuple[int, int], list[int]] = {q: [] for q in quarters}
    for at, value in own_ratings:
        key = quarter_of(timezone.localdate(at))
        if key in by_quarter:
            by_quarter[key].append(value)
    trend = []
    for (year, q), values in by_quarter.items():
        d = distribution(values)
        trend.append(
            {
                "label": f"{year} K{q}",
                "n": d.n,
                "mean": sum(values) / d.n if d.n else None,
                "doubt_or_no": d.doubt_or_no if d.n else None,
                "yes": d.shares[4] + d.shares[5] if d.n else None,
            }
        )
    since = today - dt.timedelta(days=RECENT_CHANGE_DAYS)
    earlier_other = Assignment.objects.filter(
        citizen=OuterRef("pk"), end_date__isnull=False
    ).exclude(caseworker=staff)
    recent_changes = list(
        active_citizens_of([staff], today)
        .filter(
            assignments__caseworker=staff,
            assignments__end_date__isnull=True,
            assignments__start_date__gte=since,
        )
        .filter(Exists(earlier_other))
        .order_by("pseudonym")[:20]
    )
    voice = (
        Rating.objects.filter(citizen__in=[c.pk for c in mine], rater_type=RaterType.CITIZEN)
        .values("citizen")
        .distinct()
        .count()
    )
    general_last = last_general_belief(staff)
    general_due = general_belief_due(staff=staff)
    return MyBelief(
        mine=distribution([c.belief_value for c in rated]),
        team=team_dist,
        team_name=team.name if team else "",
        reference=RESEARCH_REFERENCE,
        trend=trend,
        low_belief=[c for c in rated if c.belief_value in LOW_BELIEF][:30],
        recent_changes=recent_changes,
        citizen_voice=voice,
        general_due=general_due,
        general_last=general_last,
    )


# --- a team (leaders; never one person's figures) ---------------------------------------


def team_caseworkers(team: Team, today: dt.date) -> list[Staff]:
    return list(
        access.current_team_staff(team, day=today)
        .filter(role=Role.CASEWORKER)
        .select_related("municipality")
        .distinct()
    )


def _n_staff(team: Team, today: dt.date) -> int:
    return len(team_caseworkers(team, today))


def _team_current(team: Team, today: dt.date) -> Distribution:
    members = team_caseworkers(team, today)
    citizens = with_current_belief(active_citizens_of(members, today))
    return distribution(
        [v for v in citizens.values_list("belief_value", flat=True) if v is not None]
    )


def _quarter_cells(members: list[Staff], today: dt.date) -> list[dict[str, int]]:
    """Per quarter of `last_quarters(today)`, oldest first, the members' current belief
    ratings counted in the database (one GROUP BY, not a loop over every rating): the
    number per value, their sum, and the distinct citizens and raters."""
    quarters = last_quarters(today)
    year, q = quarters[-1]
    bounds = [start_of(_quarter_start(*k)) for k in quarters]
    bounds.append(start_of(_quarter_start(year + q // 4, q % 4 + 1)))
    # The quarter's index by local time, as a range on rated_at (no date function).
    index = Case(
        *(When(rated_at__lt=bounds[i + 1], then=Value(i)) for i in range(len(quarters))),
        output_field=IntegerField(),
    )
    rows = (
        Rating.objects.current()
        .belief()
        .filter(rater__in=members, rated_at__gte=bounds[0], rated_at__lt=bounds[-1])
        .annotate(quarter=index)
        .order_by()
        .values("quarter")
        .annotate(
            n=Count("pk"),
            total=Sum("value"),
            citizens=Count("citizen", distinct=True),
            staff=Count("rater", distinct=True),
            **{f"n{v}": Count("pk", filter=Q(value=v)) for v in VALUES},
        )
    )
    empty = {"n": 0, "total": 0, "citizens": 0, "staff": 0, **{f"n{v}": 0 for v in VALUES}}
    found = {row.pop("quarter"): row for row in rows}
    return [found.get(i, empty) for i in range(len(quarters))]


def team_belief(*, team: Team, today: dt.date | None = None) -> dict[str, Any]:
    """Team aggregates: distribution, trend by quarter, ratings on time, caseworker changes.
    Every cell is suppressed below 5 staff or 10 citizens."""
    today = today or timezone.localdate()
    members = team_caseworkers(team, today)
    n_staff = len(members)
    current = _team_current(team, today)
    due_rows = _due_rows(members, today)
    n_active = len(due_rows)
    on_time = sum(1 for r in due_rows if not r.overdue)
    trend = []
    for (year, q), cell in zip(last_quarters(today), _quarter_cells(members, today), strict=True):
        d = Distribution({v: cell[f"n{v}"] for v in VALUES}, cell["n"])
        n_c, n_s = cell["citizens"], cell["staff"]
        trend.append(
            {
                "label": f"{year} K{q}",
                "n": suppressed(d.n, n_citizens=n_c, n_staff=n_s),
                "mean": suppressed(
                    cell["total"] / d.n if d.n else None, n_citizens=n_c, n_staff=n_s
                ),
                "doubt_or_no": suppressed(d.doubt_or_no, n_citizens=n_c, n_staff=n_s),
                "yes": suppressed(d.shares[4] + d.shares[5], n_citizens=n_c, n_staff=n_s),
            }
        )
    year_ago = today - dt.timedelta(days=365)
    team_citizens = active_citizens_of(members, today)
    changes = (
        Assignment.objects.filter(citizen__in=team_citizens, start_date__gte=year_ago)
        .annotate(
            earlier=Exists(
                Assignment.objects.filter(
                    citizen=OuterRef("citizen"), start_date__lt=OuterRef("start_date")
                )
            )
        )
        .filter(earlier=True)
        .aggregate(n=Count("pk"), citizens=Count("citizen", distinct=True))
    )
    n_team_citizens = team_citizens.count()
    return {
        "team": team,
        "n_staff": n_staff,
        "n_citizens": suppressed(n_team_citizens, n_citizens=n_team_citizens, n_staff=n_staff),
        "distribution": current if suppressed(1, n_citizens=current.n, n_staff=n_staff) else None,
        "reference": RESEARCH_REFERENCE,
        "trend": trend,
        "on_time": suppressed(
            100 * on_time / n_active if n_active else None, n_citizens=n_active, n_staff=n_staff
        ),
        "changes": suppressed(changes["n"], n_citizens=n_team_citizens, n_staff=n_staff),
        "changed_citizens": suppressed(
            100 * changes["citizens"] / n_team_citizens if n_team_citizens else None,
            n_citizens=n_team_citizens,
            n_staff=n_staff,
        ),
    }


def citizen_ratings_for(*, citizen: Citizen, staff: Staff):
    """Ratings of one citizen that the staff member may read (pages and the API).

    A caseworker or external partner reads their own ratings and, as the citizen's
    current caseworker, the citizen's own answers — never a colleague's or a
    predecessor's ratings (a rating is a personal reflection and must not anchor).
    A researcher reads all of them, pseudonymised by the API. Others read none.
    """
    ratings = Rating.objects.filter(citizen=citizen).select_related("item__instrument")
    if access.has(staff, Permission.BELIEF_RESEARCH):
        return ratings
    if access.has(staff, Permission.CASEWORK):
        is_current = Assignment.objects.filter(
            citizen=citizen, caseworker=staff, end_date__isnull=True
        ).exists()
        own = Q(rater=staff)
        return ratings.filter(own | Q(rater_type=RaterType.CITIZEN) if is_current else own)
    if access.has(staff, Permission.BELIEF_RATE):
        return ratings.filter(rater=staff)
    return ratings.none()


def distribution_table(
    *, caption: str, columns: list[str], dists: list[Distribution | None], reference: bool
) -> dict[str, Any]:
    """Rows 1–5 and the two research summaries, one column per distribution (None:
    suppressed), and the BIP reference as the last column when asked for."""
    from django.utils.translation import gettext as _

    labels = {
        1: _("1 · Nej"),
        2: _("2 · Tvivler"),
        3: _("3 · Måske"),
        4: _("4 · Ja, sandsynligvis"),
        5: _("5 · Ja, helt sikkert"),
    }
    rows = []
    for v in VALUES:
        cells: list[Any] = [
            d.shares[v] if d is not None and d.n else (None if d is None else "") for d in dists
        ]
        if reference:
            cells.append("")
        rows.append({"label": labels[v], "cells": cells})
    summaries = [
        (_("Tvivl eller nej (1–2)"), "doubt_or_no", RESEARCH_REFERENCE["doubt_or_no"]),
        (_("Ubetinget ja (5)"), "unconditional_yes", RESEARCH_REFERENCE["unconditional_yes"]),
    ]
    for label, attr, ref in summaries:
        cells = [
            getattr(d, attr) if d is not None and d.n else (None if d is None else "")
            for d in dists
        ]
        if reference:
            cells.append(ref)
        rows.append({"label": label, "cells": cells})
    cols = list(columns) + ([_("Forskningen (BIP)")] if reference else [])
    return {"caption": caption, "columns": cols, "rows": rows}
