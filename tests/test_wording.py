"""Wording (issue 19): counts take the right number in Danish and English, and a
municipality's code is labelled where it appears beside the name."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from jobtro.analysis.report import count
from jobtro.organisations.models import Municipality
from jobtro.research.forms import ProjectRunForm

ONE_BAD_ROW = (
    "citizen_id;name;birth_year;target_group;enrolled_on\r\nS-1;Åse Ærø;1980;ukendt;06.01.2025\r\n"
).encode()


def test_a_count_of_one_team_is_singular_in_the_analysis_text():
    assert count(1, "forsøgsteam", "forsøgsteams") == "1 forsøgsteam"
    assert count(0, "forsøgsteam", "forsøgsteams") == "0 forsøgsteams"
    assert count(3, "comparison team", "comparison teams") == "3 comparison teams"


def test_the_municipality_picker_labels_the_code(researcher):
    Municipality.objects.filter(code="740").update(name="Frederiksberg", code="147")

    choices = [
        label for _value, label in ProjectRunForm(staff=researcher).fields["municipality"].choices
    ]

    assert "Frederiksberg (kommunekode 147)" in choices
    with translation.override("en"):
        assert str(Municipality.objects.get(code="147")) == "Frederiksberg (municipality code 147)"


def test_a_dry_run_with_one_bad_row_says_one_row_and_one_error(client, administrator, target_group):
    client.force_login(administrator.user)
    upload = SimpleUploadedFile("borgere.csv", ONE_BAD_ROW, content_type="text/csv")

    response = client.post(
        "/borgere/import/", {"kind": "citizens", "action": "dry_run", "file": upload}
    )

    page = response.content.decode()
    assert "1 fejl i borgere.csv (1 række)." in page
    assert "1 rækker" not in page

    client.cookies["django_language"] = "en"
    upload = SimpleUploadedFile("borgere.csv", ONE_BAD_ROW, content_type="text/csv")
    response = client.post(
        "/borgere/import/",
        {"kind": "citizens", "action": "dry_run", "file": upload},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    page = response.content.decode()
    assert "1 error in borgere.csv (1 row)." in page
