"""The person-period panel, checked row by row on a folder small enough to reason
about by hand (see tests/analysis/test_io.py for the tables)."""

from __future__ import annotations

import numpy as np
import pytest

from jobtro.analysis.io import load_folder
from jobtro.analysis.panel import asof, build_panel, count_upto

from .test_io import GOOD, changed, write


@pytest.fixture
def small(tmp_path):
    return build_panel(load_folder(write(tmp_path, GOOD)), period_days=30)


def rows_of(panel, citizen_id):
    code = list(panel.citizen_ids).index(citizen_id)
    return panel.rows[panel.rows["citizen"] == code]


def test_time_before_the_first_rating_is_not_at_risk(small):
    # c1 enrolled 2023-01-10 and was first rated on 2023-01-20, inside period 0.
    assert rows_of(small, "c1")["period"].tolist() == [1, 2, 3, 4, 5, 6, 7]


def test_the_job_ends_time_at_risk_in_its_period(small):
    # Job on 2023-09-01 is day 234 after enrolment: period 7 (days 210-239).
    c1 = rows_of(small, "c1")
    assert c1["event"].tolist() == [0, 0, 0, 0, 0, 0, 1]


def test_a_censored_citizen_runs_to_observed_until(small):
    # c2 enrolled 2023-02-01, observed until 2023-12-31 (day 333): periods 1..11.
    c2 = rows_of(small, "c2")
    assert c2["period"].tolist() == list(range(1, 12))
    assert c2["event"].sum() == 0


def test_the_latest_rating_is_carried_forward_from_period_start(small):
    # The rating 4 on 2023-07-15 (day 186) counts from period 7 (day 210), not before.
    assert rows_of(small, "c1")["belief"].tolist() == [2, 2, 2, 2, 2, 2, 4]


def test_the_change_window_follows_a_change_of_caseworker(small):
    # New caseworker from 2023-07-01 (day 172); periods 6 and 7 start 8 and 38 days later.
    c1 = rows_of(small, "c1")
    assert c1["change_window"].tolist() == [0, 0, 0, 0, 0, 1, 1]
    assert c1["days_since_change"].tolist()[-2:] == [8.0, 38.0]


def test_general_belief_leaves_the_citizen_out(small):
    # s2 rated c1 with 4 and c2 with 3: for c2 it is 4 (c1's rating), for c1 it is 3.
    assert set(rows_of(small, "c2")["general_belief"]) == {4.0}
    assert rows_of(small, "c1")["general_belief"].tolist()[-2:] == [3.0, 3.0]
    # s1 rated nobody else: no general belief while s1 is the caseworker.
    assert np.isnan(rows_of(small, "c1")["general_belief"].iloc[0])


def test_an_other_outcome_censors_without_an_event(tmp_path):
    panel = build_panel(load_folder(write(tmp_path, changed("outcomes", 1, "kind", "other"))))
    c1 = rows_of(panel, "c1")
    assert c1["event"].sum() == 0 and c1["period"].max() == 7


def test_covariates_are_banded(small):
    c1 = rows_of(small, "c1").iloc[0]
    assert (c1["age_band"], c1["gender"], c1["duration_band"]) == ("40-49", "k", "0-5 mdr")
    c2 = rows_of(small, "c2").iloc[0]
    assert (c2["age_band"], c2["gender"], c2["education"]) == ("<30", "ukendt", "ukendt")


def test_asof_finds_the_latest_event_per_citizen():
    idx = asof(
        np.array([0, 0, 1]),
        np.array([5, 9, 3]),
        np.array([0, 0, 0, 1, 2]),
        np.array([4, 5, 100, 2, 50]),
    )
    assert idx.tolist() == [-1, 0, 1, -1, -1]


def test_count_upto_counts_per_citizen():
    n = count_upto(
        np.array([0, 0, 1]), np.array([5, 9, 3]), np.array([0, 0, 1]), np.array([9, 8, 2])
    )
    assert n.tolist() == [2, 1, 0]


def test_the_synthetic_panel_is_complete(panel, cohort):
    rows = panel.rows
    assert rows["belief"].between(1, 5).all()
    # At most one event per citizen, and it is their last row.
    assert rows.groupby("citizen")["event"].sum().max() == 1
    last = rows.groupby("citizen").tail(1)
    assert rows["event"].sum() == last["event"].sum()
    assert panel.n_citizens_total == len(cohort.tables["citizens"])


def test_contacts_in_the_last_90_days_are_counted(tmp_path):
    tables = {k: [list(r) for r in v] for k, v in GOOD.items()}
    tables["contacts"] = [
        ["citizen_id", "staff_id", "date", "form"],
        ["c2", "s2", "2023-03-01", "fremmøde"],  # day 28 after enrolment
        ["c2", "s2", "2023-03-20", "telefon"],  # day 47
    ]
    c2 = rows_of(build_panel(load_folder(write(tmp_path, tables))), "c2")
    # Period starts: day 30, 60, 90, 120, 150: two contacts in the window until day 120.
    assert c2["contacts_90d"].tolist()[:5] == [1, 2, 2, 1, 0]


def test_a_parquet_folder_gives_the_same_panel_as_csv(cohort, tmp_path):
    from jobtro.analysis.synth import write_folder

    a = build_panel(load_folder(write_folder(cohort, tmp_path / "csv")))
    b = build_panel(load_folder(write_folder(cohort, tmp_path / "pq", fmt="parquet")))
    assert a.rows.equals(b.rows)


def test_general_belief_answers_replace_the_leave_one_out_mean(tmp_path):
    tables = {k: [list(r) for r in v] for k, v in GOOD.items()}
    tables["general_belief"] = [
        ["staff_id", "item_id", "value", "answered_on"],
        ["s1", "general_job_chance", "5", "2023-03-01"],
        ["s1", "general_job_chance", "4", "2023-09-01"],
    ]
    c1 = rows_of(build_panel(load_folder(write(tmp_path, tables))), "c1")
    # s1 answered 5 and 4 (mean 4.5); s2 did not answer and keeps the leave-one-out 3.
    assert c1["general_belief"].tolist() == [4.5] * 5 + [3.0, 3.0]


def test_exact_timing_splits_periods_where_the_state_changes(tmp_path):
    panel = build_panel(load_folder(write(tmp_path, GOOD)), exact_timing=True)
    c1 = rows_of(panel, "c1")
    # c1: enrolled day 0, rated on day 10 (2) and day 186 (4), new caseworker on day 172,
    # job on day 234. Rows start at the rating, the change and the second rating.
    days = (c1["day"] - c1["day"].iloc[0] + 10).tolist()
    assert days == [10, 30, 60, 90, 120, 150, 172, 180, 186, 210]
    assert (c1["exposure"] * 30).round().astype(int).tolist() == [
        20,
        30,
        30,
        30,
        30,
        22,
        8,
        6,
        24,
        30,
    ]
    assert c1["belief"].tolist() == [2] * 8 + [4, 4]
    assert c1["change_window"].tolist() == [0] * 6 + [1] * 4
    assert c1["event"].tolist() == [0] * 9 + [1]  # the event row runs to its period's end


def test_exact_timing_ends_a_censored_citizen_after_observed_until(tmp_path):
    c2 = rows_of(build_panel(load_folder(write(tmp_path, GOOD)), exact_timing=True), "c2")
    # Rated on day 9; observed until day 333, so the last row is days 330-333.
    assert (c2["exposure"] * 30).round().astype(int).tolist() == [21] + [30] * 10 + [4]
