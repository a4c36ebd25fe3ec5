"""The estimates of issue 4, each with a 95 % CI, a p-value and the method named.

Every function takes validated data (and the panel where needed) and returns a
frozen dataclass; turning them into sentences and ``results.json`` happens in
:mod:`jobtro.analysis.report`.

Examples
--------
>>> p = wilson(6, 100)
>>> round(p.ci_low, 4), round(p.ci_high, 4)
(0.0278, 0.1248)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
from scipy import sparse, stats

from jobtro.analysis.io import EVENT_KINDS, ResearchData
from jobtro.analysis.models import CloglogFit, HazardRatio, fit_cloglog, risk_within
from jobtro.analysis.panel import (
    DURATION_BAND_DAYS,
    DURATION_BANDS,
    JOB_ORIENTED_ACTIONS,
    Panel,
    _days,
    asof,
    id_codes,
)

COVARIATES = ("age_band", "gender", "target_group", "education", "municipality", "duration_band")
METHOD_MAIN = (
    "Diskret-tids hazardmodel med cloglog-link på person-perioder (30 dage), "
    "justeret for alder, køn, målgruppe, uddannelse, kommune og tid siden tilmelding; "
    "95 %-CI med standardfejl klynget på sagsbehandler"
)
METHOD_GENERAL = (
    "Diskret-tids cloglog-hazardmodel; generel tro = gennemsnit af sagsbehandlerens "
    "vurderinger af andre borgere (leave-one-out) eller svar på spørgeskema; samme "
    "justering, ingen faste effekter for sagsbehandler; SE klynget på sagsbehandler"
)


@dataclass(frozen=True)
class Proportion:
    """A share with a Wilson 95 % interval."""

    rate: float
    ci_low: float
    ci_high: float
    n: int
    events: int


def wilson(events: int, n: int, z: float = 1.959963984540054) -> Proportion:
    """Wilson score interval, which stays inside [0, 1] for small and extreme shares."""
    if n == 0:
        return Proportion(float("nan"), float("nan"), float("nan"), 0, 0)
    p = events / n
    denom = 1 + z**2 / n
    centre = (p + z**2 / (2 * n)) / denom
    half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denom
    return Proportion(
        float(p),
        float(max(0.0, centre - half)),
        float(min(1.0, centre + half)),
        int(n),
        int(events),
    )


# --- descriptive -----------------------------------------------------------------------


def belief_distribution(data: ResearchData) -> dict[int, float]:
    """Share of caseworker ratings of ``belief_job_1y`` at each level 1-5."""
    v = data.belief_ratings()["value"].astype(int)
    counts = v.value_counts().reindex(range(1, 6), fill_value=0)
    total = max(int(counts.sum()), 1)
    return {int(k): float(c / total) for k, c in counts.items()}


def _first_event_day(data: ResearchData) -> pd.Series:
    out = data.outcomes[data.outcomes["kind"].isin(EVENT_KINDS)]
    return out.groupby("citizen_id")["start_date"].min()


def job_within_12m_by_belief(data: ResearchData) -> dict[int, Proportion]:
    """Share in job, flexjob or education within 365 days of a rating, by belief level.

    Each citizen counts once, with their first rating that has a full year of
    follow-up (so the Wilson intervals rest on independent citizens). A citizen who
    left for another reason (``other``) within the year counts as not in job.
    """
    r = data.belief_ratings()
    limit = pd.Timestamp(data.observed_until) - pd.Timedelta(days=365)
    r = r[r["rated_on"] <= limit].sort_values(["citizen_id", "rated_on"], kind="stable")
    first = r.drop_duplicates("citizen_id")
    event_day = _first_event_day(data)
    ev = first["citizen_id"].map(event_day)
    delta = (ev - first["rated_on"]).dt.days
    hit = (delta >= 0) & (delta <= 365)
    out = {}
    for level in range(1, 6):
        m = (first["value"].astype(int) == level).to_numpy()
        out[level] = wilson(int(hit.to_numpy()[m].sum()), int(m.sum()))
    return out


def share_with_change(data: ResearchData) -> Proportion:
    """Share of citizens with at least one change of caseworker (another person)."""
    a = data.assignments.sort_values(["citizen_id", "start_date"], kind="stable")
    prev_c = a["citizen_id"].shift()
    prev_s = a["staff_id"].shift()
    changed = (a["citizen_id"] == prev_c) & (a["staff_id"] != prev_s)
    who = set(a.loc[changed, "citizen_id"])
    n = len(data.citizens)
    return wilson(int(data.citizens["citizen_id"].isin(who).sum()), n)


# --- hazard models -----------------------------------------------------------------------


@dataclass(frozen=True)
class Effect:
    """A hazard ratio with the absolute picture beside it (per 100 within a year)."""

    hazard_ratio: HazardRatio
    per100_reference: float
    per100_comparison: float
    reference_label: str
    comparison_label: str


@dataclass(frozen=True)
class HazardResults:
    main: CloglogFit
    general: CloglogFit | None
    belief_per_step: Effect
    caseworker_change: Effect
    general_belief: Effect | None
    window_days: int


def _entry_population(panel: Panel, rows: pd.DataFrame) -> pd.DataFrame:
    """Each citizen's first at-risk row: the population the absolute risks describe."""
    return rows.drop_duplicates("citizen", keep="first")


