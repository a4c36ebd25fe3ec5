"""The research view shows belief by meeting form and the partners' comparison from a
finished analysis run (aggregates only)."""

from __future__ import annotations

from django.urls import reverse

from jobtro.organisations.models import ResearchProject
from jobtro.research.models import AnalysisRun


def results(suppressed: bool = False) -> dict:
    cell = {"mean": 3.1, "n_ratings": 40, "n_citizens": 30, "n_raters": 6, "suppressed": False}
    return {
        "schema": "jobtro-results/1",
        "text": {"da": {"meeting_forms": "Efter fysiske samtaler ..."}},
        "meeting_forms": {
            "caseworker_belief_by_group": {"physical": cell, "remote": {**cell, "mean": 2.9}},
            "perceived_belief_by_group": {"physical": {**cell, "mean": 3.8}, "remote": cell},
            "warning": "Observationelle data: mødeformen vælges, den lodtrækkes ikke.",
        },
        "external_partners": {
            "suppressed": suppressed,
            "n_pairs": 120,
            "n_partners": 5,
            "n_citizens": 60,
            "mean_external": 3.2,
            "mean_caseworker": 2.8,
            "external_minus_caseworker": {"estimate": 0.4, "ci_low": 0.2, "ci_high": 0.6},
            "exact_agreement": {"rate": 0.45},
            "within_one_step": {"rate": 0.9},
            "weighted_kappa": 0.7,
        },
    }


def run_for(researcher, data: dict) -> AnalysisRun:
    return AnalysisRun.objects.create(
        created_by=researcher,
        project=ResearchProject.objects.get(slug="troen"),
        status="done",
        results=data,
        report_html="<!doctype html><p>rapport</p>",
    )


def test_the_researcher_sees_belief_by_meeting_form_and_the_partner_comparison(client, researcher):
    run = run_for(researcher, results())
    client.force_login(researcher.user)
    page = client.get(reverse("research:run", args=[run.pk])).content.decode()
    assert "Er overførslen af forventninger bundet til det fysiske møde?" in page
    assert "3,80" in page and "2,90" in page
    assert "Forventninger på spil i samarbejdet med eksterne parter" in page
    assert "0,40 (0,20 til 0,60)" in page and "45 % / 90 %" in page
    # The number of partners is shown, and the interval holds within these partners.
    assert "Eksterne partnere bag sammenligningen" in page and "<strong>5</strong>" in page
    assert "inden for disse partnere" in page


def test_a_suppressed_partner_comparison_shows_no_figures(client, researcher):
    run = run_for(researcher, results(suppressed=True))
    client.force_login(researcher.user)
    page = client.get(reverse("research:run", args=[run.pk])).content.decode()
    assert "For få eksterne partnere" in page and "0,40 (0,20" not in page
