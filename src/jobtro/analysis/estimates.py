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

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
from scipy import stats

from jobtro.analysis.experiments import DidResult, team_experiments
from jobtro.analysis.io import EVENT_KINDS, ResearchData
from jobtro.analysis.panel import (
    DURATION_BAND_DAYS,
    DURATION_BANDS,
    JOB_ORIENTED_ACTIONS,
    Panel,
    _days,
    asof,
    id_codes,
)
from jobtro.analysis.regression import CloglogFit, HazardRatio, fit_cloglog, risk_within
from jobtro.errors import UserError

__all__ = [  # team experiments live in experiments.py; re-exported for one import
    "DidResult",
    "team_experiments",
]

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
    return {level: float(counts[level] / total) for level in range(1, 6)}


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
    belief_per_step: Effect
    caseworker_change: Effect | None  # None when the data hold no change of caseworker
    general: CloglogFit | None
    general_belief: Effect | None  # None when no caseworker has a general belief
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
    if rows["belief"].nunique() < 2:
        raise UserError(
            "alle vurderinger i tiden med risiko har samme værdi; troens effekt kan ikke estimeres"
        )
    # Without any change of caseworker in the data, the change term cannot be estimated.
    has_changes = rows["change_window"].nunique() > 1
    main = fit_cloglog(
        rows,
        numeric=["belief", "change_window"] if has_changes else ["belief"],
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
    if not has_changes:
        return HazardResults(main, belief, None, *_general(panel, rows, risk), panel.window_days)
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
    return HazardResults(main, belief, change, *_general(panel, rows, risk), panel.window_days)


def _general(
    panel: Panel, rows: pd.DataFrame, risk: Callable[..., float]
) -> tuple[CloglogFit | None, Effect | None]:
    """The general-belief model, when enough citizens have a caseworker with one."""
    general_rows = rows.dropna(subset=["general_belief"])
    if general_rows["event"].sum() < 10 or not general_rows["general_belief"].std() > 0:
        return None, None
    fit = fit_cloglog(
        general_rows,
        numeric=["general_belief"],
        categorical=COVARIATES,
        exposure="exposure",
        method=METHOD_GENERAL,
    )
    gpop = _entry_population(panel, general_rows)
    g_ref = float(np.round(general_rows["general_belief"].mean(), 1))
    effect = Effect(
        fit.hazard_ratio("general_belief"),
        risk(fit, gpop, set_values={"general_belief": g_ref}),
        risk(fit, gpop, set_values={"general_belief": g_ref + 1}),
        f"generel tro {g_ref:.1f}",
        f"generel tro {g_ref + 1:.1f}",
    )
    return fit, effect


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
    """Belief before and after each session: the pair the session itself linked
    (``before_value``/``after_value``) where the folder has it, else the latest rating
    up to the session and the first one after it.

    The fallback guesses, and guesses wrong for a session closed on the day it was held:
    the "after" rating is then the latest rating on the session day and is read as
    "before". Newer exports carry the linked pair, so the guess is only for old folders.

    Ratings that are low tend to be followed by higher ones even without sparring
    (regression to the mean), and sparring is asked for precisely when belief is low.
    As a comparison, consecutive rating pairs of citizens without a session at the
    same starting level give the change to expect anyway.
    """
    sp = data.sparring
    if sp.empty:
        return None
    r = data.belief_ratings().sort_values(["citizen_id", "rated_on"], kind="stable")
    v = r["value"].to_numpy(dtype=float)
    linked = _linked_pairs(sp)
    guessed = sp[~linked]
    b_guess, a_guess = _guessed_pairs(r, guessed, max_gap_days=max_gap_days)
    b = np.concatenate([sp.loc[linked, "before_value"].to_numpy(dtype=float), b_guess])
    a = np.concatenate([sp.loc[linked, "after_value"].to_numpy(dtype=float), a_guess])
    if b.size < 2:
        return None
    diff = a - b
    mean, ci_low, ci_high, p_value = paired_test(b, a)
    # Comparison: consecutive pairs of citizens never in a sparring session.
    no_spar = ~r["citizen_id"].isin(set(sp["citizen_id"])).to_numpy()
    same = np.zeros(len(r), dtype=bool)
    rc = r["citizen_id"].to_numpy()
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


def _linked_pairs(sp: pd.DataFrame) -> np.ndarray:
    """Rows whose session linked both its before and its after rating."""
    if "before_value" not in sp or "after_value" not in sp:
        return np.zeros(len(sp), dtype=bool)
    return (sp["before_value"].notna() & sp["after_value"].notna()).to_numpy(dtype=bool)


def _guessed_pairs(
    r: pd.DataFrame, sp: pd.DataFrame, *, max_gap_days: int
) -> tuple[np.ndarray, np.ndarray]:
    """The old rule for sessions without a linked pair: the latest rating on or before
    the session day, and the next rating of the same citizen."""
    if sp.empty or r.empty:
        return np.zeros(0), np.zeros(0)
    ids = pa.array(pd.unique(pd.concat([r["citizen_id"], sp["citizen_id"]])), type=pa.string())
    rc = id_codes(r["citizen_id"], ids)
    rd = _days(r["rated_on"])
    sc = id_codes(sp["citizen_id"], ids)
    sd = _days(sp["date"])
    before = asof(rc, rd, sc, sd)
    # The next rating in sorted order after `before` is the one after, if same citizen.
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
    return v[before[valid]], v[after[valid]]


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
