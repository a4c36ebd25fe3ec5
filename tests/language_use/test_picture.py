"""The team language picture: monthly shares, aggregate only, small months suppressed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from jobtro.language_use.picture import (
    MonthPoint,
    TextRow,
    month_starts,
    monthly_trend,
    team_language_trend,
    trend_chart,
)
from jobtro.organisations.models import Role
from jobtro.referrals.models import Referral, ReferralVersion
from tests.conftest import _staff

DEFICIT = "Borgeren er umotiveret."
RESOURCE = "Borgeren har erfaring med lager."
MIXED = "Borgeren er umotiveret, men har erfaring med lager."
MARCH = dt.date(2026, 3, 1)


def rows(month, *, authors, texts):
    return [
        TextRow(
            written_on=month + dt.timedelta(days=i % 28), team_id=1, author_id=i % authors, text=t
        )
        for i, t in enumerate(texts)
    ]


def test_shares_are_counted_per_month():
    texts = [DEFICIT] * 6 + [RESOURCE] * 3 + [MIXED]  # 7 deficit and 4 resource phrases
    trend = monthly_trend(
        rows(MARCH, authors=5, texts=texts), months=[MARCH], min_authors=5, min_texts=10
    )
    (point,) = trend.months
    assert not point.suppressed
    assert point.n_texts == 10
    assert point.n_phrases == 11
    assert point.deficit_share == pytest.approx(7 / 11)
    assert point.resource_share == pytest.approx(4 / 11)
    assert point.texts_with_deficit_share == pytest.approx(0.7)


@pytest.mark.parametrize(("authors", "n_texts"), [(4, 12), (5, 9)])
def test_a_month_with_too_few_authors_or_texts_is_suppressed(authors, n_texts):
    trend = monthly_trend(
        rows(MARCH, authors=authors, texts=[DEFICIT] * n_texts),
        months=[MARCH],
        min_authors=5,
        min_texts=10,
    )
    (point,) = trend.months
    assert point.suppressed
    assert (point.n_texts, point.deficit_share, point.resource_share) == (None, None, None)


def test_the_result_has_no_field_for_a_person():
    fields = {f.name for f in dataclasses.fields(MonthPoint)}
    assert not {"author", "author_id", "authors", "staff", "text"} & fields


def test_month_starts_cross_the_new_year():
    assert month_starts(until=dt.date(2026, 2, 14), count=3) == [
        dt.date(2025, 12, 1),
        dt.date(2026, 1, 1),
        dt.date(2026, 2, 1),
    ]


def test_the_chart_leaves_a_gap_for_a_suppressed_month():
    months = [dt.date(2026, m, 1) for m in (1, 2, 3)]
    data = rows(months[0], authors=5, texts=[DEFICIT] * 10) + rows(
        months[2], authors=5, texts=[RESOURCE] * 10
    )
    trend = monthly_trend(data, months=months, min_authors=5, min_texts=10)
    chart = trend_chart(trend, series=[("deficit_share", "U", "series-deficit")])
    (series,) = chart.series
    assert len(series.lines) == 2  # two runs of one point each: no line across February
    assert [d[2] for d in series.dots] == ["100 %", "0 %"]


@pytest.fixture
def busy_team(team, caseworker, citizen, consultant):
    """Five caseworkers wrote two referrals each this month, and one last month."""
    writers = [caseworker] + [
        _staff(f"skriver{i}", Role.CASEWORKER, team.municipality, team) for i in range(4)
    ]
    now = timezone.now()
    last_month = now - dt.timedelta(days=35)
    for writer in writers:
        for when, text in ((now, DEFICIT), (now, RESOURCE), (last_month, DEFICIT)):
            referral = Referral.objects.create(
                citizen=citizen, consultant=consultant, created_by=writer, created_at=when
            )
            ReferralVersion.objects.create(
                referral=referral, number=1, resources=text, success_conditions="—",
                wishes="—", author=writer, team=team, created_at=when,
            )  # fmt: skip
    return team


def test_the_team_trend_counts_the_referrals_and_suppresses_the_thin_month(busy_team):
    trend = team_language_trend(team=busy_team)
    this_month, last_month = trend.months[-1], trend.months[-2]
    assert this_month.n_texts == 10
    assert this_month.deficit_share == pytest.approx(0.5)
    assert last_month.suppressed  # five texts only


def test_an_edit_in_the_same_month_is_not_a_second_text(busy_team, caseworker):
    referral = Referral.objects.filter(created_by=caseworker).latest("created_at")
    ReferralVersion.objects.create(
        referral=referral, number=2, resources=RESOURCE, success_conditions="—", wishes="—",
        author=caseworker, team=busy_team, created_at=referral.created_at + dt.timedelta(minutes=5),
    )  # fmt: skip
    assert team_language_trend(team=busy_team).months[-1].n_texts == 10


def test_the_page_shows_the_chart_and_table_but_no_person(client, leader, busy_team):
    client.force_login(leader.user)
    response = client.get(reverse("practice:picture", args=[busy_team.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and '<title id="chart-title">' in html and "<desc" in html
    assert "<table" in html and "50 %" in html
    # Danish number formatting must never reach the SVG coordinates ("260,0").
    assert not re.search(r'(cx|cy|y1|y2)="\d+,\d', html)
    assert re.search(r'cy="\d+\.\d"', html)
    assert "For få tekster eller skribenter" in html
    for name in ("Anna", "Skriver0", "Vera"):
        assert name not in html.split("<main")[1]
    assert "style=" not in html and "<script" not in html.split("</head>")[1]


def test_a_caseworker_sees_their_own_teams_picture(client, caseworker, busy_team):
    client.force_login(caseworker.user)
    assert client.get(reverse("practice:picture", args=[busy_team.pk])).status_code == 200


@pytest.mark.parametrize("who", ["researcher", "administrator", "external", "outsider"])
def test_others_get_404(client, personas, team, who):
    client.force_login(getattr(personas, who).user)
    assert client.get(reverse("practice:picture", args=[team.pk])).status_code == 404


def test_a_leader_of_another_team_gets_404(client, other_team, team, db):
    other_leader = _staff("ole", Role.LEADER, other_team.municipality, other_team)
    client.force_login(other_leader.user)
    assert client.get(reverse("practice:picture", args=[team.pk])).status_code == 404
