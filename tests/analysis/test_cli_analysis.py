"""`jobtro synth` and `jobtro analyse` end to end: results.json keeps the
`jobtro-results/1` contract, the report is one self-contained file, and a bad folder
ends in exit code 2 with one line on stderr."""

from __future__ import annotations

import json
import re

import pytest

from jobtro.cli import main

CONTRACT_TOP = {
    "schema",
    "n_citizens",
    "n_staff",
    "n_events",
    "belief_distribution",
    "job_within_12m_by_belief",
    "effects",
    "text",
}
EFFECT_KEYS = {"hazard_ratio", "ci_low", "ci_high", "p_value", "method"}


@pytest.fixture(scope="module")
def analysed(tmp_path_factory):
    base = tmp_path_factory.mktemp("cli")
    folder, out = base / "d", base / "r"
    assert main(["synth", "--out", str(folder), "--citizens", "2000", "--seed", "3"]) == 0
    assert main(["analyse", str(folder), "--out", str(out)]) == 0
    return folder, out


def test_synth_writes_a_folder_with_its_truth(analysed):
    folder, _ = analysed
    truth = json.loads((folder / "truth.json").read_text())
    assert truth["hr_belief"] == 1.33 and truth["hr_change"] == 0.78
    meta = json.loads((folder / "meta.json").read_text())
    assert meta["schema"] == "jobtro-research/1"


def test_results_json_keeps_the_contract(analysed):
    _, out = analysed
    results = json.loads((out / "results.json").read_text())
    assert set(results) >= CONTRACT_TOP  # additions allowed, nothing renamed
    assert results["schema"] == "jobtro-results/1"
    assert results["n_citizens"] == 2000 and isinstance(results["n_events"], int)
    assert list(results["belief_distribution"]) == ["1", "2", "3", "4", "5"]
    for level in results["job_within_12m_by_belief"].values():
        assert {"rate", "ci_low", "ci_high", "n"} <= set(level)
    effects = results["effects"]
    assert set(effects) == {"belief_per_step", "caseworker_change", "general_belief"}
    for effect in effects.values():
        assert set(effect) >= EFFECT_KEYS
    assert effects["caseworker_change"]["window_days"] == 182
    assert set(results["text"]) == {"da", "en"}
    assert results["model"]["exact_timing"] is False  # the standard monthly panel by default


def test_the_true_hazard_ratios_are_inside_the_reported_intervals(analysed):
    _, out = analysed
    effects = json.loads((out / "results.json").read_text())["effects"]
    b, c = effects["belief_per_step"], effects["caseworker_change"]
    assert b["ci_low"] <= 1.33 <= b["ci_high"]
    assert c["ci_low"] <= 0.78 <= c["ci_high"]


def test_relative_effects_come_with_the_absolute_picture(analysed):
    _, out = analysed
    da = json.loads((out / "results.json").read_text())["text"]["da"]["belief_per_step"]
    assert re.search(r"ca\. \d+ i stedet for \d+ af 100 borgere", da), da


def test_the_report_is_self_contained(analysed):
    _, out = analysed
    page = (out / "report.html").read_text()
    assert page.count("<svg") >= 3  # forest plot, distribution, job rate by belief
    # Nothing is fetched when it opens: no external src/href, no scripts, no stylesheets.
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "<script" not in page and "<link" not in page
    assert "matplotlib.org" not in page  # SVG metadata stripped
    assert "Begrænsninger" in page and "Metode" in page


def test_a_bad_folder_exits_2_with_one_line(analysed, tmp_path, capsys):
    folder, _ = analysed
    bad = tmp_path / "bad"
    bad.mkdir()
    for f in folder.iterdir():
        (bad / f.name).write_bytes(f.read_bytes())
    ratings = (bad / "ratings.csv").read_text().splitlines()
    ratings[11] = re.sub(r",\d,(\d{4}-)", r",7,\1", ratings[11])  # value 7 on row 12
    (bad / "ratings.csv").write_text("\n".join(ratings) + "\n")
    capsys.readouterr()
    assert main(["analyse", str(bad), "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "ratings.csv række 12: value skal være et heltal 1-5, fik '7'" in err[0]
    assert not (tmp_path / "r" / "results.json").exists()  # nothing computed
    listed = (tmp_path / "r" / "validation_errors.txt").read_text()
    assert "række 12" in listed


def test_a_missing_folder_exits_2(tmp_path, capsys):
    assert main(["analyse", str(tmp_path / "nowhere"), "--out", str(tmp_path / "r")]) == 2
    assert "findes ikke" in capsys.readouterr().err


def test_synth_refuses_a_tiny_cohort(tmp_path, capsys):
    assert main(["synth", "--out", str(tmp_path / "d"), "--citizens", "3"]) == 2
    assert "--citizens" in capsys.readouterr().err


def test_a_folder_with_only_the_required_tables_is_analysed(analysed, tmp_path):
    folder, _ = analysed
    lean = tmp_path / "lean"
    lean.mkdir()
    for name in (
        "meta.json",
        "citizens.csv",
        "staff.csv",
        "assignments.csv",
        "ratings.csv",
        "outcomes.csv",
    ):
        (lean / name).write_bytes((folder / name).read_bytes())
    assert main(["analyse", str(lean), "--out", str(tmp_path / "r")]) == 0
    results = json.loads((tmp_path / "r" / "results.json").read_text())
    assert results["experiments"] == [] and "sparring" not in results
    assert "Forsøg i teams" not in (tmp_path / "r" / "report.html").read_text()


def test_synth_into_a_file_exits_2(tmp_path, capsys):
    (tmp_path / "taken").write_text("x")
    assert main(["synth", "--out", str(tmp_path / "taken"), "--citizens", "60"]) == 2
    assert "kan ikke skrive" in capsys.readouterr().err


def test_without_any_change_of_caseworker_the_change_effect_is_null(tmp_path):
    from jobtro.analysis import analyse
    from jobtro.analysis.synth import SynthConfig, synthesize, write_folder

    folder = write_folder(
        synthesize(SynthConfig(n_citizens=1500, seed=4, p_change_2y=0.0)), tmp_path
    )
    results = analyse(folder).to_dict()
    change = results["effects"]["caseworker_change"]
    assert change["hazard_ratio"] is None and change["window_days"] == 182
    assert change["method"].startswith("ikke estimeret")
    assert results["effects"]["belief_per_step"]["hazard_ratio"] > 1
    assert "ingen skift af sagsbehandler" in results["text"]["da"]["caseworker_change"]


def test_a_folder_with_too_few_events_exits_2(tmp_path, capsys):
    from .test_io import GOOD, write

    folder = write(tmp_path / "tiny", GOOD)
    assert main(["analyse", str(folder), "--out", str(tmp_path / "r")]) == 2
    assert "for få overgange" in capsys.readouterr().err
