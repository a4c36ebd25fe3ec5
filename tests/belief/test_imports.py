"""The ratings import kind (research schema `ratings`) checks each row like the service."""

from __future__ import annotations

from jobtro.belief.imports import RatingsKind
from jobtro.belief.models import Rating
from jobtro.citizens.imports.cells import Cells, Scope
from jobtro.citizens.imports.reading import Row


def run(rows, *, municipality, actor=None):
    kind = RatingsKind(scope=Scope(default=municipality, only=municipality), actor=actor)
    rows = [Row(n + 2, values) for n, values in enumerate(rows)]
    kind.prefetch(rows)
    issues, planned = [], []
    for row in rows:
        result = kind.check(Cells(row, issues, today=kind.today))
        if result is not None:
            planned.append(result)
    if not issues:
        kind.save(planned)
    return [str(i) for i in issues], kind


def test_ratings_are_imported_with_the_research_columns(citizen, caseworker, instrument):
    citizen.external_ref = "SAG-1"
    citizen.save()
    row = {
        "citizen_id": "SAG-1",
        "rater_id": "anna",
        "rater_type": "caseworker",
        "item_id": "belief_job_1y",
        "value": "2",
        "rated_on": "2025-03-01",
        "instrument": "jobtro-1",
    }
    issues, kind = run([row], municipality=citizen.municipality)
    assert issues == [] and kind.counts["created"] == 1
    rating = Rating.objects.get()
    assert (rating.value, rating.source, rating.rater_id) == (2, "import", caseworker.pk)
    issues, _ = run([row], municipality=citizen.municipality)
    assert "allerede registreret" in issues[0]


def test_bad_rows_get_danish_messages_per_row_and_column(
    citizen, caseworker, colleague, instrument
):
    citizen.external_ref = "SAG-1"
    citizen.save()
    base = {
        "citizen_id": "SAG-1",
        "rater_id": "anna",
        "item_id": "belief_job_1y",
        "value": "3",
        "rated_on": "2025-03-01",
    }
    rows = [
        {**base, "value": "6"},
        {**base, "item_id": "nope"},
        {**base, "rater_id": "bent"},  # never the citizen's caseworker
        {**base, "rated_on": "2024-12-01"},  # before the assignment began
        {**base, "instrument": "bip-0"},
        {**base, "citizen_id": "SAG-9"},
        base,
        base,
    ]
    issues, _ = run(rows, municipality=citizen.municipality)
    text = "\n".join(issues)
    assert "Række 2, kolonne «value»" in text
    assert "«nope» findes ikke" in text
    assert text.count("var ikke borgerens sagsbehandler") == 2
    assert "Ukendt instrument «bip-0»" in text
    assert "Ukendt borger" in text
    assert "gentagelse af række 8" in text
    assert not Rating.objects.exists()


def test_a_citizens_own_answer_needs_no_rater(citizen, instrument):
    citizen.external_ref = "SAG-1"
    citizen.save()
    row = {
        "citizen_id": "SAG-1",
        "rater_type": "citizen",
        "item_id": "cit_own_belief",
        "value": "4",
        "rated_on": "2025-03-01",
    }
    issues, _ = run([row], municipality=citizen.municipality)
    assert issues == [] and Rating.objects.get().rater_type == "citizen"


def test_through_the_import_framework_dry_run_then_all_or_nothing(
    monkeypatch, tmp_path, citizen, caseworker, administrator, instrument
):
    from jobtro.citizens.imports import services as imports
    from jobtro.citizens.imports.kinds import KINDS

    monkeypatch.setitem(KINDS, "ratings", RatingsKind)
    citizen.external_ref = "SAG-1"
    citizen.save()
    path = tmp_path / "ratings.csv"
    path.write_text(
        "citizen_id,rater_id,rater_type,item_id,value,rated_on,instrument\n"
        "SAG-1,anna,caseworker,belief_job_1y,2,2025-03-01,jobtro-1\n"
        "SAG-1,anna,caseworker,belief_job_1y,4,2025-06-01,jobtro-1\n",
        encoding="utf-8",
    )
    options = {
        "kind": "ratings",
        "path": path,
        "file_name": path.name,
        "actor": administrator,
        "municipality": citizen.municipality,
    }
    checked = imports.import_file(dry_run=True, **options)
    assert checked.ok and checked.valid_rows == 2 and not Rating.objects.exists()
    saved = imports.import_file(dry_run=False, **options)
    assert saved.saved and saved.created == 2
    assert list(Rating.objects.values_list("value", flat=True)) == [2, 4]


def test_a_ratings_file_with_20000_columns_or_a_10_mb_line_is_refused_whole(
    tmp_path, citizen, instrument, capsys
):
    from jobtro.cli import main
    from tests.citizens.hostile_files import long_line_csv, wide_xlsx

    header = ["citizen_id", "item_id", "value", "rated_on"]
    wide = wide_xlsx(tmp_path / "vurderinger.xlsx", header)
    long_line = long_line_csv(tmp_path / "vurderinger.csv", header)
    code = citizen.municipality.code

    assert main(["import", "ratings", str(wide), "--municipality", code]) == 2
    out = capsys.readouterr().out
    assert "Fejl: Filen: Filen har for mange kolonner. Den må højst have 100 kolonner." in out
    assert main(["import", "ratings", str(long_line), "--municipality", code]) == 2
    assert "Fejl: Filen: Række 2 er for lang (over 1.000.300 tegn)." in capsys.readouterr().out
    assert not Rating.objects.exists()
