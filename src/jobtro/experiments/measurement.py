"""Automatic measurement on the experiment page: the belief in the experiment's teams
as a run chart, the team language picture, and the difference-in-differences against
the comparison team. Queries here turn rows into plain tables; the science is in
`jobtro.analysis.runchart` and `jobtro.analysis.experiment_effect`.

Team-level only. The run chart counts the ratings of every caseworker who was a
member of one of the experiment's teams on the day of the rating — never the
participants the leader picked: two experiments whose participants differ by one
person would otherwise give that person's mean by differencing. The same holds for
choosing teams: the caseworkers are grouped by the exact set of teams they were in
that day, and a group with fewer than SUPPRESS_MIN_STAFF raters or
SUPPRESS_MIN_CITIZENS citizens in a month is left out of that month (so a chart over
teams A and B never differs from one over A by fewer than that many people). A month
is shown when the rest still has that many raters and citizens; otherwise it is a
gap. The number of ratings per month is not shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.conf import settings
from django.utils import timezone

from jobtro.analysis.experiment_effect import LOOKBACK_DAYS, ExperimentEffect, experiment_effect
from jobtro.analysis.runchart import RunChart, run_chart
from jobtro.belief.models import Context, Rating
from jobtro.language_use.picture import LanguageTrend, team_language_trend, trend_chart
from jobtro.organisations.models import Role, TeamMembership

from .models import Experiment, Lever, Theme

MONTHS_BEFORE = 6
MONTHS_AFTER = 6
# Sparring ratings are asked for when belief is low (regression to the mean): left out.
MEASURED_CONTEXTS = (Context.ROUTINE, Context.EXPERIMENT)


@dataclass(frozen=True)
class MonthPoint:
    month: dt.date
    period: str  # "before", "during", "after"
    suppressed: bool
    mean: float | None


@dataclass(frozen=True)
class BeliefRunChart:
    points: tuple[MonthPoint, ...]
    rules: RunChart
    n_before: int
    min_staff: int
    min_citizens: int
    chart: dict[str, Any]


def _start_of(day: dt.date) -> dt.datetime:
    """Midnight at the start of a day, local time: a range on the indexed column (a
    `__date` lookup would call a function on every row)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _month_add(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _period(month: dt.date, experiment: Experiment) -> str:
    if month < experiment.start_date.replace(day=1):
        return "before"
    if month <= experiment.end_date.replace(day=1):
        return "during"
    return "after"


Spans = dict[int, list[tuple[int, dt.date, dt.date | None]]]


def _team_caseworkers(experiment: Experiment, first: dt.date, last: dt.date) -> Spans:
    """Every membership (of any team) of the caseworkers who were in one of the
    experiment's teams some day from ``first`` to ``last``."""
    team_ids = list(experiment.teams.values_list("pk", flat=True))
    staff_ids = (
        TeamMembership.objects.filter(
            team_id__in=team_ids, staff__role=Role.CASEWORKER, start_date__lte=last
        )
        .exclude(end_date__lt=first)
        .values("staff_id")
    )
    spans: Spans = {}
    for staff_id, team_id, start, end in TeamMembership.objects.filter(
        staff_id__in=staff_ids
    ).values_list("staff_id", "team_id", "start_date", "end_date"):
        spans.setdefault(staff_id, []).append((team_id, start, end))
    return spans


def _month_cells(
    experiment: Experiment, months: list[dt.date], *, min_staff: int, min_citizens: int
) -> list[dict[str, int]]:
    """Per month (local time), the measured belief ratings of the experiment teams'
    caseworkers on the rating day: number and sum, and the distinct citizens and raters,
    after leaving out each group of caseworkers (same set of teams that day) too small
    to show on its own."""
    if not months:
        return []
    end = _month_add(months[-1], 1)
    experiment_teams = set(experiment.teams.values_list("pk", flat=True))
    spans = _team_caseworkers(experiment, months[0], end - dt.timedelta(days=1))
    index = {m: i for i, m in enumerate(months)}
    # (month, the set of teams the rater was in that day) -> ([n, total], citizens, raters)
    groups: dict[tuple[int, frozenset[int]], tuple[list[int], set[int], set[int]]] = {}
    ratings = (
        Rating.objects.current()
        .belief()
        .filter(
            rater_id__in=list(spans),
            context__in=MEASURED_CONTEXTS,
            rated_at__gte=_start_of(months[0]),
            rated_at__lt=_start_of(end),
        )
        .values_list("rater_id", "citizen_id", "value", "rated_at")
    )
    for rater_id, citizen_id, value, at in ratings.iterator(chunk_size=5000):
        day = timezone.localdate(at)
        teams = frozenset(
            t
            for t, start, stop in spans[rater_id]
            if start <= day and (stop is None or day <= stop)
        )
        if not teams & experiment_teams:
            continue
        sums, citizens, raters = groups.setdefault(
            (index[day.replace(day=1)], teams), ([0, 0], set(), set())
        )
        sums[0] += 1
        sums[1] += value
        citizens.add(citizen_id)
        raters.add(rater_id)
    cells = [{"n": 0, "total": 0, "citizens": set(), "raters": set()} for _ in months]
    for (i, _teams), (sums, citizens, raters) in groups.items():
        if len(raters) < min_staff or len(citizens) < min_citizens:
            continue  # a small group is never shown, not even as a difference
        cell = cells[i]
        cell["n"] += sums[0]
        cell["total"] += sums[1]
        cell["citizens"] |= citizens
        cell["raters"] |= raters
    return [{**c, "citizens": len(c["citizens"]), "raters": len(c["raters"])} for c in cells]


def belief_run_chart(experiment: Experiment, *, today: dt.date | None = None) -> BeliefRunChart:
    """Monthly mean of the belief ratings in the experiment's teams (see the module),
    six months before the start until six months after the end (or today), with the
    run-chart rules applied."""
    today = today or timezone.localdate()
    first = _month_add(experiment.start_date.replace(day=1), -MONTHS_BEFORE)
    last = min(_month_add(experiment.end_date.replace(day=1), MONTHS_AFTER), today.replace(day=1))
    months, m = [], first
    while m <= last:
        months.append(m)
        m = _month_add(m, 1)
    min_staff, min_citizens = settings.SUPPRESS_MIN_STAFF, settings.SUPPRESS_MIN_CITIZENS
    cells = _month_cells(experiment, months, min_staff=min_staff, min_citizens=min_citizens)
    points = []
    for month, cell in zip(months, cells, strict=True):
        small = cell["raters"] < min_staff or cell["citizens"] < min_citizens
        points.append(
            MonthPoint(
                month=month,
                period=_period(month, experiment),
                suppressed=small,
                mean=None if small else round(cell["total"] / cell["n"], 2),
            )
        )
    n_before = sum(1 for p in points if p.period == "before")
    rules = run_chart([p.mean for p in points], baseline=n_before)
    return BeliefRunChart(
        tuple(points), rules, n_before, min_staff, min_citizens, _chart(points, rules)
    )


def _chart(points: list[MonthPoint], rules: RunChart) -> dict[str, Any]:
    """SVG coordinates: belief 1–5 upwards, months across, the median as a line."""
    width, height, left, right, top, bottom = 720, 300, 48, 16, 16, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(points) - 1, 1)
    signal = {i for s in (*rules.shifts, *rules.trends) for i in range(s.start, s.end + 1)}

    def x(i: int) -> float:
        return round(left + i * step, 1)

    def y(v: float) -> float:
        return round(top + plot_h * (5 - v) / 4, 1)

    lines: list[list[str]] = [[]]
    dots = []
    for i, p in enumerate(points):
        if p.mean is None:
            lines.append([])
            continue
        lines[-1].append(f"{x(i)},{y(p.mean)}")
        dots.append({"x": x(i), "y": y(p.mean), "value": p.mean, "signal": i in signal,
                     "month": p.month})  # fmt: skip
    during = [i for i, p in enumerate(points) if p.period == "during"]
    return {
        "width": width,
        "height": height,
        "left": left,
        "right_edge": width - right,
        "lines": [" ".join(r) for r in lines if r],
        "dots": dots,
        "median_y": y(rules.median) if rules.median is not None else None,
        "y_ticks": [(y(v), v) for v in (1, 2, 3, 4, 5)],
        "x_labels": [(x(i), p.month.strftime("%m.%y")) for i, p in enumerate(points)],
        "during": (x(during[0]) - step / 2, step * len(during)) if during else None,
        "top": top,
        "plot_height": plot_h,
    }


