"""Expectations across meeting forms and with external partners (issue 7), aggregates only.

Two of the project's analysis themes:

- "Er overførslen af forventninger bundet til det fysiske møde?" — the caseworker's
  belief (``belief_job_1y``) and the citizen's perceived belief after a meeting
  (``cit_felt_belief``, answered through a one-time link) by the form of the meeting,
  and the difference between physical (fremmøde, virksomhed, hjem) and remote
  (telefon, video) meetings.
- "Forventninger på spil i samarbejdet med eksterne parter" — external partners' and
  caseworkers' belief in the same citizens, paired in time.

Both are observational: the form of a meeting is chosen, not drawn by lot, so a
difference may reflect who is met how rather than what the form does. Every cell
names its numbers of ratings, citizens and raters, and a cell with fewer than
``min_staff`` raters or ``min_citizens`` citizens is suppressed (docs/contracts.md) with its
counts. So that no hidden cell can be worked out from the ones shown, a form's cell is
also hidden when the other hidden cells of its group (physical, remote) would otherwise
stand on too few people together (complementary suppression: the group's mean and count
minus the shown forms' give the hidden ones'), and a physical-minus-remote difference is
hidden whenever either side is.

Examples
--------
>>> d = clustered_mean_difference(
...     np.array([3.0, 4, 2, 3, 4, 5]), np.array([1.0, 1, 0, 0, 1, 0]), np.array([0, 1, 2, 0, 1, 2])
... )
>>> round(d.estimate, 2)
0.33
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from jobtro.analysis.estimates import Proportion
from jobtro.analysis.io import BELIEF_ITEM, CONTACT_FORMS, ResearchData

PHYSICAL = ("fremmøde", "virksomhed", "hjem")
REMOTE = ("telefon", "video")
PERCEIVED_ITEM = "cit_felt_belief"
SELF_BELIEF_ITEM = "cit_more_self_belief"
# A caseworker's rating belongs to the same caseworker's latest meeting with the citizen
# within this many days before it (the same day included); a citizen's answer after a
# meeting to the latest meeting with the citizen within the link's week.
RATING_WINDOW_DAYS = 14
ANSWER_WINDOW_DAYS = 7
PARTNER_WINDOW_DAYS = 45
MIN_STAFF = 5
MIN_CITIZENS = 10
WARNING = (
    "Observationelle data: mødeformen vælges, den lodtrækkes ikke. En forskel kan skyldes, "
    "hvem der mødes hvordan (fx borgere tættere på arbejdsmarkedet til fremmøde), og ikke "
    "mødeformen i sig selv. Forskellen inden for samme borger fjerner faste forskelle mellem "
    "borgere, men ikke forhold, der skifter over tid."
)


@dataclass(frozen=True)
class Cell:
    """One group's mean, with its counts; when the cell is suppressed ``mean`` is NaN
    and the counts are None (a count beside the group's would give the mean away)."""

    mean: float
    n_ratings: int | None
    n_citizens: int | None
    n_raters: int | None
    suppressed: bool


@dataclass(frozen=True)
class Difference:
    """A mean difference with a 95 % CI clustered on ``cluster`` (t with G-1 df)."""

    estimate: float
    ci_low: float
    ci_high: float
    p_value: float
    n_ratings: int | None  # None when suppressed
    n_citizens: int | None
    n_clusters: int | None
    suppressed: bool
    method: str


@dataclass(frozen=True)
class MeetingFormResult:
    caseworker_by_form: dict[str, Cell]
    perceived_by_form: dict[str, Cell]
    caseworker_by_group: dict[str, Cell]  # "physical" / "remote"
    perceived_by_group: dict[str, Cell]
    caseworker_difference: Difference | None  # physical minus remote, raw
    caseworker_within_citizen: Difference | None  # physical minus remote, same citizen
    perceived_difference: Difference | None
    warning: str


@dataclass(frozen=True)
class PartnerComparison:
    n_pairs: int
    n_citizens: int
    n_partners: int
    n_caseworkers: int
    mean_external: float
    mean_caseworker: float
    difference: Difference  # external minus caseworker, clustered by citizen
    exact_agreement: Proportion
    within_one_step: Proportion
    weighted_kappa: float
    window_days: int
    suppressed: bool
    method: str


def _suppress(n_citizens: int, n_raters: int, min_staff: int, min_citizens: int) -> bool:
    return n_citizens < min_citizens or n_raters < min_staff


def cell(
    frame: pd.DataFrame,
    *,
    rater: str,
    min_staff: int = MIN_STAFF,
    min_citizens: int = MIN_CITIZENS,
    hide: bool = False,
) -> Cell:
    """Mean ``value`` of the rows, with counts; suppressed (no mean, no counts) below
    the thresholds or when ``hide`` says so (complementary suppression)."""
    n_c = int(frame["citizen_id"].nunique())
    n_r = int(frame[rater].nunique())
    if hide or frame.empty or _suppress(n_c, n_r, min_staff, min_citizens):
        return Cell(float("nan"), None, None, None, True)
    return Cell(float(frame["value"].astype(float).mean()), len(frame), n_c, n_r, False)


def complementary_hidden(
    frame: pd.DataFrame,
    forms: tuple[str, ...],
    *,
    rater: str,
    min_staff: int = MIN_STAFF,
    min_citizens: int = MIN_CITIZENS,
) -> set[str]:
    """The forms of one group whose cells are hidden: those below the thresholds, and
    then, smallest first, as many shown ones as it takes for the hidden forms' rows
    together to pass the thresholds. Otherwise the group's mean and count minus the
    shown forms' would give away one hidden cell (or a small set of them). An empty
    form hides nothing and needs no partner.

    Examples
    --------
    >>> f = pd.DataFrame({"citizen_id": range(30), "staff_id": [i % 6 for i in range(30)],
    ...                   "value": 3, "form": ["telefon"] * 28 + ["video"] * 2})
    >>> sorted(complementary_hidden(f, REMOTE, rater="staff_id"))
    ['telefon', 'video']
    """
    parts = {form: frame[frame["form"] == form] for form in forms}

    def small(rows: pd.DataFrame) -> bool:
        return _suppress(
            int(rows["citizen_id"].nunique()), int(rows[rater].nunique()), min_staff, min_citizens
        )

    hidden = {form for form, rows in parts.items() if rows.empty or small(rows)}
    group = frame[frame["form"].isin(forms)]
    if group.empty or small(group):
        return set(forms)  # the group itself is hidden: nothing to subtract from
    shown = sorted(
        (form for form in forms if form not in hidden),
        key=lambda form: (len(parts[form]), form),
    )
    while True:
        rows = frame[frame["form"].isin([f for f in hidden if not parts[f].empty])]
        if rows.empty or not small(rows) or not shown:
            return hidden
        hidden.add(shown.pop(0))


def clustered_mean_difference(
    y: np.ndarray,
    x: np.ndarray,
    cluster: np.ndarray,
    *,
    within: np.ndarray | None = None,
    method: str = "",
) -> Difference:
    """OLS slope of ``y`` on a 0/1 ``x`` (with an intercept, or with fixed effects for
    ``within`` groups), its CR1 cluster-robust standard error and a t-based 95 % CI.

    With ``within`` (e.g. the citizen), only groups with both values of ``x`` carry
    information: the estimate is the average difference inside the same group.
    """
    y = np.asarray(y, dtype=float)
    x = np.asarray(x, dtype=float)
    cluster = np.asarray(cluster)
    groups = np.zeros(len(y), dtype=int) if within is None else pd.factorize(within)[0]
    frame = pd.DataFrame({"y": y, "x": x, "g": groups, "c": cluster})
    if within is not None:
        varies = frame.groupby("g")["x"].transform("nunique") > 1
        frame = frame[varies]
    nan = float("nan")
    n_c = int(frame["g"].nunique()) if within is not None else 0
    if frame.empty:
        return Difference(nan, nan, nan, nan, 0, n_c, 0, True, method)
    yt = frame["y"] - frame.groupby("g")["y"].transform("mean")
    xt = frame["x"] - frame.groupby("g")["x"].transform("mean")
    sxx = float((xt**2).sum())
    n_clusters = int(frame["c"].nunique())
    if sxx <= 0 or n_clusters < 2:
        return Difference(nan, nan, nan, nan, len(frame), n_c, n_clusters, True, method)
    b = float((xt * yt).sum() / sxx)
    resid = yt - b * xt
    score = (xt * resid).groupby(frame["c"]).sum().to_numpy()
    var = n_clusters / (n_clusters - 1) * float((score**2).sum()) / sxx**2
    se = math.sqrt(var)
    df = n_clusters - 1
    q = float(stats.t.ppf(0.975, df))
    p = float(2 * stats.t.sf(abs(b) / se, df)) if se > 0 else nan
    return Difference(b, b - q * se, b + q * se, p, len(frame), n_c, n_clusters, False, method)


def _latest_before(
    events: pd.DataFrame, queries: pd.DataFrame, *, by: list[str], window_days: int
) -> pd.DataFrame:
    """Each query row with the form of the latest event on or before its day (same
    ``by`` keys) within ``window_days``; rows without one are dropped."""
    if events.empty or queries.empty:
        return queries.iloc[0:0].assign(form=pd.Series(dtype=object), contact_staff="")
    ev = events.rename(columns={"date": "day"})[
        list(dict.fromkeys([*by, "day", "form", "staff_id"]))
    ]
    ev = ev.rename(columns={"staff_id": "contact_staff"}) if "staff_id" not in by else ev
    q = queries.rename(columns={"rated_on": "day"}).copy()
    q["_row"] = np.arange(len(q))
    merged = pd.merge_asof(
        q.sort_values("day", kind="stable"),
        ev.sort_values("day", kind="stable"),
        on="day",
        by=by,
        direction="backward",
        tolerance=pd.Timedelta(days=window_days),
    )
    merged = merged.dropna(subset=["form"]).sort_values("_row", kind="stable")
    if "contact_staff" not in merged:
        merged["contact_staff"] = merged["staff_id"]
    return merged.drop(columns="_row").rename(columns={"day": "rated_on"})


def _group(form: pd.Series) -> np.ndarray:
    return np.where(form.isin(PHYSICAL), "physical", np.where(form.isin(REMOTE), "remote", ""))


def meeting_forms(
    data: ResearchData,
    *,
    min_staff: int = MIN_STAFF,
    min_citizens: int = MIN_CITIZENS,
) -> MeetingFormResult | None:
    """Belief by meeting form; None when the folder holds no contacts.

    Examples
    --------
    >>> from jobtro.analysis.io import from_tables
    >>> from jobtro.analysis.synth import SynthConfig, synthesize
    >>> meeting_forms(from_tables(synthesize(SynthConfig(n_citizens=60)))) is None  # no contacts
    True
    """
    contacts = data.contacts
    if contacts.empty:
        return None
    contacts = contacts.assign(date=pd.to_datetime(contacts["date"]))
    r = data.ratings
    cw = r[(r["item_id"] == BELIEF_ITEM) & (r["rater_type"] == "caseworker")]
    cw = cw.rename(columns={"rater_id": "staff_id"})[
        ["citizen_id", "staff_id", "rated_on", "value"]
    ]
    cw_matched = _latest_before(
        contacts, cw, by=["citizen_id", "staff_id"], window_days=RATING_WINDOW_DAYS
    )
    cit = r[(r["item_id"] == PERCEIVED_ITEM) & (r["rater_type"] == "citizen")]
    cit = cit[["citizen_id", "rated_on", "value"]]
    cit_matched = _latest_before(contacts, cit, by=["citizen_id"], window_days=ANSWER_WINDOW_DAYS)

    limits = {"min_staff": min_staff, "min_citizens": min_citizens}

    def by_form(frame: pd.DataFrame, rater: str) -> dict[str, Cell]:
        hidden = complementary_hidden(frame, PHYSICAL, rater=rater, **limits)
        hidden |= complementary_hidden(frame, REMOTE, rater=rater, **limits)
        return {
            form: cell(frame[frame["form"] == form], rater=rater, hide=form in hidden, **limits)
            for form in CONTACT_FORMS
        }

    def by_group(frame: pd.DataFrame, rater: str) -> dict[str, Cell]:
        g = _group(frame["form"])
        return {
            name: cell(frame[g == name], rater=rater, min_staff=min_staff,
                       min_citizens=min_citizens)
            for name in ("physical", "remote")
        }  # fmt: skip

    def difference(
        frame: pd.DataFrame, cluster: str, *, within: bool, method: str
    ) -> Difference | None:
        # Hidden whenever either side is: shown mean minus difference = hidden mean.
        sides = by_group(frame, cluster)
        g = _group(frame["form"])
        keep = g != ""
        f = frame[keep]
        if f.empty:
            return None
        d = clustered_mean_difference(
            f["value"].astype(float).to_numpy(),
            (g[keep] == "physical").astype(float),
            f[cluster].to_numpy(),
            within=f["citizen_id"].to_numpy() if within else None,
            method=method,
        )
        n_citizens = d.n_citizens if within else int(f["citizen_id"].nunique())
        if (
            d.suppressed
            or any(c.suppressed for c in sides.values())
            # Not suppressed, so the counts are there; `or 0` only tells the type checker.
            or _suppress(n_citizens or 0, d.n_clusters or 0, min_staff, min_citizens)
        ):
            nan = float("nan")
            return Difference(nan, nan, nan, nan, None, None, None, True, method)
        return Difference(**{**d.__dict__, "n_citizens": n_citizens})

    return MeetingFormResult(
        caseworker_by_form=by_form(cw_matched, "staff_id"),
        perceived_by_form=by_form(cit_matched, "contact_staff"),
        caseworker_by_group=by_group(cw_matched, "staff_id"),
        perceived_by_group=by_group(cit_matched, "contact_staff"),
        caseworker_difference=difference(
            cw_matched,
            "staff_id",
            within=False,
            method="Forskel i gennemsnitlig tro (fysisk minus virtuel), sagsbehandlerens "
            f"vurdering efter egen samtale med borgeren inden for {RATING_WINDOW_DAYS} dage; "
            "95 %-CI med standardfejl klynget på sagsbehandler",
        ),
        caseworker_within_citizen=difference(
            cw_matched,
            "staff_id",
            within=True,
            method="Forskel inden for samme borger (faste effekter for borger) mellem "
            "vurderinger efter fysiske og virtuelle samtaler; 95 %-CI klynget på sagsbehandler",
        ),
        perceived_difference=difference(
            cit_matched,
            "contact_staff",
            within=False,
            method="Forskel i borgerens oplevede tro (fysisk minus virtuel samtale), svar via "
            f"link inden for {ANSWER_WINDOW_DAYS} dage efter samtalen; 95 %-CI klynget på "
            "sagsbehandler",
        ),
        warning=WARNING,
    )


# --- external partners ------------------------------------------------------------------


def weighted_kappa(a: np.ndarray, b: np.ndarray, levels: int = 5) -> float:
    """Cohen's kappa with quadratic weights for two raters on a 1..levels scale.

    Examples
    --------
    >>> weighted_kappa(np.array([1, 2, 3, 4, 5]), np.array([1, 2, 3, 4, 5]))
    1.0
    """
    a = np.asarray(a, dtype=int) - 1
    b = np.asarray(b, dtype=int) - 1
    if a.size == 0:
        return float("nan")
    observed = np.zeros((levels, levels))
    np.add.at(observed, (a, b), 1.0)
    observed /= observed.sum()
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0))
    i, j = np.indices((levels, levels))
    w = (i - j) ** 2 / (levels - 1) ** 2
    denom = float((w * expected).sum())
    return float("nan") if denom == 0 else float(1 - (w * observed).sum() / denom)


