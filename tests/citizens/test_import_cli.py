"""`jobtro import KIND FILE [--dry-run] [--municipality CODE]` through `jobtro.cli.main`.

No --data-dir: the command runs against pytest-django's test database.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from jobtro.citizens.models import Citizen
from jobtro.cli import main

HEADER = ["citizen_id", "name", "birth_year", "target_group", "enrolled_on"]
GROUP = "aktivitetsparat-kontanthjaelp"


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="cp1252", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)
    return path


@pytest.fixture
def clean_file(tmp_path, target_group) -> Path:
    return write_csv(
        tmp_path / "borgere.csv",
        [
            HEADER,
            ["S-1", "Åge Ærø", "1980", GROUP, "06-01-2025"],
            ["S-2", "Øjvind", "1975", GROUP, "2025-02-01"],
        ],
    )


@pytest.fixture
def bad_file(tmp_path, target_group) -> Path:
    return write_csv(
        tmp_path / "fejl.csv",
        [
            HEADER,
            ["S-1", "Åge", "1980", GROUP, "2025-01-06"],
            ["S-2", "Bo", "1975", "ukendt-gruppe", "2025-02-01"],
        ],
    )


def test_a_clean_dry_run_exits_0_and_saves_nothing(clean_file, silkeborg, capsys):
    code = main(["import", "citizens", str(clean_file), "--dry-run", "--municipality", "740"])

    out = capsys.readouterr().out
    assert code == 0
    assert "Tør-kørsel af borgere.csv (borgere): intet er gemt." in out
    assert "Rækker: 2, uden fejl: 2, fejl: 0." in out
    assert "Ingen fejl. Kør kommandoen uden --dry-run for at importere." in out
    assert not Citizen.objects.exists()


def test_a_dry_run_with_errors_prints_them_and_exits_2(bad_file, silkeborg, capsys):
    code = main(["import", "citizens", str(bad_file), "--dry-run", "--municipality", "740"])

    out = capsys.readouterr().out
    assert code == 2
    assert "Fejl: Række 3, kolonne «target_group»: Ukendt målgruppe «ukendt-gruppe»." in out
    assert "Intet er gemt. Ret fejlene i filen og prøv igen." in out


def test_a_real_run_with_errors_saves_nothing_and_exits_2(bad_file, silkeborg, capsys):
    code = main(["import", "citizens", str(bad_file), "--municipality", "740"])

    assert code == 2
    assert "Fejl: Række 3" in capsys.readouterr().out
    assert not Citizen.objects.exists()


def test_a_real_run_saves_and_prints_the_counts(clean_file, silkeborg, capsys):
    code = main(["import", "citizens", str(clean_file), "--municipality", "740"])

    assert code == 0
    assert "Importeret (borgere): 2." in capsys.readouterr().out
    assert sorted(Citizen.objects.values_list("name", flat=True)) == ["Åge Ærø", "Øjvind"]


def test_ratings_are_imported_from_the_command_line(tmp_path, citizen, caseworker, capsys):
    from jobtro.belief.models import Rating
    from jobtro.belief.services import default_instrument

    default_instrument()
    citizen.external_ref = "SAG-1"
    citizen.save()
    path = write_csv(
        tmp_path / "vurderinger.csv",
        [
            ["citizen_id", "rater_id", "rater_type", "item_id", "value", "rated_on", "instrument"],
            ["SAG-1", "anna", "caseworker", "belief_job_1y", "3", "2025-03-01", "jobtro-1"],
        ],
    )
    assert main(["import", "ratings", str(path), "--municipality", "740"]) == 0
    assert Rating.objects.get().value == 3


def test_user_mistakes_end_in_exit_2_with_one_line(tmp_path, clean_file, silkeborg, capsys):
    assert (
        main(["import", "citizens", str(tmp_path / "findes-ikke.csv"), "--municipality", "740"])
        == 2
    )
    assert capsys.readouterr().err.startswith("jobtro: Filen findes ikke:")
    assert main(["import", "citizens", str(clean_file), "--municipality", "999"]) == 2
    assert capsys.readouterr().err.strip() == "jobtro: Ukendt kommunenummer: 999"


def test_without_a_municipality_the_command_says_how_to_name_one(clean_file, silkeborg, capsys):
    code = main(["import", "citizens", str(clean_file)])

    assert code == 2
    assert "--municipality" in capsys.readouterr().out
