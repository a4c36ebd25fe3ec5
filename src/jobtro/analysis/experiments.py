"""Team experiments: difference-in-differences with a wild cluster bootstrap.

A team tries something ("Hvad sker der med troen, når …?"); comparison teams do not.
With a handful of teams, ordinary cluster-robust standard errors are far too small,
so inference comes from a wild cluster bootstrap clustered by team — or, with fewer
than ``MIN_TEAMS_PER_SIDE`` teams on a side, by caseworker (see there).

Examples
--------
>>> from jobtro.analysis.io import from_tables
>>> from jobtro.analysis.synth import SynthConfig, synthesize
>>> data = from_tables(synthesize(SynthConfig(n_citizens=2000, seed=2, experiment_effect=0.5)))
>>> (did,) = team_experiments(data, n_boot=199)
>>> did.n_treated_teams, did.ci_low < 0.5 < did.ci_high
(2, True)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from jobtro.analysis.io import ResearchData


@dataclass(frozen=True)
class DidResult:
    experiment_id: str
    estimate: float  # change in mean belief (scale points), treated vs comparison
    ci_low: float
    ci_high: float
    p_value: float
    n_ratings: int
    n_treated_teams: int
    n_comparison_teams: int
    method: str
    clustered_on: str = "team"  # "team", or "caseworker" when there are too few teams


# The wild cluster bootstrap over teams needs several treated and several comparison
# teams; with one or two on a side it is unreliable (MacKinnon & Webb 2017) and two
# clusters give an interval that looks precise and is not. Below this, the caseworkers
# are the clusters, and the report says that a shock to a whole team cannot then be
# told apart from the experiment.
MIN_TEAMS_PER_SIDE = 3


WEBB = np.array([-np.sqrt(1.5), -1.0, -np.sqrt(0.5), np.sqrt(0.5), 1.0, np.sqrt(1.5)])


@dataclass(frozen=True, eq=False)
class _ClusterT:
    """Cluster-robust t statistic of the first OLS coefficient, for many outcomes at once.

    Works on *cells* of identical rows (same regressors, same cluster) given their
    row counts ``n`` and outcome sums: OLS estimates and cluster score sums depend on
    the rows only through those sums, so this is exact and the bootstrap runs on a
    few hundred cells instead of every rating. ``A = (X'WX)^-1 X'`` is computed once.
    """

    X: np.ndarray  # cells x params
    n: np.ndarray  # rows per cell
    A: np.ndarray  # params x cells
    h: np.ndarray  # cells: X @ bread[0], the cell's weight in the first coefficient's score
    groups: sparse.csr_matrix  # clusters x cells
    corr: float

    @classmethod
    def of(cls, X: np.ndarray, n: np.ndarray, codes: np.ndarray, n_rows: int) -> _ClusterT:
        g = int(codes.max()) + 1
        k = X.shape[1]
        bread = np.linalg.pinv((X.T * n) @ X)
        groups = sparse.csr_matrix(
            (np.ones(len(codes)), (codes, np.arange(len(codes)))), shape=(g, len(codes))
        )
        # Stata's small-sample factor, as in models.ols_cluster (pinned to Petersen).
        corr = g / max(g - 1, 1) * (n_rows - 1) / (n_rows - k)
        return cls(X, n, bread @ X.T, X @ bread[0], groups, corr)

    def __call__(self, sums: np.ndarray, centre: float) -> tuple[np.ndarray, np.ndarray]:
        B = self.A @ sums
        resid_sums = sums - self.n[:, None] * (self.X @ B)
        score = self.groups @ (self.h[:, None] * resid_sums)  # (clusters x outcomes)
        se = np.sqrt(self.corr * np.sum(score**2, axis=0))
        return B[0], (B[0] - centre) / se


def wild_cluster_bootstrap(
    X: np.ndarray, y: np.ndarray, codes: np.ndarray, *, n_boot: int, rng: np.random.Generator
) -> tuple[float, float, float, float]:
    """Estimate, 95 % CI and p-value of the first coefficient of OLS ``y ~ X``.

    One unrestricted wild cluster bootstrap-t (WCU in MacKinnon & Webb 2017, "Wild
    bootstrap inference for wildly different cluster sizes", J. Appl. Econometrics
    32:233–254) gives both: with ``t* = (b* - b) / se*`` over the draws,
    ``p = (#{|t*| >= |t|} + 1) / (n_boot + 1)`` and the symmetric interval
    ``b ± q * se``, where ``q`` is the order statistic of ``|t*|`` at which that test
    rejects at 5 %. The interval is thus exactly the values not rejected by the same
    test: p < 0.05 if and only if the interval leaves out 0. (Taking the p-value from
    the null-imposed bootstrap, WCR, and the interval from WCU, as before, could give
    an interval without 0 and p > 0.05.) With very few clusters WCU tends to reject a
    little too often and WCR too rarely (MacKinnon & Webb 2017, 2018); the callers
    cluster on at least several teams or on the caseworkers. Webb's six-point weights,
    because with few clusters the two Rademacher signs give too few distinct draws
    (Webb 2014; Roodman et al. 2019).

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> g = np.repeat(np.arange(8), 50)
    >>> x = (g < 4).astype(float)
    >>> y = 0.5 * x + rng.normal(0, 1, 8)[g] * 0.1 + rng.normal(0, 1, 400)
    >>> est, lo, hi, p = wild_cluster_bootstrap(np.column_stack([x, np.ones(400)]), y, g,
    ...                                         n_boot=199, rng=rng)
    >>> lo < 0.5 < hi
    True
    """
    # Collapse identical rows within a cluster into cells (exact for OLS, see _ClusterT).
    key = np.column_stack([codes, X])
    uniq, cell = np.unique(key, axis=0, return_inverse=True)
    cell = cell.ravel()
    Xc, cc = uniq[:, 1:], uniq[:, 0].astype(np.int64)
    n = np.bincount(cell).astype(float)
    sums = np.bincount(cell, weights=y)
    t_of = _ClusterT.of(Xc, n, cc, len(y))
    est_arr, t_arr = t_of(sums[:, None], 0.0)
    est, t_obs = float(est_arr[0]), float(t_arr[0])
    se = est / t_obs if t_obs != 0 else float("nan")
    fitted_u = n * (Xc @ (t_of.A @ sums))
    resid_u = sums - fitted_u
    draws = []
    for lo in range(0, n_boot, 500):  # chunks of draws keep memory small
        k = min(500, n_boot - lo)
        w = WEBB[rng.integers(0, 6, (t_of.groups.shape[0], k))][cc]
        draws.append(t_of(fitted_u[:, None] + resid_u[:, None] * w, est)[1])
    t_abs = np.sort(np.abs(np.concatenate(draws)))
    p = float((np.sum(t_abs >= abs(t_obs)) + 1) / (n_boot + 1))
    q = _critical_value(t_abs, alpha=0.05)
    return est, float(est - q * se), float(est + q * se), p


def _critical_value(t_abs: np.ndarray, *, alpha: float) -> float:
    """The |t| above which the bootstrap test rejects: with ``k`` the most draws at or
    above |t| for which ``(k + 1) / (B + 1) < alpha``, |t| is rejected exactly when it
    exceeds the (B - k)-th smallest draw (``t_abs`` sorted). Infinite with too few draws.

    >>> _critical_value(np.arange(1.0, 200.0), alpha=0.05)  # k = 8: the 191st smallest
    191.0
    """
    b = len(t_abs)
    k = math.ceil(alpha * (b + 1) - 1) - 1
    return float(t_abs[b - k - 1]) if 0 <= k < b else math.inf


def team_experiments(data: ResearchData, *, n_boot: int = 999, seed: int = 0) -> list[DidResult]:
    """Difference-in-differences on belief ratings for each team experiment.

    ``value ~ team + quarter + treated x after``, using the ratings of the teams in
    the experiment from a year before its start until its end. With few teams a
    cluster-robust SE is far too small, so the p-value and CI come from a wild
    cluster bootstrap (:func:`wild_cluster_bootstrap`), clustered by team when each
    side has at least ``MIN_TEAMS_PER_SIDE`` teams and by caseworker otherwise.
    """
    exps = data.experiments
    if exps.empty:
        return []
    rng = np.random.default_rng(seed)
    r = data.belief_ratings()
    team_of = data.staff.set_index("staff_id")["team_id"]
    r = r.assign(team=r["rater_id"].map(team_of))
    results = []
    for exp_id, e in exps.groupby("experiment_id", sort=True):
        start, end = e["start_date"].min(), e["end_date"].max()
        teams = e.set_index("team_id")["role"]
        d = r[
            r["team"].isin(teams.index)
            & (r["rated_on"] >= start - pd.Timedelta(days=365))
            & (r["rated_on"] <= end)
        ]
        treated = d["team"].map(teams).eq("treatment").to_numpy()
        after = (d["rated_on"] >= start).to_numpy()
        if d.empty or treated.all() or not treated.any() or after.all() or not after.any():
            continue
        team_codes, team_u = pd.factorize(d["team"])
        q_codes, q_u = pd.factorize(d["rated_on"].dt.to_period("Q").astype(str))
        D = (treated & after).astype(float)
        X = np.column_stack([D, np.eye(len(team_u))[team_codes], np.eye(len(q_u))[q_codes][:, 1:]])
        y = d["value"].to_numpy(dtype=float)
        n_treated = int((teams == "treatment").sum())
        n_comparison = int((teams == "comparison").sum())
        by_team = min(n_treated, n_comparison) >= MIN_TEAMS_PER_SIDE
        clusters = team_codes if by_team else pd.factorize(d["rater_id"])[0]
        est, lo, hi, p = wild_cluster_bootstrap(X, y, clusters, n_boot=n_boot, rng=rng)
        results.append(
            DidResult(
                experiment_id=str(exp_id),
                estimate=est,
                ci_low=lo,
                ci_high=hi,
                p_value=p,
                n_ratings=len(d),
                n_treated_teams=n_treated,
                n_comparison_teams=n_comparison,
                method=(
                    "Forskel-i-forskelle på tro-vurderinger med team- og kvartalseffekter; "
                    f"wild cluster bootstrap (Webb-vægte, {n_boot} træk, klynget på "
                    + (
                        "team)"
                        if by_team
                        else "sagsbehandler, fordi der er for få teams; en hændelse, der "
                        "rammer et helt team, kan ikke skilles fra forsøget)"
                    )
                ),
                clustered_on="team" if by_team else "caseworker",
            )
        )
    return results
