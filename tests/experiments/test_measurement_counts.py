"""The run chart's months: the points are exactly those of counting every rating of the
team's caseworkers one by one (the reference below), with months by local time,
corrections counted once and sparring ratings left out."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from django.utils import timezone

from jobtro.belief.models import Context, Rating
from jobtro.experiments import measurement
from jobtro.organisations.models import Role, TeamMembership

CPH = ZoneInfo("Europe/Copenhagen")


def reference_points(experiment, today: dt.date) -> list[measurement.MonthPoint]:
    """Every rating of a caseworker in the experiment's team (one team each here)."""
    first = measurement._month_add(experiment.start_date.replace(day=1), -measurement.MONTHS_BEFORE)
    last = min(
        measurement._month_add(experiment.end_date.replace(day=1), measurement.MONTHS_AFTER),
        today.replace(day=1),
    )
    months, m = [], first
    while m <= last:
        months.append(m)
        m = measurement._month_add(m, 1)
    cells = {m: ([], set(), set()) for m in months}
    ratings = (
        Rating.objects.current()
        .belief()
        .filter(
            rater_id__in=TeamMembership.objects.filter(
                team__in=experiment.teams.all(), staff__role=Role.CASEWORKER
            ).values("staff_id"),
            context__in=measurement.MEASURED_CONTEXTS,
            rated_at__gte=measurement._start_of(first),
            rated_at__lt=measurement._start_of(measurement._month_add(last, 1)),
        )
        .values_list("rated_at", "value", "citizen_id", "rater_id")
    )
    for at, value, citizen_id, rater_id in ratings:
        cell = cells.get(timezone.localdate(at).replace(day=1))
        if cell is not None:
            cell[0].append(value)
            cell[1].add(citizen_id)
            cell[2].add(rater_id)
    points = []
    for month in months:
        values, citizens, raters = cells[month]
        small = len(raters) < 5 or len(citizens) < 10
        points.append(
            measurement.MonthPoint(
                month=month,
                period=measurement._period(month, experiment),
                suppressed=small,
                mean=None if small else round(sum(values) / len(values), 2),
            )
        )
    return points


@pytest.fixture
def edgy(measured):
    """The measured experiment with extra ratings around local midnight at the turn of
    each month, some of them corrected, and some given in sparring (left out)."""
    rng = np.random.default_rng(11)
    existing = list(Rating.objects.filter(rater__in=measured.participants.all()))
    extra = []
    for n in range(400):
        model = existing[int(rng.integers(0, len(existing)))]
        turn = model.rated_at.astimezone(CPH).date().replace(day=1)
        when = dt.datetime.combine(turn, dt.time.min, tzinfo=CPH) + dt.timedelta(
            minutes=int(rng.integers(-150, 150))
        )
        extra.append(
            Rating(
                citizen=model.citizen, rater=model.rater, rater_type=model.rater_type,
                item=model.item, value=int(rng.integers(1, 6)), rated_at=when,
                context=Context.BEFORE_SPARRING if n % 9 == 0 else Context.ROUTINE,
            )
        )  # fmt: skip
    Rating.objects.bulk_create(extra)
    for old in Rating.objects.filter(rater__in=measured.participants.all()).order_by("pk")[::13]:
        Rating.objects.create(
            citizen=old.citizen, rater=old.rater, rater_type=old.rater_type, item=old.item,
            value=6 - old.value, rated_at=old.rated_at, context=old.context, supersedes=old,
        )  # fmt: skip
    return measured


@pytest.mark.parametrize("months_later", [0, 3, 9, 14])
def test_the_run_chart_is_the_same_as_counting_every_rating(edgy, months_later):
    today = measurement._month_add(edgy.start_date, months_later) + dt.timedelta(days=3)
    chart = measurement.belief_run_chart(edgy, today=today)
    assert list(chart.points) == reference_points(edgy, today)
    assert any(not p.suppressed for p in chart.points)