def effect_against_comparison(
    experiment: Experiment, *, today: dt.date | None = None, n_boot: int = 999
) -> ExperimentEffect | None:
    """Difference-in-differences against the comparison team; None without one or
    before the experiment has started. Fast (well under a second for a team)."""
    today = today or timezone.localdate()
    if experiment.comparison_team_id is None or experiment.start_date > today:
        return None
    team_ids = [*experiment.teams.values_list("pk", flat=True), experiment.comparison_team_id]
    since = experiment.start_date - dt.timedelta(days=LOOKBACK_DAYS)
    until = min(experiment.end_date, today)
    spans: dict[int, list[tuple[int, dt.date, dt.date | None]]] = {}
    for staff_id, team_id, start, end in TeamMembership.objects.filter(
        team_id__in=team_ids, staff__role=Role.CASEWORKER
    ).values_list("staff_id", "team_id", "start_date", "end_date"):
        spans.setdefault(staff_id, []).append((team_id, start, end))
    rows = []
    ratings = (
        Rating.objects.current()
        .belief()
        .filter(
            rater_id__in=list(spans),
            context__in=MEASURED_CONTEXTS,
            rated_at__gte=_start_of(since),
            rated_at__lt=_start_of(until + dt.timedelta(days=1)),
        )
        .values_list("rater_id", "citizen_id", "value", "rated_at")
    )
    for rater_id, citizen_id, value, at in ratings.iterator(chunk_size=5000):
        day = timezone.localdate(at)
        for team_id, start, end in spans[rater_id]:
            if start <= day and (end is None or day <= end):
                rows.append((str(rater_id), str(team_id), str(citizen_id), value, day))
                break
    frame = pd.DataFrame(rows, columns=["rater_id", "team_id", "citizen_id", "value", "rated_on"])
    frame["rated_on"] = pd.to_datetime(frame["rated_on"])
    return experiment_effect(
        frame,
        start=pd.Timestamp(experiment.start_date),
        end=pd.Timestamp(until),
        treated_teams={str(t) for t in team_ids[:-1]},
        min_staff=settings.SUPPRESS_MIN_STAFF,
        min_citizens=settings.SUPPRESS_MIN_CITIZENS,
        n_boot=n_boot,
        seed=experiment.pk,
    )


