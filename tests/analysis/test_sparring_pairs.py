"""Sparring before/after: the pair the session linked, not a guess from the dates.

The old rule took "before" as the latest rating on or before the session day. A
session held and closed on the same day then read its own "after" rating as "before".
"""

from __future__ import annotations

import pandas as pd
import pytest

from jobtro.analysis import estimates as est
from jobtro.analysis.io import ValidationFailed, from_tables
from jobtro.analysis.schema import SCHEMA

META = {"schema": SCHEMA, "observed_until": "2025-12-31"}
CITIZENS = ("c1", "c2", "c3")
BEFORE = (2, 2, 1)


def _tables(sparring: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Three citizens, each in one session held and closed on 1 March: belief 2, 2 and 1
    before (asked for on 20 February), 4 after (the same day as the session), and a
    routine 3, 3 and 2 three months later."""
    ratings = []
    for c, before, later in zip(CITIZENS, BEFORE, (3, 3, 2), strict=True):
        for value, day in ((before, "2025-02-20"), (4, "2025-03-01"), (later, "2025-06-01")):
            ratings.append([c, "s1", "caseworker", "belief_job_1y", value, day, "bip-2024"])
    return {
        "citizens": pd.DataFrame(
            {
                "citizen_id": CITIZENS,
                "municipality_id": "740",
                "birth_year": 1980,
                "gender": "k",
                "target_group": "",
                "education": "",
                "enrolled_on": "2024-01-01",
            }
        ),
        "staff": pd.DataFrame({"staff_id": ["s1"], "team_id": ["t1"], "municipality_id": ["740"]}),
        "assignments": pd.DataFrame(
            {"citizen_id": CITIZENS, "staff_id": "s1", "start_date": "2024-01-01", "end_date": ""}
        ),
        "ratings": pd.DataFrame(
            ratings,
            columns=[
                "citizen_id",
                "rater_id",
                "rater_type",
                "item_id",
                "value",
                "rated_on",
                "instrument",
            ],
        ),
        "outcomes": pd.DataFrame(columns=["citizen_id", "kind", "start_date"]),
        "sparring": sparring,
    }


OLD = pd.DataFrame({"citizen_id": CITIZENS, "staff_id": "s1", "date": "2025-03-01"})
LINKED = OLD.assign(
    before_value=BEFORE, after_value=4, before_date="2025-02-20", after_date="2025-03-01"
)


def test_a_same_day_close_is_paired_with_its_own_before_rating():
    s = est.sparring_effect(from_tables(_tables(LINKED), META))
    assert s.n_pairs == 3
    assert s.mean_before == pytest.approx(5 / 3)
    assert s.mean_change == pytest.approx(7 / 3)
    assert s.up.rate == 1


def test_an_old_folder_without_the_linked_columns_still_reads_with_the_old_rule():
    data = from_tables(_tables(OLD), META)
    assert data.sparring["before_value"].isna().all()
    s = est.sparring_effect(data)
    # The old rule's known mistake, kept for old folders: "before" is the same-day 4.
    assert s.mean_before == 4 and s.mean_change == pytest.approx(-4 / 3)


def test_sessions_without_a_linked_pair_fall_back_row_by_row():
    mixed = LINKED.astype(object)
    mixed.loc[2, ["before_value", "after_value", "before_date", "after_date"]] = ""
    s = est.sparring_effect(from_tables(_tables(mixed), META))
    assert s.n_pairs == 3
    assert s.mean_change == pytest.approx((2 + 2 - 2) / 3)


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("before_value", "7", "before_value skal være et heltal 1-5 eller tom, fik '7'"),
        ("after_date", "", "after_date og after_value skal begge være udfyldt"),
        ("after_date", "2025-02-01", "after_date ligger før before_date"),
        ("before_date", "2026-01-05", "before_date ligger efter observed_until"),
    ],
)
def test_a_broken_linked_pair_is_reported_by_row_and_column(column, value, message):
    broken = LINKED.astype(object)
    broken.loc[1, column] = value
    with pytest.raises(ValidationFailed) as failed:
        from_tables(_tables(broken), META)
    assert any(p.startswith(f"sparring.csv række 3: {message}") for p in failed.value.problems)