def pair_partner_ratings(
    data: ResearchData, *, window_days: int = PARTNER_WINDOW_DAYS
) -> pd.DataFrame:
    """Each external partner's ``belief_job_1y`` rating with the caseworker rating of the
    same citizen nearest in time (at most ``window_days`` apart; ties: the earlier)."""
    r = data.ratings[data.ratings["item_id"] == BELIEF_ITEM]
    ext = r[r["rater_type"] == "external"][["citizen_id", "rater_id", "rated_on", "value"]]
    cw = r[r["rater_type"] == "caseworker"][["citizen_id", "rater_id", "rated_on", "value"]]
    cols = ["citizen_id", "partner_id", "caseworker_id", "external", "caseworker", "rated_on"]
    if ext.empty or cw.empty:
        return pd.DataFrame(columns=cols)
    merged = pd.merge_asof(
        ext.sort_values("rated_on", kind="stable"),
        cw.rename(columns={"rater_id": "caseworker_id", "value": "caseworker"})
        .assign(cw_on=lambda f: f["rated_on"])
        .sort_values("rated_on", kind="stable"),
        on="rated_on",
        by="citizen_id",
        direction="nearest",
        tolerance=pd.Timedelta(days=window_days),
    ).dropna(subset=["caseworker"])
    merged = merged.rename(columns={"rater_id": "partner_id", "value": "external"})
    merged["external"] = merged["external"].astype(int)
    merged["caseworker"] = merged["caseworker"].astype(int)
    return merged[cols].reset_index(drop=True)


