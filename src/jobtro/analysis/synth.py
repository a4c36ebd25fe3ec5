"""Synthetic research data folders with a known truth.

The generator draws a whole cohort at once with numpy (one loop over the *rating
number*, never over citizens), so that 100,000 citizens take seconds. The truth is a
continuous-time proportional-hazards model:

    h_i(t) = h0 * d(band(t)) * exp(x_i b) * HR_belief ** (B_i(t) - 3)
             * HR_change ** W_i(t) * HR_general ** o_s(t)

where ``B_i(t)`` is the citizen's latest caseworker rating of ``belief_job_1y``,
``W_i(t)`` is 1 during ``window_days`` after a change of caseworker, ``o_s`` is the
optimism of the caseworker in force, and ``x_i`` are the covariates (age band,
gender, target group, education, municipality), which also drive the ratings — so
an analysis that forgets them is confounded.

Examples
--------
>>> cohort = synthesize(SynthConfig(n_citizens=200, seed=3))
>>> sorted(cohort.tables)[:3]
['actions', 'assignments', 'citizens']
>>> cohort.truth["hr_belief"]
1.33
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import optimize

SCHEMA = "jobtro-research/1"
EPOCH = dt.date(1970, 1, 1)

GENDERS = np.array(["k", "m", ""], dtype=object)
GENDER_P = np.array([0.48, 0.48, 0.04])
GENDER_LOGHR = np.array([-0.05, 0.0, 0.0])

TARGET_GROUPS = np.array(["aktivitetsparat", "jobparat", "sygedagpengemodtager"], dtype=object)
TARGET_P = np.array([0.60, 0.25, 0.15])
TARGET_LOGHR = np.array([0.0, 0.7, 0.2])
TARGET_BELIEF = np.array([0.0, 0.8, 0.3])

EDUCATIONS = np.array(["grundskole", "gymnasial", "erhvervsfaglig", "videregående"], dtype=object)
EDUCATION_P = np.array([0.45, 0.15, 0.30, 0.10])
EDUCATION_LOGHR = np.array([0.0, 0.2, 0.3, 0.5])
EDUCATION_BELIEF = np.array([0.0, 0.2, 0.3, 0.5])

# Age bands as the analysis uses them (see panel.AGE_BANDS): <30, 30-39, 40-49, 50+.
AGE_LOGHR = np.array([0.3, 0.1, 0.0, -0.4])
AGE_BELIEF = np.array([0.3, 0.2, 0.0, -0.4])

# Baseline hazard falls with time since enrolment, piecewise constant in 180-day
# bands — the same bands the panel uses, so the discrete-time model is not misspecified.
DURATION_BAND_DAYS = 180
DURATION_MULT = np.array([1.0, 0.9, 0.8, 0.7, 0.6])

JOB_ACTIONS = np.array(["virksomhedspraktik", "løntilskud", "jobsøgningsforløb"], dtype=object)
OTHER_ACTIONS = np.array(["afklaringsforløb", "mentor", "behandling"], dtype=object)
OUTCOME_KINDS = np.array(["job", "education", "flexjob"], dtype=object)
OUTCOME_P = np.array([0.70, 0.20, 0.10])


@dataclass(frozen=True)
class SynthConfig:
    """Parameters of a synthetic cohort; every default is the documented truth.

    Examples
    --------
    >>> SynthConfig(n_citizens=100).citizens_per_caseworker
    20
    """

    n_citizens: int = 4000
    seed: int = 1
    hr_belief: float = 1.33
    hr_change: float = 0.78
    hr_general: float = 1.0  # direct effect per unit of caseworker optimism
    window_days: int = 182
    citizens_per_caseworker: int = 20
    staff_per_team: int = 10
    n_municipalities: int | None = None  # None: one per 5,000 citizens, 4 to 98
    study_start: dt.date = dt.date(2021, 1, 1)
    enrol_span_days: int = 730
    observed_until: dt.date = dt.date(2024, 12, 31)
    rating_interval_days: int = 91
    p_change_2y: float = 0.40
    job_1y_target: float = 0.06
    other_exit_per_year: float = 0.03
    experiment_effect: float = 0.3  # belief-scale shift in treated teams' ratings
    sparring_effect: float = 0.2  # belief-scale shift after a sparring session
    sparring_probability: float = 0.10  # per rating of 1 or 2


@dataclass(frozen=True)
class Cohort:
    """A synthetic research data folder in memory: tables, meta and truth."""

    tables: dict[str, pd.DataFrame]
    meta: dict[str, str]
    truth: dict[str, object]


def _days(d: dt.date) -> int:
    return (d - EPOCH).days


def _dates(days: np.ndarray) -> np.ndarray:
    """Integer days since 1970 -> 'YYYY-MM-DD' strings (vectorised)."""
    text: np.ndarray = np.datetime_as_string(
        np.asarray(days, dtype="int64").astype("datetime64[D]")
    )
    return text


def _wrap(values: np.ndarray, limit: int) -> np.ndarray:
    wrapped: np.ndarray = np.minimum(values, limit)
    return wrapped


@dataclass(frozen=True)
class _Organisation:
    """Municipalities, teams and staff (staff sorted by municipality)."""

    n_staff: int
    n_mun: int
    n_teams: int
    staff_mun: np.ndarray
    mun_first: np.ndarray  # index of each municipality's first staff member
    mun_count: np.ndarray
    staff_team: np.ndarray
    optimism: np.ndarray  # each caseworker's optimism, which colours their ratings
    mun_loghr: np.ndarray
    mun_belief: np.ndarray


@dataclass(frozen=True)
class _Citizens:
    n: int
    mun: np.ndarray
    gender: np.ndarray
    target: np.ndarray
    edu: np.ndarray
    age_band: np.ndarray
    enrol: np.ndarray  # days since 1970
    birth_year: np.ndarray
    follow: np.ndarray  # days observed after enrolment
    xb: np.ndarray  # log hazard ratio of the covariates
    latent: np.ndarray  # the citizen's part of the caseworker's belief


@dataclass(frozen=True)
class _Changes:
    chg: np.ndarray  # (n, N_CHANGES_MAX) days after enrolment; int32 max when none
    cw: np.ndarray  # (n, N_CHANGES_MAX + 1) staff index per spell


@dataclass(frozen=True)
class _Ratings:
    rday: np.ndarray  # (n, n_rat_max) days after enrolment
    rvalid: np.ndarray  # the rating falls inside the follow-up
    rater: np.ndarray
    values: np.ndarray
    sparring_after: np.ndarray
    exp_start: int
    exp_end: int
    treated_teams: np.ndarray
    comparison_teams: np.ndarray


@dataclass(frozen=True)
class _Exits:
    h0: float  # calibrated baseline hazard per day
    event: np.ndarray  # job, flexjob or education before the end of follow-up
    exit_other: np.ndarray
    exit_day: np.ndarray  # days after enrolment


N_CHANGES_MAX = 10


def synthesize(config: SynthConfig | None = None) -> Cohort:
    """Draw a cohort from ``config``; all randomness comes from ``default_rng(seed)``.

    The steps draw from the one generator in a fixed order (organisation, citizens,
    changes, ratings, exits, then the tables), so a seed always gives the same folder.

    Examples
    --------
    >>> c = synthesize(SynthConfig(n_citizens=300, seed=1))
    >>> len(c.tables["citizens"])
    300
    """
    cfg = config or SynthConfig()
    rng = np.random.default_rng(cfg.seed)
    t0 = _days(cfg.study_start)
    t_end = _days(cfg.observed_until) + 1  # exclusive end of observation, in days
    org = _organisation(cfg, rng)
    cit = _citizens(cfg, rng, org, t0, t_end)
    changes = _changes(cfg, rng, org, cit)
    ratings = _ratings(cfg, rng, org, cit, changes, t0, t_end)
    exits = _exits(cfg, rng, org, cit, changes, ratings, t_end)

    ids = _Ids.of(cit.n, org)
    # The last three tables draw too: outcome kinds, then actions, then sparring days.
    outcomes = _outcomes_table(rng, ids, cit, exits)
    actions = _actions_table(rng, ids, cit, ratings, exits)
    sparring = _sparring_table(rng, ids, cit, ratings, exits)
    tables = {
        "citizens": _citizens_table(ids, cit),
        "staff": pd.DataFrame(
            {
                "staff_id": ids.staff,
                "team_id": ids.team[org.staff_team],
                "municipality_id": ids.mun[org.staff_mun],
            }
        ),
        "assignments": _assignments_table(ids, cit, changes, exits).sort_values(
            ["citizen_id", "start_date"], kind="stable"
        ),
        "ratings": _ratings_table(ids, cit, ratings, exits),
        "outcomes": outcomes,
        "actions": actions,
        "sparring": sparring,
        "experiments": _experiments_table(ids, ratings),
    }
    meta = {"schema": SCHEMA, "observed_until": cfg.observed_until.isoformat()}
    return Cohort(tables=tables, meta=meta, truth=_truth(cfg, org, cit, changes, exits))


def _organisation(cfg: SynthConfig, rng: np.random.Generator) -> _Organisation:
    n = cfg.n_citizens
    n_staff = max(10, round(n / cfg.citizens_per_caseworker))
    n_mun = cfg.n_municipalities or int(np.clip(n // 5000, 4, 98))
    n_mun = min(n_mun, n_staff)
    staff_mun = np.sort(np.arange(n_staff) % n_mun)  # staff sorted by municipality
    mun_first = np.searchsorted(staff_mun, np.arange(n_mun))
    mun_count = np.bincount(staff_mun, minlength=n_mun)
    # Teams never cross municipalities: number staff within their municipality.
    within = np.arange(n_staff) - mun_first[staff_mun]
    team_local = within // cfg.staff_per_team
    team_key = staff_mun * 10_000 + team_local
    _, staff_team = np.unique(team_key, return_inverse=True)
    return _Organisation(
        n_staff=n_staff,
        n_mun=n_mun,
        n_teams=int(staff_team.max()) + 1,
        staff_mun=staff_mun,
        mun_first=mun_first,
        mun_count=mun_count,
        staff_team=staff_team,
        optimism=rng.normal(0.0, 0.5, n_staff),
        mun_loghr=rng.normal(0.0, 0.15, n_mun),
        mun_belief=rng.normal(0.0, 0.2, n_mun),
    )


def _citizens(
    cfg: SynthConfig, rng: np.random.Generator, org: _Organisation, t0: int, t_end: int
) -> _Citizens:
    n = cfg.n_citizens
    mun = rng.integers(0, org.n_mun, n)
    gender = rng.choice(3, n, p=GENDER_P)
    target = rng.choice(3, n, p=TARGET_P)
    edu = rng.choice(4, n, p=EDUCATION_P)
    age = rng.integers(18, 65, n)
    age_band = np.searchsorted(np.array([30, 40, 50]), age, side="right")
    enrol = t0 + rng.integers(0, cfg.enrol_span_days, n)
    birth_year = (enrol.astype("datetime64[D]").astype("datetime64[Y]").astype(int) + 1970) - age
    xb = (
        GENDER_LOGHR[gender]
        + TARGET_LOGHR[target]
        + EDUCATION_LOGHR[edu]
        + AGE_LOGHR[age_band]
        + org.mun_loghr[mun]
    )
    # The covariates also drive the ratings, so an analysis that forgets them is confounded.
    latent = (
        2.2
        + TARGET_BELIEF[target]
        + EDUCATION_BELIEF[edu]
        + AGE_BELIEF[age_band]
        + org.mun_belief[mun]
        + rng.normal(0.0, 0.6, n)
    )
    return _Citizens(
        n, mun, gender, target, edu, age_band, enrol, birth_year, t_end - enrol, xb, latent
    )


def _changes(
    cfg: SynthConfig, rng: np.random.Generator, org: _Organisation, cit: _Citizens
) -> _Changes:
    """Changes of caseworker: a Poisson process, exogenous to the citizen."""
    n = cit.n
    rate_change = -np.log(1 - cfg.p_change_2y) / 730.0
    # A rate of 0 (no changes at all) is allowed: the gaps are then infinitely long.
    gaps = rng.exponential(1 / rate_change if rate_change > 0 else np.inf, (n, N_CHANGES_MAX))
    # + k keeps change days strictly increasing after rounding to whole days.
    cum_gaps = np.minimum(np.cumsum(gaps, axis=1), 10**7)  # beyond any follow-up
    chg = np.ceil(cum_gaps).astype(np.int64) + np.arange(N_CHANGES_MAX)
    chg = np.where(chg < cit.follow[:, None], chg, np.iinfo(np.int32).max)
    # Caseworkers: uniform within the citizen's municipality; a change moves the
    # index by 1..count-1 so the new caseworker is always another person.
    cnt = org.mun_count[cit.mun]
    first_cw = rng.integers(0, cnt)
    steps = rng.integers(1, np.maximum(cnt, 2)[:, None], (n, N_CHANGES_MAX))
    local = (
        first_cw[:, None] + np.concatenate([np.zeros((n, 1), int), np.cumsum(steps, 1)], 1)
    ) % cnt[:, None]
    return _Changes(chg=chg, cw=org.mun_first[cit.mun][:, None] + local)


def _ratings(
    cfg: SynthConfig,
    rng: np.random.Generator,
    org: _Organisation,
    cit: _Citizens,
    changes: _Changes,
    t0: int,
    t_end: int,
) -> _Ratings:
    """The rating schedule and values, the team experiment and sparring sessions."""
    n = cit.n
    n_rat_max = int(np.ceil((t_end - t0) / (cfg.rating_interval_days - 20))) + 2
    first = rng.integers(0, 29, n)
    intervals = cfg.rating_interval_days + rng.integers(-20, 21, (n, n_rat_max - 1))
    rday = np.concatenate([first[:, None], first[:, None] + np.cumsum(intervals, 1)], 1)
    rvalid = rday < cit.follow[:, None]
    spell = (changes.chg[:, None, :] <= rday[:, :, None]).sum(2)  # spell index at each rating
    rater = np.take_along_axis(changes.cw, spell, 1)
    rater_team = org.staff_team[rater]

    # Team experiment: the first two teams of municipality 0 try something from a
    # year into the study; the other teams of municipalities 0 and 1 compare.
    exp_start, exp_end = t0 + 365, t0 + 365 + 364
    treated_teams = np.unique(org.staff_team[org.staff_mun == 0])[:2]
    comparison_teams = np.setdiff1d(np.unique(org.staff_team[org.staff_mun <= 1]), treated_teams)
    in_exp = (
        np.isin(rater_team, treated_teams)
        & (cit.enrol[:, None] + rday >= exp_start)
        & (cit.enrol[:, None] + rday <= exp_end)
    )

    # Ratings depend on the citizen, the caseworker's optimism and noise; a sparring
    # session is more likely after a low rating, which is what makes a naive
    # before/after comparison regress towards the mean.
    values = np.zeros((n, n_rat_max), dtype=np.int64)
    bump = np.zeros(n)
    sparring_after = np.zeros((n, n_rat_max), dtype=bool)
    for k in range(n_rat_max):  # loop over the rating number, vectorised over citizens
        raw = cit.latent + org.optimism[rater[:, k]] + bump + rng.normal(0.0, 0.5, n)
        raw += cfg.experiment_effect * in_exp[:, k]
        values[:, k] = np.clip(np.rint(raw), 1, 5)
        spar = (
            rvalid[:, k]
            & (values[:, k] <= 2)
            & (bump == 0)
            & (rng.random(n) < cfg.sparring_probability)
        )
        sparring_after[:, k] = spar
        bump = bump + cfg.sparring_effect * spar
    return _Ratings(
        rday,
        rvalid,
        rater,
        values,
        sparring_after,
        exp_start,
        exp_end,
        treated_teams,
        comparison_teams,
    )


def _exits(
    cfg: SynthConfig,
    rng: np.random.Generator,
    org: _Organisation,
    cit: _Citizens,
    changes: _Changes,
    ratings: _Ratings,
    t_end: int,
) -> _Exits:
    """Event and exit days from the hazard, piecewise constant between breakpoints."""
    n, follow, chg, w = cit.n, cit.follow, changes.chg, cfg.window_days
    band_edges = np.arange(1, 12) * DURATION_BAND_DAYS
    bp = np.concatenate(
        [
            np.zeros((n, 1), np.int64),
            np.where(ratings.rvalid, ratings.rday, t_end),
            np.minimum(chg, t_end),
            np.minimum(chg + w, t_end),
            np.broadcast_to(band_edges, (n, band_edges.size)),
            follow[:, None],
        ],
        1,
    )
    bp = np.sort(np.minimum(bp, follow[:, None]), 1)
    seg_start = bp[:, :-1]
    seg_len = np.diff(bp, axis=1).astype(float)
    # State at each segment start, by counting what has happened by then.
    r_idx = (
        np.where(ratings.rvalid, ratings.rday, np.iinfo(np.int32).max)[:, None, :]
        <= seg_start[:, :, None]
    ).sum(2) - 1
    belief = np.where(r_idx >= 0, np.take_along_axis(ratings.values, np.maximum(r_idx, 0), 1), 3)
    c_idx = (chg[:, None, :] <= seg_start[:, :, None]).sum(2)
    last_chg = np.where(c_idx > 0, np.take_along_axis(chg, np.maximum(c_idx - 1, 0), 1), -(10**9))
    window = (seg_start - last_chg) < w
    cw_now = np.take_along_axis(changes.cw, c_idx, 1)
    dmult = DURATION_MULT[_wrap(seg_start // DURATION_BAND_DAYS, DURATION_MULT.size - 1)]
    rel = (
        dmult
        * np.exp(cit.xb)[:, None]
        * cfg.hr_belief ** (belief - 3.0)
        * cfg.hr_change**window
        * cfg.hr_general ** org.optimism[cw_now]
    )

    # Calibrate h0 so that about job_1y_target of citizens are in job within a year.
    first_year = np.clip(np.minimum(bp[:, 1:], 365) - np.minimum(seg_start, 365), 0, None)
    exposure_1y = (rel * first_year).sum(1)

    def share_1y(log_h0: float) -> float:
        return float(np.mean(1 - np.exp(-np.exp(log_h0) * exposure_1y)) - cfg.job_1y_target)

    h0 = float(np.exp(optimize.brentq(share_1y, -20, 5)))
    cum = np.concatenate([np.zeros((n, 1)), np.cumsum(h0 * rel * seg_len, 1)], 1)
    e = rng.exponential(1.0, n)
    hit = cum[:, 1:] > e[:, None]
    has_event = hit.any(1)
    j = np.argmax(hit, 1)
    rate_j = h0 * rel[np.arange(n), j]
    t_event = np.where(
        has_event,
        seg_start[np.arange(n), j] + (e - cum[np.arange(n), j]) / np.where(rate_j > 0, rate_j, 1),
        np.inf,
    )
    t_other = rng.exponential(365.0 / max(cfg.other_exit_per_year, 1e-9), n)
    exit_other = (t_other < t_event) & (t_other < follow)
    event = has_event & ~exit_other & (t_event < follow)
    exit_day = np.floor(np.where(event, t_event, np.where(exit_other, t_other, follow - 1))).astype(
        np.int64
    )
    return _Exits(h0=h0, event=event, exit_other=exit_other, exit_day=exit_day)


@dataclass(frozen=True)
class _Ids:
    """The opaque ids written to the tables."""

    citizen: np.ndarray
    staff: np.ndarray
    mun: np.ndarray
    team: np.ndarray

    @classmethod
    def of(cls, n: int, org: _Organisation) -> _Ids:
        return cls(
            citizen=np.array([f"B{i:06d}" for i in range(n)], dtype=object),
            staff=np.array([f"S{i:05d}" for i in range(org.n_staff)], dtype=object),
            mun=np.array([f"K{i:03d}" for i in range(org.n_mun)], dtype=object),
            team=np.array([f"T{i:04d}" for i in range(org.n_teams)], dtype=object),
        )


def _citizens_table(ids: _Ids, cit: _Citizens) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "citizen_id": ids.citizen,
            "municipality_id": ids.mun[cit.mun],
            "birth_year": cit.birth_year,
            "gender": GENDERS[cit.gender],
            "target_group": TARGET_GROUPS[cit.target],
            "education": EDUCATIONS[cit.edu],
            "enrolled_on": _dates(cit.enrol),
        }
    )


def _assignments_table(ids: _Ids, cit: _Citizens, changes: _Changes, exits: _Exits) -> pd.DataFrame:
    """One spell per change that happened before the citizen left."""
    n, chg, enrol = cit.n, changes.chg, cit.enrol
    starts = np.concatenate([np.zeros((n, 1), np.int64), chg], 1)
    a_ok = starts <= exits.exit_day[:, None]
    nxt = np.concatenate([chg, np.full((n, 1), np.iinfo(np.int32).max)], 1)
    a_i, a_k = np.nonzero(a_ok)
    a_end = nxt[a_i, a_k]
    ongoing = ~a_ok[a_i, np.minimum(a_k + 1, N_CHANGES_MAX)] | (a_k == N_CHANGES_MAX)
    return pd.DataFrame(
        {
            "citizen_id": ids.citizen[a_i],
            "staff_id": ids.staff[changes.cw[a_i, a_k]],
            "start_date": _dates(enrol[a_i] + starts[a_i, a_k]),
            "end_date": np.where(ongoing, "", _dates(enrol[a_i] + np.minimum(a_end, 10**6) - 1)),
        }
    )


def _rated(ratings: _Ratings, exits: _Exits) -> np.ndarray:
    """The ratings that happened: inside the follow-up and not after the exit."""
    return ratings.rvalid & (ratings.rday <= exits.exit_day[:, None])


def _ratings_table(ids: _Ids, cit: _Citizens, ratings: _Ratings, exits: _Exits) -> pd.DataFrame:
    r_i, r_k = np.nonzero(_rated(ratings, exits))
    return pd.DataFrame(
        {
            "citizen_id": ids.citizen[r_i],
            "rater_id": ids.staff[ratings.rater[r_i, r_k]],
            "rater_type": "caseworker",
            "item_id": "belief_job_1y",
            "value": ratings.values[r_i, r_k],
            "rated_on": _dates(cit.enrol[r_i] + ratings.rday[r_i, r_k]),
            "instrument": "tro-1",
        }
    )


def _outcomes_table(
    rng: np.random.Generator, ids: _Ids, cit: _Citizens, exits: _Exits
) -> pd.DataFrame:
    out_kind = np.where(exits.event, OUTCOME_KINDS[rng.choice(3, cit.n, p=OUTCOME_P)], "other")
    o_ok = exits.event | exits.exit_other
    return pd.DataFrame(
        {
            "citizen_id": ids.citizen[o_ok],
            "kind": out_kind[o_ok],
            "start_date": _dates((cit.enrol + exits.exit_day)[o_ok]),
        }
    )


def _actions_table(
    rng: np.random.Generator, ids: _Ids, cit: _Citizens, ratings: _Ratings, exits: _Exits
) -> pd.DataFrame:
    """After each rating, a job-oriented action starts more often the higher the belief
    (expectations -> action); actions do not change the hazard here."""
    n, n_rat_max = ratings.values.shape
    exit_day, r_ok = exits.exit_day, _rated(ratings, exits)
    p_job = 1 / (1 + np.exp(-(-1.6 + 0.5 * (ratings.values - 3))))
    u = rng.random((n, n_rat_max))
    kind_job = r_ok & (u < p_job)
    kind_other = r_ok & ~kind_job & (u > 0.75)
    act_start = ratings.rday + rng.integers(1, 31, (n, n_rat_max))
    act_len = rng.integers(60, 121, (n, n_rat_max))
    act_ok = (kind_job | kind_other) & (act_start <= exit_day[:, None])
    x_i, x_k = np.nonzero(act_ok)
    a_kind = np.where(
        kind_job[x_i, x_k],
        JOB_ACTIONS[rng.integers(0, 3, x_i.size)],
        OTHER_ACTIONS[rng.integers(0, 3, x_i.size)],
    )
    a_stop = act_start[x_i, x_k] + act_len[x_i, x_k]
    return pd.DataFrame(
        {
            "citizen_id": ids.citizen[x_i],
            "kind": a_kind,
            "start_date": _dates(cit.enrol[x_i] + act_start[x_i, x_k]),
            "end_date": np.where(
                a_stop <= exit_day[x_i],
                _dates(cit.enrol[x_i] + np.minimum(a_stop, exit_day[x_i])),
                "",
            ),
        }
    )


def _sparring_table(
    rng: np.random.Generator, ids: _Ids, cit: _Citizens, ratings: _Ratings, exits: _Exits
) -> pd.DataFrame:
    s_i, s_k = np.nonzero(ratings.sparring_after & _rated(ratings, exits))
    s_day = ratings.rday[s_i, s_k] + rng.integers(7, 22, s_i.size)
    keep = s_day <= exits.exit_day[s_i]
    return pd.DataFrame(
        {
            "citizen_id": ids.citizen[s_i[keep]],
            "staff_id": ids.staff[ratings.rater[s_i[keep], s_k[keep]]],
            "date": _dates(cit.enrol[s_i[keep]] + s_day[keep]),
        }
    )


def _experiments_table(ids: _Ids, ratings: _Ratings) -> pd.DataFrame:
    exp_rows = [(t, "treatment") for t in ratings.treated_teams] + [
        (t, "comparison") for t in ratings.comparison_teams
    ]
    return pd.DataFrame(
        {
            "experiment_id": "E1",
            "team_id": [ids.team[t] for t, _ in exp_rows],
            "role": [r for _, r in exp_rows],
            "start_date": _dates(np.array([ratings.exp_start])).item(),
            "end_date": _dates(np.array([ratings.exp_end])).item(),
        }
    )


def _truth(
    cfg: SynthConfig, org: _Organisation, cit: _Citizens, changes: _Changes, exits: _Exits
) -> dict[str, object]:
    """``truth.json``: what the cohort was drawn from, for recovery tests."""
    n, follow, exit_day = cit.n, cit.follow, exits.exit_day
    in_year = (exit_day < 365) & exits.event & (follow >= 365)
    return {
        "schema": "jobtro-synth-truth/1",
        "seed": cfg.seed,
        "n_citizens": n,
        "n_staff": org.n_staff,
        "n_teams": org.n_teams,
        "n_municipalities": org.n_mun,
        "hr_belief": cfg.hr_belief,
        "hr_change": cfg.hr_change,
        "window_days": cfg.window_days,
        "hr_general_direct_per_optimism_unit": cfg.hr_general,
        "baseline_hazard_per_day": exits.h0,
        "duration_band_days": DURATION_BAND_DAYS,
        "duration_multipliers": DURATION_MULT.tolist(),
        "log_hr_covariates": {
            "gender": dict(zip(GENDERS.tolist(), GENDER_LOGHR.tolist(), strict=True)),
            "target_group": dict(zip(TARGET_GROUPS.tolist(), TARGET_LOGHR.tolist(), strict=True)),
            "education": dict(zip(EDUCATIONS.tolist(), EDUCATION_LOGHR.tolist(), strict=True)),
            "age_band": dict(
                zip(["<30", "30-39", "40-49", "50+"], AGE_LOGHR.tolist(), strict=True)
            ),
        },
        "experiment_effect_on_belief": cfg.experiment_effect,
        "sparring_effect_on_belief": cfg.sparring_effect,
        "actions_affect_hazard": False,
        "share_in_job_within_1y_simulated": float(in_year.sum() / max((follow >= 365).sum(), 1)),
        "share_with_caseworker_change_within_2y": float(
            ((changes.chg[:, 0] < 730) & (changes.chg[:, 0] <= exit_day)).sum() / n
        ),
        "config": {k: (str(v) if isinstance(v, dt.date) else v) for k, v in asdict(cfg).items()},
    }


def write_folder(cohort: Cohort, out: Path | str, *, fmt: str = "csv") -> Path:
    """Write ``cohort`` as a research data folder (CSV or Parquet) with ``truth.json``.

    Examples
    --------
    >>> import tempfile
    >>> d = write_folder(synthesize(SynthConfig(n_citizens=50)), tempfile.mkdtemp())
    >>> (d / "meta.json").exists(), (d / "truth.json").exists()
    (True, True)
    """
    path = Path(out)
    path.mkdir(parents=True, exist_ok=True)
    for name, table in cohort.tables.items():
        if fmt == "parquet":
            table.to_parquet(path / f"{name}.parquet", index=False)
        else:
            table.to_csv(path / f"{name}.csv", index=False)
    (path / "meta.json").write_text(json.dumps(cohort.meta, indent=2) + "\n", encoding="utf-8")
    (path / "truth.json").write_text(
        json.dumps(cohort.truth, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return path
