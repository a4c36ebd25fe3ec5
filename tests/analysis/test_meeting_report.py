"""The meeting-form and partner results in results.json and report.html."""

from __future__ import annotations

import doctest

import numpy as np
import pandas as pd
import pytest

from jobtro.analysis import action_patterns, analyse, meeting_forms, meeting_report
from jobtro.analysis.meeting_report import analyse_meetings, html_part, results_part, sentences_part
from jobtro.analysis.synth import SynthConfig, synthesize, write_folder

from .test_meeting_forms import cohort


@pytest.mark.parametrize("module", [meeting_forms, meeting_report, action_patterns])
def test_docstring_examples_run(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def test_results_part_adds_three_keys_with_the_within_citizen_difference():
    part = results_part(analyse_meetings(cohort()))
    assert set(part) == {"meeting_forms", "external_partners", "belief_by_rater_type"}
    diff = part["meeting_forms"]["physical_minus_remote"]["caseworker_belief_within_citizen"]
    assert diff["ci_low"] < 0.5 < diff["ci_high"]
    assert "Observationelle" in part["meeting_forms"]["warning"]
    assert part["external_partners"]["n_partners"] == 6


def test_a_suppressed_cell_shows_no_mean_in_json_or_report():
    m = analyse_meetings(cohort(seed=9, n_staff=4, n_citizens=200, n_partners=2))
    part = results_part(m)
    cells = part["meeting_forms"]["caseworker_belief_by_group"]
    assert all(c["mean"] is None and c["suppressed"] for c in cells.values())
    assert part["external_partners"]["mean_external"] is None
    da, _en = sentences_part(m)
    assert "meeting_forms" not in da and "external_partners" not in da
    page = html_part(m, da)
    assert "for få til at vise" in page


@pytest.fixture(scope="module")
def folder_with_meetings(tmp_path_factory):
    """A synthetic folder with a contact before every caseworker rating (the form drawn
    at random, so no true difference) and five external partners rating a third of the
    citizens a week after their caseworker."""
    folder = write_folder(
        synthesize(SynthConfig(n_citizens=800, seed=21)), tmp_path_factory.mktemp("m")
    )
    rng = np.random.default_rng(2)
    ratings = pd.read_csv(folder / "ratings.csv", dtype=str)
    cw = ratings[(ratings["rater_type"] == "caseworker") & (ratings["item_id"] == "belief_job_1y")]
    forms = rng.choice(["fremmøde", "telefon", "video", "hjem"], size=len(cw))
    pd.DataFrame(
        {
            "citizen_id": cw["citizen_id"],
            "staff_id": cw["rater_id"],
            "date": cw["rated_on"],
            "form": forms,
        }
    ).to_csv(folder / "contacts.csv", index=False)
    chosen = cw[rng.random(len(cw)) < 0.33].copy()
    chosen["rater_id"] = [f"x{k % 5}" for k in range(len(chosen))]
    chosen["rater_type"] = "external"
    observed = pd.Timestamp("2024-12-31")
    later = pd.to_datetime(chosen["rated_on"]) + pd.Timedelta(days=7)
    chosen = chosen[later <= observed]
    chosen["rated_on"] = later[later <= observed].dt.strftime("%Y-%m-%d")
    pd.concat([ratings, chosen]).to_csv(folder / "ratings.csv", index=False)
    return folder


def test_analyse_writes_the_new_keys_and_the_report_section(folder_with_meetings):
    analysed = analyse(folder_with_meetings)
    results, page = analysed.to_dict(), analysed.report_html()
    assert results["schema"] == "jobtro-results/1"  # the contract's keys are untouched
    assert {"effects", "belief_distribution"} <= set(results)
    mf = results["meeting_forms"]
    within = mf["physical_minus_remote"]["caseworker_belief_within_citizen"]
    assert within["ci_low"] < 0 < within["ci_high"]  # forms drawn at random
    assert results["external_partners"]["external_minus_caseworker"]["estimate"] == 0
    assert results["belief_by_rater_type"]["external"]["n_raters"] == 5
    assert "Forventninger på tværs af mødeformer" in page
    assert "meeting_forms" in results["text"]["da"]


def _negative_analysis():
    from jobtro.analysis.meeting_forms import Difference, MeetingFormResult

    down = Difference(-0.3, -0.5, -0.1, 0.01, 120, 40, 8, False, "m")
    result = MeetingFormResult({}, {}, {}, {}, down, down, down, "w")
    return meeting_report.MeetingAnalysis(result, None, {})


def test_a_negative_difference_reads_as_a_positive_number_lower_in_both_languages():
    da, en = sentences_part(_negative_analysis())
    assert "i gennemsnit 0,30 trin lavere end efter" in da["meeting_forms"]
    assert "var 0,30 trin lavere efter fysiske" in da["perceived_belief"]
    assert "on average 0.30 steps lower than" in en["meeting_forms"]
    assert "was 0.30 steps lower after physical" in en["perceived_belief"]
    for text in (*da.values(), *en.values()):
        assert "-0,30 trin" not in text and "-0.30 steps" not in text
    assert "(95 %-CI -0,50 til -0,10" in da["meeting_forms"]  # the interval keeps its sign


def test_the_partner_sentence_speaks_of_these_partners_and_their_number():
    m = analyse_meetings(cohort())
    da, en = sentences_part(m)
    assert da["external_partners"].startswith("Disse 6 eksterne samarbejdspartnere")
    assert "inden for disse partnere" in da["external_partners"]
    assert "én partners egen måde at vurdere på" in da["external_partners"]
    assert en["external_partners"].startswith("These 6 external partners")
    assert "within these partners" in en["external_partners"]
    assert "one partner's own way of rating" in en["external_partners"]
    part = results_part(m)["external_partners"]
    assert part["exact_agreement"]["ci_low"] is None  # no interval on repeated pairs
    assert part["exact_agreement"]["rate"] is not None
    page = html_part(m, da)
    assert "<strong>6 eksterne partnere</strong>" in page


def test_suppressed_cells_publish_no_counts_in_json_or_report():
    m = analyse_meetings(cohort(seed=9, n_staff=4, n_citizens=200, n_partners=2))
    part = results_part(m)
    for key in ("caseworker_belief_by_form", "caseworker_belief_by_group"):
        for c in part["meeting_forms"][key].values():
            assert c["suppressed"]
            assert (c["n_ratings"], c["n_citizens"], c["n_raters"]) == (None, None, None)
    diff = part["meeting_forms"]["physical_minus_remote"]["caseworker_belief"]
    assert diff["estimate"] is None and diff["n_ratings"] is None
    ep = part["external_partners"]
    assert ep["suppressed"] and ep["n_pairs"] is None and ep["n_partners"] is None
    page = html_part(m, sentences_part(m)[0])
    assert "<td colspan='3'>for få til at vise</td></tr>" in page
