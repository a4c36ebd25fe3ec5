"""Difference-in-differences for one experiment against one comparison team: the
known effect is recovered, no effect is not invented, and small cells give no figure."""

from __future__ import annotations

import doctest

import numpy as np
import pandas as pd
import pytest

from jobtro.analysis import experiment_effect as module
from jobtro.analysis.experiment_effect import experiment_effect

START = pd.Timestamp("2025-07-01")
END = pd.Timestamp("2025-12-31")


def _ratings(*, effect: float, staff_per_team: int = 6, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for team in ("forsøg", "sammenligning"):
        for s in range(staff_per_team):
            general = rng.normal(0, 0.3)  # each caseworker's own level
            for month in range(-12, 6):
                for c in range(4):
                    lift = effect if team == "forsøg" and month >= 0 else 0.0
                    value = round(3 + general + lift + rng.normal(0, 0.9))
                    day = START + pd.DateOffset(months=month) + pd.Timedelta(days=int(c * 6))
                    rows.append(
                        (f"{team}{s}", team, f"{team}{s}-{c}", int(np.clip(value, 1, 5)), day)
                    )
    return pd.DataFrame(rows, columns=["rater_id", "team_id", "citizen_id", "value", "rated_on"])


def _effect(frame: pd.DataFrame, **kwargs):
    return experiment_effect(
        frame, start=START, end=END, treated_teams={"forsøg"}, min_staff=5, min_citizens=10,
        n_boot=399, **kwargs,
    )  # fmt: skip


def test_a_known_lift_is_recovered_with_an_interval_around_it():
    result = _effect(_ratings(effect=0.6))
    assert result.enough
    assert result.estimate == pytest.approx(0.6, abs=0.25)
    assert result.ci_low < 0.6 < result.ci_high
    assert result.ci_low > 0


def test_no_lift_gives_an_interval_that_holds_zero():
    result = _effect(_ratings(effect=0.0, seed=4))
    assert result.ci_low < 0 < result.ci_high


def test_the_same_seed_gives_the_same_interval():
    frame = _ratings(effect=0.3)
    assert _effect(frame, seed=7) == _effect(frame, seed=7)


def test_fewer_than_five_caseworkers_on_a_side_is_too_few_data():
    result = _effect(_ratings(effect=0.6, staff_per_team=4))
    assert not result.enough
    assert result.estimate is None and result.ci_low is None
    assert all(c.mean is None for c in result.cells)
    assert {(c.group, c.period) for c in result.cells} == {
        ("experiment", "before"), ("experiment", "after"),
        ("comparison", "before"), ("comparison", "after"),
    }  # fmt: skip


def test_ratings_before_the_lookback_year_are_left_out():
    frame = _ratings(effect=0.0)
    old = frame.assign(rated_on=START - pd.Timedelta(days=400), value=5)
    assert _effect(pd.concat([frame, old])).n_ratings == _effect(frame).n_ratings


def test_the_docstring_example_runs():
    assert doctest.testmod(module).failed == 0
