"""A research data folder is read table by table, and every problem is reported in
Danish with file, row and column — nothing is computed on a bad folder."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from jobtro.analysis.io import ValidationFailed, load_folder
from jobtro.errors import UserError

GOOD = {
    "citizens": [
        [
            "citizen_id",
            "municipality_id",
            "birth_year",
            "gender",
            "target_group",
            "education",
            "enrolled_on",
        ],
        ["c1", "740", "1980", "k", "aktivitetsparat", "grundskole", "2023-01-10"],
        ["c2", "740", "1995", "", "jobparat", "", "2023-02-01"],
    ],
    "staff": [["staff_id", "team_id", "municipality_id"], ["s1", "t1", "740"], ["s2", "t1", "740"]],
    "assignments": [
        ["citizen_id", "staff_id", "start_date", "end_date"],
        ["c1", "s1", "2023-01-10", "2023-06-30"],
        ["c1", "s2", "2023-07-01", ""],
        ["c2", "s2", "2023-02-01", ""],
    ],
    "ratings": [
        ["citizen_id", "rater_id", "rater_type", "item_id", "value", "rated_on", "instrument"],
        ["c1", "s1", "caseworker", "belief_job_1y", "2", "2023-01-20", "tro-1"],
        ["c1", "s2", "caseworker", "belief_job_1y", "4", "2023-07-15", "tro-1"],
        ["c2", "s2", "caseworker", "belief_job_1y", "3", "2023-02-10", "tro-1"],
        ["c2", "c2", "citizen", "own_belief", "7", "2023-02-10", "tro-1"],
    ],
    "outcomes": [["citizen_id", "kind", "start_date"], ["c1", "job", "2023-09-01"]],
}


def write(folder: Path, tables: dict[str, list[list[str]]], observed: str = "2023-12-31") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        pd.DataFrame(rows[1:], columns=rows[0]).to_csv(folder / f"{name}.csv", index=False)
    (folder / "meta.json").write_text(
        json.dumps({"schema": "jobtro-research/1", "observed_until": observed})
    )
    return folder


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(ValidationFailed) as info:
        load_folder(folder)
    return list(info.value.problems)


def changed(table: str, row: int, column: str, value: str) -> dict[str, list[list[str]]]:
    tables = {k: [list(r) for r in v] for k, v in GOOD.items()}
    tables[table][row][tables[table][0].index(column)] = value
    return tables


def test_a_good_folder_loads_with_typed_tables(tmp_path):
    data = load_folder(write(tmp_path, GOOD))
    assert str(data.observed_until) == "2023-12-31"
    assert data.citizens["enrolled_on"].dtype.kind == "M"
    assert data.belief_ratings()["value"].tolist() == [2, 4, 3]
    assert data.contacts.empty and "citizen_id" in data.contacts.columns  # absent optional table


def test_a_belief_rating_out_of_range_names_file_row_and_column(tmp_path):
    problems = problems_of(write(tmp_path, changed("ratings", 2, "value", "7")))
    # Row 3 in the spreadsheet: header is row 1, the second data row is row 3.
    assert problems == ["ratings.csv række 3: value skal være et heltal 1-5, fik '7'"]


def test_a_non_numeric_birth_year_is_a_wrong_type(tmp_path):
    problems = problems_of(write(tmp_path, changed("citizens", 1, "birth_year", "nitten")))
    assert problems == [
        "citizens.csv række 2: birth_year skal være et heltal 1900-2023, fik 'nitten'"
    ]


def test_a_malformed_date_is_reported(tmp_path):
    problems = problems_of(write(tmp_path, changed("outcomes", 1, "start_date", "01-09-2023")))
    assert problems == [
        "outcomes.csv række 2: start_date skal være en dato ÅÅÅÅ-MM-DD, fik '01-09-2023'"
    ]


def test_dates_after_observed_until_are_reported(tmp_path):
    problems = problems_of(write(tmp_path, changed("ratings", 1, "rated_on", "2024-02-01")))
    assert problems == [
        "ratings.csv række 2: rated_on ligger efter observed_until 2023-12-31, fik '2024-02-01'"
    ]


def test_unknown_citizens_and_staff_are_reported(tmp_path):
    tables = changed("ratings", 1, "citizen_id", "c9")
    tables["assignments"][3][1] = "s7"
    problems = problems_of(write(tmp_path, tables))
    assert "ratings.csv række 2: citizen_id henviser til ukendt borger 'c9'" in problems
    assert "assignments.csv række 4: staff_id henviser til ukendt medarbejder 's7'" in problems


def test_a_citizen_rater_need_not_be_staff(tmp_path):
    # Row 5 of ratings is the citizen's own answer, rater c2: not an unknown staff id.
    load_folder(write(tmp_path, GOOD))


def test_overlapping_assignments_for_one_citizen_are_reported(tmp_path):
    problems = problems_of(write(tmp_path, changed("assignments", 1, "end_date", "2023-07-01")))
    assert problems == [
        "assignments.csv række 3: start_date overlapper borgerens tildeling i række 2 "
        "(slutter ikke før denne starter)"
    ]


def test_an_earlier_assignment_left_open_overlaps_the_next(tmp_path):
    problems = problems_of(write(tmp_path, changed("assignments", 1, "end_date", "")))
    assert len(problems) == 1 and "overlapper" in problems[0]


def test_missing_columns_and_tables_are_reported_together(tmp_path):
    tables = {k: v for k, v in GOOD.items() if k != "outcomes"}
    tables["staff"] = [["staff_id", "team_id"], ["s1", "t1"], ["s2", "t1"]]
    problems = problems_of(write(tmp_path, tables))
    assert "staff.csv: kolonnen municipality_id mangler" in problems
    assert "tabellen outcomes mangler (outcomes.csv eller outcomes.parquet)" in problems


def test_all_problems_are_collected_not_just_the_first(tmp_path):
    tables = changed("ratings", 1, "value", "0")
    tables["citizens"][2][3] = "x"  # gender
    tables["outcomes"][1][1] = "pension"  # kind
    problems = problems_of(write(tmp_path, tables))
    assert len(problems) == 3
    assert "citizens.csv række 3: gender skal være 'k', 'm' eller tom, fik 'x'" in problems


def test_bad_meta_is_a_user_error(tmp_path):
    write(tmp_path, GOOD)
    (tmp_path / "meta.json").write_text('{"schema": "noget-andet", "observed_until": "2023-12-31"}')
    problems = problems_of(tmp_path)
    assert problems == ["meta.json: schema skal være 'jobtro-research/1', fik 'noget-andet'"]
    assert issubclass(ValidationFailed, UserError)


def test_the_summary_is_one_line(tmp_path):
    tables = changed("ratings", 1, "value", "0")
    tables["ratings"][2][4] = "9"
    with pytest.raises(ValidationFailed) as info:
        load_folder(write(tmp_path, tables))
    assert "\n" not in str(info.value)
    assert str(info.value).startswith("forskningsdata har 2 fejl: ratings.csv række 2")


def test_parquet_folders_read_like_csv(tmp_path):
    csv = write(tmp_path / "csv", GOOD)
    pq = tmp_path / "pq"
    pq.mkdir()
    for name in GOOD:
        frame = pd.read_csv(csv / f"{name}.csv", dtype=str, keep_default_na=False)
        if name == "ratings":  # typed columns, as a Parquet writer would store them
            frame["value"] = frame["value"].astype(int)
            frame["rated_on"] = pd.to_datetime(frame["rated_on"])
        frame.to_parquet(pq / f"{name}.parquet", index=False)
    (pq / "meta.json").write_text((csv / "meta.json").read_text())
    a, b = load_folder(csv), load_folder(pq)
    pd.testing.assert_frame_equal(a.ratings, b.ratings)


def test_a_synthetic_folder_is_valid(folder):
    data = load_folder(folder)
    assert len(data.citizens) == 3000
    assert set(data.present) >= {"citizens", "staff", "assignments", "ratings", "outcomes"}
