"""The library face of the analysis core: ``analyse(folder) -> Results``.

``to_json()`` is the ``results.json`` the command line wrote before the typed result
existed (pinned in ``data/results_synth800_seed3.json``, written by the former
``cli.analyse`` on the same synthetic folder), and a team's suppressed copy hides
small cells and, for a small group, everything estimated.
"""

from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path

import pytest

from jobtro.analysis import Results, analyse
from jobtro.analysis.synth import SynthConfig, synthesize, write_folder

BEFORE = Path(__file__).parent / "data" / "results_synth800_seed3.json"
CONTRACT_TOP = [
    "schema",
    "n_citizens",
    "n_staff",
    "n_events",
    "belief_distribution",
    "job_within_12m_by_belief",
    "effects",
    "text",
]


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> Results:
    folder = write_folder(
        synthesize(SynthConfig(n_citizens=800, seed=3)), tmp_path_factory.mktemp("synth")
    )
    return analyse(folder)


def assert_same(new: object, old: object, where: str = "") -> None:
    """Same keys in the same order and the same values; floats to 1e-9 (BLAS rounding)."""
    if isinstance(old, dict):
        assert isinstance(new, dict), where
        assert list(new) == list(old), where
        for key in old:
            assert_same(new[key], old[key], f"{where}/{key}")
    elif isinstance(old, list):
        assert isinstance(new, list) and len(new) == len(old), where
        for i, (a, b) in enumerate(zip(new, old, strict=True)):
            assert_same(a, b, f"{where}[{i}]")
    elif isinstance(old, float):
        assert isinstance(new, float) and math.isclose(new, old, rel_tol=1e-9, abs_tol=1e-12), (
            where,
            new,
            old,
        )
    else:
        assert type(new) is type(old) and new == old, (where, new, old)


def test_to_json_is_the_results_json_written_before_the_typed_result(results):
    new = json.loads(results.to_json())
    assert new.pop("generated_at") == results.generated_at.isoformat(timespec="seconds")
    assert_same(new, json.loads(BEFORE.read_text(encoding="utf-8")))


def test_to_json_is_to_dict_as_the_file_text(results):
    text = results.to_json()
    assert text.endswith("}\n") and "NaN" not in text
    assert json.loads(text) == results.to_dict()
    assert list(results.to_dict())[:8] == CONTRACT_TOP


def test_write_puts_both_files_in_the_folder(results, tmp_path):
    json_path, html_path = results.write(tmp_path / "r")
    assert json.loads(json_path.read_text(encoding="utf-8"))["schema"] == "jobtro-results/1"
    assert html_path.read_text(encoding="utf-8").startswith("<!doctype html>")


def test_results_are_frozen(results):
    with pytest.raises(dataclasses.FrozenInstanceError):
        results.job12 = {}  # type: ignore[misc]


def test_a_team_copy_hides_small_cells_and_the_sentence_that_quotes_them(results):
    sizes = sorted(p.n for p in results.job12.values())
    cut = sizes[0] + 1  # at least the smallest cell is hidden, the larger ones stay
    team = results.suppressed(min_citizens=cut, min_staff=1)
    doc = team.to_dict()
    hidden = [level for level, p in results.job12.items() if p.n < cut]
    assert hidden and len(hidden) < 5
    for level in hidden:
        assert doc["job_within_12m_by_belief"][str(level)] == {
            "rate": None,
            "ci_low": None,
            "ci_high": None,
            "n": None,
            "suppressed": True,
        }
    shown = next(level for level in range(1, 6) if level not in hidden)
    assert doc["job_within_12m_by_belief"][str(shown)]["n"] == results.job12[shown].n
    assert doc["effects"]["belief_per_step"]["hazard_ratio"] > 0  # the effect stays
    if {1, 5} & set(hidden):  # the 1-against-5 sentence would show a hidden share
        assert "job_within_12m_by_belief" not in doc["text"]["da"]
        assert "job_within_12m_by_belief" not in doc["text"]["en"]
    assert f"færre end {cut} borgere" in team.report_html()
    assert "suppressed" not in doc
    assert results.suppression is None  # the full result is untouched


def test_a_small_groups_copy_shows_nothing_estimated(results):
    team = results.suppressed(min_citizens=10, min_staff=len(results.data.staff) + 1)
    doc = team.to_dict()
    assert doc["suppressed"] is True
    assert doc["belief_distribution"] == {} and doc["effects"] == {}
    assert doc["text"] == {"da": {}, "en": {}}
    # Nothing beside the contract repeats an estimate: no model terms, no sentences.
    assert set(doc) == {*CONTRACT_TOP, "suppressed"}
    assert team.report_html() == ""
    assert json.loads(team.to_json()) == doc