def hazard_effects(panel: Panel, *, periods_per_year: int | None = None) -> HazardResults:
    """Fit the main model (belief + change window) and the general-belief model.

    The absolute picture averages the model's one-year risk over every citizen as
    they enter the panel, with the term set to a reference and a comparison value.
    """
    rows = panel.rows
    per_year = periods_per_year or max(1, round(365 / panel.period_days))
    band_of_period = np.minimum(
        np.arange(200) * panel.period_days // DURATION_BAND_DAYS, len(DURATION_BANDS) - 1
    )
    main = fit_cloglog(
        rows,
        numeric=["belief", "change_window"],
        categorical=COVARIATES,
        exposure="exposure",
        method=METHOD_MAIN,
    )
    pop = _entry_population(panel, rows)
    b_ref = 3.0

    def risk(fit: CloglogFit, population: pd.DataFrame, **kw: object) -> float:
        return 100 * risk_within(
            fit,
            population,
            periods=per_year,
            duration_of_period=band_of_period,
            **kw,  # type: ignore[arg-type]
        )

    belief = Effect(
        main.hazard_ratio("belief"),
        risk(main, pop, set_values={"belief": b_ref, "change_window": 0.0}),
        risk(main, pop, set_values={"belief": b_ref + 1, "change_window": 0.0}),
        "tro 3",
        "tro 4",
    )
    win_periods = int(np.ceil(panel.window_days / panel.period_days))
    change = Effect(
        main.hazard_ratio("change_window"),
        risk(main, pop, set_values={"change_window": 0.0}),
        risk(
            main,
            pop,
            set_values={"change_window": 0.0},
            window_column="change_window",
            window_periods=win_periods,
        ),
        "intet skift",
        "skift ved start",
    )
    general_rows = rows.dropna(subset=["general_belief"])
    general_fit = None
    general = None
    if general_rows["event"].sum() >= 10 and general_rows["general_belief"].std() > 0:
        general_fit = fit_cloglog(
            general_rows,
            numeric=["general_belief"],
            categorical=COVARIATES,
            exposure="exposure",
            method=METHOD_GENERAL,
        )
        gpop = _entry_population(panel, general_rows)
        g_ref = float(np.round(general_rows["general_belief"].mean(), 1))
        general = Effect(
            general_fit.hazard_ratio("general_belief"),
            risk(general_fit, gpop, set_values={"general_belief": g_ref}),
            risk(general_fit, gpop, set_values={"general_belief": g_ref + 1}),
            f"generel tro {g_ref:.1f}",
            f"generel tro {g_ref + 1:.1f}",
        )
    return HazardResults(main, general_fit, belief, change, general, panel.window_days)


# --- team experiments: difference-in-differences --------------------------------------


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

    p-value: wild cluster bootstrap with the null imposed (WCR); CI: unrestricted
    wild bootstrap-t. Webb's six-point weights, because with few clusters the two
    Rademacher signs give too few distinct draws (Webb 2014; Roodman et al. 2019).

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
    Xr = Xc[:, 1:]
    br = np.linalg.lstsq(Xr * np.sqrt(n)[:, None], sums / np.sqrt(n), rcond=None)[0]
    fitted_r = n * (Xr @ br)
    resid_u, resid_r = sums - fitted_u, sums - fitted_r
    t_null, t_unr = [], []
    for lo in range(0, n_boot, 500):  # chunks of draws keep memory small
        k = min(500, n_boot - lo)
        w = WEBB[rng.integers(0, 6, (t_of.groups.shape[0], k))][cc]
        t_null.append(t_of(fitted_r[:, None] + resid_r[:, None] * w, 0.0)[1])
        t_unr.append(t_of(fitted_u[:, None] + resid_u[:, None] * w, est)[1])
    t_null_a, t_unr_a = np.concatenate(t_null), np.concatenate(t_unr)
    p = float((np.sum(np.abs(t_null_a) >= abs(t_obs)) + 1) / (n_boot + 1))
    q_lo, q_hi = np.quantile(t_unr_a, [0.025, 0.975])
    return est, float(est - q_hi * se), float(est - q_lo * se), p


