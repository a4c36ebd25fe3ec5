"""Imports of citizens, staff, assignments, contacts, actions and outcomes (issue 2, item 7).

Every test writes a real CSV or XLSX file in tmp_path and runs the same service that
the command line and the web page call.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from django.utils import timezone

from jobtro.citizens.imports.services import ImportReport, import_file
from jobtro.citizens.models import Action, Assignment, Citizen, Contact, Outcome
from jobtro.core.cpr import hash_cpr
from jobtro.core.models import AuditEvent
from jobtro.organisations.models import Role, Staff, Team

CITIZEN_HEADER = [
    "citizen_id",
    "cpr",
    "name",
    "birth_year",
    "gender",
    "target_group",
    "enrolled_on",
]
GROUP = "aktivitetsparat-kontanthjaelp"
CPR = "0101901234"  # a valid date (1 January 1990); never a real person's number in tests
CPR_2 = "0202854321"


def write_csv(
    path: Path, rows: list[list[object]], *, delimiter: str = ",", encoding: str = "utf-8"
) -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def run(kind: str, path: Path, municipality, *, dry_run: bool = False, only=None) -> ImportReport:
    return import_file(
        kind=kind,
        path=path,
        file_name=path.name,
        actor=None,
        dry_run=dry_run,
        municipality=municipality,
        only_municipality=only,
    )


def messages(report: ImportReport) -> list[str]:
    return [str(issue) for issue in report.errors]


def tomorrow() -> str:
    return (timezone.localdate() + dt.timedelta(days=1)).isoformat()


# --- file formats --------------------------------------------------------------------


def test_windows_1252_with_semicolons_keeps_danish_letters(tmp_path, silkeborg, target_group):
    path = write_csv(
        tmp_path / "borgere.csv",
        [
            CITIZEN_HEADER,
            ["S-1", "", "Søren Æblegård-Østergaard", "1980", "m", GROUP, "06.01.2025"],
        ],
        delimiter=";",
        encoding="cp1252",
    )
    assert "Æ".encode("cp1252") in path.read_bytes()  # really Windows-1252, not UTF-8

    report = run("citizens", path, silkeborg)

    assert report.ok, messages(report)
    assert Citizen.objects.get(external_ref="S-1").name == "Søren Æblegård-Østergaard"


def test_utf8_with_bom_and_commas(tmp_path, silkeborg, target_group):
    path = write_csv(
        tmp_path / "borgere.csv",
        [CITIZEN_HEADER, ["S-1", "", "Åse Ø", "1980", "k", GROUP, "2025-01-06"]],
        encoding="utf-8-sig",
    )
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")

    report = run("citizens", path, silkeborg)

    assert report.ok, messages(report)
    citizen = Citizen.objects.get(external_ref="S-1")
    assert (citizen.name, citizen.gender, citizen.enrolled_on) == (
        "Åse Ø",
        "k",
        dt.date(2025, 1, 6),
    )


def test_xlsx_with_date_cells_numbers_and_a_cpr_that_lost_its_leading_zero(
    tmp_path, silkeborg, target_group
):
    path = write_xlsx(
        tmp_path / "borgere.xlsx",
        [
            CITIZEN_HEADER,
            ["X-1", int(CPR), "Ærø", None, "k", GROUP, dt.datetime(2025, 1, 6)],
            [],  # an empty row in the middle is skipped, and row numbers still match the sheet
            ["X-2", "", "Bo", 1975, "m", GROUP, "15-02-2025"],
        ],
    )

    report = run("citizens", path, silkeborg)

    assert report.ok, messages(report)
    first = Citizen.objects.get(external_ref="X-1")
    assert first.cpr_hash == hash_cpr(CPR)
    assert first.birth_year == 1990  # from the CPR number
    assert Citizen.objects.get(external_ref="X-2").enrolled_on == dt.date(2025, 2, 15)
    assert [line["row"] for line in report.preview] == [2, 4]


def test_an_excel_sep_line_names_the_delimiter_and_counts_as_a_row(
    tmp_path, silkeborg, target_group
):
    path = tmp_path / "borgere.csv"
    path.write_text(
        "sep=;\n"
        + ";".join(CITIZEN_HEADER)
        + "\nS-1;;Bo, Ærø;1980;;"
        + GROUP
        + ";2025-01-06\nS-2;;;x;;"
        + GROUP
        + ";2025-01-06\n",
        encoding="cp1252",
    )

    report = run("citizens", path, silkeborg, dry_run=True)

    assert report.preview[0]["values"][1] == "Bo, Ærø"
    assert messages(report) == ["Række 4, kolonne «birth_year»: «x» er ikke et helt tal."]


def test_all_three_date_forms_are_accepted(tmp_path, silkeborg, target_group):
    rows = [CITIZEN_HEADER] + [
        [f"D-{i}", "", "", "1980", "", GROUP, day]
        for i, day in enumerate(["2025-03-01", "01-03-2025", "1.3.2025"])
    ]
    report = run("citizens", write_csv(tmp_path / "b.csv", rows), silkeborg)

    assert report.ok, messages(report)
    assert set(Citizen.objects.values_list("enrolled_on", flat=True)) == {dt.date(2025, 3, 1)}


def test_a_file_of_the_wrong_type_is_refused(tmp_path, silkeborg):
    pdf = tmp_path / "borgere.pdf"
    pdf.write_bytes(b"%PDF-1.4 not a spreadsheet")
    fake_xlsx = tmp_path / "borgere.xlsx"
    fake_xlsx.write_text("citizen_id\nA\n")

    for path in (pdf, fake_xlsx):
        report = run("citizens", path, silkeborg)
        assert messages(report) == [
            "Filen: Filtypen understøttes ikke. Brug en CSV-fil (.csv) eller en Excel-fil (.xlsx)."
        ]


def test_an_empty_file_is_refused(tmp_path, silkeborg):
    empty = tmp_path / "tom.csv"
    empty.write_bytes(b"")
    header_only = write_csv(tmp_path / "kun-overskrift.csv", [CITIZEN_HEADER])

    assert messages(run("citizens", empty, silkeborg)) == ["Filen: Filen er tom."]
    assert messages(run("citizens", header_only, silkeborg)) == [
        "Filen: Filen er tom: der er ingen rækker under overskriften."
    ]


def test_an_oversized_file_is_refused_before_it_is_read(
    tmp_path, silkeborg, target_group, settings
):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    path = write_csv(
        tmp_path / "stor.csv",
        [CITIZEN_HEADER]
        + [[f"S-{i}", "", "", "1980", "", GROUP, "2025-01-06"] for i in range(40_000)],
    )

    report = run("citizens", path, silkeborg)

    assert report.rows == 0
    assert len(report.errors) == 1
    assert report.errors[0].message.startswith("Filen er for stor (")
    assert "Den må højst fylde 1,0 MB." in report.errors[0].message
    assert not Citizen.objects.exists()


def test_missing_required_columns_are_reported_once_before_any_row(
    tmp_path, silkeborg, target_group
):
    rows = [["citizen_id", "name"]] + [[f"S-{i}", "X"] for i in range(5)]

    report = run("citizens", write_csv(tmp_path / "b.csv", rows), silkeborg)

    assert messages(report) == [
        "Kolonne «target_group»: Kolonnen mangler. Påkrævede kolonner: citizen_id, target_group, enrolled_on.",
        "Kolonne «enrolled_on»: Kolonnen mangler. Påkrævede kolonner: citizen_id, target_group, enrolled_on.",
    ]
    assert report.rows == 0


def test_unknown_columns_are_a_warning_not_an_error(tmp_path, silkeborg, target_group):
    rows = [[*CITIZEN_HEADER, "skonummer"], ["S-1", "", "", "1980", "", GROUP, "2025-01-06", "44"]]

    report = run("citizens", write_csv(tmp_path / "b.csv", rows), silkeborg)

    assert report.ok
    assert [str(w) for w in report.warnings] == [
        "Kolonne «skonummer»: Kolonnen kendes ikke og bliver ikke importeret."
    ]


def test_without_a_municipality_the_file_is_refused(tmp_path, silkeborg, target_group):
    rows = [CITIZEN_HEADER, ["S-1", "", "", "1980", "", GROUP, "2025-01-06"]]

    report = run("citizens", write_csv(tmp_path / "b.csv", rows), None)

    assert messages(report) == [
        "Kolonne «municipality»: Kolonnen mangler, og der er ikke valgt en kommune (brug --municipality)."
    ]


def test_the_municipality_column_names_the_kommune_and_an_administrator_stays_in_their_own(
    tmp_path, silkeborg, odder, target_group
):
    rows = [
        [*CITIZEN_HEADER, "municipality"],
        ["S-1", "", "", "1980", "", GROUP, "2025-01-06", "740"],
        ["S-2", "", "", "1980", "", GROUP, "2025-01-06", "727"],
        ["S-3", "", "", "1980", "", GROUP, "2025-01-06", "999"],
    ]
    path = write_csv(tmp_path / "b.csv", rows)

    report = run("citizens", path, None, only=silkeborg)

    assert messages(report) == [
        "Række 3, kolonne «municipality»: Du kan kun importere til din egen kommune (Silkeborg).",
        "Række 4, kolonne «municipality»: Ukendt kommunenummer «999».",
    ]
    assert run("citizens", write_csv(tmp_path / "c.csv", rows[:3]), None).ok
    assert Citizen.objects.get(external_ref="S-2").municipality == odder


# --- citizens -------------------------------------------------------------------------


def test_citizens_are_created_pseudonymised_and_audited(tmp_path, silkeborg, target_group):
    rows = [
        [*CITIZEN_HEADER, "education"],
        ["S-1", CPR, "Anne Ærø", "1990", "k", GROUP, "2025-01-06", "erhvervsfaglig"],
        ["S-2", "", "", "1970", "M", "Ressourceforløb", "2025-02-01", ""],
    ]

    report = run("citizens", write_csv(tmp_path / "b.csv", rows), silkeborg)

    assert report.ok and report.saved and report.created == 2
    first, second = Citizen.objects.order_by("external_ref")
    assert first.pseudonym.startswith("B-") and first.education == "erhvervsfaglig"
    assert first.cpr_hash == hash_cpr(CPR)
    assert second.target_group.code == "ressourceforloeb" and second.gender == "m"
    created = AuditEvent.objects.filter(action="citizens.citizen.created")
    assert sorted(created.values_list("citizen_id_ref", flat=True)) == sorted([first.pk, second.pk])
    completed = AuditEvent.objects.get(action="citizens.import.completed")
    assert completed.detail["kind"] == "citizens"
    assert completed.detail["file"] == "b.csv"
    assert completed.detail["rows"] == 2 and completed.detail["count_created"] == 2
    assert completed.municipality_id_ref == silkeborg.pk


def test_a_cpr_number_is_never_stored(tmp_path, silkeborg, target_group):
    rows = [CITIZEN_HEADER, ["S-1", "010190-1234", "Anne", "", "k", GROUP, "2025-01-06"]]

    report = run("citizens", write_csv(tmp_path / "b.csv", rows), silkeborg)

    assert report.ok
    stored = [str(v) for v in Citizen.objects.values().get().values()]
    audit = [str(v) for event in AuditEvent.objects.values() for v in event.values()]
    for text in stored + audit + [str(report.preview)]:
        assert "0101901234" not in text and "010190-1234" not in text


def test_a_bad_cpr_number_is_reported_without_echoing_it(tmp_path, silkeborg, target_group):
    rows = [
        CITIZEN_HEADER,
        ["S-1", "3201901234", "", "", "", GROUP, "2025-01-06"],
        ["S-2", "12345", "", "", "", GROUP, "2025-01-06"],
    ]

    report = run("citizens", write_csv(tmp_path / "b.csv", rows), silkeborg)

    assert messages(report) == [
        "Række 2, kolonne «cpr»: Ugyldigt CPR-nummer: CPR-nummeret indeholder ikke en gyldig dato.",
        "Række 3, kolonne «cpr»: Ugyldigt CPR-nummer: CPR-nummeret skal have formen DDMMÅÅ-XXXX.",
    ]
    assert not Citizen.objects.exists()


def test_duplicate_citizens_in_the_file_and_in_the_database(tmp_path, silkeborg, target_group):
    first = [CITIZEN_HEADER, ["S-1", CPR, "", "", "", GROUP, "2025-01-06"]]
    assert run("citizens", write_csv(tmp_path / "a.csv", first), silkeborg).ok
    rows = [
        CITIZEN_HEADER,
        ["S-1", "", "", "1980", "", GROUP, "2025-01-06"],
        ["S-2", CPR, "", "", "", GROUP, "2025-01-06"],
        ["S-3", CPR_2, "", "", "", GROUP, "2025-01-06"],
        ["S-3", "", "", "1980", "", GROUP, "2025-01-06"],
        ["S-4", CPR_2, "", "", "", GROUP, "2025-01-06"],
    ]

    report = run("citizens", write_csv(tmp_path / "b.csv", rows), silkeborg)

    assert messages(report) == [
        "Række 2, kolonne «citizen_id»: Borgeren «S-1» findes allerede.",
        "Række 3, kolonne «cpr»: En borger med dette CPR-nummer findes allerede.",
        "Række 5, kolonne «citizen_id»: Borgeren «S-3» står allerede i række 4.",
        "Række 6, kolonne «cpr»: En borger med samme CPR-nummer står allerede i række 4.",
    ]
    assert Citizen.objects.count() == 1


def test_future_dates_wrong_types_and_unknown_codes_are_named_by_row_and_column(
    tmp_path, silkeborg, target_group
):
    rows = [
        [*CITIZEN_HEADER, "education"],
        ["S-1", "", "", "1980", "", GROUP, tomorrow(), ""],
        ["S-2", "", "", "nitten", "", GROUP, "2025-01-06", ""],
        ["S-3", "", "", "1980", "", GROUP, "6/1 2025", ""],
        ["S-4", "", "", "1980", "x", "pensionist", "2025-01-06", "ph.d."],
        ["", "", "", "", "", GROUP, "2025-01-06", ""],
    ]

    report = run("citizens", write_csv(tmp_path / "b.csv", rows), silkeborg)

    assert messages(report) == [
        "Række 2, kolonne «enrolled_on»: Datoen må ikke ligge i fremtiden.",
        "Række 3, kolonne «birth_year»: «nitten» er ikke et helt tal.",
        "Række 4, kolonne «enrolled_on»: «6/1 2025» er ikke en gyldig dato. "
        "Brug ÅÅÅÅ-MM-DD, DD-MM-ÅÅÅÅ eller DD.MM.ÅÅÅÅ.",
        "Række 5, kolonne «gender»: Ukendt køn «x». Gyldige koder: k, m.",
        "Række 5, kolonne «education»: Ukendt uddannelse «ph.d.». Gyldige koder: "
        "erhvervsfaglig, grundskole, gymnasial, ukendt, videregaaende.",
        "Række 5, kolonne «target_group»: Ukendt målgruppe «pensionist». Gyldige koder: "
        "aktivitetsparat-kontanthjaelp, integrationsprogram, jobafklaringsforloeb, "
        "jobparat-kontanthjaelp, ledighedsydelse, ressourceforloeb, sygedagpenge, uddannelseshjaelp.",
        "Række 6, kolonne «citizen_id»: Feltet skal udfyldes.",
        "Række 6, kolonne «birth_year»: Fødselsåret mangler (udfyld birth_year eller cpr).",
    ]


def test_html_in_a_cell_is_stored_as_plain_text(tmp_path, silkeborg, target_group):
    name = '<script>alert("x")</script><b>Bo</b>'
    rows = [CITIZEN_HEADER, ["S-1", "", name, "1980", "", GROUP, "2025-01-06"]]

    assert run("citizens", write_csv(tmp_path / "b.csv", rows), silkeborg).ok
    assert Citizen.objects.get().name == name


def test_a_cpr_number_in_free_text_is_refused(tmp_path, silkeborg, target_group):
    rows = [CITIZEN_HEADER, ["S-1", "", "Bo 010190-1234", "1980", "", GROUP, "2025-01-06"]]

    report = run("citizens", write_csv(tmp_path / "b.csv", rows), silkeborg)

    assert messages(report) == [
        "Række 2, kolonne «name»: Teksten ser ud til at indeholde et CPR-nummer. Fjern det."
    ]


# --- all or nothing ------------------------------------------------------------------------


def test_an_error_in_the_last_row_leaves_the_database_unchanged(tmp_path, silkeborg, target_group):
    rows = [CITIZEN_HEADER] + [
        [f"S-{i}", "", "", "1980", "", GROUP, "2025-01-06"] for i in range(2500)
    ]
    rows.append(["S-last", "", "", "1980", "", GROUP, "31-02-2025"])
    before = (
        Citizen.objects.count(),
        AuditEvent.objects.filter(action="citizens.citizen.created").count(),
    )

    report = run("citizens", write_csv(tmp_path / "b.csv", rows), silkeborg)

    assert messages(report) == [
        "Række 2502, kolonne «enrolled_on»: «31-02-2025» er ikke en gyldig dato. "
        "Brug ÅÅÅÅ-MM-DD, DD-MM-ÅÅÅÅ eller DD.MM.ÅÅÅÅ."
    ]
    assert not report.saved
    assert (
        Citizen.objects.count(),
        AuditEvent.objects.filter(action="citizens.citizen.created").count(),
    ) == before
    assert AuditEvent.objects.filter(action="citizens.import.refused").count() == 1


def test_a_database_refusal_while_saving_leaves_nothing_half_saved(
    tmp_path, silkeborg, target_group, monkeypatch
):
    from django.db import IntegrityError

    from jobtro.citizens.imports.people import CitizensKind

    saved_batches = []
    original = CitizensKind.save

    def save_then_fail(self, batch):
        original(self, batch)
        saved_batches.append(len(batch))
        raise IntegrityError("simulated")

    monkeypatch.setattr(CitizensKind, "save", save_then_fail)
    rows = [CITIZEN_HEADER] + [
        [f"S-{i}", "", "", "1980", "", GROUP, "2025-01-06"] for i in range(1200)
    ]

    report = run("citizens", write_csv(tmp_path / "b.csv", rows), silkeborg)

    assert saved_batches == [1000]
    assert messages(report) == ["Filen: Databasen afviste importen, og intet er gemt. Prøv igen."]
    assert not Citizen.objects.exists()
    assert not AuditEvent.objects.filter(action="citizens.citizen.created").exists()


def test_a_large_clean_file_is_saved_in_batches(tmp_path, silkeborg, target_group):
    rows = [CITIZEN_HEADER] + [
        [f"S-{i}", "", "", "1980", "", GROUP, "2025-01-06"] for i in range(2500)
    ]

    report = run("citizens", write_csv(tmp_path / "b.csv", rows), silkeborg)

    assert report.ok and report.created == 2500
    assert Citizen.objects.count() == 2500
    assert len(report.preview) == 20


def test_a_dry_run_saves_nothing_and_shows_a_preview(tmp_path, silkeborg, target_group):
    rows = [CITIZEN_HEADER, ["S-1", CPR, "Anne", "", "k", GROUP, "2025-01-06"]]

    report = run("citizens", write_csv(tmp_path / "b.csv", rows), silkeborg, dry_run=True)

    assert report.ok and not report.saved
    assert not Citizen.objects.exists()
    assert report.preview == [
        {
            "row": 2,
            "values": [
                "S-1",
                "Anne",
                "ja (kun som nøgle)",
                "1990",
                "Kvinde",
                "Aktivitetsparat kontanthjælpsmodtager",
                "Ukendt",
                "06.01.2025",
            ],
        }
    ]
    assert AuditEvent.objects.filter(action="citizens.import.checked").count() == 1


# --- staff --------------------------------------------------------------------------------

STAFF_HEADER = ["staff_id", "username", "first_name", "last_name", "role", "function", "team"]


def test_staff_are_created_with_logins_teams_and_roles(tmp_path, silkeborg, team):
    rows = [
        STAFF_HEADER,
        ["M-1", "mette", "Mette", "Ø", "sagsbehandler", "virksomhedskonsulent", "Team Nord"],
        ["M-2", "lars", "Lars", "Å", "Leder", "", "Team Vest"],
    ]

    report = run("staff", write_csv(tmp_path / "m.csv", rows), silkeborg)

    assert report.ok, messages(report)
    assert [str(w) for w in report.warnings] == [
        "Række 3, kolonne «team»: Teamet «Team Vest» findes ikke og oprettes."
    ]
    mette = Staff.objects.get(external_ref="M-1")
    assert (mette.role, mette.function, mette.municipality) == (
        Role.CASEWORKER,
        "virksomhedskonsulent",
        silkeborg,
    )
    assert not mette.user.has_usable_password()
    assert list(mette.teams_on()) == [team]
    lars = Staff.objects.get(external_ref="M-2")
    assert lars.role == Role.LEADER and lars.teams_on().get().name == "Team Vest"
    assert Team.objects.filter(municipality=silkeborg).count() == 2
    assert report.counts == {"created": 2, "teams_created": 1}


def test_staff_with_an_unknown_role_or_a_taken_username_are_refused(
    tmp_path, silkeborg, caseworker
):
    rows = [
        STAFF_HEADER,
        ["M-1", "ANNA", "Anna", "B", "sagsbehandler", "", ""],
        ["M-2", "ny", "Ny", "C", "chef", "", ""],
        ["M-3", "ny", "Ny", "D", "leder", "", ""],
        ["M-3", "ny2", "Ny", "D", "leder", "", ""],
        ["M-4", "ikke gyldig!", "X", "Y", "leder", "", ""],
    ]

    report = run("staff", write_csv(tmp_path / "m.csv", rows), silkeborg)

    assert messages(report) == [
        "Række 2, kolonne «username»: Brugernavnet «ANNA» er allerede i brug.",
        "Række 3, kolonne «role»: Ukendt rolle «chef». Gyldige koder: administrator, caseworker, leader.",
        "Række 4, kolonne «username»: Brugernavnet «ny» står allerede i række 3.",
        "Række 5, kolonne «staff_id»: Medarbejderen «M-3» står allerede i række 4.",
        "Række 6, kolonne «username»: Brugernavnet må kun indeholde bogstaver, tal og tegnene @ . + - _.",
    ]
    assert Staff.objects.count() == 1


# --- assignments ----------------------------------------------------------------------------

ASSIGNMENT_HEADER = ["citizen_id", "staff_id", "start_date", "end_date"]


@pytest.fixture
def refs(citizen, caseworker, colleague, leader):
    """Case-system ids on the personas: the citizen is C-1, the caseworkers K-1 and K-2."""
    citizen.external_ref = "C-1"
    citizen.save()
    for staff, ref in ((caseworker, "K-1"), (colleague, "K-2"), (leader, "L-1")):
        staff.external_ref = ref
        staff.save()
    return citizen


def test_a_change_of_caseworker_closes_the_open_assignment(
    tmp_path, silkeborg, refs, caseworker, colleague
):
    rows = [ASSIGNMENT_HEADER, ["C-1", "K-2", "01.06.2025", ""]]

    report = run("assignments", write_csv(tmp_path / "t.csv", rows), silkeborg)

    assert report.ok, messages(report)
    old, new = Assignment.objects.filter(citizen=refs).order_by("start_date")
    assert (old.caseworker, old.end_date) == (caseworker, dt.date(2025, 5, 31))
    assert (new.caseworker, new.end_date) == (colleague, None)
    assert report.counts == {"created": 1, "closed": 1}
    assert (
        AuditEvent.objects.filter(
            action="citizens.assignment.ended", citizen_id_ref=refs.pk
        ).count()
        == 1
    )
    assert (
        AuditEvent.objects.filter(
            action="citizens.assignment.created", citizen_id_ref=refs.pk
        ).count()
        == 2
    )


def test_a_caseworker_history_can_be_imported_by_username_too(
    tmp_path, silkeborg, target_group, caseworker, colleague
):
    citizens = [CITIZEN_HEADER, ["C-9", "", "", "1980", "", GROUP, "2024-01-01"]]
    assert run("citizens", write_csv(tmp_path / "b.csv", citizens), silkeborg).ok
    rows = [
        ASSIGNMENT_HEADER,
        ["C-9", "anna", "2024-01-01", "2024-06-30"],
        ["C-9", "bent", "2024-07-01", ""],
    ]

    report = run("assignments", write_csv(tmp_path / "t.csv", rows), silkeborg)

    assert report.ok, messages(report)
    assert [a.caseworker for a in Assignment.objects.filter(citizen__external_ref="C-9")] == [
        caseworker,
        colleague,
    ]


def test_unknown_citizens_and_caseworkers_are_refused(tmp_path, silkeborg, refs):
    rows = [
        ASSIGNMENT_HEADER,
        ["C-404", "K-1", "2025-06-01", ""],
        ["C-1", "K-404", "2025-06-01", ""],
        ["C-1", "L-1", "2025-06-01", ""],
    ]

    report = run("assignments", write_csv(tmp_path / "t.csv", rows), silkeborg)

    assert messages(report) == [
        "Række 2, kolonne «citizen_id»: Ukendt borger: «C-404» findes ikke i Silkeborg. Importér borgerne først.",
        "Række 3, kolonne «staff_id»: Ukendt medarbejder: «K-404» findes ikke i Silkeborg.",
        "Række 4, kolonne «staff_id»: Medarbejderen er ikke sagsbehandler i borgerens kommune.",
    ]


def test_overlapping_assignments_in_the_file_and_with_the_database_are_refused(
    tmp_path, silkeborg, refs
):
    rows = [
        ASSIGNMENT_HEADER,
        ["C-1", "K-2", "2024-01-01", "2025-02-01"],  # overlaps the open one from 06.01.2025
        ["C-1", "K-2", "2025-03-01", "2025-05-31"],  # closes the open one on 28.02.2025
        ["C-1", "K-1", "2025-05-01", ""],  # overlaps row 3
        ["C-1", "K-1", "2025-06-01", "2025-05-01"],
        ["C-1", "K-2", "2025-03-01", "2025-04-01"],
    ]

    report = run("assignments", write_csv(tmp_path / "t.csv", rows), silkeborg)

    assert messages(report) == [
        "Række 2, kolonne «start_date»: Perioden overlapper en anden tilknytning (06.01.2025–nu).",
        "Række 4, kolonne «start_date»: Perioden overlapper en anden tilknytning (01.03.2025–31.05.2025, række 3).",
        "Række 5, kolonne «end_date»: Slutdatoen ligger før startdatoen.",
        "Række 6, kolonne «start_date»: Tilknytningen står allerede i række 3.",
    ]
    assert Assignment.objects.get(citizen=refs).end_date is None  # nothing saved, nothing closed


def test_the_same_caseworker_again_is_refused_like_the_service_does(tmp_path, silkeborg, refs):
    rows = [ASSIGNMENT_HEADER, ["C-1", "K-1", "2025-06-01", ""], ["C-1", "K-1", "2025-01-06", ""]]

    report = run("assignments", write_csv(tmp_path / "t.csv", rows), silkeborg)

    assert messages(report) == [
        "Række 2, kolonne «staff_id»: Borgeren har allerede denne sagsbehandler.",
        "Række 3, kolonne «start_date»: Tilknytningen findes allerede.",
    ]


# --- contacts, actions, outcomes --------------------------------------------------------------


def test_contacts_are_imported_and_duplicates_refused(tmp_path, silkeborg, refs):
    rows = [
        ["citizen_id", "staff_id", "date", "form"],
        ["C-1", "K-1", "2025-02-03", "fremmøde"],
        ["C-1", "K-1", "2025-02-10", "Virksomhedsbesøg"],
        ["C-1", "K-1", "2025-02-10", "virksomhed"],
        ["C-1", "K-1", "2025-02-11", "brevdue"],
        ["C-1", "K-1", tomorrow(), "telefon"],
    ]

    report = run("contacts", write_csv(tmp_path / "s.csv", rows, delimiter=";"), silkeborg)

    assert messages(report) == [
        "Række 4, kolonne «date»: Rækken er en gentagelse af række 3.",
        "Række 5, kolonne «form»: Ukendt samtaleform «brevdue». Gyldige koder: "
        "andet, fremmøde, hjem, telefon, video, virksomhed.",
        "Række 6, kolonne «date»: Datoen må ikke ligge i fremtiden.",
    ]
    report = run("contacts", write_csv(tmp_path / "s.csv", rows[:3], delimiter=";"), silkeborg)
    assert report.ok and report.created == 2
    assert sorted(Contact.objects.values_list("form", flat=True)) == ["fremmøde", "virksomhed"]
    again = run("contacts", write_csv(tmp_path / "s.csv", rows[:2]), silkeborg)
    assert messages(again) == [
        "Række 2, kolonne «date»: Det samme er allerede registreret for borgeren."
    ]


def test_actions_are_imported_with_providers_and_unknown_kinds_refused(tmp_path, silkeborg, refs):
    rows = [
        ["citizen_id", "kind", "start_date", "end_date", "provider", "provider_name"],
        ["C-1", "virksomhedspraktik", "2025-02-01", "2025-04-30", "", ""],
        ["C-1", "Mentor", "2025-03-01", "", "ekstern", "Mentorhuset <b>A/S</b>"],
    ]
    report = run("actions", write_xlsx(tmp_path / "i.xlsx", rows), silkeborg)

    assert report.ok, messages(report)
    practice, mentor = Action.objects.filter(citizen=refs).order_by("start_date")
    assert (practice.kind.code, practice.end_date, practice.provider) == (
        "virksomhedspraktik",
        dt.date(2025, 4, 30),
        "internal",
    )
    assert (mentor.kind.code, mentor.provider, mentor.provider_name) == (
        "mentor",
        "external",
        "Mentorhuset <b>A/S</b>",
    )

    bad = [
        rows[0],
        ["C-1", "cykelkursus", "2025-02-01", "", "", ""],
        ["C-1", "ips", "2025-02-01", "2025-01-01", "", ""],
    ]
    report = run("actions", write_csv(tmp_path / "i.csv", bad), silkeborg)
    assert messages(report)[0].startswith(
        "Række 2, kolonne «kind»: Ukendt indsatstype «cykelkursus». Gyldige koder: ips,"
    )
    assert messages(report)[1] == "Række 3, kolonne «end_date»: Slutdatoen ligger før startdatoen."


def test_outcomes_are_imported_and_duplicates_against_the_database_refused(
    tmp_path, silkeborg, refs
):
    rows = [
        ["citizen_id", "kind", "start_date"],
        ["C-1", "fleksjob", "2025-09-01"],
        ["C-1", "uddannelse", "2025-10-01"],
    ]

    report = run("outcomes", write_csv(tmp_path / "u.csv", rows), silkeborg)

    assert report.ok, messages(report)
    assert sorted(Outcome.objects.values_list("kind", flat=True)) == ["education", "flexjob"]
    again = run(
        "outcomes",
        write_csv(tmp_path / "u.csv", [*rows[:2], ["C-1", "pension", "2025-09-01"]]),
        silkeborg,
    )
    assert messages(again) == [
        "Række 2, kolonne «start_date»: Det samme er allerede registreret for borgeren.",
        "Række 3, kolonne «kind»: Ukendt udfald «pension». Gyldige koder: education, flexjob, job, other.",
    ]
