"""Parameter recovery: on synthetic cohorts with a known truth the engine finds the
true hazard ratios inside their confidence intervals, and an analysis that forgets
the covariates is visibly biased."""

from __future__ import annotations

import numpy as np
import pytest

from jobtro.analysis.estimates import COVARIATES, hazard_effects
from jobtro.analysis.io import from_tables
from jobtro.analysis.panel import build_panel
from jobtro.analysis.regression import fit_cloglog
from jobtro.analysis.synth import SynthConfig, synthesize


def fitted(n: int, seed: int, **truth: float):
    panel = build_panel(from_tables(synthesize(SynthConfig(n_citizens=n, seed=seed, **truth))))
    return panel, fit_cloglog(
        panel.rows, numeric=["belief", "change_window"], categorical=COVARIATES
    )


@pytest.mark.parametrize(
    ("seed", "hr_belief", "hr_change"),
    # Fixed seeds. A 95 % interval misses about one cohort in twenty by chance (seeds 3
    # and 6 of the null truth do, for the change window), so the coverage test below,
    # not these examples, is what checks the calibration.
    [(1, 1.33, 0.78), (2, 1.33, 0.78), (12, 1.0, 1.0), (4, 1.6, 0.6), (5, 1.15, 0.9)],
)
def test_true_hazard_ratios_fall_inside_their_confidence_intervals(seed, hr_belief, hr_change):
    _, fit = fitted(4000, seed, hr_belief=hr_belief, hr_change=hr_change)
    belief, change = fit.hazard_ratio("belief"), fit.hazard_ratio("change_window")
    assert belief.ci_low <= hr_belief <= belief.ci_high
    assert change.ci_low <= hr_change <= change.ci_high


def test_confidence_intervals_cover_the_truth_in_most_cohorts():
    # Not a lucky seed: over 10 cohorts a 95 % interval should miss about 0.5 times.
    hits = np.zeros(2)
    for seed in range(100, 110):
        _, fit = fitted(2500, seed)
        b, c = fit.hazard_ratio("belief"), fit.hazard_ratio("change_window")
        hits += [b.ci_low <= 1.33 <= b.ci_high, c.ci_low <= 0.78 <= c.ci_high]
    assert (hits >= 8).all(), hits


def test_forgetting_the_covariates_overstates_the_belief_effect():
    # Age, target group and education raise both the caseworker's belief and the job
    # chance, so without them belief takes credit for them: the estimate moves UP.
    panel, adjusted = fitted(6000, 7)
    naive = fit_cloglog(
        panel.rows, numeric=["belief", "change_window"], categorical=["duration_band"]
    )
    a, n = adjusted.hazard_ratio("belief"), naive.hazard_ratio("belief")
    assert a.ci_low <= 1.33 <= a.ci_high
    assert n.estimate > a.estimate
    assert n.ci_low > 1.33  # the truth lies below the naive interval: visibly biased


def test_general_belief_has_no_effect_when_belief_has_none():
    panel, _ = fitted(4000, 8, hr_belief=1.0)
    effects = hazard_effects(panel)
    g = effects.general_belief.hazard_ratio
    assert g.ci_low <= 1.0 <= g.ci_high


def test_the_absolute_picture_follows_the_hazard_ratio():
    panel, _ = fitted(4000, 9)
    effects = hazard_effects(panel)
    b = effects.belief_per_step
    # About 6 of 100 in job within a year at the reference level, more one step up.
    assert 3 < b.per100_reference < 10
    ratio = b.per100_comparison / b.per100_reference
    assert 1 < ratio < b.hazard_ratio.estimate  # risks grow less than hazards
    c = effects.caseworker_change
    assert c.per100_comparison < c.per100_reference
