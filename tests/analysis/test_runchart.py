"""The run-chart rules against worked examples, counted by hand (Perla, Provost &
Murray 2011 for the rules; Swed & Eisenhart 1943 for the runs distribution), and a
null test: pure noise rarely gives a shift."""

from __future__ import annotations

import math

import numpy as np
import pytest

from jobtro.analysis.runchart import (
    longest_run_probability,
    median,
    run_chart,
    runs_distribution,
    runs_limits,
    shift_length,
)


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
    # Twelve points, six below then six above the median of all: chance gives a run of
    # six in 12 of the 924 orders, so six is enough here.
    result = run_chart([2.9, 2.8, 3.0, 2.9, 2.8, 3.0, 3.4, 3.3, 3.5, 3.4, 3.6, 3.3], baseline=6)
    assert result.median == pytest.approx(3.15)
    assert result.median_from == "all"  # six baseline points are too few to freeze
    assert result.shift_length == 6
    assert [(s.start, s.end, s.direction) for s in result.shifts] == [
        (0, 5, "down"),
        (6, 11, "up"),
    ]


def test_five_points_on_one_side_are_not_yet_a_shift():
    result = run_chart([2.9, 2.8, 3.0, 2.9, 2.8, 3.4, 3.3, 3.5, 3.4, 3.6])
    assert not result.shift_found


def test_a_point_on_the_median_neither_adds_to_nor_breaks_a_shift():
    # A frozen baseline median of 5 (twelve points), then eight useful points below with
    # one on the median among them, then eight above: 14 and 14 need a run of eight.
    baseline = [4, 6] * 6
    result = run_chart([*baseline, 4, 3, 4, 5, 3, 4, 4, 3, 4, 6, 7, 6, 7, 6, 7, 6, 7], baseline=12)
    assert (result.median, result.median_from, result.shift_length) == (5, "baseline", 8)
    assert (result.shifts[0].start, result.shifts[0].end) == (12, 20)
    assert result.shifts[0].direction == "down"
    shorter = run_chart([*baseline, 4, 3, 4, 5, 3, 4, 4, 3, 6, 7, 6, 7, 6, 7, 6, 7], baseline=12)
    assert all(s.direction == "up" for s in shorter.shifts)


def test_a_long_series_needs_a_longer_run_for_a_shift():
    # Exact counts: a run of six or more comes up in 12 of 924 orders of six and six.
    assert longest_run_probability(6, 6, 6) == pytest.approx(12 / 924)
    assert [shift_length(n, n) for n in (6, 10, 20)] == [6, 7, 9]
    assert all(longest_run_probability(n, n, shift_length(n, n)) <= 0.05 for n in (6, 10, 20))


def _noise(rng, n):
    return [round(float(v), 2) for v in rng.normal(3.0, 0.3, n)]


def _old_rule_shift(values, baseline):
    """The rule before: six in a row against the median of a short baseline."""
    centre = median(values[:baseline])
    longest = run = 0
    side = 0
    for v in values:
        if v == centre:
            continue
        s = 1 if v > centre else -1
        run = run + 1 if s == side else 1
        side = s
        longest = max(longest, run)
    return longest >= 6


@pytest.mark.parametrize(
    ("before", "after", "baseline"),
    [
        (6, 6, 6),  # the experiment page: six months before, up to six during ...
        (6, 13, 6),  # ... and six after
        (12, 12, 12),  # a frozen baseline of twelve points
        (12, 24, 12),
        (0, 36, None),
    ],
)
def test_pure_noise_rarely_gives_a_shift(before, after, baseline):
    """Null test: on seeded noise the shift rule gives a false alarm well under 10 %
    of the time (the old rule, six against a six-month baseline, gave 15–35 %)."""
    rng = np.random.default_rng(before * 100 + after)
    series = [_noise(rng, before + after) for _ in range(400)]
    alarms = sum(run_chart(v, baseline=baseline).shift_found for v in series) / len(series)
    assert alarms < 0.10
    if baseline == 6:
        old = sum(_old_rule_shift(v, 6) for v in series) / len(series)
        assert old > 0.12  # 15 % with twelve points, a third with nineteen


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


def test_a_baseline_of_fewer_than_twelve_points_falls_back_to_the_median_of_all():
    values = [float(v % 5) for v in range(20)]
    assert run_chart(values, baseline=11).median_from == "all"
    assert run_chart(values, baseline=12).median_from == "baseline"


def test_the_docstring_examples_run():
    import doctest

    from jobtro.analysis import runchart

    assert doctest.testmod(runchart).failed == 0
