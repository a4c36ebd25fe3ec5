import csv
import datetime as dt
import json

import pytest

from jobtro.citizens.services import record_outcome
from jobtro.errors import UserError
from jobtro.research.exports import COLUMNS, export_research


def read(folder, name):
    with (folder / f"{name}.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_export_writes_the_documented_schema(tmp_path, citizen, colleague):
    record_outcome(actor=None, citizen=citizen, kind="job", start_date=dt.date(2025, 9, 1))
    result = export_research(out=tmp_path / "out", today=dt.date(2025, 12, 31))
    folder = result.folder
    meta = json.loads((folder / "meta.json").read_text())
    assert meta == {"schema": "jobtro-research/1", "observed_until": "2025-12-31"}
    for name in ["citizens", "staff", "assignments", "ratings", "outcomes", "contacts", "actions"]:
        with (folder / f"{name}.csv").open(encoding="utf-8") as handle:
            assert next(csv.reader(handle)) == list(COLUMNS[name])
    [row] = read(folder, "citizens")
    assert row["birth_year"] == "1988" and row["gender"] == "k"
    assert row["municipality_id"] == "740"
    assert read(folder, "outcomes")[0]["kind"] == "job"


def test_export_contains_no_names_and_fresh_pseudonyms_each_time(tmp_path, citizen):
    first = export_research(out=tmp_path / "a").folder
    second = export_research(out=tmp_path / "b").folder
    for folder in (first, second):
        text = "".join(p.read_text(encoding="utf-8") for p in folder.iterdir())
        assert "Testborger" not in text and citizen.pseudonym not in text and "anna" not in text
    assert read(first, "citizens")[0]["citizen_id"] != read(second, "citizens")[0]["citizen_id"]
    assert read(first, "assignments")[0]["citizen_id"] == read(first, "citizens")[0]["citizen_id"]


def test_export_is_limited_to_the_project_municipalities(
    tmp_path, citizen, researcher, outsider, target_group
):
    from jobtro.citizens.services import assign_caseworker, create_citizen

    other = create_citizen(
        actor=None,
        municipality=outsider.municipality,
        birth_year=1970,
        target_group=target_group,
        enrolled_on=dt.date(2025, 1, 1),
    )
    assign_caseworker(
        actor=None, citizen=other, caseworker=outsider, start_date=dt.date(2025, 1, 1)
    )
    folder = export_research(out=tmp_path / "p", project="troen").folder
    assert [r["municipality_id"] for r in read(folder, "citizens")] == ["740"]


def test_export_refuses_an_unknown_project_and_a_non_empty_folder(tmp_path, citizen):
    with pytest.raises(UserError, match="findes ikke"):
        export_research(out=tmp_path / "x", project="nope")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "file.txt").write_text("x")
    with pytest.raises(UserError, match="ikke tom"):
        export_research(out=tmp_path / "full")


def test_the_analysis_engine_accepts_the_export(tmp_path, citizen):
    from jobtro.analysis.io import load_folder

    folder = export_research(out=tmp_path / "out").folder
    data = load_folder(folder)
    assert len(data.citizens) == 1


def test_ratings_in_force_are_exported_and_corrections_replace_the_mistake(
    tmp_path, citizen, caseworker
):
    from jobtro.belief import services as belief

    belief.default_instrument()
    mistake = belief.record_rating(citizen=citizen, rater=caseworker, item="belief_job_1y", value=1)
    belief.record_rating(
        citizen=citizen, rater=caseworker, item="belief_job_1y", value=4, correct=True
    )
    assert mistake.superseded_by is not None
    folder = export_research(out=tmp_path / "out").folder
    [row] = [r for r in read(folder, "ratings") if r["item_id"] == "belief_job_1y"]
    assert row["value"] == "4"
    assert row["rater_type"] == "caseworker"
    assert row["instrument"] == "jobtro-2"
    assert row["rater_id"] == read(folder, "staff")[0]["staff_id"]
