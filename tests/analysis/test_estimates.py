"""The descriptive figures, team experiments, sparring and expectations — each with
its interval, and pinned to published values where such exist."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from jobtro.analysis import estimates as est
from jobtro.analysis.io import from_tables
from jobtro.analysis.synth import SynthConfig, synthesize


@pytest.mark.parametrize(
    ("events", "n", "low", "high"),
    [
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_interval_matches_newcombe(events, n, low, high):
    # Newcombe (1998), Statistics in Medicine 17:857-872, Table II, method 3 (Wilson score).
    p = est.wilson(events, n)
    assert (p.ci_low, p.ci_high) == pytest.approx((low, high), abs=5e-5)


def test_paired_t_test_matches_students_sleep_data():
    # Cushny & Peebles (1905) as analysed by "Student" (1908); R: datasets::sleep,
    # t.test(extra ~ group, paired = TRUE): t = -4.0621, df = 9, p-value = 0.002833,
    # mean difference -1.58, 95 % CI -2.4598858 to -0.7001142. The 20 numbers are
    # written out here: no PyPI package ships them without a download.
    drug1 = np.array([0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0])
    drug2 = np.array([1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4])
    mean, low, high, p = est.paired_test(drug1, drug2)
    assert mean == pytest.approx(1.58)
    assert (low, high) == pytest.approx((0.7001142, 2.4598858), abs=1e-6)
    assert p == pytest.approx(0.002833, abs=5e-7)


def test_belief_distribution_sums_to_one(data):
    dist = est.belief_distribution(data)
    assert list(dist) == [1, 2, 3, 4, 5]
    assert sum(dist.values()) == pytest.approx(1.0)
    # BIP: about half of the ratings doubt or disbelieve (levels 1-2); the synth follows.
    assert 0.35 < dist[1] + dist[2] < 0.6


def test_job_within_a_year_rises_with_belief(data):
    by = est.job_within_12m_by_belief(data)
    assert by[1].rate < by[3].rate < by[5].rate
    assert all(p.ci_low <= p.rate <= p.ci_high for p in by.values() if p.n)


def test_about_four_in_ten_change_caseworker(data):
    share = est.share_with_change(data)
    assert 0.3 < share.rate < 0.6


def test_team_experiment_recovers_its_effect_with_a_wild_bootstrap():
    data = from_tables(synthesize(SynthConfig(n_citizens=4000, seed=21, experiment_effect=0.5)))
    (did,) = est.team_experiments(data, n_boot=499)
    assert did.ci_low <= 0.5 <= did.ci_high
    assert did.p_value < 0.05
    assert "wild cluster bootstrap" in did.method


def test_team_experiment_without_effect_is_not_significant():
    data = from_tables(synthesize(SynthConfig(n_citizens=4000, seed=22, experiment_effect=0.0)))
    (did,) = est.team_experiments(data, n_boot=499)
    assert did.ci_low <= 0.0 <= did.ci_high
    assert did.p_value > 0.05


def test_sparring_without_effect_still_looks_like_a_rise_before_and_after():
    # Sparring follows low ratings; the next rating rises anyway (regression to the mean).
    data = from_tables(synthesize(SynthConfig(n_citizens=4000, seed=23, sparring_effect=0.0)))
    s = est.sparring_effect(data)
    assert s.mean_change > 0.2 and s.p_value < 0.001  # the naive reading: "it works"
    assert abs(s.adjusted_change) < 0.1  # against citizens at the same starting level
    assert "regression mod middelværdien" in s.warning
    assert s.up.rate + s.down.rate + s.unchanged.rate == pytest.approx(1.0)


def test_sparring_warns_when_there_is_no_comparison_group(data):
    # Only sparring citizens left: no comparison pairs, and the plain warning.
    sparred = set(data.sparring["citizen_id"])
    only = data.ratings[data.ratings["citizen_id"].isin(sparred)]
    s = est.sparring_effect(type(data)(**{**data.__dict__, "ratings": only}))
    assert not s.has_comparison
    assert "uden en sammenligningsgruppe" in s.warning


def test_job_oriented_actions_start_more_often_at_higher_belief(data, panel):
    x = est.expectations_and_action(data, panel)
    rates = [x.job_action_within_90d[k].rate for k in range(1, 6)]
    assert rates == sorted(rates)
    assert x.trend_p_value < 0.001
    assert all(0 <= x.no_active_action_share[k].rate <= 1 for k in range(1, 6))


def test_the_cell_level_bootstrap_statistic_equals_the_row_level_cluster_t():
    from jobtro.analysis.experiments import _ClusterT
    from jobtro.analysis.regression import ols_cluster

    rng = np.random.default_rng(3)
    team = rng.integers(0, 9, 3000)
    quarter = rng.integers(0, 6, 3000)
    treated = ((team < 3) & (quarter >= 3)).astype(float)
    X = np.column_stack([treated, np.eye(9)[team], np.eye(6)[quarter][:, 1:]])
    y = 0.3 * treated + rng.normal(0, 1, 9)[team] + rng.normal(0, 1, 3000)
    beta, cov = ols_cluster(X, y, team)
    key, cell = np.unique(np.column_stack([team, X]), axis=0, return_inverse=True)
    n = np.bincount(cell.ravel()).astype(float)
    sums = np.bincount(cell.ravel(), weights=y)
    est, t = _ClusterT.of(key[:, 1:], n, key[:, 0].astype(int), len(y))(sums[:, None], 0.0)
    assert est[0] == pytest.approx(beta[0])
    assert t[0] == pytest.approx(beta[0] / np.sqrt(cov[0, 0]))


def test_a_one_team_experiment_is_clustered_on_caseworkers_not_on_two_teams():
    cohort = synthesize(SynthConfig(n_citizens=3000, seed=24, experiment_effect=0.5))
    tables = cohort.tables
    e = tables["experiments"]
    treated = e[e["role"] == "treatment"].head(1)
    comparison = e[e["role"] == "comparison"].head(1)
    tables["experiments"] = pd.concat([treated, comparison], ignore_index=True)
    (did,) = est.team_experiments(from_tables(cohort), n_boot=199)
    assert did.clustered_on == "caseworker"
    assert "for få teams" in did.method
    assert did.ci_low < did.estimate < did.ci_high


def test_an_experiment_with_three_teams_a_side_is_clustered_on_teams():
    cohort = synthesize(SynthConfig(n_citizens=3000, seed=24, experiment_effect=0.5))
    tables = cohort.tables
    e = tables["experiments"]
    teams = list(dict.fromkeys(tables["staff"]["team_id"]))[:6]
    assert len(teams) == 6
    tables["experiments"] = pd.DataFrame(
        {
            "experiment_id": "E1",
            "team_id": teams,
            "role": ["treatment"] * 3 + ["comparison"] * 3,
            "start_date": e["start_date"].iloc[0],
            "end_date": e["end_date"].iloc[0],
        }
    )
    (did,) = est.team_experiments(from_tables(cohort), n_boot=199)
    assert (did.n_treated_teams, did.n_comparison_teams) == (3, 3)
    assert did.clustered_on == "team"
    assert "klynget på team)" in did.method


def test_the_bootstrap_p_value_is_below_5_percent_exactly_when_the_interval_leaves_out_0():
    """p-value and interval come from the same unrestricted bootstrap-t: over many seeds
    and effects near the edge, p < 0.05 if and only if 0 lies outside the interval."""
    from jobtro.analysis.experiments import wild_cluster_bootstrap

    agree = significant = 0
    for seed in range(120):
        rng = np.random.default_rng(seed)
        g = np.repeat(np.arange(10), 30)
        x = (g < 5).astype(float)
        effect = (seed % 6) * 0.08  # from none to clear
        y = effect * x + rng.normal(0, 0.3, 10)[g] + rng.normal(0, 1, 300)
        X = np.column_stack([x, np.ones(300)])
        _, lo, hi, p = wild_cluster_bootstrap(X, y, g, n_boot=199, rng=rng)
        excludes_zero = lo > 0 or hi < 0
        agree += (p < 0.05) == excludes_zero
        significant += excludes_zero
    assert agree == 120
    assert 10 < significant < 110  # both outcomes occur, so the check means something


class _Whatever:
    """A stand-in for the parts of an analysis the experiment sentences do not read."""

    def __getattr__(self, name):
        return self

    def __call__(self, *args, **kwargs):
        return self

    def __format__(self, spec):
        return "1"

    def __float__(self):
        return 1.0

    __mul__ = __rmul__ = __add__ = __radd__ = __sub__ = __rsub__ = __truediv__ = (
        lambda self, other: 1.0
    )
    __lt__ = __gt__ = __le__ = __ge__ = lambda self, other: False


@pytest.mark.parametrize(("clustered_on", "caveat"), [("caseworker", True), ("team", False)])
def test_the_report_warns_that_caseworker_clusters_ignore_team_wide_events(clustered_on, caveat):
    from jobtro.analysis.experiments import DidResult
    from jobtro.analysis.report import Analysis, sentences

    did = DidResult("e1", 0.4, 0.1, 0.7, 0.01, 500, 1, 1, "metode", clustered_on=clustered_on)
    stub = _Whatever()
    analysis = Analysis(stub, stub, {1: 0.2, 2: 0.3}, {}, stub, stub, [did], None, None)
    da, en = sentences(analysis)
    assert ("en hændelse, der rammer et helt team" in da["experiment_e1"]) is caveat
    assert ("an event that hits a whole team" in en["experiment_e1"]) is caveat
