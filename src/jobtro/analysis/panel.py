"""The person-period panel: one row per citizen and period at risk.

Periods are ``period_days`` long and counted from the citizen's ``enrolled_on``.
The state of each row is the state at the start of the period (what was known
then), so nothing that happens later leaks into it. A citizen is at risk from
enrolment to the first outcome in job, flexjob or education (the event), a first
``other`` outcome (censored) or ``observed_until`` (censored); time before the
citizen's first caseworker rating of ``belief_job_1y`` is not at risk in the panel.

Everything is vectorised: lookups "latest X on or before day d for citizen c" use a
single sorted key ``citizen * 2**20 + day`` and :func:`numpy.searchsorted`.

Examples
--------
>>> from jobtro.analysis.synth import SynthConfig, synthesize
>>> from jobtro.analysis.io import from_tables
>>> data = from_tables(synthesize(SynthConfig(n_citizens=200, seed=2)))
>>> panel = build_panel(data)
>>> int(panel.rows["belief"].min()), int(panel.rows["belief"].max())
(1, 5)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from jobtro.analysis.io import EVENT_KINDS, ResearchData

AGE_EDGES = (30, 40, 50)
AGE_BANDS = ("<30", "30-39", "40-49", "50+")
DURATION_BAND_DAYS = 180
DURATION_BANDS = ("0-5 mdr", "6-11 mdr", "12-17 mdr", "18-23 mdr", "24+ mdr")
# Actions that aim straight at work; others (afklaring, mentor, behandling) do not count.
JOB_ORIENTED_ACTIONS = frozenset(
    {
        "virksomhedspraktik",
        "løntilskud",
        "jobsøgningsforløb",
        "job med løntilskud",
        "nytteindsats",
        "virksomhedsrettet",
        "ordinære timer",
    }
)
UNKNOWN = "ukendt"
_SHIFT = 20  # days fit in 20 bits once offset (see _days)
_DAY0 = np.datetime64("1900-01-01", "D")
NO_DAY = (1 << _SHIFT) - 1  # "never" / still ongoing


@dataclass(frozen=True)
class Panel:
    """Person-period rows plus what they were built with.

    Columns of ``rows``: ``citizen`` (int code into ``citizen_ids``), ``period``,
    ``day`` (start, days since 1900), ``event`` (0/1), ``belief`` (1-5),
    ``exposure`` (the row's length as a fraction of a period: 1 unless
    ``exact_timing``), ``change_window`` (0/1), ``days_since_change`` (NaN before any change),
    ``general_belief`` (float, NaN if unknown), ``cluster`` (caseworker code into
    ``staff_ids``), ``staff`` (caseworker in force, -1 if none), ``action_active``,
    ``job_action_active`` (0/1), ``contacts_90d`` (contacts in the 90 days up to the
    period start) and the categorical covariates ``age_band``,
    ``gender``, ``target_group``, ``education``, ``municipality``, ``duration_band``.
    """

    rows: pd.DataFrame
    period_days: int
    window_days: int
    exact_timing: bool
    citizen_ids: np.ndarray
    staff_ids: np.ndarray
    n_citizens_total: int

    @property
    def n_events(self) -> int:
        return int(self.rows["event"].sum())


def _days(values: pd.Series | np.ndarray) -> np.ndarray:
    """Dates -> int64 days since 1900-01-01; missing dates -> NO_DAY."""
    arr = np.asarray(values, dtype="datetime64[ns]").astype("datetime64[D]")
    out = (arr - _DAY0).astype("int64")
    return np.where(np.isnat(arr), NO_DAY, out)


def _key(citizen: np.ndarray, day: np.ndarray) -> np.ndarray:
    return (citizen.astype(np.int64) << _SHIFT) | day.astype(np.int64)


def asof(
    ev_citizen: np.ndarray, ev_day: np.ndarray, q_citizen: np.ndarray, q_day: np.ndarray
) -> np.ndarray:
    """Index of the latest event on or before ``q_day`` for the same citizen, or -1.

    Ties on one day resolve to the event that comes last in the input.

    Examples
    --------
    >>> asof(np.array([0, 0, 1]), np.array([5, 9, 3]), np.array([0, 0, 1, 2]), np.array([4, 9, 10, 1]))
    array([-1,  1,  2, -1])
    """
    if ev_citizen.size == 0:
        return np.full(q_citizen.shape, -1, dtype=np.int64)
    keys = _key(ev_citizen, ev_day)
    order = np.argsort(keys, kind="stable")
    pos = np.searchsorted(keys[order], _key(q_citizen, q_day), side="right") - 1
    found = pos >= 0
    idx = np.where(found, order[np.maximum(pos, 0)], -1)
    ok = found & (ev_citizen[np.maximum(idx, 0)] == q_citizen)
    return np.where(ok, idx, -1)


def _pick(values: np.ndarray, idx: np.ndarray, fill: float) -> np.ndarray:
    """``values[idx]`` where ``idx >= 0``, else ``fill`` (also when ``values`` is empty)."""
    if values.size == 0:
        return np.full(idx.shape, fill)
    return np.where(idx >= 0, values[np.maximum(idx, 0)], fill)


def count_upto(
    ev_citizen: np.ndarray,
    ev_day: np.ndarray,
    q_citizen: np.ndarray,
    q_day: np.ndarray,
    *,
    strict: bool = False,
) -> np.ndarray:
    """How many of the citizen's events fall on or before (``strict``: before) ``q_day``."""
    keys = np.sort(_key(ev_citizen, ev_day))
    side: Literal["left", "right"] = "left" if strict else "right"
    hi = np.searchsorted(keys, _key(q_citizen, q_day), side=side)
    lo = np.searchsorted(keys, _key(q_citizen, np.zeros_like(q_day)), side="left")
    counts: np.ndarray = hi - lo
    return counts