def team_experiments(data: ResearchData, *, n_boot: int = 999, seed: int = 0) -> list[DidResult]:
    """Difference-in-differences on belief ratings for each team experiment.

    ``value ~ team + quarter + treated x after``, using the ratings of the teams in
    the experiment from a year before its start until its end. With few teams a
    cluster-robust SE is far too small, so the p-value and CI come from a wild
    cluster bootstrap clustered by team (:func:`wild_cluster_bootstrap`).
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
        est, lo, hi, p = wild_cluster_bootstrap(X, y, team_codes, n_boot=n_boot, rng=rng)
        results.append(
            DidResult(
                experiment_id=str(exp_id),
                estimate=est,
                ci_low=lo,
                ci_high=hi,
                p_value=p,
                n_ratings=len(d),
                n_treated_teams=int((teams == "treatment").sum()),
                n_comparison_teams=int((teams == "comparison").sum()),
                method=(
                    "Forskel-i-forskelle på tro-vurderinger med team- og kvartalseffekter; "
                    f"wild cluster bootstrap (Webb-vægte, {n_boot} træk, klynget på team)"
                ),
            )
        )
    return results


# --- sparring: paired before/after -------------------------------------------------------


@dataclass(frozen=True)
class SparringResult:
    n_pairs: int
    mean_change: float
    ci_low: float
    ci_high: float
    p_value: float
    up: Proportion
    down: Proportion
    unchanged: Proportion
    mean_before: float
    expected_change_without_sparring: float  # from comparison pairs at the same level
    adjusted_change: float
    has_comparison: bool
    method: str
    warning: str


def paired_test(before: np.ndarray, after: np.ndarray) -> tuple[float, float, float, float]:
    """Mean of ``after - before`` with its t-based 95 % CI and the paired t-test p-value.

    Examples
    --------
    >>> m, lo, hi, p = paired_test(np.array([1.0, 2, 2, 3]), np.array([2.0, 2, 3, 4]))
    >>> round(m, 2), round(p, 3)
    (0.75, 0.058)
    """
    t = stats.ttest_rel(after, before)
    ci = t.confidence_interval(0.95)
    return float(np.mean(after - before)), float(ci.low), float(ci.high), float(t.pvalue)


def sparring_effect(data: ResearchData, *, max_gap_days: int = 180) -> SparringResult | None:
    """Belief before (latest rating up to the session) and after (first rating after).

    Ratings that are low tend to be followed by higher ones even without sparring
    (regression to the mean), and sparring is asked for precisely when belief is low.
    As a comparison, consecutive rating pairs of citizens without a session at the
    same starting level give the change to expect anyway.
    """
    sp = data.sparring
    if sp.empty:
        return None
    r = data.belief_ratings().sort_values(["citizen_id", "rated_on"], kind="stable")
    ids = pa.array(pd.unique(pd.concat([r["citizen_id"], sp["citizen_id"]])), type=pa.string())
    rc = id_codes(r["citizen_id"], ids)
    rd = _days(r["rated_on"])
    sc = id_codes(sp["citizen_id"], ids)
    sd = _days(sp["date"])
    before = asof(rc, rd, sc, sd)
    # First rating strictly after the session: the latest on or before day-1 is
    # `before`; the next one in sorted order is the one after, if same citizen.
    order = np.lexsort((rd, rc))
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    nxt_rank = np.where(before >= 0, rank[np.maximum(before, 0)] + 1, -1)
    valid = (before >= 0) & (nxt_rank < order.size)
    after = np.where(valid, order[np.minimum(np.maximum(nxt_rank, 0), order.size - 1)], -1)
    valid &= rc[np.maximum(after, 0)] == sc
    valid &= (sd - rd[np.maximum(before, 0)] <= max_gap_days) & (
        rd[np.maximum(after, 0)] - sd <= max_gap_days
    )
    v = r["value"].to_numpy(dtype=float)
    b, a = v[before[valid]], v[after[valid]]
    if b.size < 2:
        return None
    diff = a - b
    mean, ci_low, ci_high, p_value = paired_test(b, a)
    # Comparison: consecutive pairs of citizens never in a sparring session.
    no_spar = ~r["citizen_id"].isin(set(sp["citizen_id"])).to_numpy()
    same = np.zeros(len(r), dtype=bool)
    same[1:] = (rc[1:] == rc[:-1]) & no_spar[1:]
    cb, ca = v[:-1][same[1:]], v[1:][same[1:]]
    has_comp = cb.size >= 30
    expected = float("nan")
    if has_comp:
        by_level = pd.Series(ca - cb).groupby(cb).mean()
        exp_each = pd.Series(b).map(by_level).to_numpy()
        expected = float(np.nanmean(exp_each))
    n = int(b.size)
    warning = (
        "Tro måles før og efter sparring uden en sammenligningsgruppe; lave vurderinger "
        "stiger ofte af sig selv ved næste måling (regression mod middelværdien), så "
        "stigningen kan ikke tilskrives sparringen alene."
    )
    if has_comp:
        warning = (
            "Sparring vælges typisk, når troen er lav, og lave vurderinger stiger ofte af sig "
            "selv (regression mod middelværdien). Sammenligningen med borgere uden sparring "
            "på samme udgangsniveau er ikke et lodtrækningsforsøg."
        )
    return SparringResult(
        n_pairs=n,
        mean_change=mean,
        ci_low=ci_low,
        ci_high=ci_high,
        p_value=p_value,
        up=wilson(int((diff > 0).sum()), n),
        down=wilson(int((diff < 0).sum()), n),
        unchanged=wilson(int((diff == 0).sum()), n),
        mean_before=float(b.mean()),
        expected_change_without_sparring=expected,
        adjusted_change=float(diff.mean() - expected) if has_comp else float("nan"),
        has_comparison=has_comp,
        method="Parret før/efter-sammenligning (parret t-test) af tro-vurderinger omkring sparring",
        warning=warning,
    )


# --- expectations and action ----------------------------------------------------------------


@dataclass(frozen=True)
class ExpectationsResult:
    job_action_within_90d: dict[int, Proportion]
    no_active_action_share: dict[int, Proportion]
    trend_p_value: float
    method: str


def expectations_and_action(data: ResearchData, panel: Panel) -> ExpectationsResult | None:
    """How often a job-oriented action starts within 90 days after a rating, and the
    share of time at risk with no active action, by belief level."""
    act = data.actions
    if act.empty:
        return None
    r = data.belief_ratings()
    ids = pa.array(pd.unique(pd.concat([r["citizen_id"], act["citizen_id"]])), type=pa.string())
    job = act["kind"].astype(str).str.strip().str.lower().isin(JOB_ORIENTED_ACTIONS).to_numpy()
    ac = id_codes(act["citizen_id"], ids)[job]
    ad = _days(act["start_date"])[job]
    rc = id_codes(r["citizen_id"], ids)
    rd = _days(r["rated_on"])
    # Next job-oriented action start after the rating: the latest start on or before
    # rating day + 90 that is also after the rating day.
    latest = asof(ac, ad, rc, rd + 90)
    started = (latest >= 0) & (ad[np.maximum(latest, 0)] > rd)
    # Only ratings with 90 days of observation after them.
    limit = _days(np.array([np.datetime64(data.observed_until)]))[0]
    full = rd + 90 <= limit
    v = r["value"].to_numpy(dtype=int)
    by_level = {
        lv: wilson(int((started & full & (v == lv)).sum()), int((full & (v == lv)).sum()))
        for lv in range(1, 6)
    }
    rows = panel.rows
    none = {
        lv: wilson(
            int(((rows["belief"] == lv) & (rows["action_active"] == 0)).sum()),
            int((rows["belief"] == lv).sum()),
        )
        for lv in range(1, 6)
    }
    # Trend test: logistic-free, a simple chi-square test for trend (Cochran-Armitage).
    x = v[full].astype(float)
    y = started[full].astype(float)
    p_trend = float("nan")
    if x.size > 2 and x.std() > 0 and 0 < y.mean() < 1:
        rr = np.corrcoef(x, y)[0, 1]
        chi2 = x.size * rr**2
        p_trend = float(stats.chi2.sf(chi2, 1))
    return ExpectationsResult(
        by_level,
        none,
        p_trend,
        "Andel vurderinger efterfulgt af en jobrettet indsats inden for 90 dage (Wilson-CI); "
        "Cochran-Armitage-test for trend over troens niveau",
    )
