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
from jobtro.citizens.models import Assignment, Citizen
from jobtro.experiments import measurement, services
from jobtro.organisations.models import Role, Team, TeamMembership
from tests.conftest import DAY0, _staff
from tests.experiments.conftest import MEASURED_START as START
from tests.experiments.conftest import experiment_data, team_with_ratings

TODAY = dt.date.today()


def test_the_run_chart_shows_months_with_enough_raters_against_the_median_of_all(measured):
    chart = measurement.belief_run_chart(measured)
    shown = [p for p in chart.points if not p.suppressed]
    assert shown
    assert chart.n_before == 6
    before = [p.mean for p in shown if p.period == "before"]
    during = [p.mean for p in shown if p.period == "during"]
    assert set(before) == {3.0} and set(during) == {4.0}
    # Six months before start are too few for a frozen baseline median.
    assert chart.rules.median == 3.0 and chart.rules.median_from == "all"
    assert chart.rules.n_useful == len(during)  # every month before sits on the median
    assert not hasattr(chart.points[0], "n_ratings")  # the count per month is not shown


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
    assert point.mean == 4.0  # the ten ratings in the month, without the sparring 1


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
    assert "Seriediagram over troen i eksperimentets teams pr. måned" in page
    assert "95 %-konfidensinterval" in page
    assert "Et signal betyder, at det er værd at se nærmere på" in page
    assert "Er der en reel ændring?" not in page and "Ja, en forskydning" not in page
    assert "af alle viste måneder" in page
    assert "næppe alene tilfældig variation mellem medarbejdere" in page
    assert "Antallet af vurderinger vises ikke." in page


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


def _one_worker(team, target_group, *, name, value):
    """One more caseworker in ``team`` who rates ten citizens ``value`` every month."""
    item = default_instrument().items.get(code="belief_job_1y")
    worker = _staff(name, Role.CASEWORKER, team.municipality, team)
    ratings = []
    for _ in range(10):
        citizen = Citizen.objects.create(
            municipality=team.municipality, birth_year=1980, target_group=target_group,
            enrolled_on=DAY0,
        )  # fmt: skip
        Assignment.objects.create(citizen=citizen, caseworker=worker, start_date=DAY0)
        for m in range(-6, 4):
            month = (START + dt.timedelta(days=31 * m)).replace(day=10)
            if month <= dt.date.today():
                ratings.append(
                    Rating(
                        citizen=citizen, rater=worker, rater_type="caseworker", item=item,
                        value=value, context=Context.ROUTINE,
                        rated_at=timezone.make_aware(dt.datetime.combine(month, dt.time(10))),
                    )
                )  # fmt: skip
    Rating.objects.bulk_create(ratings)
    return worker


def test_differencing_two_experiments_whose_participants_differ_by_one_reveals_nothing(
    team, leader, target_group
):
    """The attack: two experiments on the same team, the second with one more
    participant, Xenia, who always rates 1. Before, each month showed the participants'
    mean and number of ratings, so (mean2 * n2 - mean1 * n1) / (n2 - n1) was Xenia's
    own mean. Now both charts count the whole team on the rating day: they are the
    same, and no count is shown."""
    five = team_with_ratings(team, target_group, prefix="del", n_staff=5, lift=0)
    xenia = _one_worker(team, target_group, name="xenia", value=1)
    first = services.start_experiment(**experiment_data(team, leader, five, start_date=START))
    second = services.start_experiment(
        **experiment_data(team, leader, [*five, xenia], start_date=START)
    )
    one, two = measurement.belief_run_chart(first), measurement.belief_run_chart(second)
    assert [p.mean for p in one.points] == [p.mean for p in two.points]
    assert any(p.mean is not None for p in one.points)
    assert (
        measurement.figures_snapshot(first)["belief_months"]
        == (measurement.figures_snapshot(second)["belief_months"])
    )
    # The team's mean includes Xenia among six: (50 ratings at 3 + 10 at 1) / 60.
    shown = [p.mean for p in one.points if p.period == "before" and p.mean is not None]
    assert shown and set(shown) == {round((50 * 3 + 10 * 1) / 60, 2)}


def test_adding_a_team_of_one_caseworker_changes_nothing(team, leader, target_group, silkeborg):
    """The same attack by choosing teams: the leader also leads Team Øst, where Yrsa is
    the only caseworker. A chart over both teams leaves her out (a group of fewer than
    five), so it is the same as the chart over Team Nord alone."""
    five = team_with_ratings(team, target_group, prefix="del", n_staff=5, lift=0)
    east = Team.objects.create(municipality=silkeborg, name="Team Øst")
    TeamMembership.objects.create(staff=leader, team=east, start_date=DAY0)
    yrsa = _one_worker(east, target_group, name="yrsa", value=1)
    north_only = services.start_experiment(**experiment_data(team, leader, five, start_date=START))
    both = services.start_experiment(
        **experiment_data(team, leader, [*five, yrsa], start_date=START, teams=[team, east])
    )
    one, two = measurement.belief_run_chart(north_only), measurement.belief_run_chart(both)
    assert [p.mean for p in one.points] == [p.mean for p in two.points]
    assert {p.mean for p in one.points if p.period == "before" and p.mean is not None} == {3.0}
    # Yrsa alone in Team Øst is never shown either.
    alone = services.start_experiment(
        **experiment_data(east, leader, [yrsa], start_date=START, teams=[east])
    )
    assert all(p.suppressed for p in measurement.belief_run_chart(alone).points)
