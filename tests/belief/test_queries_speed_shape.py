"""The leader's team figures are counted in the database: the quarterly trend is the same
as counting every rating in Python (the reference below is the earlier code), quarters
follow local time, corrections count once, and the number of queries does not grow
with the number of ratings."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jobtro.belief import queries
from jobtro.belief.models import RaterType, Rating
from jobtro.citizens.models import Assignment, Citizen
from jobtro.core.services import suppressed
from tests.conftest import _staff

CPH = ZoneInfo("Europe/Copenhagen")
TODAY = dt.date(2026, 5, 20)


def reference_trend(team, today: dt.date) -> list[dict[str, Any]]:
    """The quarterly trend as it was counted before: every rating through Python."""
    members = queries.team_caseworkers(team, today)
    quarters = queries.last_quarters(today)
    start = queries._quarter_start(*quarters[0])
    ratings = (
        Rating.objects.current()
        .belief()
        .filter(rater__in=members, rated_at__date__gte=start)
        .values_list("rated_at", "value", "citizen_id", "rater_id")
    )
    cells: dict[tuple[int, int], dict[str, Any]] = {
        q: {"values": [], "citizens": set(), "staff": set()} for q in quarters
    }
    for at, value, citizen_id, rater_id in ratings:
        key = queries.quarter_of(timezone.localdate(at))
        if key in cells:
            cells[key]["values"].append(value)
            cells[key]["citizens"].add(citizen_id)
            cells[key]["staff"].add(rater_id)
    trend = []
    for (year, q), cell in cells.items():
        d = queries.distribution(cell["values"])
        n_c, n_s = len(cell["citizens"]), len(cell["staff"])
        trend.append(
            {
                "label": f"{year} K{q}",
                "n": suppressed(d.n, n_citizens=n_c, n_staff=n_s),
                "mean": suppressed(
                    sum(cell["values"]) / d.n if d.n else None, n_citizens=n_c, n_staff=n_s
                ),
                "doubt_or_no": suppressed(d.doubt_or_no, n_citizens=n_c, n_staff=n_s),
                "yes": suppressed(d.shares[4] + d.shares[5], n_citizens=n_c, n_staff=n_s),
            }
        )
    return trend


@pytest.fixture
def belief_item(instrument):
    return instrument.items.get(code="belief_job_1y")


@pytest.fixture
def rated_team(team, target_group, belief_item):
    """Six caseworkers, 36 citizens, about 900 ratings over three years at all hours,
    many on the first and last evening of a quarter, and some corrected."""
    rng = np.random.default_rng(2026)
    staff = [_staff(f"cw{i}", "caseworker", team.municipality, team) for i in range(6)]
    citizens = Citizen.objects.bulk_create(
        [
            Citizen(
                municipality=team.municipality,
                birth_year=1980 + i,
                target_group=target_group,
                enrolled_on=dt.date(2023, 1, 1),
            )
            for i in range(36)
        ]
    )
    Assignment.objects.bulk_create(
        [
            Assignment(citizen=c, caseworker=staff[i % 6], start_date=dt.date(2023, 1, 2))
            for i, c in enumerate(citizens)
        ]
    )
    edges = [dt.date(y, m, 1) for y in (2023, 2024, 2025, 2026) for m in (1, 4, 7, 10)]
    ratings = []
    for n in range(900):
        i = int(rng.integers(0, 36))
        if n % 3 == 0:  # around midnight, local time, at a quarter's edge
            edge = edges[int(rng.integers(0, len(edges)))]
            minutes = int(rng.integers(-150, 150))
            when = dt.datetime.combine(edge, dt.time.min, tzinfo=CPH) + dt.timedelta(
                minutes=minutes
            )
        else:
            when = dt.datetime(2023, 6, 1, tzinfo=CPH) + dt.timedelta(
                minutes=int(rng.integers(0, 60 * 24 * 1100))
            )
        ratings.append(
            Rating(
                citizen=citizens[i],
                rater=staff[i % 6],
                rater_type=RaterType.CASEWORKER,
                item=belief_item,
                value=int(rng.integers(1, 6)),
                rated_at=when,
            )
        )
    Rating.objects.bulk_create(ratings)
    for old in Rating.objects.order_by("pk")[::17]:  # a correction replaces a rating
        Rating.objects.create(
            citizen=old.citizen, rater=old.rater, rater_type=old.rater_type, item=old.item,
            value=6 - old.value, rated_at=old.rated_at, supersedes=old,
        )  # fmt: skip
    return team


@pytest.mark.parametrize(
    "today",
    [TODAY, dt.date(2026, 3, 31), dt.date(2026, 4, 1), dt.date(2025, 12, 31), dt.date(2026, 1, 1)],
)
@pytest.mark.parametrize("thresholds", [(5, 10), (1, 1), (6, 30)])
def test_the_trend_is_the_same_as_counting_every_rating(settings, rated_team, today, thresholds):
    settings.SUPPRESS_MIN_STAFF, settings.SUPPRESS_MIN_CITIZENS = thresholds
    trend = queries.team_belief(team=rated_team, today=today)["trend"]
    assert trend == reference_trend(rated_team, today)
    assert any(cell["n"] for cell in trend) or thresholds == (6, 30)


def test_a_rating_belongs_to_the_quarter_of_its_local_day(
    settings, team, citizen, caseworker, belief_item
):
    settings.SUPPRESS_MIN_STAFF, settings.SUPPRESS_MIN_CITIZENS = 1, 1
    Assignment.objects.filter(citizen=citizen).update(start_date=dt.date(2025, 1, 1))
    # 00:30 on 1 April in Copenhagen is still 31 March in UTC.
    for value, when in (
        (1, dt.datetime(2026, 3, 31, 23, 30, tzinfo=CPH)),
        (5, dt.datetime(2026, 4, 1, 0, 30, tzinfo=CPH)),
    ):
        Rating.objects.create(
            citizen=citizen, rater=caseworker, rater_type=RaterType.CASEWORKER,
            item=belief_item, value=value, rated_at=when,
        )  # fmt: skip
    trend = {c["label"]: c for c in queries.team_belief(team=team, today=TODAY)["trend"]}
    assert (trend["2026 K1"]["n"], trend["2026 K1"]["mean"]) == (1, 1.0)
    assert (trend["2026 K2"]["n"], trend["2026 K2"]["mean"]) == (1, 5.0)
    assert trend["2026 K2"]["yes"] == 100.0


def test_the_queries_do_not_grow_with_the_ratings(rated_team, belief_item):
    with CaptureQueriesContext(connection) as before:
        queries.team_belief(team=rated_team, today=TODAY)
    Rating.objects.bulk_create(
        [
            Rating(
                citizen=r.citizen, rater=r.rater, rater_type=r.rater_type, item=belief_item,
                value=r.value, rated_at=r.rated_at + dt.timedelta(days=1),
            )
            for r in Rating.objects.select_related("citizen", "rater")[:300]
        ]
    )  # fmt: skip
    with CaptureQueriesContext(connection) as after:
        queries.team_belief(team=rated_team, today=TODAY)
    assert len(after) == len(before)


def test_the_trend_is_one_grouped_query_on_the_indexed_column(rated_team):
    with CaptureQueriesContext(connection) as captured:
        queries.team_belief(team=rated_team, today=TODAY)
    grouped = [q["sql"] for q in captured if "GROUP BY" in q["sql"] and "CASE WHEN" in q["sql"]]
    ratings = [sql for sql in grouped if 'FROM "belief_rating"' in sql]
    assert len(ratings) == 1
    # The other quarterly trends (sparring before/after, caseworker changes): one each.
    assert len(grouped) == 3
    # No date function on rated_at (SQLite: a Python call per row; PostgreSQL: no index),
    # nor on the sparring's closing moment.
    assert not any("cast_date" in sql or "AT TIME ZONE" in sql for sql in grouped)
