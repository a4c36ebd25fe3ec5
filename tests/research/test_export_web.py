"""The researcher's export in the browser: choose, see, download; audited."""

import io
import zipfile

import pyreadstat
import pytest

from jobtro.core.models import AuditEvent

URL = "/forskning/udtraek/"


@pytest.fixture
def researcher_client(client, researcher, citizen):
    client.force_login(researcher.user)
    return client


def test_the_researcher_sees_what_the_export_holds_before_downloading(
    researcher_client, researcher
):
    project = researcher.research_projects.get()
    response = researcher_client.post(
        URL, {"project": project.pk, "formats": ["dta"], "lang": "da", "action": "preview"}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "1 borger i kohorten" in text
    assert "<code>birth_year</code>" in text
    assert "Hent udtræk (zip)" in text
    # A preview writes nothing and logs no download.
    assert not AuditEvent.objects.filter(action="research.export.downloaded").exists()


def test_the_researcher_downloads_a_stata_file_with_labels(researcher_client, researcher, tmp_path):
    project = researcher.research_projects.get()
    response = researcher_client.post(
        URL,
        {"project": project.pk, "formats": ["dta", "sav"], "lang": "da", "action": "download"},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    assert "jobtro-forskning-troen-" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = set(archive.namelist())
    assert {
        "citizens.csv",
        "citizens.dta",
        "citizens.sav",
        "manifest.json",
        "codebook.da.md",
    } <= names
    archive.extract("citizens.dta", tmp_path)
    frame, meta = pyreadstat.read_dta(str(tmp_path / "citizens.dta"))
    assert len(frame) == 1
    assert meta.variable_value_labels["gender"] == {1: "Kvinde", 2: "Mand"}
    event = AuditEvent.objects.get(action="research.export.downloaded")
    assert event.detail["project"] == "troen" and event.detail["formats"] == ["dta", "sav"]
    assert AuditEvent.objects.filter(action="research.export.created").exists()


def test_a_reversed_period_is_refused_in_danish(researcher_client, researcher):
    project = researcher.research_projects.get()
    response = researcher_client.post(
        URL,
        {
            "project": project.pk,
            "enrolled_from": "01.02.2025",
            "enrolled_to": "01.01.2025",
            "lang": "da",
            "action": "download",
        },
    )
    assert response.status_code == 422
    assert "Periodens start ligger efter dens slutning" in response.content.decode()
    assert not AuditEvent.objects.filter(action__startswith="research.export").exists()


@pytest.mark.parametrize(
    "bad",
    [
        {"enrolled_from": "31.02.2025"},
        {"formats": ["xlsx"]},
        {"lang": "de"},
        {"project": "999999"},
    ],
)
def test_bad_input_is_refused_and_nothing_is_exported(researcher_client, researcher, bad):
    project = researcher.research_projects.get()
    data = {"project": project.pk, "lang": "da", "action": "download", **bad}
    response = researcher_client.post(URL, data)
    assert response.status_code == 422
    assert "form-error" in response.content.decode()
    assert not AuditEvent.objects.filter(action__startswith="research.export").exists()


def test_another_projects_data_cannot_be_chosen(client, researcher, citizen, outsider):
    from jobtro.organisations.models import ResearchProject

    other = ResearchProject.objects.create(name="Et andet projekt", slug="andet")
    other.municipalities.add(outsider.municipality)
    client.force_login(researcher.user)
    response = client.post(URL, {"project": other.pk, "lang": "da", "action": "download"})
    assert response.status_code == 422


def test_staff_who_are_not_researchers_do_not_find_the_page(client, caseworker, leader):
    for staff in (caseworker, leader):
        client.force_login(staff.user)
        assert client.get(URL).status_code == 404
