"""Belief by meeting form and partners against caseworkers, on synthetic data with a
known truth (no database)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from jobtro.analysis.io import from_tables
from jobtro.analysis.meeting_forms import (
    PHYSICAL,
    REMOTE,
    belief_by_rater_type,
    clustered_mean_difference,
    complementary_hidden,
    meeting_forms,
    pair_partner_ratings,
    partner_comparison,
    weighted_kappa,
)

DAY0 = dt.date(2024, 1, 1)
META = {"schema": "jobtro-research/1", "observed_until": "2025-12-31"}


def cohort(
    *,
    seed: int = 3,
    n_citizens: int = 400,
    n_staff: int = 20,
    cw_effect: float = 0.5,
    perceived_effect: float = 0.3,
    confounded: bool = False,
    n_partners: int = 6,
    partner_up: float = 0.4,
):
    """Citizens with a base belief of 2 or 3; each meeting's rating adds 1 with
    probability ``cw_effect`` after a physical meeting, and -1/0/+1 noise: values stay
    in 1..5 without clipping, so the true physical-minus-remote difference within a
    citizen is exactly ``cw_effect`` (and ``perceived_effect`` for the citizen's answer).
    With ``confounded``, citizens with the higher base are met physically more often."""
    rng = np.random.default_rng(seed)
    citizens, assignments, ratings, contacts = [], [], [], []
    staff = [f"s{k}" for k in range(n_staff)]
    partners = [f"x{k}" for k in range(n_partners)]
    for i in range(n_citizens):
        cid = f"c{i}"
        base = int(rng.integers(2, 4))
        sid = staff[i % n_staff]
        citizens.append([cid, "740", 1980, "k", "tg", "", DAY0.isoformat()])
        assignments.append([cid, sid, DAY0.isoformat(), ""])
        p_phys = (0.8 if base == 3 else 0.3) if confounded else 0.5
        for m in range(8):
            day = DAY0 + dt.timedelta(days=30 * m + int(rng.integers(0, 10)))
            physical = rng.random() < p_phys
            form = (
                rng.choice(["fremmøde", "hjem"]) if physical else rng.choice(["telefon", "video"])
            )
            contacts.append([cid, sid, day.isoformat(), str(form)])
            noise = int(rng.choice([-1, 0, 1]))
            value = base + noise + int(physical and rng.random() < cw_effect)
            ratings.append(
                [cid, sid, "caseworker", "belief_job_1y", value, day.isoformat(), "jobtro-1"]
            )
            if rng.random() < 0.5:
                felt = base + noise + int(physical and rng.random() < perceived_effect)
                answered = day + dt.timedelta(days=int(rng.integers(0, 3)))
                ratings.append(
                    [
                        cid,
                        cid,
                        "citizen",
                        "cit_felt_belief",
                        felt,
                        answered.isoformat(),
                        "jobtro-samtale-1",
                    ]
                )
            if i % 2 == 0 and m % 3 == 1:
                ext = value + int(rng.random() < partner_up)
                ext = min(ext, 5)
                later = day + dt.timedelta(days=10)
                ratings.append(
                    [
                        cid,
                        partners[(i // 2) % n_partners],
                        "external",
                        "belief_job_1y",
                        ext,
                        later.isoformat(),
                        "jobtro-1",
                    ]
                )
    cols = {
        "citizens": [
            "citizen_id",
            "municipality_id",
            "birth_year",
            "gender",
            "target_group",
            "education",
            "enrolled_on",
        ],
        "assignments": ["citizen_id", "staff_id", "start_date", "end_date"],
        "ratings": [
            "citizen_id",
            "rater_id",
            "rater_type",
            "item_id",
            "value",
            "rated_on",
            "instrument",
        ],
        "contacts": ["citizen_id", "staff_id", "date", "form"],
    }
    tables = {
        "citizens": pd.DataFrame(citizens, columns=cols["citizens"]),
        "staff": pd.DataFrame(
            [[s, "t1", "740"] for s in staff], columns=["staff_id", "team_id", "municipality_id"]
        ),
        "assignments": pd.DataFrame(assignments, columns=cols["assignments"]),
        "ratings": pd.DataFrame(ratings, columns=cols["ratings"]),
        "outcomes": pd.DataFrame(columns=["citizen_id", "kind", "start_date"]),
        "contacts": pd.DataFrame(contacts, columns=cols["contacts"]),
    }
    return from_tables(tables, META)


@pytest.fixture(scope="module")
def data():
    return cohort()


@pytest.fixture(scope="module")
def result(data):
    return meeting_forms(data)


def test_the_within_citizen_difference_recovers_the_true_physical_effect(result):
    d = result.caseworker_within_citizen
    assert not d.suppressed
    assert d.ci_low < 0.5 < d.ci_high
    assert d.estimate == pytest.approx(0.5, abs=0.1)
    assert d.n_clusters == 20


def test_the_citizens_perceived_belief_difference_recovers_its_truth(result):
    d = result.perceived_difference
    assert d.ci_low < 0.3 < d.ci_high
    assert d.estimate == pytest.approx(0.3, abs=0.12)


def test_with_no_true_difference_the_interval_covers_zero():
    d = meeting_forms(cohort(seed=5, cw_effect=0.0)).caseworker_within_citizen
    assert d.ci_low < 0 < d.ci_high
    assert d.p_value > 0.01


def test_confounding_biases_the_raw_difference_but_not_the_within_citizen_one():
    r = meeting_forms(cohort(seed=7, confounded=True))
    assert r.caseworker_difference.estimate > 0.75  # 0.5 plus the confounding of the base
    w = r.caseworker_within_citizen
    assert w.ci_low < 0.5 < w.ci_high


def test_cells_by_form_have_counts_and_physical_is_higher(result):
    phys, remote = result.caseworker_by_group["physical"], result.caseworker_by_group["remote"]
    assert phys.mean > remote.mean
    assert result.caseworker_by_form["fremmøde"].n_raters == 20
    # No meeting was "andet": an empty cell is suppressed, never a zero.
    assert result.caseworker_by_form["andet"].suppressed
    assert result.caseworker_by_form["andet"].n_ratings is None  # no counts when hidden


def test_fewer_than_five_caseworkers_suppress_every_cell_and_the_difference():
    r = meeting_forms(cohort(seed=9, n_staff=4, n_citizens=200))
    assert all(c.suppressed for c in r.caseworker_by_group.values())
    assert np.isnan(r.caseworker_by_group["physical"].mean)
    assert r.caseworker_within_citizen.suppressed
    assert np.isnan(r.caseworker_within_citizen.estimate)


def test_a_folder_without_contacts_has_no_meeting_form_result(data):
    empty = data.__class__(**{**data.__dict__, "contacts": data.contacts.iloc[0:0]})
    assert meeting_forms(empty) is None


def test_clustered_difference_matches_a_hand_computation():
    # Two clusters of two observations: slope = mean(x=1) - mean(x=0) = 4 - 2 = 2.
    y = np.array([2.0, 4.0, 2.0, 4.0])
    x = np.array([0.0, 1.0, 0.0, 1.0])
    d = clustered_mean_difference(y, x, np.array([0, 0, 1, 1]))
    assert d.estimate == pytest.approx(2.0)
    # Residuals are all zero: no uncertainty left.
    assert d.ci_low == pytest.approx(2.0)


def test_partner_pairs_are_the_nearest_caseworker_rating_within_the_window(data):
    pairs = pair_partner_ratings(data, window_days=45)
    assert len(pairs) > 0
    assert set(pairs.columns) >= {"citizen_id", "partner_id", "external", "caseworker"}
    assert pairs["partner_id"].str.startswith("x").all()
    assert pair_partner_ratings(data, window_days=5).empty  # partners rate 10 days later


def test_partners_rate_higher_by_the_true_amount(data):
    c = partner_comparison(data)
    pairs = pair_partner_ratings(data)
    truth = 0.4 * float((pairs["caseworker"] < 5).mean())  # a 5 cannot go up
    assert c.difference.ci_low < truth < c.difference.ci_high
    assert c.n_partners == 6
    assert 0 < c.exact_agreement.rate < 1
    assert c.within_one_step.rate == 1.0
    assert 0 < c.weighted_kappa < 1


def test_partner_comparison_with_too_few_partners_is_suppressed():
    c = partner_comparison(cohort(seed=4, n_partners=3, n_citizens=100))
    assert c.suppressed
    assert np.isnan(c.difference.estimate)
    assert np.isnan(c.mean_external)


def test_belief_by_rater_type_shows_both_raters(data):
    out = belief_by_rater_type(data)
    assert set(out) == {"caseworker", "external"}
    assert out["external"]["cell"].n_raters == 6
    assert sum(out["caseworker"]["distribution"].values()) == pytest.approx(1.0)


def test_weighted_kappa_is_zero_for_independent_raters():
    rng = np.random.default_rng(1)
    a, b = rng.integers(1, 6, 20000), rng.integers(1, 6, 20000)
    assert weighted_kappa(a, b) == pytest.approx(0.0, abs=0.03)


# --- suppression cannot be undone ---------------------------------------------------------


def _with_forms(data, choose):
    """The same folder with each contact's form replaced by ``choose(row)``."""
    contacts = data.contacts.copy()
    contacts["form"] = [choose(row) for row in contacts.itertuples()]
    return data.__class__(**{**data.__dict__, "contacts": contacts})


def test_a_difference_is_hidden_when_one_side_is_hidden():
    """Only four caseworkers hold remote meetings: the remote cell is hidden, so the
    physical-minus-remote difference must be too (shown mean - difference = hidden mean)."""
    few = {"s0", "s1", "s2", "s3"}
    data = _with_forms(
        cohort(seed=11),
        lambda r: r.form if r.form in PHYSICAL or r.staff_id in few else "fremmøde",
    )
    r = meeting_forms(data)
    assert not r.caseworker_by_group["physical"].suppressed
    assert r.caseworker_by_group["remote"].suppressed
    for d in (r.caseworker_difference, r.caseworker_within_citizen):
        assert d.suppressed and np.isnan(d.estimate)
        assert d.n_ratings is None and d.n_clusters is None
    assert r.caseworker_by_group["remote"].n_ratings is None


def test_one_small_form_cannot_be_derived_from_the_group_mean_and_the_other_forms():
    """Home visits by three caseworkers only: the home cell is hidden, and the smallest
    shown form of the group (company visits) is hidden with it, without counts. What an
    attacker can derive from the group and the shown forms is then the two hidden forms
    pooled, which stand on enough people, never the home visits alone."""
    three = {"s0", "s1", "s2"}

    def choose(row):
        if row.form not in PHYSICAL:
            return row.form
        k = row.Index % 10
        if row.staff_id in three and k < 3:
            return "hjem"
        return "virksomhed" if k < 3 else "fremmøde"

    data = _with_forms(cohort(seed=12), choose)
    r = meeting_forms(data)
    forms, group = r.caseworker_by_form, r.caseworker_by_group["physical"]
    assert not group.suppressed and not forms["fremmøde"].suppressed
    assert forms["hjem"].suppressed and forms["virksomhed"].suppressed
    assert forms["hjem"].n_ratings is None and forms["virksomhed"].n_ratings is None

    # The attack: group total minus the shown forms' totals.
    shown = [c for f, c in forms.items() if f in PHYSICAL and not c.suppressed]
    rest_n = group.n_ratings - sum(c.n_ratings for c in shown)
    rest_mean = (group.mean * group.n_ratings - sum(c.mean * c.n_ratings for c in shown)) / rest_n
    matched = _matched_caseworker_rows(data)
    home = matched[matched["form"] == "hjem"]
    pooled = matched[matched["form"].isin(["hjem", "virksomhed"])]
    assert rest_mean == pytest.approx(pooled["value"].mean())
    assert rest_mean != pytest.approx(home["value"].mean(), abs=1e-6)
    assert pooled["staff_id"].nunique() >= 5 and pooled["citizen_id"].nunique() >= 10
    assert home["staff_id"].nunique() == 3


def _matched_caseworker_rows(data):
    from jobtro.analysis.meeting_forms import RATING_WINDOW_DAYS, _latest_before

    r = data.ratings
    cw = r[(r["item_id"] == "belief_job_1y") & (r["rater_type"] == "caseworker")]
    cw = cw.rename(columns={"rater_id": "staff_id"})[
        ["citizen_id", "staff_id", "rated_on", "value"]
    ]
    contacts = data.contacts.assign(date=pd.to_datetime(data.contacts["date"]))
    out = _latest_before(
        contacts, cw, by=["citizen_id", "staff_id"], window_days=RATING_WINDOW_DAYS
    )
    return out.assign(value=out["value"].astype(float))


def test_complementary_suppression_hides_the_next_smallest_form_of_the_group():
    rows = {"telefon": (40, 8), "video": (3, 2)}  # ratings, caseworkers
    frame = pd.DataFrame(
        [
            {"citizen_id": f"{form}{i}", "staff_id": f"s{i % staff}", "value": 3, "form": form}
            for form, (n, staff) in rows.items()
            for i in range(n)
        ]
    )
    assert complementary_hidden(frame, REMOTE, rater="staff_id") == {"telefon", "video"}
    # An empty form hides nothing: no partner needed.
    only = frame[frame["form"] == "telefon"]
    assert complementary_hidden(only, REMOTE, rater="staff_id") == {"video"}


def test_partner_agreement_has_no_interval_and_the_method_names_the_partners(data):
    c = partner_comparison(data)
    assert np.isnan(c.exact_agreement.ci_low) and np.isnan(c.within_one_step.ci_high)
    assert "fra 6 eksterne partnere" in c.method
    assert "inden for disse partnere" in c.method
