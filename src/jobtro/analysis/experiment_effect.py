"""One team experiment against one comparison team: difference-in-differences with
honest uncertainty, for the experiment's own page.

The research analysis (:func:`jobtro.analysis.experiments.team_experiments`) clusters
on teams, which is right with several teams on each side and meaningless with one
against one: two clusters give an interval that looks precise and is not. A single
experiment usually has one team and one comparison team, so here the same model —
``value ~ treated x after + team + quarter`` — is bootstrapped with the caseworkers
as clusters (the engine's wild cluster bootstrap). That respects that one
caseworker's ratings hang together, but it cannot separate the experiment from
something else that hit the whole team at the same time; the page says so.

Each of the four cells (experiment/comparison x before/after) must hold at least
``min_staff`` caseworkers and ``min_citizens`` citizens, or there is no estimate
("for få data") — the same thresholds that suppress small cells everywhere else.

Examples
--------
>>> import numpy as np, pandas as pd
>>> rng = np.random.default_rng(3)
>>> rows = []
>>> for team in ("a", "b"):
...     for s in range(6):
...         for m in range(-6, 6):
...             for c in range(3):
...                 up = 0.6 if team == "a" and m >= 0 else 0.0
...                 v = int(np.clip(round(3 + up + rng.normal(0, 0.8)), 1, 5))
...                 day = pd.Timestamp("2025-07-01") + pd.DateOffset(months=m)
...                 rows.append((f"{team}{s}", team, f"{team}{s}c{c}", v, day))
>>> r = pd.DataFrame(rows, columns=["rater_id", "team_id", "citizen_id", "value", "rated_on"])
>>> e = experiment_effect(r, start=pd.Timestamp("2025-07-01"), end=pd.Timestamp("2025-12-31"),
...                       treated_teams={"a"}, min_staff=5, min_citizens=10, n_boot=199)
>>> e.enough, e.ci_low < 0.6 < e.ci_high
(True, True)
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
import pandas as pd

from jobtro.analysis.experiments import wild_cluster_bootstrap

LOOKBACK_DAYS = 365


@dataclass(frozen=True)
class Cell:
    group: str  # "experiment" or "comparison"
    period: str  # "before" or "after"
    n_ratings: int
    n_staff: int
    n_citizens: int
    mean: float | None  # None when the cell is too small to show


@dataclass(frozen=True)
class ExperimentEffect:
    enough: bool  # False: too few data for an estimate
    estimate: float | None  # change in mean belief (scale points), experiment vs comparison
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    n_ratings: int
    cells: tuple[Cell, ...]
    method: str


def experiment_effect(
    ratings: pd.DataFrame,
    *,
    start: pd.Timestamp,
    end: pd.Timestamp,
    treated_teams: Collection[str],
    min_staff: int,
    min_citizens: int,
    n_boot: int = 999,
    seed: int = 0,
) -> ExperimentEffect:
    """Difference-in-differences of belief ratings (``rater_id, team_id, citizen_id,
    value, rated_on``; each rating on the team its rater was in that day): a year
    before ``start`` against ``start`` … ``end``, experiment teams against the others.
    """
    d = ratings[
        (ratings["rated_on"] >= start - pd.Timedelta(days=LOOKBACK_DAYS))
        & (ratings["rated_on"] <= end)
    ]
    treated = d["team_id"].isin(list(treated_teams)).to_numpy()
    after = (d["rated_on"] >= start).to_numpy()
    cells = []
    for group, g_mask in (("experiment", treated), ("comparison", ~treated)):
        for period, p_mask in (("before", ~after), ("after", after)):
            c = d[g_mask & p_mask]
            n_staff, n_cit = c["rater_id"].nunique(), c["citizen_id"].nunique()
            shown = n_staff >= min_staff and n_cit >= min_citizens
            cells.append(
                Cell(
                    group,
                    period,
                    len(c),
                    n_staff,
                    n_cit,
                    float(c["value"].mean()) if shown else None,
                )
            )
    method = (
        "Forskel-i-forskelle på sagsbehandlernes tro-vurderinger med team- og kvartalseffekter; "
        f"wild cluster bootstrap (Webb-vægte, {n_boot} træk) med medarbejderne som klynger"
    )
    if any(c.mean is None for c in cells):
        return ExperimentEffect(False, None, None, None, None, len(d), tuple(cells), method)
    team_codes, teams = pd.factorize(d["team_id"])
    q_codes, quarters = pd.factorize(d["rated_on"].dt.to_period("Q").astype(str))
    rater_codes, _ = pd.factorize(d["rater_id"])
    D = (treated & after).astype(float)
    X = np.column_stack([D, np.eye(len(teams))[team_codes], np.eye(len(quarters))[q_codes][:, 1:]])
    y = d["value"].to_numpy(dtype=float)
    rng = np.random.default_rng(seed)
    est, lo, hi, p = wild_cluster_bootstrap(X, y, rater_codes, n_boot=n_boot, rng=rng)
    return ExperimentEffect(True, est, lo, hi, p, len(d), tuple(cells), method)