def _share(events: int, n: int) -> Proportion:
    nan = float("nan")
    return Proportion(events / n if n else nan, nan, nan, n, events)


def partner_comparison(
    data: ResearchData,
    *,
    window_days: int = PARTNER_WINDOW_DAYS,
    min_staff: int = MIN_STAFF,
    min_citizens: int = MIN_CITIZENS,
) -> PartnerComparison | None:
    """External partners' against caseworkers' belief in the same citizens; None
    without any pair. Suppressed below the thresholds (partners, caseworkers, citizens)."""
    pairs = pair_partner_ratings(data, window_days=window_days)
    if pairs.empty:
        return None
    n_c = int(pairs["citizen_id"].nunique())
    n_p = int(pairs["partner_id"].nunique())
    n_w = int(pairs["caseworker_id"].nunique())
    hidden = n_c < min_citizens or n_p < min_staff or n_w < min_staff
    method = (
        f"Parvise vurderinger af samme borger (ekstern partner og sagsbehandler højst "
        f"{window_days} dage fra hinanden) fra {n_p} eksterne partnere; forskel ekstern minus "
        "sagsbehandler med 95 %-CI klynget på borger. Intervallet gælder inden for disse "
        "partnere: det regner ikke med, at hver partner kan have sin egen måde at vurdere på, "
        "og med få partnere kan forskellen være én partners egen måde at vurdere på. "
        "Andelene af enige par vises uden interval (samme borger indgår i flere par); "
        "kvadratisk vægtet kappa"
    )
    nan = float("nan")
    if hidden:
        empty = Proportion(nan, nan, nan, len(pairs), 0)
        diff = Difference(nan, nan, nan, nan, None, None, None, True, method)
        return PartnerComparison(len(pairs), n_c, n_p, n_w, nan, nan, diff, empty, empty, nan,
                                 window_days, True, method)  # fmt: skip
    e = pairs["external"].to_numpy(dtype=float)
    c = pairs["caseworker"].to_numpy(dtype=float)
    # The mean of the paired differences: a regression of (e - c) on an intercept.
    d = e - c
    frame = pd.DataFrame({"d": d, "cl": pairs["citizen_id"].to_numpy()})
    g = int(frame["cl"].nunique())
    mean = float(d.mean())
    score = (frame["d"] - mean).groupby(frame["cl"]).sum().to_numpy()
    se = math.sqrt(g / max(g - 1, 1) * float((score**2).sum())) / len(d)
    q = float(stats.t.ppf(0.975, max(g - 1, 1)))
    p = float(2 * stats.t.sf(abs(mean) / se, max(g - 1, 1))) if se > 0 else nan
    diff = Difference(mean, mean - q * se, mean + q * se, p, len(d), n_c, g, False, method)
    return PartnerComparison(
        n_pairs=len(d),
        n_citizens=n_c,
        n_partners=n_p,
        n_caseworkers=n_w,
        mean_external=float(e.mean()),
        mean_caseworker=float(c.mean()),
        difference=diff,
        # Shares without an interval: pairs of one citizen are not independent.
        exact_agreement=_share(int((d == 0).sum()), len(d)),
        within_one_step=_share(int((np.abs(d) <= 1).sum()), len(d)),
        weighted_kappa=weighted_kappa(e.astype(int), c.astype(int)),
        window_days=window_days,
        suppressed=False,
        method=method,
    )


def belief_by_rater_type(
    data: ResearchData, *, min_staff: int = MIN_STAFF, min_citizens: int = MIN_CITIZENS
) -> dict[str, dict[str, object]]:
    """The ``belief_job_1y`` ratings of caseworkers and of external partners: mean,
    distribution and counts per rater type (suppressed below the thresholds)."""
    r = data.ratings[data.ratings["item_id"] == BELIEF_ITEM]
    out: dict[str, dict[str, object]] = {}
    for rater_type in ("caseworker", "external"):
        f = r[r["rater_type"] == rater_type]
        if f.empty:
            continue
        c = cell(f, rater="rater_id", min_staff=min_staff, min_citizens=min_citizens)
        v = f["value"].astype(int)
        dist = {} if c.suppressed else {str(k): float((v == k).mean()) for k in range(1, 6)}
        out[rater_type] = {"cell": c, "distribution": dist}
    return out
