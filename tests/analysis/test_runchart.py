"""The run-chart rules against worked examples, counted by hand (Perla, Provost &
Murray 2011 for the rules; Swed & Eisenhart 1943 for the runs distribution)."""

from __future__ import annotations

import math

import pytest

from jobtro.analysis.runchart import median, run_chart, runs_distribution, runs_limits


def test_median_of_an_odd_and_an_even_count():
    assert median([5, 1, 3]) == 3
    assert median([4, 1, 3, 2]) == 2.5
    with pytest.raises(ValueError):
        median([])


def test_runs_distribution_for_five_and_five_matches_the_hand_count():
    # C(10, 5) = 252 orders. Two runs: AAAAABBBBB or BBBBBAAAAA = 2 orders. Three runs:
    # A-B-A with the Bs together (4 ways to split the As) and the mirror = 8 orders.
    probs = runs_distribution(5, 5)
    assert probs[2] == pytest.approx(2 / 252)
    assert probs[3] == pytest.approx(8 / 252)
    assert probs[4] == pytest.approx(2 * 4 * 4 / 252)
    assert math.fsum(probs) == pytest.approx(1.0)


def test_runs_distribution_is_certain_when_all_points_are_on_one_side():
    assert runs_distribution(4, 0)[1] == 1.0


@pytest.mark.parametrize(
    ("counts", "limits"),
    [
        # Swed & Eisenhart's two-sided 5 % critical values: too few at or below r_low,
        # too many at or above r_high; here "fewer than low" and "more than high".
        ((5, 5), (3, 9)),  # r_low 2, r_high 10
        ((7, 7), (4, 12)),  # r_low 3, r_high 13
        ((7, 8), (5, 12)),  # r_low 4, r_high 13
        ((10, 10), (7, 15)),  # r_low 6, r_high 16
    ],
)
def test_runs_limits_are_the_classical_critical_values(counts, limits):
    assert runs_limits(*counts) == limits


def test_six_points_in_a_row_above_the_median_are_a_shift():
    baseline = [3.0, 3.2, 2.8, 3.0, 3.1, 2.9]
    result = run_chart([*baseline, 3.4, 3.3, 3.5, 3.4, 3.6, 3.3], baseline=6)
    assert result.median == 3.0
    assert result.median_from == "baseline"
    assert result.shift_found
    (shift,) = result.shifts
    assert (shift.start, shift.end, shift.direction) == (6, 11, "up")


def test_five_points_on_one_side_are_not_yet_a_shift():
    result = run_chart([3.0, 3.2, 2.8, 3.0, 3.1, 2.9, 3.4, 3.3, 3.5, 3.4, 3.6], baseline=6)
    assert not result.shift_found


def test_a_point_on_the_median_neither_adds_to_nor_breaks_a_shift():
    # Baseline median 5; then two below, one on the median, four below: six useful
    # points below in a row.
    values = [4, 5, 6, 4, 3, 5, 4, 3, 4, 4, 8]
    result = run_chart(values, baseline=3)
    assert result.median == 5
    assert [(s.start, s.end, s.direction) for s in result.shifts] == [(3, 9, "down")]
    assert not run_chart([4, 5, 6, 4, 3, 5, 4, 3, 4, 8], baseline=3).shift_found


def test_five_points_all_going_up_are_a_trend():
    result = run_chart([2.0, 2.1, 2.3, 2.4, 2.6, 2.5])
    (trend,) = result.trends
    assert (trend.start, trend.end, trend.direction) == (0, 4, "up")


def test_four_points_going_down_are_not_a_trend():
    assert not run_chart([3.0, 2.8, 2.6, 2.4, 2.9]).trend_found


def test_a_repeated_value_neither_adds_to_nor_breaks_a_trend():
    # 1, 2, 2, 3, 4: only four distinct steps up -> not a trend; one more rise -> a trend.
    assert not run_chart([1, 2, 2, 3, 4]).trend_found
    (trend,) = run_chart([1, 2, 2, 3, 4, 5]).trends
    assert (trend.start, trend.end) == (0, 5)


def test_missing_points_are_skipped_not_counted():
    values = [3.0, None, 3.2, None, 3.4, 3.5, None, 3.7]
    result = run_chart(values)
    assert result.n_points == 5
    (trend,) = result.trends
    assert (trend.start, trend.end) == (0, 7)


def test_ten_below_then_ten_above_are_too_few_runs():
    result = run_chart([1.0] * 10 + [2.0] * 10)
    assert result.n_runs == 2
    assert result.runs_low == 7
    assert result.too_few_runs and not result.too_many_runs


def test_a_zigzag_has_too_many_runs():
    result = run_chart([1.0, 2.0] * 10)  # 20 runs, at most 15 for 10 and 10
    assert result.n_runs == 20
    assert result.too_many_runs


def test_random_looking_series_gives_no_signal():
    # Median 3.05; + + - - + - - - + + - + - +: nine runs, inside 4–12 for 7 and 7.
    values = [3.1, 3.2, 2.9, 2.8, 3.3, 3.0, 2.7, 2.9, 3.4, 3.1, 2.8, 3.2, 2.9, 3.3]
    result = run_chart(values)
    assert (result.median, result.n_runs, result.runs_low, result.runs_high) == (3.05, 9, 4, 12)
    assert not result.non_random


def test_fewer_than_ten_useful_points_are_not_tested_for_runs():
    result = run_chart([1.0, 2.0, 1.0, 2.0, 1.0, 2.0])
    assert result.runs_low is None and result.runs_high is None
    assert not result.too_few_runs and not result.too_many_runs


def test_an_empty_series_has_no_median_and_no_signal():
    result = run_chart([None, None])
    assert result.median is None and not result.non_random


def test_a_baseline_of_one_point_falls_back_to_the_median_of_all():
    assert run_chart([5.0, 1.0, 2.0, 3.0], baseline=1).median_from == "all"


def test_the_docstring_examples_run():
    import doctest

    from jobtro.analysis import runchart

    assert doctest.testmod(runchart).failed == 0
