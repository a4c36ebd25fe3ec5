"""Hostile import files are refused before a row is read, with a Danish message naming the
limit, on the command line and on the web; nothing is saved (issue 12, part 2).

The files are built by tests/citizens/hostile_files.py; bench/imports.py times the same
files in a subprocess (no timing here: it would flake).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jobtro.citizens.imports.uploads import folder
from jobtro.citizens.models import Citizen
from jobtro.cli import main
from jobtro.core.models import AuditEvent

from . import hostile_files as hostile
from .test_import import write_csv

HEADER = ["citizen_id", "name", "birth_year", "target_group", "enrolled_on"]
GROUP = "aktivitetsparat-kontanthjaelp"
URL = "/borgere/import/"

HOSTILE = {
    "zip bomb": (
        "bomb.xlsx",
        hostile.zip_bomb_xlsx,
        "Filen: Excel-filen fylder 800,0 MB, når den pakkes ud. Den må højst fylde 100,0 MB udpakket.",
    ),
    "huge inline cell": (
        "celle.xlsx",
        lambda path: hostile.huge_cell_xlsx(path, HEADER),
        "Filen: En celle i Excel-filen har mere end 10.000 tegn, som er det højeste tilladte.",
    ),
    "whitespace": (
        "luft.xlsx",
        lambda path: hostile.whitespace_xlsx(path, HEADER),
        "Højst 100:1 er tilladt; filen ligner en zip-bombe. Gem den igen fra Excel.",
    ),
    "20,000 columns": (
        "bred.xlsx",
        lambda path: hostile.wide_xlsx(path, HEADER),
        "Filen: Filen har for mange kolonner. Den må højst have 100 kolonner.",
    ),
    "a million rows": (
        "lang.xlsx",
        lambda path: hostile.many_rows_xlsx(path, HEADER),
        "Filen: Filen har for mange rækker. Den må højst have 200.000 rækker under overskriften.",
    ),
    "a 10 MB line": (
        "linje.csv",
        lambda path: hostile.long_line_csv(path, HEADER),
        "Filen: Række 2 er for lang (over 1.000.300 tegn). En række må højst have 100 kolonner "
        "med 10.000 tegn i hver.",
    ),
}


@pytest.fixture(scope="module")
def hostile_file(tmp_path_factory):
    """Each hostile file, built once for the module: (path, the expected message)."""
    built: dict[str, tuple[Path, str]] = {}

    def get(key: str) -> tuple[Path, str]:
        if key not in built:
            name, build, message = HOSTILE[key]
            built[key] = (build(tmp_path_factory.mktemp("hostile") / name), message)
        return built[key]

    return get


def importable(tmp_path: Path, *, encoding: str, delimiter: str = "\t") -> Path:
    rows = [HEADER, ["E-1", "Søren Ærø Åberg", "1980", GROUP, "06-01-2025"]]
    path = tmp_path / "borgere.csv"
    text = "\r\n".join(delimiter.join(row) for row in rows) + "\r\n"
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("key", list(HOSTILE))
def test_a_hostile_file_is_refused_on_the_command_line_and_nothing_is_saved(
    key, hostile_file, silkeborg, target_group, capsys
):
    path, message = hostile_file(key)

    code = main(["import", "citizens", str(path), "--municipality", "740"])

    out = capsys.readouterr().out
    assert code == 2
    assert "Fejl: Filen: " in out and message in out
    assert "Intet er gemt." in out
    assert len(out) < 2000  # a message quotes a prefix of a value, never the value
    assert not Citizen.objects.exists()
    assert AuditEvent.objects.filter(action="citizens.import.refused").count() == 1


@pytest.mark.parametrize("key", list(HOSTILE))
def test_a_hostile_file_is_refused_on_the_import_page_and_not_kept(
    key, hostile_file, administrator, client, target_group
):
    path, message = hostile_file(key)
    client.force_login(administrator.user)
    upload = SimpleUploadedFile(path.name, path.read_bytes())

    response = client.post(URL, {"kind": "citizens", "action": "dry_run", "file": upload})

    page = response.content.decode()
    assert response.status_code == 422
    assert message.removeprefix("Filen: ") in page
    assert len(page) < 100_000
    assert list(folder().iterdir()) == []
    assert not Citizen.objects.exists()


def test_the_companies_import_page_refuses_a_hostile_file_too(hostile_file, administrator, client):
    path, message = hostile_file("zip bomb")
    client.force_login(administrator.user)
    upload = SimpleUploadedFile(path.name, path.read_bytes())

    response = client.post(URL, {"kind": "companies", "action": "dry_run", "file": upload})

    assert response.status_code == 422
    assert message.removeprefix("Filen: ") in response.content.decode()


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-16", "\t"), ("utf-16-le", "\t"), ("latin-1", "\t"), ("latin-1", ";")],
)
def test_an_excel_export_in_utf16_or_latin1_is_read_correctly(
    encoding, delimiter, tmp_path, silkeborg, target_group, capsys
):
    # Excel's "Unicode text" is UTF-16 with a BOM and tabs; "Text (tab delimited)" is
    # Windows-1252 (Latin-1 for æøå) with tabs. Some tools drop the BOM.
    path = importable(tmp_path, encoding=encoding, delimiter=delimiter)

    code = main(["import", "citizens", str(path), "--municipality", "740"])

    assert code == 0, capsys.readouterr().out
    assert Citizen.objects.get().name == "Søren Ærø Åberg"


def test_an_excel_export_in_utf16_is_read_on_the_import_page(
    tmp_path, administrator, client, target_group
):
    path = importable(tmp_path, encoding="utf-16")
    client.force_login(administrator.user)
    upload = SimpleUploadedFile("borgere.txt", path.read_bytes())

    response = client.post(URL, {"kind": "citizens", "action": "dry_run", "file": upload})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Tør-kørslen fandt ingen fejl" in page and "Søren Ærø Åberg" in page


def test_a_binary_file_named_csv_gets_a_message_about_its_content(tmp_path, silkeborg, capsys):
    path = tmp_path / "borgere.csv"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 4)

    code = main(["import", "citizens", str(path), "--municipality", "740"])

    out = capsys.readouterr().out
    assert code == 2
    assert (
        "Filen er en gammel Excel-fil (.xls). Gem den som Excel-projektmappe (.xlsx) eller CSV."
        in out
    )
    assert "Filtypen understøttes ikke" not in out


def test_a_long_header_is_refused_and_quoted_by_a_short_prefix(
    tmp_path, silkeborg, target_group, capsys
):
    path = write_csv(
        tmp_path / "b.csv", [[*HEADER, "x" * 5000], ["E-1", "Bo", "1980", GROUP, "2025-01-06", ""]]
    )

    code = main(["import", "citizens", str(path), "--municipality", "740"])

    out = capsys.readouterr().out
    assert code == 2
    expected = (
        "«" + "x" * 39 + "…» er for lang (5.000 tegn). Et kolonnenavn må højst have 100 tegn."
    )
    assert f"Fejl: Filen: Overskriften {expected}" in out
    assert len(out) < 1000


def test_a_long_cell_is_refused_with_its_row_and_column(tmp_path, silkeborg, target_group):
    from .test_import import messages, run

    path = write_csv(
        tmp_path / "b.csv", [HEADER, ["E-1", "æ" * 10_001, "1980", GROUP, "2025-01-06"]]
    )

    report = run("citizens", path, silkeborg)

    assert messages(report) == [
        "Filen: Række 2: cellen har mere end 10.000 tegn, som er det højeste tilladte."
    ]
    assert not Citizen.objects.exists()


def test_one_set_of_limits_from_the_settings_holds_for_every_kind(
    settings, tmp_path, silkeborg, capsys
):
    settings.IMPORT_MAX_ROWS = 2
    settings.IMPORT_MAX_COLUMNS = 3
    rows = write_csv(tmp_path / "r.csv", [["name"], ["A"], ["B"], ["C"]])
    wide = write_csv(tmp_path / "w.csv", [["name", "cvr", "city", "industry"], ["A", "", "", ""]])

    for kind in ("citizens", "staff", "companies", "ratings", "contacts"):
        assert main(["import", kind, str(rows), "--municipality", "740"]) == 2
        assert "Den må højst have 2 rækker under overskriften." in capsys.readouterr().out
        assert main(["import", kind, str(wide), "--municipality", "740"]) == 2
        assert "Den må højst have 3 kolonner." in capsys.readouterr().out


def test_an_xlsx_with_a_cell_far_to_the_right_is_refused(tmp_path, silkeborg, capsys):
    sheet = hostile.Part.of(
        "xl/worksheets/sheet1.xml",
        hostile.SHEET_HEAD
        + '<row r="1">' + hostile.inline("citizen_id") + "</row>"
        + '<row r="2"><c r="XFD2"><v>1</v></c></row>'
        + hostile.SHEET_TAIL,
    )  # fmt: skip
    path = hostile.write_workbook(tmp_path / "fjern.xlsx", sheet)

    code = main(["import", "citizens", str(path), "--municipality", "740"])

    assert code == 2
    assert (
        "Filen har for mange kolonner. Den må højst have 100 kolonner." in capsys.readouterr().out
    )


def test_an_xlsx_with_a_dtd_is_refused(tmp_path, silkeborg, capsys):
    sheet = hostile.Part.of(
        "xl/worksheets/sheet1.xml",
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
        + hostile.SHEET_HEAD.split("\n", 1)[1]
        + "<row>" + hostile.inline("citizen_id") + "</row>"
        + hostile.SHEET_TAIL,
    )  # fmt: skip
    path = hostile.write_workbook(tmp_path / "dtd.xlsx", sheet)

    assert main(["import", "citizens", str(path), "--municipality", "740"]) == 2
    assert "Excel-filen indeholder en DTD, som en Excel-fil aldrig har." in capsys.readouterr().out
