"""Automatic measurement on the experiment page: the participants' belief as a run
chart (small months suppressed), the difference-in-differences against the comparison
team with honest uncertainty, and the team language picture where language is the lever."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from jobtro.belief.models import Context, Rating
from jobtro.belief.services import default_instrument
from jobtro.citizens.models import Citizen
from jobtro.experiments import measurement, services
from tests.experiments.conftest import MEASURED_START as START
from tests.experiments.conftest import experiment_data, team_with_ratings

TODAY = dt.date.today()


def test_the_run_chart_shows_months_with_enough_raters_against_the_baseline_median(measured):
    chart = measurement.belief_run_chart(measured)
    shown = [p for p in chart.points if not p.suppressed]
    assert shown and all(p.n_ratings == 50 for p in shown)
    assert chart.n_before == 6
    before = [p.mean for p in shown if p.period == "before"]
    during = [p.mean for p in shown if p.period == "during"]
    assert set(before) == {3.0} and set(during) == {4.0}
    assert chart.rules.median == 3.0 and chart.rules.median_from == "baseline"
    assert chart.rules.n_useful == len(during)  # every baseline month sits on the median


def test_a_month_with_fewer_than_five_raters_is_suppressed(team, leader, target_group):
    participants = team_with_ratings(team, target_group, prefix="få", n_staff=4, lift=0)
    experiment = services.start_experiment(
        **experiment_data(team, leader, participants, start_date=START)
    )
    chart = measurement.belief_run_chart(experiment)
    assert all(p.suppressed and p.mean is None for p in chart.points)
    assert chart.rules.n_points == 0


def test_sparring_ratings_are_left_out_of_the_measurement(measured):
    item = default_instrument().items.get(code="belief_job_1y")
    worker = measured.participants.first()
    citizen = Citizen.objects.filter(assignments__caseworker=worker).first()
    Rating.objects.create(
        citizen=citizen, rater=worker, rater_type="caseworker", item=item, value=1,
        context=Context.BEFORE_SPARRING,
        rated_at=timezone.make_aware(dt.datetime.combine(START.replace(day=12), dt.time(9))),
    )  # fmt: skip
    point = next(p for p in measurement.belief_run_chart(measured).points if p.month == START)
    assert point.n_ratings == 50


def test_the_difference_in_differences_finds_the_lift_with_an_interval(measured):
    effect = measurement.effect_against_comparison(measured)
    assert effect.enough
    # Noise-free data: the interval collapses onto the estimate (up to rounding).
    assert effect.ci_low == pytest.approx(effect.estimate) == pytest.approx(effect.ci_high)
    assert effect.estimate == pytest.approx(1.0, abs=0.1)
    assert "medarbejderne som klynger" in effect.method


def test_without_a_comparison_team_there_is_no_difference_in_differences(
    experiment, client, leader
):
    assert measurement.effect_against_comparison(experiment) is None
    client.force_login(leader.user)
    page = client.get(reverse("experiments:detail", args=[experiment.pk])).content.decode()
    assert "Eksperimentet har intet sammenligningsteam" in page


def test_a_small_comparison_team_gives_too_few_data_on_the_page(
    client, team, leader, target_group, other_silkeborg_team
):
    participants = team_with_ratings(team, target_group, prefix="del", n_staff=5, lift=1)
    team_with_ratings(other_silkeborg_team, target_group, prefix="sam", n_staff=3, lift=0)
    experiment = services.start_experiment(
        **experiment_data(team, leader, participants, start_date=START,
                          comparison_team=other_silkeborg_team)
    )  # fmt: skip
    effect = measurement.effect_against_comparison(experiment)
    assert not effect.enough and effect.estimate is None
    client.force_login(leader.user)
    page = client.get(reverse("experiments:detail", args=[experiment.pk])).content.decode()
    assert "For få data til en beregning." in page


def test_the_page_shows_the_run_chart_and_the_estimate(client, leader, measured):
    client.force_login(leader.user)
    page = client.get(reverse("experiments:detail", args=[measured.pk])).content.decode()
    assert "Seriediagram over deltagernes tro pr. måned" in page
    assert "95 %-konfidensinterval" in page


def test_the_language_picture_loads_for_a_language_experiment(client, leader, experiment):
    client.force_login(leader.user)
    page = client.get(reverse("experiments:detail", args=[experiment.pk])).content.decode()
    url = reverse("experiments:language", args=[experiment.pk])
    assert url in page
    fragment = client.get(url, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert "<html" not in fragment.content.decode()
    assert fragment.context["pictures"][0][0] == experiment.teams.get()


def test_there_is_no_language_picture_for_a_labour_market_experiment(
    client, team, leader, caseworker
):
    experiment = services.start_experiment(
        **experiment_data(team, leader, [caseworker], lever="labour_market", theme="action")
    )
    client.force_login(leader.user)
    assert client.get(reverse("experiments:language", args=[experiment.pk])).status_code == 404
