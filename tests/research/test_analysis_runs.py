"""A researcher runs the analysis in the background and reads the report; a leader gets
the team version with small cells suppressed."""

import pytest
from django.urls import reverse

from jobtro.analysis.synth import SynthConfig, synthesize, write_folder
from jobtro.organisations.models import ResearchProject
from jobtro.research import services
from jobtro.research.models import AnalysisRun, RunStatus


@pytest.fixture(autouse=True)
def _inline(settings):
    settings.ANALYSIS_RUNNER = "inline"


@pytest.fixture
def synthetic_export(monkeypatch):
    """Stand in a synthetic cohort for the database export (the plumbing is under test)."""

    def fake_export(*, out, citizens=None, actor=None, **_):
        write_folder(synthesize(SynthConfig(n_citizens=800, seed=3)), out)

    monkeypatch.setattr(services, "export_research", fake_export)


def test_researcher_runs_an_analysis_and_reads_the_report(
    client, researcher, synthetic_export, django_capture_on_commit_callbacks
):
    client.force_login(researcher.user)
    project = ResearchProject.objects.get(slug="troen")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("research:index"), {"project": project.pk})
    run = AnalysisRun.objects.get()
    assert response.status_code == 302
    assert run.status == RunStatus.DONE, run.error
    assert run.results["schema"] == "jobtro-results/1"
    page = client.get(reverse("research:run", args=[run.pk])).content.decode()
    assert "Læs rapporten" in page
    report = client.get(reverse("research:report", args=[run.pk]))
    assert report.status_code == 200
    assert "unsafe-inline" in report["Content-Security-Policy"]
    assert "sandbox" in report["Content-Security-Policy"]
    results = client.get(reverse("research:results", args=[run.pk])).json()
    assert set(results["effects"]) >= {"belief_per_step", "caseworker_change", "general_belief"}


def test_status_fragment_shows_progress(client, researcher):
    run = AnalysisRun.objects.create(
        created_by=researcher,
        project=ResearchProject.objects.get(slug="troen"),
        status="running",
        step=3,
    )
    client.force_login(researcher.user)
    fragment = client.get(reverse("research:run_status", args=[run.pk]), HTTP_HX_REQUEST="true")
    html = fragment.content.decode()
    assert 'hx-trigger="every 1s"' in html and "<progress" in html


def test_a_run_on_too_little_data_fails_with_a_clear_message(
    client, researcher, citizen, django_capture_on_commit_callbacks
):
    client.force_login(researcher.user)
    project = ResearchProject.objects.get(slug="troen")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("research:index"), {"project": project.pk})
    run = AnalysisRun.objects.get()
    assert run.status == RunStatus.FAILED
    assert "for få overgange til job eller uddannelse" in run.error
    assert run.error in client.get(reverse("research:run", args=[run.pk])).content.decode()


def test_researcher_cannot_start_a_run_for_someone_elses_project(client, researcher):
    other = ResearchProject.objects.create(name="Et andet projekt", slug="andet")
    client.force_login(researcher.user)
    response = client.post(reverse("research:index"), {"project": other.pk})
    assert response.status_code == 422
    assert not AnalysisRun.objects.exists()


def test_leader_gets_the_suppressed_team_version(
    client, leader, team, synthetic_export, django_capture_on_commit_callbacks
):
    client.force_login(leader.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("research:index"), {"team": team.pk})
    run = AnalysisRun.objects.get()
    assert run.status == RunStatus.DONE, run.error
    # The synthetic cohort stands in for a team; the suppression rules apply to its counts.
    assert run.results["n_staff"] >= 5 or run.results.get("suppressed")
    page = client.get(reverse("research:run", args=[run.pk]))
    assert page.status_code == 200


def test_a_small_teams_run_stores_nothing_estimated(
    client, leader, team, synthetic_export, settings, django_capture_on_commit_callbacks
):
    settings.SUPPRESS_MIN_STAFF = 10_000  # every team is "small" for this test
    client.force_login(leader.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("research:index"), {"team": team.pk})
    run = AnalysisRun.objects.get()
    assert run.status == RunStatus.DONE, run.error
    assert run.results["suppressed"] is True and run.results["effects"] == {}
    # Neither the sentences nor the model terms repeat the hidden effects.
    assert run.results["text"] == {"da": {}, "en": {}} and "model" not in run.results
    assert run.report_html == ""
    assert client.get(reverse("research:report", args=[run.pk])).status_code == 404
    downloaded = client.get(reverse("research:results", args=[run.pk])).json()
    assert "model" not in downloaded and "experiments" not in downloaded
    page = client.get(reverse("research:run", args=[run.pk])).content.decode()
    assert "Gruppen er for lille til at vise tal" in page
