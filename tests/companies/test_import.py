"""Companies import from CSV and XLSX: all or nothing, a dry run first, an error per
row and column in Danish."""

from __future__ import annotations

import pytest

from jobtro.citizens.imports.services import import_file
from jobtro.companies.models import Company, CompanyContact
from jobtro.core.models import AuditEvent
from tests.citizens.test_import import write_csv, write_xlsx

from .conftest import VALID_CVR

HEADER = [
    "name",
    "cvr",
    "industry",
    "address",
    "postal_code",
    "city",
    "contact_name",
    "contact_email",
]
GOOD = [
    [
        "Demo Lager ApS",
        VALID_CVR,
        "Lager",
        "Demovej 1",
        "8600",
        "Silkeborg",
        "Kim Eksempelsen",
        "kim@demo.example",
    ],
    ["Eksempel Kantine", "", "Køkken", "", "", "", "", ""],
    ["Demo Have I/S", "25313763", "Grønne områder", "", "8600", "Silkeborg", "", ""],
]


def run(path, municipality, *, dry_run=False):
    return import_file(
        kind="companies", path=path, file_name=path.name, actor=None, dry_run=dry_run,
        municipality=municipality, only_municipality=municipality,
    )  # fmt: skip


def errors(report) -> list[str]:
    return [str(issue) for issue in report.errors]


@pytest.mark.parametrize("writer", [write_csv, write_xlsx], ids=["csv", "xlsx"])
def test_a_good_file_is_checked_in_a_dry_run_and_then_imported(tmp_path, silkeborg, writer):
    path = writer(
        tmp_path / ("firmaer.csv" if writer is write_csv else "firmaer.xlsx"), [HEADER, *GOOD]
    )
    checked = run(path, silkeborg, dry_run=True)
    assert checked.ok and checked.valid_rows == 3
    assert not Company.objects.exists()
    report = run(path, silkeborg)
    assert report.ok and report.saved and report.created == 3
    assert set(Company.objects.values_list("name", "cvr")) == {
        ("Demo Lager ApS", VALID_CVR),
        ("Eksempel Kantine", ""),
        ("Demo Have I/S", "25313763"),
    }
    assert CompanyContact.objects.get().email == "kim@demo.example"
    assert AuditEvent.objects.filter(action="companies.company.created").count() == 3


def test_bad_rows_are_reported_per_row_and_column_and_nothing_is_saved(tmp_path, silkeborg):
    path = write_csv(
        tmp_path / "firmaer.csv",
        [
            HEADER,
            GOOD[0],
            ["Forkert CVR", "10150818", "", "", "", "", "", ""],
            ["", "", "Lager", "", "", "", "", ""],
            ["Kopi af lageret", VALID_CVR, "", "", "", "", "", ""],
            ["Kort CVR", "1234", "", "", "", "", "", ""],
            ["Uden navn på kontakt", "", "", "", "", "", "", "a@demo.example"],
            ["Kort postnummer", "", "", "", "800", "", "", ""],
        ],
    )
    report = run(path, silkeborg)
    assert not report.ok and not report.saved
    assert errors(report) == [
        "Række 3, kolonne «cvr»: CVR-nummeret 10150818 er ikke gyldigt (kontrolcifferet passer ikke).",
        "Række 4, kolonne «name»: Feltet skal udfyldes.",
        "Række 5, kolonne «cvr»: CVR-nummeret står også i række 2.",
        "Række 6, kolonne «cvr»: Et CVR-nummer er 8 cifre.",
        "Række 7, kolonne «contact_name»: Skriv kontaktpersonens navn, når der er telefon, e-mail eller stilling.",
        "Række 8, kolonne «postal_code»: Et postnummer er 4 cifre.",
    ]
    assert not Company.objects.exists()


def test_a_cvr_number_already_registered_in_the_municipality_is_an_error(
    tmp_path, silkeborg, company
):
    path = write_xlsx(tmp_path / "firmaer.xlsx", [HEADER, GOOD[0]])
    report = run(path, silkeborg)
    assert errors(report) == [
        "Række 2, kolonne «cvr»: CVR-nummeret er allerede registreret for Demo Lager ApS."
    ]
    assert Company.objects.count() == 1


def test_a_file_without_the_name_column_is_refused_before_any_row(tmp_path, silkeborg):
    path = write_csv(tmp_path / "firmaer.csv", [["cvr"], [VALID_CVR]])
    report = run(path, silkeborg)
    assert errors(report) == ["Kolonne «name»: Kolonnen mangler. Påkrævede kolonner: name."]


def test_administrator_tries_a_company_file_on_the_import_page(client, administrator, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    path = write_csv(tmp_path / "firmaer.csv", [HEADER, *GOOD])
    upload = SimpleUploadedFile("firmaer.csv", path.read_bytes(), content_type="text/csv")
    client.force_login(administrator.user)
    response = client.post(
        reverse("citizens:import"), {"kind": "companies", "action": "dry_run", "file": upload}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Tør-kørslen fandt ingen fejl" in page and "Demo Lager ApS" in page
    assert not Company.objects.exists()


def test_a_zip_bomb_of_companies_is_refused_on_the_command_line_and_the_page(
    tmp_path, silkeborg, administrator, client, capsys
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jobtro.cli import main
    from tests.citizens.hostile_files import zip_bomb_xlsx

    path = zip_bomb_xlsx(tmp_path / "firmaer.xlsx")
    message = (
        "Excel-filen fylder 800,0 MB, når den pakkes ud. Den må højst fylde 100,0 MB udpakket."
    )

    assert main(["import", "companies", str(path), "--municipality", "740"]) == 2
    out = capsys.readouterr().out
    assert f"Fejl: Filen: {message}" in out and len(out) < 1000
    client.force_login(administrator.user)
    upload = SimpleUploadedFile("firmaer.xlsx", path.read_bytes())
    response = client.post("/borgere/import/", {"kind": "companies", "file": upload})
    assert response.status_code == 422 and message in response.content.decode()
    assert not Company.objects.exists()


def test_a_company_file_saved_as_unicode_text_by_excel_is_imported(tmp_path, silkeborg):
    # Excel's "Unicode text": UTF-16 with a BOM, separated by tabs.
    path = tmp_path / "firmaer.txt"
    path.write_text("name\tcity\r\nÆrø Bageri\tÅrhus\r\n", encoding="utf-16")

    report = run(path, silkeborg)

    assert report.ok and report.saved, errors(report)
    assert Company.objects.get().city == "Århus"