def id_codes(values: pd.Series | np.ndarray, known: pa.Array) -> np.ndarray:
    """Position of each id in ``known`` (-1 if unknown), hashed in Arrow.

    Examples
    --------
    >>> id_codes(pd.Series(["b", "x", "a"]), pa.array(["a", "b"])).tolist()
    [1, -1, 0]
    """
    idx = pc.index_in(pa.array(values, type=pa.string()), value_set=known)
    return np.asarray(pc.fill_null(idx, -1).to_numpy(zero_copy_only=False), dtype=np.int64)


def build_panel(
    data: ResearchData,
    *,
    period_days: int = 30,
    window_days: int = 182,
    exact_timing: bool = False,
) -> Panel:
    """Build the person-period panel from a validated research data folder.

    Parameters
    ----------
    data
        A validated folder (see :func:`jobtro.analysis.io.load_folder`).
    period_days
        Length of a period; 30 days gives about 12 periods a year.
    window_days
        How long after a change of caseworker counts as "just changed".
    exact_timing
        Also split periods on the day a rating, a change of caseworker or the end of
        a change window happens, so that every row has one state throughout; rows
        then carry their length in ``exposure`` (a fraction of a period) and the
        model uses it as an offset. Without it (the standard person-period panel)
        a new rating counts from the next period start, which attenuates the belief
        effect a little (see docs/analysis.md).

    Examples
    --------
    >>> from jobtro.analysis.synth import SynthConfig, synthesize
    >>> from jobtro.analysis.io import from_tables
    >>> p = build_panel(from_tables(synthesize(SynthConfig(n_citizens=100))), period_days=30)
    >>> set(p.rows["event"].unique()) <= {0, 1}
    True
    """
    cit = data.citizens.reset_index(drop=True)
    citizen_ids = cit["citizen_id"].to_numpy(dtype=object)
    staff_ids = data.staff["staff_id"].to_numpy(dtype=object)
    sindex = pa.array(staff_ids, type=pa.string())
    ix = _Index(
        citizens=pa.array(citizen_ids, type=pa.string()),
        staff=sindex,
        enrol=_days(cit["enrolled_on"]),
        obs_end=int(_days(np.array([np.datetime64(data.observed_until)]))[0]),
    )
    risk = _time_at_risk(data, ix)
    ratings = _belief_ratings(data, ix)
    spells = _spells(data, ix)

    # --- rows: periods, or periods split where the state changes --------------------------
    row_cit, day, length = _period_rows(risk.exit_day, ix.enrol, period_days)
    if exact_timing:
        ok_r = ratings.citizen >= 0
        change_c, change_d = spells.citizen[spells.is_change], spells.start[spells.is_change]
        row_cit, day, length = _split_rows(
            row_cit,
            day,
            np.concatenate([ratings.citizen[ok_r], change_c, change_c]),
            np.concatenate([ratings.day[ok_r], change_d, change_d + window_days]),
            ix.enrol,
            risk.first_event,
            risk.exit_day,
            risk.event,
            ix.obs_end,
            period_days,
        )
    period = (day - ix.enrol[row_cit]) // period_days
    first_event = risk.first_event[row_cit]
    row_event = (risk.event[row_cit] & (day <= first_event) & (first_event < day + length)).astype(
        np.int8
    )

    # --- latest belief rating, carried forward ------------------------------------------
    ri = asof(ratings.citizen, ratings.day, row_cit, day)
    belief = _pick(ratings.value, ri, np.nan)
    latest_rater = _pick(ratings.rater, ri, -1)

    # --- caseworker in force and changes -------------------------------------------------
    ai = asof(spells.citizen, spells.start, row_cit, day)
    in_force = _pick(spells.end, ai, -1) >= day
    staff = np.where(in_force, _pick(spells.staff, ai, -1), -1)
    change_start = spells.start[spells.is_change]
    ci = asof(spells.citizen[spells.is_change], change_start, row_cit, day)
    since = np.where(ci >= 0, day - _pick(change_start, ci, 0), -1)
    change_window = ((ci >= 0) & (since < window_days)).astype(np.int8)

    # --- general belief of the caseworker -----------------------------------------------
    cluster = np.where(staff >= 0, staff, latest_rater)
    general = _general_belief(
        data,
        ratings.citizen,
        ratings.rater,
        ratings.value,
        row_cit,
        cluster,
        sindex,
        len(staff_ids),
    )
    active, job_active = _actions_active(data, ix, row_cit, day)

    rows = pd.DataFrame(
        {
            "citizen": row_cit.astype(np.int32),
            "period": period.astype(np.int32),
            "day": day.astype(np.int32),
            "event": row_event,
            "exposure": length / period_days,
            "belief": belief,
            "change_window": change_window,
            "days_since_change": np.where(since >= 0, since, np.nan),
            "general_belief": general,
            "cluster": cluster.astype(np.int32),
            "staff": staff.astype(np.int32),
            "action_active": (active > 0).astype(np.int8),
            "job_action_active": (job_active > 0).astype(np.int8),
            "contacts_90d": _contacts_90d(data, ix, row_cit, day).astype(np.int32),
            **_covariates(cit, row_cit, period, period_days),
        }
    )
    # Time before the first rating is not at risk: the belief is unknown there.
    rows = rows[~np.isnan(belief)].reset_index(drop=True)
    rows["belief"] = rows["belief"].astype(np.int8)
    return Panel(
        rows=rows,
        period_days=period_days,
        window_days=window_days,
        exact_timing=exact_timing,
        citizen_ids=citizen_ids,
        staff_ids=staff_ids,
        n_citizens_total=len(cit),
    )


