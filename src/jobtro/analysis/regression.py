"""Discrete-time hazard models fitted on collapsed covariate-pattern cells.

A complementary log-log (cloglog) binomial model on person-periods estimates the
hazard ratio of the underlying continuous-time proportional-hazards model. Rows with
the same covariate pattern share one probability, so the likelihood depends on the
data only through (events, periods at risk) per pattern: fitting the collapsed cells
gives the *same* maximum-likelihood estimates as the full table, in a fraction of
the time. Cluster-robust standard errors need each cluster's score sum; a row's
score depends only on its pattern and its outcome, so the per-cluster sums come from
one sparse (cluster x cell) matrix product, without refitting anything.

Examples
--------
>>> import pandas as pd
>>> rows = pd.DataFrame({"event": [0, 1, 0, 0, 1, 0, 0, 1], "x": [0, 0, 0, 1, 1, 1, 1, 0],
...                      "cluster": [0, 0, 1, 1, 2, 2, 3, 3]})
>>> fit = fit_cloglog(rows, numeric=["x"], categorical=[], cluster="cluster")
>>> fit.n_cells, fit.n_obs  # two covariate patterns, x = 0 and x = 1
(2, 8)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse, stats
from threadpoolctl import threadpool_limits

Z95 = float(stats.norm.ppf(0.975))


@dataclass(frozen=True)
class HazardRatio:
    """A hazard ratio with its 95 % confidence interval.

    Examples
    --------
    >>> hr = HazardRatio(1.33, 1.2, 1.47, 0.001, 0.05, 120, "cloglog")
    >>> hr.estimate > 1
    True
    """

    estimate: float
    ci_low: float
    ci_high: float
    p_value: float
    se_log: float
    n_events: int
    method: str


@dataclass(frozen=True, eq=False)
class CloglogFit:
    """A fitted discrete-time cloglog hazard model.

    ``cov`` is cluster-robust (by ``cluster``) when clusters were given, otherwise
    the model-based inverse information. ``cells`` holds the collapsed patterns
    (design columns, ``events``, ``trials``) for predictions.
    """

    names: tuple[str, ...]
    params: np.ndarray
    cov: np.ndarray
    cov_model: np.ndarray
    n_obs: int
    n_cells: int
    n_events: int
    n_clusters: int
    iterations: int
    converged: bool
    loglik: float
    method: str
    spec: DesignSpec
    cells: pd.DataFrame = field(repr=False)

    @property
    def se(self) -> np.ndarray:
        return np.sqrt(np.diag(self.cov))

    def index(self, name: str) -> int:
        return self.names.index(name)

    def hazard_ratio(self, name: str, *, scale: float = 1.0) -> HazardRatio:
        """Hazard ratio for a ``scale``-unit increase of term ``name``, Wald 95 % CI."""
        i = self.index(name)
        b, se = float(self.params[i]) * scale, float(self.se[i]) * abs(scale)
        p = float(2 * stats.norm.sf(abs(b) / se)) if se > 0 else float("nan")
        return HazardRatio(
            estimate=float(np.exp(b)),
            ci_low=float(np.exp(b - Z95 * se)),
            ci_high=float(np.exp(b + Z95 * se)),
            p_value=p,
            se_log=se,
            n_events=self.n_events,
            method=self.method,
        )

    def table(self) -> pd.DataFrame:
        """Coefficients, robust SEs, hazard ratios and CIs, one row per term."""
        se = self.se
        return pd.DataFrame(
            {
                "coef": self.params,
                "se": se,
                "hazard_ratio": np.exp(self.params),
                "ci_low": np.exp(self.params - Z95 * se),
                "ci_high": np.exp(self.params + Z95 * se),
                "p_value": 2 * stats.norm.sf(np.abs(self.params / se)),
            },
            index=list(self.names),
        )


@dataclass(frozen=True)
class DesignSpec:
    """Which columns enter the model and the levels of each categorical one.

    The reference level of a categorical column is its most common level, so that
    hazard ratios compare against the typical citizen and stay well estimated.
    """

    numeric: tuple[str, ...]
    categorical: tuple[str, ...]
    levels: tuple[tuple[str, ...], ...]

    @property
    def names(self) -> tuple[str, ...]:
        out = ["const", *self.numeric]
        for col, lev in zip(self.categorical, self.levels, strict=True):
            out += [f"{col}[{v}]" for v in lev[1:]]
        return tuple(out)

    def matrix(self, frame: pd.DataFrame) -> np.ndarray:
        """The design matrix of ``frame`` (intercept, numeric, dummies)."""
        cols = [np.ones(len(frame))]
        cols += [frame[c].to_numpy(dtype=float) for c in self.numeric]
        for col, lev in zip(self.categorical, self.levels, strict=True):
            codes, labels = _codes_and_labels(frame[col])
            where = {label: i for i, label in enumerate(labels)}
            cols += [(codes == where.get(v, -2)).astype(float) for v in lev[1:]]
        return np.column_stack(cols)


def _codes_and_labels(values: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Integer codes and their labels as strings; cheap for categorical columns."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy(), [str(c) for c in values.cat.categories]
    codes, uniques = pd.factorize(values)
    return codes, [str(u) for u in uniques]


def design_spec(
    rows: pd.DataFrame, numeric: Sequence[str], categorical: Sequence[str]
) -> DesignSpec:
    """Pick levels (most common first, as reference) for each categorical column."""
    levels = []
    for col in categorical:
        codes, labels = _codes_and_labels(rows[col])
        counts = np.bincount(codes[codes >= 0], minlength=len(labels))
        order = np.argsort(-counts, kind="stable")
        levels.append(tuple(labels[i] for i in order if counts[i] > 0))
    return DesignSpec(tuple(numeric), tuple(categorical), tuple(levels))


def collapse(
    rows: pd.DataFrame, columns: Sequence[str], event: str = "event"
) -> tuple[pd.DataFrame, np.ndarray]:
    """Collapse rows into unique patterns of ``columns`` with ``events`` and ``trials``.

    Returns the cells and, for every row, the index of its cell.

    Examples
    --------
    >>> cells, inv = collapse(pd.DataFrame({"a": [1, 1, 2], "event": [0, 1, 0]}), ["a"])
    >>> cells[["a", "events", "trials"]].to_numpy().tolist()
    [[1, 1, 2], [2, 0, 1]]
    """
    key = np.zeros(len(rows), dtype=np.int64)
    for col in columns:
        codes, uniques = pd.factorize(rows[col], sort=False)
        key = key * (len(uniques) + 1) + (codes + 1)
    cell, first = pd.factorize(key, sort=False)
    first_row = np.zeros(len(first), dtype=np.int64)
    first_row[cell[::-1]] = np.arange(len(rows))[::-1]  # first occurrence of each cell
    cells = rows.iloc[first_row][list(columns)].reset_index(drop=True)
    y = rows[event].to_numpy(dtype=float)
    cells["events"] = np.bincount(cell, weights=y, minlength=len(first)).astype(np.int64)
    cells["trials"] = np.bincount(cell, minlength=len(first)).astype(np.int64)
    return cells, cell


def _cloglog_parts(eta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """mu and d mu / d eta of the cloglog link, kept away from 0 and 1."""
    e = np.exp(np.clip(eta, -30, 3.5))
    mu = -np.expm1(-e)
    dmu = e * np.exp(-e)
    return np.clip(mu, 1e-300, 1 - 1e-15), np.maximum(dmu, 1e-300)


def _logit_parts(eta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mu = 1 / (1 + np.exp(-np.clip(eta, -35, 35)))
    mu = np.clip(mu, 1e-15, 1 - 1e-15)
    return mu, mu * (1 - mu)


_LINKS = {"cloglog": _cloglog_parts, "logit": _logit_parts}


def irls_binomial(
    events: np.ndarray,
    trials: np.ndarray,
    X: np.ndarray,
    *,
    link: str = "cloglog",
    offset: np.ndarray | None = None,
    tol: float = 1e-10,
    max_iter: int = 100,
) -> tuple[np.ndarray, np.ndarray, int, bool, float]:
    """Fisher scoring (IRLS) for a binomial GLM on grouped data.

    ``offset`` is added to the linear predictor (for cloglog: the log of the
    exposure, so that a row of half a period has half the period's hazard).
    Returns ``(params, expected information, iterations, converged, loglik)``.

    Examples
    --------
    >>> X = np.column_stack([np.ones(2), [0.0, 1.0]])
    >>> b, *_ = irls_binomial(np.array([10.0, 30.0]), np.array([100.0, 100.0]), X, link="logit")
    >>> np.round(b, 4).tolist()  # log odds of 10 %, then the log odds ratio of 30 % vs 10 %
    [-2.1972, 1.3499]
    """
    parts = _LINKS[link]
    off = np.zeros(len(events)) if offset is None else offset
    p0 = (events + 0.5) / (trials + 1.0)
    eta = np.log(-np.log1p(-p0)) if link == "cloglog" else np.log(p0 / (1 - p0))
    beta = np.zeros(X.shape[1])
    dev_old = np.inf
    converged = False
    it = 0
    ll = -np.inf
    for it in range(1, max_iter + 1):  # noqa: B007 — `it` is reported
        mu, dmu = parts(eta)
        w = trials * dmu**2 / (mu * (1 - mu))
        z = eta - off + (events / trials - mu) / dmu
        xtw = X.T * w
        beta = np.linalg.solve(xtw @ X, xtw @ z)
        eta = X @ beta + off
        mu, _ = parts(eta)
        ll = float(np.sum(events * np.log(mu) + (trials - events) * np.log1p(-mu)))
        if np.isfinite(dev_old) and abs(-2 * ll - dev_old) <= tol * (abs(dev_old) + 1e-3):
            converged = True
            break
        dev_old = -2 * ll
    mu, dmu = parts(eta)
    info = (X.T * (trials * dmu**2 / (mu * (1 - mu)))) @ X
    return beta, info, it, converged, ll


def fit_cloglog(
    rows: pd.DataFrame,
    *,
    numeric: Sequence[str],
    categorical: Sequence[str],
    cluster: str | None = "cluster",
    event: str = "event",
    exposure: str | None = None,
    method: str = "Diskret-tids cloglog-hazardmodel (person-perioder, klyngerobuste SE)",
    spec: DesignSpec | None = None,
) -> CloglogFit:
    """Fit a discrete-time cloglog hazard model on collapsed cells.

    Parameters
    ----------
    rows
        Person-period rows with a 0/1 ``event`` column.
    numeric, categorical
        Model terms; categorical columns get dummies against their most common level.
    cluster
        Column with cluster codes for cluster-robust standard errors (None: model-based).
    exposure
        Column with each row's length as a fraction of a period (offset ``log``);
        it joins the cell key, so cells stay rows with one probability.

    Returns
    -------
    CloglogFit
        Estimates identical to a row-level fit (same likelihood), robust covariance
        ``G/(G-1) * (N-1)/(N-K) * B M B`` with the observed-information bread, as
        Stata and statsmodels do.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x = rng.integers(0, 2, 20000)
    >>> y = (rng.random(20000) < 1 - np.exp(-np.exp(-3 + 0.5 * x))).astype(int)
    >>> fit = fit_cloglog(pd.DataFrame({"event": y, "x": x}), numeric=["x"], categorical=[], cluster=None)
    >>> round(float(fit.params[1]), 1)
    0.5
    """
    # One BLAS thread: the products here are tall and thin, and multithreaded OpenBLAS
    # slowed them 50-fold on a busy 2-core host (measured for bench/analysis.py).
    with threadpool_limits(limits=1, user_api="blas"):
        return _fit_cloglog(rows, numeric, categorical, cluster, event, exposure, method, spec)


def _fit_cloglog(
    rows: pd.DataFrame,
    numeric: Sequence[str],
    categorical: Sequence[str],
    cluster: str | None,
    event: str,
    exposure: str | None,
    method: str,
    spec: DesignSpec | None,
) -> CloglogFit:
    rows = rows.dropna(subset=[*numeric, *categorical])
    spec = spec or design_spec(rows, numeric, categorical)
    key = [*numeric, *categorical, *([exposure] if exposure else [])]
    cells, cell_of_row = collapse(rows, key, event=event)
    X = spec.matrix(cells)
    E = cells["events"].to_numpy(dtype=float)
    N = cells["trials"].to_numpy(dtype=float)
    off = np.log(cells[exposure].to_numpy(dtype=float)) if exposure else np.zeros(len(cells))
    beta, info, it, conv, ll = irls_binomial(E, N, X, link="cloglog", offset=off)

    eta = X @ beta + off
    mu, dmu = _cloglog_parts(eta)
    a = dmu / (mu * (1 - mu))  # d loglik / d eta per unit residual (y - mu)
    # Observed information: expected minus the residual times d a / d eta; cell sums
    # of the residuals are enough, so this too needs no row-level pass.
    e = np.exp(np.clip(eta, -30, 3.5))
    da = e * (mu - dmu) / mu**2
    observed = (X.T * (N * dmu * a - (E - N * mu) * da)) @ X
    bread = np.linalg.inv(observed)
    cov_model = np.linalg.inv(info)
    n_obs, k = len(rows), X.shape[1]
    n_clusters = 0
    cov = cov_model
    if cluster is not None:
        codes, uniques = pd.factorize(rows[cluster])
        n_clusters = len(uniques)
        y = rows[event].to_numpy(dtype=float)
        r = a[cell_of_row] * (y - mu[cell_of_row])
        m = sparse.csr_matrix((r, (codes, cell_of_row)), shape=(n_clusters, len(cells)))
        scores = m @ X  # (clusters x params): each cluster's score sum
        meat = scores.T @ scores
        corr = n_clusters / (n_clusters - 1) * (n_obs - 1) / (n_obs - k)
        cov = corr * bread @ meat @ bread
    return CloglogFit(
        names=spec.names,
        params=beta,
        cov=cov,
        cov_model=cov_model,
        n_obs=n_obs,
        n_cells=len(cells),
        n_events=int(E.sum()),
        n_clusters=n_clusters,
        iterations=it,
        converged=conv,
        loglik=ll,
        method=method,
        spec=spec,
        cells=cells,
    )


def risk_within(
    fit: CloglogFit,
    population: pd.DataFrame,
    *,
    periods: int,
    duration_column: str = "duration_band",
    duration_of_period: np.ndarray | None = None,
    set_values: dict[str, float] | None = None,
    window_periods: int = 0,
    window_column: str | None = None,
) -> float:
    """Average probability of the event within ``periods`` periods, from the model.

    Each citizen in ``population`` (one row: their state when they enter the panel)
    is followed for ``periods`` periods with covariates held at ``set_values``;
    the duration band advances with time (``duration_of_period[k]`` is the band of
    the k-th period after entry, given the entry period). With ``window_column``,
    that term is 1 for the first ``window_periods`` periods and 0 after.

    This turns a hazard ratio into the absolute picture ("8 instead of 6 of 100").
    """
    frame = population.copy()
    for col, value in (set_values or {}).items():
        frame[col] = value
    start = frame["period"].to_numpy()
    cum = np.zeros(len(frame))
    bands = pd.Categorical(frame[duration_column]).categories
    for k in range(periods):
        f = frame
        if duration_of_period is not None:
            band = duration_of_period[np.minimum(start + k, len(duration_of_period) - 1)]
            f = frame.assign(**{duration_column: pd.Categorical.from_codes(band, bands)})
        if window_column is not None:
            f = f.assign(**{window_column: 1.0 if k < window_periods else 0.0})
        eta = fit.spec.matrix(f) @ fit.params
        cum += np.exp(np.clip(eta, -30, 3.5))
    return float(np.mean(-np.expm1(-cum)))


def ols_cluster(X: np.ndarray, y: np.ndarray, groups: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """OLS with cluster-robust covariance, Stata's small-sample correction.

    ``G/(G-1) * (N-1)/(N-K) * (X'X)^-1 (sum_g s_g s_g') (X'X)^-1`` with ``s_g`` the
    cluster's score sum. Pinned to Petersen's test data in the tests.

    Examples
    --------
    >>> X = np.column_stack([np.ones(6), [0, 1, 0, 1, 0, 1]])
    >>> b, v = ols_cluster(X, np.array([1.0, 2, 1, 3, 2, 3]), np.array([0, 0, 1, 1, 2, 2]))
    >>> np.round(b, 3).tolist()
    [1.333, 1.333]
    """
    codes, uniques = pd.factorize(groups)
    n, k = X.shape
    g = len(uniques)
    bread = np.linalg.inv(X.T @ X)
    beta = bread @ (X.T @ y)
    resid = y - X @ beta
    scores = np.zeros((g, k))
    np.add.at(scores, codes, X * resid[:, None])
    corr = g / (g - 1) * (n - 1) / (n - k)
    return beta, corr * bread @ (scores.T @ scores) @ bread