def about_language(experiment: Experiment) -> bool:
    return experiment.lever == Lever.COMMUNICATION or experiment.theme == Theme.LANGUAGE


def language_pictures(
    experiment: Experiment, *, series: list[tuple[str, str, str]], today: dt.date | None = None
) -> list[tuple[Any, LanguageTrend, Any]]:
    """(team, trend, chart) for each experiment team, when the experiment is about language."""
    if not about_language(experiment):
        return []
    found = []
    for team in experiment.teams.all():
        trend = team_language_trend(team=team, today=today)
        found.append((team, trend, trend_chart(trend, series=series)))
    return found


def figures_snapshot(experiment: Experiment, *, today: dt.date | None = None) -> dict[str, Any]:
    """What a greb keeps of the measurement when it is published (plain JSON)."""
    today = today or timezone.localdate()
    belief = belief_run_chart(experiment, today=today)
    effect = effect_against_comparison(experiment, today=today)
    snap: dict[str, Any] = {
        "measured_on": today.isoformat(),
        "belief_months": [
            [p.month.isoformat(), p.period, p.mean] for p in belief.points if not p.suppressed
        ],
        "median": belief.rules.median,
        "shift": belief.rules.shift_found,
        "trend": belief.rules.trend_found,
        # The direction of the last signal of each kind: "up", "down" or None.
        "shift_direction": belief.rules.shifts[-1].direction if belief.rules.shifts else None,
        "trend_direction": belief.rules.trends[-1].direction if belief.rules.trends else None,
        "too_few_runs": belief.rules.too_few_runs,
        "too_many_runs": belief.rules.too_many_runs,
    }
    if effect is not None:
        snap["did"] = {
            "enough": effect.enough,
            "estimate": effect.estimate,
            "ci_low": effect.ci_low,
            "ci_high": effect.ci_high,
            "p_value": effect.p_value,
            "method": effect.method,
        }
    return snap
