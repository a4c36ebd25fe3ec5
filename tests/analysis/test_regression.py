"""The hazard model: collapsed cells give the plain fit exactly, the cloglog hazard
ratio agrees with a Cox model, and the estimators reproduce published values on real
data shipped inside PyPI packages."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels
import statsmodels.api as sm

from jobtro.analysis.estimates import COVARIATES
from jobtro.analysis.io import from_tables
from jobtro.analysis.panel import build_panel
from jobtro.analysis.regression import fit_cloglog, irls_binomial, ols_cluster
from jobtro.analysis.synth import SynthConfig, synthesize

TERMS = ["belief", "change_window"]


@pytest.fixture(scope="module")
def small_panel():
    return build_panel(from_tables(synthesize(SynthConfig(n_citizens=1500, seed=5))))


def test_collapsed_cells_give_the_plain_statsmodels_fit_exactly(small_panel):
    rows = small_panel.rows
    fit = fit_cloglog(rows, numeric=TERMS, categorical=COVARIATES)
    assert fit.n_cells < fit.n_obs / 5  # the point of collapsing
    X = fit.spec.matrix(rows)
    plain = sm.GLM(
        rows["event"].to_numpy(), X, family=sm.families.Binomial(link=sm.families.links.CLogLog())
    ).fit(cov_type="cluster", cov_kwds={"groups": rows["cluster"].to_numpy()})
    np.testing.assert_allclose(fit.params, plain.params, rtol=0, atol=1e-7)
    # Cluster-robust SEs too: per-cluster score sums from the (cluster x cell) matrix.
    np.testing.assert_allclose(fit.se, plain.bse, rtol=1e-6)


def test_exact_timing_with_an_exposure_offset_matches_statsmodels_too():
    panel = build_panel(
        from_tables(synthesize(SynthConfig(n_citizens=800, seed=6))), exact_timing=True
    )
    rows = panel.rows
    fit = fit_cloglog(rows, numeric=TERMS, categorical=COVARIATES, exposure="exposure")
    plain = sm.GLM(
        rows["event"].to_numpy(),
        fit.spec.matrix(rows),
        family=sm.families.Binomial(link=sm.families.links.CLogLog()),
        offset=np.log(rows["exposure"].to_numpy()),
    ).fit(cov_type="cluster", cov_kwds={"groups": rows["cluster"].to_numpy()})
    np.testing.assert_allclose(fit.params, plain.params, atol=1e-7)
    np.testing.assert_allclose(fit.se, plain.bse, rtol=1e-6)


def test_collapsed_cells_match_a_grouped_binomial_glm(small_panel):
    fit = fit_cloglog(small_panel.rows, numeric=TERMS, categorical=COVARIATES, cluster=None)
    cells = fit.cells
    grouped = sm.GLM(
        np.column_stack([cells["events"], cells["trials"] - cells["events"]]),
        fit.spec.matrix(cells),
        family=sm.families.Binomial(link=sm.families.links.CLogLog()),
    ).fit()
    np.testing.assert_allclose(fit.params, grouped.params, atol=1e-7)
    # statsmodels stops IRLS at a looser tolerance than ours, hence rtol 1e-5.
    np.testing.assert_allclose(np.sqrt(np.diag(fit.cov_model)), grouped.bse, rtol=1e-5)


def test_cloglog_hazard_ratio_agrees_with_a_cox_model_in_counting_process_form(small_panel):
    from lifelines import CoxTimeVaryingFitter

    rows = small_panel.rows
    fit = fit_cloglog(rows, numeric=TERMS, categorical=COVARIATES)
    covs = [c for c in COVARIATES if c != "duration_band"]  # Cox: baseline is free
    X = pd.get_dummies(rows[covs].astype(str), drop_first=True, dtype=float)
    X = X.loc[:, X.std() > 0]
    cp = pd.concat([rows[["citizen", "event", *TERMS]].astype(float), X], axis=1)
    cp["start"] = rows["period"] * small_panel.period_days
    cp["stop"] = cp["start"] + small_panel.period_days
    cox = CoxTimeVaryingFitter(penalizer=0.0).fit(
        cp, id_col="citizen", event_col="event", start_col="start", stop_col="stop"
    )
    for term in TERMS:
        cloglog = fit.params[fit.index(term)]
        assert cloglog == pytest.approx(cox.params_[term], abs=0.2 * fit.se[fit.index(term)])


# --- published values on real data ---------------------------------------------------------


def test_cox_reference_reproduces_fox_and_weisberg_on_the_rossi_data():
    from lifelines import CoxPHFitter
    from lifelines.datasets import load_rossi

    cox = CoxPHFitter().fit(load_rossi(), "week", "arrest")  # Efron ties, as R's coxph
    # Fox & Weisberg (2011), "Cox Proportional-Hazards Regression for Survival Data in R",
    # appendix to An R Companion to Applied Regression, 2nd ed., Rossi data, Efron ties.
    assert cox.params_["fin"] == pytest.approx(-0.37942, abs=5e-5)
    assert cox.params_["age"] == pytest.approx(-0.05744, abs=5e-5)
    assert cox.params_["prio"] == pytest.approx(0.09150, abs=5e-5)


def test_discrete_time_cloglog_on_rossi_person_weeks_agrees_with_cox():
    from lifelines.datasets import load_rossi

    rossi = load_rossi()
    weeks = rossi.loc[rossi.index.repeat(rossi["week"])].copy()
    weeks["t"] = weeks.groupby(level=0).cumcount() + 1
    weeks["event"] = ((weeks["t"] == weeks["week"]) & (weeks["arrest"] == 1)).astype(int)
    weeks["band"] = ((weeks["t"] - 1) // 4).astype(str)  # 4-week baseline steps
    weeks["id"] = weeks.index
    terms = ["fin", "age", "race", "wexp", "mar", "paro", "prio"]
    fit = fit_cloglog(
        weeks.reset_index(drop=True), numeric=terms, categorical=["band"], cluster="id"
    )
    # Same data, grouped-time PH model: close to Fox & Weisberg's Cox fin = -0.37942.
    assert fit.params[fit.index("fin")] == pytest.approx(-0.37942, abs=0.02)
    assert fit.params[fit.index("prio")] == pytest.approx(0.09150, abs=0.01)


def test_irls_reproduces_greenes_logit_on_the_spector_data():
    data = sm.datasets.spector.load_pandas().data
    X = np.column_stack([np.ones(len(data)), data[["GPA", "TUCE", "PSI"]].to_numpy()])
    y = data["GRADE"].to_numpy()
    beta, info, *_ = irls_binomial(y, np.ones_like(y), X, link="logit")
    se = np.sqrt(np.diag(np.linalg.inv(info)))
    # Greene, Econometric Analysis (5th ed.), Table 21.1, Spector & Mazzeo (1980) data.
    np.testing.assert_allclose(beta, [-13.0213, 2.8261, 0.0952, 2.3787], atol=5e-4)
    np.testing.assert_allclose(se, [4.9313, 1.2629, 0.1416, 1.0646], atol=5e-4)


def test_cluster_robust_ols_reproduces_petersens_standard_errors():
    path = Path(statsmodels.__file__).parent / "stats" / "tests" / "test_data.txt"
    if not path.exists():
        pytest.skip("Petersen's test data is not shipped with this statsmodels build")
    pet = pd.read_csv(path, sep=r"\s+", header=None).to_numpy()
    X = np.column_stack([np.ones(len(pet)), pet[:, 2]])
    _, cov = ols_cluster(X, pet[:, 3], pet[:, 0].astype(int))
    # Petersen (2009), "Estimating Standard Errors in Finance Panel Data Sets",
    # test_data.htm: OLS with standard errors clustered by firm.
    np.testing.assert_allclose(np.sqrt(np.diag(cov)), [0.0670, 0.0506], atol=5e-5)


def test_a_hazard_ratio_is_exp_of_the_coefficient_with_a_wald_interval(small_panel):
    fit = fit_cloglog(small_panel.rows, numeric=TERMS, categorical=COVARIATES)
    hr = fit.hazard_ratio("belief")
    b, se = fit.params[1], fit.se[1]
    assert hr.estimate == pytest.approx(np.exp(b))
    assert (hr.ci_low, hr.ci_high) == pytest.approx(
        (np.exp(b - 1.959964 * se), np.exp(b + 1.959964 * se))
    )
    assert hr.n_events == small_panel.n_events