@dataclass(frozen=True)
class _Index:
    """What every table is coded against: the citizens' and staff's ids, days of enrolment."""

    citizens: pa.Array
    staff: pa.Array
    enrol: np.ndarray  # days since 1900, per citizen code
    obs_end: int


@dataclass(frozen=True)
class _TimeAtRisk:
    first_event: np.ndarray  # first job, flexjob or education on or after enrolment
    event: np.ndarray  # that event happened first, within the observation
    exit_day: np.ndarray  # the event, a first other outcome, or observed_until


@dataclass(frozen=True)
class _Ratings:
    citizen: np.ndarray
    day: np.ndarray
    value: np.ndarray
    rater: np.ndarray


@dataclass(frozen=True)
class _Spells:
    """Assignments coded; ``is_change`` marks a new caseworker after the citizen's first."""

    citizen: np.ndarray
    staff: np.ndarray
    start: np.ndarray
    end: np.ndarray  # NO_DAY when ongoing
    is_change: np.ndarray


def _time_at_risk(data: ResearchData, ix: _Index) -> _TimeAtRisk:
    out = data.outcomes
    o_c = id_codes(out["citizen_id"], ix.citizens)
    o_d = _days(out["start_date"])
    # Outcomes before enrolment belong to an earlier spell and are ignored.
    valid = (o_c >= 0) & (o_d >= ix.enrol[np.maximum(o_c, 0)])
    is_event = out["kind"].isin(EVENT_KINDS).to_numpy()
    n = ix.enrol.size
    first_event = np.full(n, NO_DAY, dtype=np.int64)
    first_other = np.full(n, NO_DAY, dtype=np.int64)
    np.minimum.at(first_event, o_c[valid & is_event], o_d[valid & is_event])
    np.minimum.at(first_other, o_c[valid & ~is_event], o_d[valid & ~is_event])
    return _TimeAtRisk(
        first_event=first_event,
        event=(first_event <= first_other) & (first_event <= ix.obs_end),
        exit_day=np.minimum(np.minimum(first_event, first_other), ix.obs_end),
    )


