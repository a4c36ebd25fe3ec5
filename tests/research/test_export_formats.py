"""Research exports in the formats researchers use, with a codebook and a manifest."""

import csv
import datetime as dt
import hashlib
import json

import pandas as pd
import pyreadstat
import pytest

from jobtro.analysis import codebook
from jobtro.citizens.services import record_outcome
from jobtro.errors import UserError
from jobtro.research.exports import export_research


@pytest.fixture
def exported(tmp_path, citizen):
    record_outcome(actor=None, citizen=citizen, kind="job", start_date=dt.date(2025, 9, 1))
    return export_research(
        out=tmp_path / "out", today=dt.date(2025, 12, 31), formats=["parquet", "dta", "sav"]
    )


def test_every_exported_column_has_a_codebook_entry_in_danish_and_english(tmp_path, citizen):
    folder = export_research(out=tmp_path / "out").folder
    for path in folder.glob("*.csv"):
        if path.name == "codebook.csv":
            continue
        with path.open(encoding="utf-8") as handle:
            header = next(csv.reader(handle))
        for column in header:
            var = codebook.variable(path.stem, column)
            assert var.da and var.en and len(var.da) <= 80 and len(var.en) <= 80


def test_the_stata_file_carries_variable_and_value_labels(exported):
    frame, meta = pyreadstat.read_dta(str(exported.folder / "citizens.dta"))
    assert len(frame) == 1
    assert meta.column_names_to_labels["birth_year"] == "Fødselsår (aldrig datoen)"
    assert meta.variable_value_labels["gender"] == {1: "Kvinde", 2: "Mand"}
    assert frame.loc[0, "gender"] == 1  # the test citizen is a woman
    assert frame.loc[0, "birth_year"] == 1988
    outcomes, meta = pyreadstat.read_dta(str(exported.folder / "outcomes.dta"))
    assert meta.value_labels[meta.variable_to_label["kind"]][1.0] == "Ordinært job"
    assert outcomes.loc[0, "start_date"] in (dt.date(2025, 9, 1), pd.Timestamp("2025-09-01"))


def test_the_spss_file_carries_the_same_labels(exported):
    frame, meta = pyreadstat.read_sav(str(exported.folder / "outcomes.sav"))
    assert meta.column_names_to_labels["kind"] == "Udfald"
    assert meta.variable_value_labels["kind"][1.0] == "Ordinært job"
    assert frame.loc[0, "kind"] == 1


def test_english_labels_on_request(tmp_path, citizen):
    folder = export_research(out=tmp_path / "en", formats=["sav"], lang="en").folder
    _, meta = pyreadstat.read_sav(str(folder / "citizens.sav"))
    assert meta.column_names_to_labels["gender"].startswith("Gender")
    assert meta.variable_value_labels["gender"] == {1.0: "Female", 2.0: "Male"}


def test_the_analysis_reads_the_parquet_files_as_it_reads_the_csv_files(exported):
    from jobtro.analysis.io import load_folder

    data = load_folder(exported.folder)  # Parquet wins when both are there
    assert len(data.citizens) == 1
    parquet = pd.read_parquet(exported.folder / "citizens.parquet")
    assert str(parquet["enrolled_on"].dtype).startswith("datetime64")


def test_the_manifest_names_schema_filters_time_and_a_checksum_per_file(exported):
    manifest = json.loads((exported.folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["schema"] == "jobtro-research/1"
    assert manifest["filters"]["formats"] == ["csv", "parquet", "dta", "sav"]
    assert manifest["observed_until"] == "2025-12-31"
    assert manifest["created_at"]
    names = {f["name"] for f in manifest["files"]}
    assert {"citizens.csv", "citizens.dta", "citizens.sav", "citizens.parquet"} <= names
    assert {"meta.json", "codebook.csv", "codebook.da.md", "codebook.en.md"} <= names
    for entry in manifest["files"]:
        data = (exported.folder / entry["name"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert len(data) == entry["bytes"]


def test_the_period_chooses_the_cohort_by_enrolment(tmp_path, citizen):
    enrolled = citizen.enrolled_on
    inside = export_research(
        out=tmp_path / "in", enrolled_from=enrolled, enrolled_to=enrolled
    ).folder
    after = export_research(
        out=tmp_path / "after", enrolled_from=enrolled + dt.timedelta(days=1)
    ).folder
    assert len(pd.read_csv(inside / "citizens.csv")) == 1
    assert len(pd.read_csv(after / "citizens.csv")) == 0
    manifest = json.loads((inside / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["filters"]["enrolled_from"] == enrolled.isoformat()


def test_an_unknown_format_and_a_reversed_period_are_refused_before_writing(tmp_path, citizen):
    with pytest.raises(UserError, match="ukendt format: xlsx"):
        export_research(out=tmp_path / "a", formats=["xlsx"])
    with pytest.raises(UserError, match="periodens start ligger efter"):
        export_research(
            out=tmp_path / "b", enrolled_from=dt.date(2025, 2, 1), enrolled_to=dt.date(2025, 1, 1)
        )
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_the_codebook_files_describe_the_tables(exported):
    da = (exported.folder / "codebook.da.md").read_text(encoding="utf-8")
    en = (exported.folder / "codebook.en.md").read_text(encoding="utf-8")
    assert "Fødselsår" in da and "`k` = Kvinde" in da
    assert "Birth year" in en and "`k` = Female" in en
    with (exported.folder / "codebook.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    [kind] = [r for r in rows if r["table"] == "outcomes" and r["column"] == "kind"]
    assert kind["type"] == "category" and "job=Ordinært job/Ordinary job" in kind["values"]