def _belief_ratings(data: ResearchData, ix: _Index) -> _Ratings:
    br = data.belief_ratings()
    return _Ratings(
        citizen=id_codes(br["citizen_id"], ix.citizens),
        day=_days(br["rated_on"]),
        value=br["value"].to_numpy(dtype=float),
        rater=id_codes(br["rater_id"], ix.staff),
    )


def _spells(data: ResearchData, ix: _Index) -> _Spells:
    a = data.assignments
    a_c = id_codes(a["citizen_id"], ix.citizens)
    a_s = id_codes(a["staff_id"], ix.staff)
    a_start = _days(a["start_date"])
    # A change is a new assignment to *another* caseworker after the citizen's first.
    order = np.lexsort((a_start, a_c))
    same_prev = np.zeros(len(a), dtype=bool)
    other_staff = np.zeros(len(a), dtype=bool)
    same_prev[order[1:]] = a_c[order[1:]] == a_c[order[:-1]]
    other_staff[order[1:]] = a_s[order[1:]] != a_s[order[:-1]]
    return _Spells(
        citizen=a_c,
        staff=a_s,
        start=a_start,
        end=_days(a["end_date"]),
        is_change=same_prev & other_staff & (a_c >= 0),
    )


def _period_rows(
    exit_day: np.ndarray, enrol: np.ndarray, period_days: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One row per citizen and period from enrolment to exit: (citizen, start, length)."""
    n_periods = np.where(exit_day >= enrol, (exit_day - enrol) // period_days + 1, 0)
    row_cit = np.repeat(np.arange(enrol.size), n_periods)
    first_row = np.cumsum(n_periods) - n_periods
    k = np.arange(int(n_periods.sum())) - np.repeat(first_row, n_periods)
    day = enrol[row_cit] + k * period_days
    return row_cit, day, np.full(day.size, period_days, dtype=np.int64)


def _actions_active(
    data: ResearchData, ix: _Index, row_cit: np.ndarray, day: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """How many actions, and job-oriented actions, run on each row's first day."""
    act = data.actions
    x_c = id_codes(act["citizen_id"], ix.citizens)
    x_s = _days(act["start_date"])
    x_e = _days(act["end_date"])
    job = act["kind"].astype(str).str.strip().str.lower().isin(JOB_ORIENTED_ACTIONS).to_numpy()
    ok = x_c >= 0
    active = count_upto(x_c[ok], x_s[ok], row_cit, day) - count_upto(
        x_c[ok], x_e[ok], row_cit, day, strict=True
    )
    jok = ok & job
    job_active = count_upto(x_c[jok], x_s[jok], row_cit, day) - count_upto(
        x_c[jok], x_e[jok], row_cit, day, strict=True
    )
    return active, job_active


def _contacts_90d(
    data: ResearchData, ix: _Index, row_cit: np.ndarray, day: np.ndarray
) -> np.ndarray:
    """Contacts in the 90 days up to each row's first day."""
    con = data.contacts
    k_c = id_codes(con["citizen_id"], ix.citizens)
    k_d = _days(con["date"])
    k_ok = k_c >= 0
    counts: np.ndarray = count_upto(k_c[k_ok], k_d[k_ok], row_cit, day) - count_upto(
        k_c[k_ok], k_d[k_ok], row_cit, np.maximum(day - 90, 0)
    )
    return counts


def _covariates(
    cit: pd.DataFrame, row_cit: np.ndarray, period: np.ndarray, period_days: int
) -> dict[str, pd.Categorical]:
    """The categorical covariates: fixed at enrolment, except time since enrolment."""
    enrol_year = cit["enrolled_on"].dt.year.to_numpy()
    age = enrol_year - cit["birth_year"].to_numpy(dtype=float)
    age_band = np.searchsorted(np.array(AGE_EDGES), age, side="right")
    dur_band = np.minimum(period * period_days // DURATION_BAND_DAYS, len(DURATION_BANDS) - 1)

    def cat(col: str) -> pd.Categorical:
        s = cit[col].astype(str).str.strip().replace("", UNKNOWN)
        return pd.Categorical(s)

    return {
        "age_band": pd.Categorical.from_codes(age_band[row_cit], pd.Index(AGE_BANDS)),
        "gender": cat("gender")[row_cit],
        "target_group": cat("target_group")[row_cit],
        "education": cat("education")[row_cit],
        "municipality": cat("municipality_id")[row_cit],
        "duration_band": pd.Categorical.from_codes(dur_band, pd.Index(DURATION_BANDS)),
    }


def _split_rows(
    row_cit: np.ndarray,
    day: np.ndarray,
    split_c: np.ndarray,
    split_d: np.ndarray,
    enrol: np.ndarray,
    first_event: np.ndarray,
    exit_day: np.ndarray,
    event: np.ndarray,
    obs_end: int,
    period_days: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Split period rows at the given (citizen, day) points; return (citizen, start, length).

    A censored citizen's last row ends after ``exit_day``. An event row runs to the
    end of its period (capped at ``observed_until``), never to the event day itself:
    an interval that ended *because* of the event would bias a binary model.
    """
    event_end = enrol + ((first_event - enrol) // period_days + 1) * period_days
    end = np.where(event, np.minimum(event_end, obs_end + 1), exit_day + 1)
    inside = (split_d > enrol[split_c]) & (split_d < end[split_c])
    if np.any(event):  # nothing after the event day starts a row
        inside &= ~(event[split_c] & (split_d > first_event[split_c]))
    keys = np.unique(np.concatenate([_key(row_cit, day), _key(split_c[inside], split_d[inside])]))
    cit = (keys >> _SHIFT).astype(np.int64)
    start = keys & ((1 << _SHIFT) - 1)
    same_next = np.append(cit[1:] == cit[:-1], False)
    stop = np.where(same_next, np.append(start[1:], 0), end[cit])
    return cit, start, stop - start


def _general_belief(
    data: ResearchData,
    r_c: np.ndarray,
    r_s: np.ndarray,
    r_v: np.ndarray,
    row_cit: np.ndarray,
    row_staff: np.ndarray,
    sindex: pa.Array,
    n_staff: int,
) -> np.ndarray:
    """Caseworker's general belief for each row.

    Leave-one-out: the mean of the caseworker's ratings of *other* citizens, so a
    caseworker's own rating of this citizen must not explain itself. Where the
    caseworker answered the ``general_belief`` survey, their mean answer is used.
    """
    ok = (r_s >= 0) & (r_c >= 0)
    s_sum = np.bincount(r_s[ok], weights=r_v[ok], minlength=n_staff)
    s_cnt = np.bincount(r_s[ok], minlength=n_staff).astype(float)
    pair = (r_s[ok].astype(np.int64) << 32) | r_c[ok].astype(np.int64)
    keys, inv = np.unique(pair, return_inverse=True)
    p_sum = np.bincount(inv, weights=r_v[ok])
    p_cnt = np.bincount(inv).astype(float)
    has = row_staff >= 0
    q = (np.maximum(row_staff, 0).astype(np.int64) << 32) | row_cit.astype(np.int64)
    pos = np.searchsorted(keys, q)
    pos_ok = pos < keys.size
    hit = pos_ok & (keys[np.minimum(pos, keys.size - 1)] == q) if keys.size else np.zeros_like(has)
    own_sum = np.where(
        hit, p_sum[np.minimum(pos, max(keys.size - 1, 0))] if keys.size else 0.0, 0.0
    )
    own_cnt = np.where(
        hit, p_cnt[np.minimum(pos, max(keys.size - 1, 0))] if keys.size else 0.0, 0.0
    )
    st = np.maximum(row_staff, 0)
    denom = s_cnt[st] - own_cnt
    with np.errstate(invalid="ignore", divide="ignore"):
        loo = np.where(has & (denom > 0), (s_sum[st] - own_sum) / denom, np.nan)
    gb = data.general_belief
    if len(gb):
        g_s = id_codes(gb["staff_id"], sindex)
        g_ok = g_s >= 0
        a_sum = np.bincount(
            g_s[g_ok], weights=gb["value"].to_numpy(dtype=float)[g_ok], minlength=n_staff
        )
        a_cnt = np.bincount(g_s[g_ok], minlength=n_staff)
        with np.errstate(invalid="ignore", divide="ignore"):
            answer = np.where(a_cnt > 0, a_sum / np.maximum(a_cnt, 1), np.nan)
        loo = np.where(has & ~np.isnan(answer[st]), answer[st], loo)
    return loo
