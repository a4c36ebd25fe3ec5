"""The research export's placements and visits tables: pseudonymised, documented columns."""

from __future__ import annotations

import csv
import datetime as dt

from django.utils import timezone

from jobtro.companies import services
from jobtro.research.exports import export_research


def _read(path):
    with path.open(encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_placements_and_visits_are_exported_with_pseudonyms(
    tmp_path, researcher, caseworker, placement, company
):
    services.log_visit(
        author=caseworker, company=company, date=timezone.localdate(), purpose="opsoegende",
        learned="Godt besøg.", participants=[caseworker],
    )  # fmt: skip
    export_research(out=tmp_path / "ud", project="troen")
    placements = _read(tmp_path / "ud" / "placements.csv")
    visits = _read(tmp_path / "ud" / "visits.csv")
    citizens = _read(tmp_path / "ud" / "citizens.csv")
    assert placements[0] == ["citizen_id", "kind", "start_date", "end_date"]
    assert placements[1][1:] == ["virksomhedspraktik", "2025-03-03", "2025-04-28"]
    # The same fresh pseudonym as in the citizens table, never the database id.
    assert placements[1][0] in {row[0] for row in citizens[1:]}
    assert placements[1][0] != str(placement.citizen_id)
    assert visits[0] == ["staff_id", "date"]
    assert visits[1][1] == timezone.localdate().isoformat()
    staff_ids = {row[0] for row in _read(tmp_path / "ud" / "staff.csv")[1:]}
    assert visits[1][0] in staff_ids


def test_visits_of_municipalities_outside_the_project_are_left_out(
    tmp_path, researcher, outsider, odder_company
):
    services.log_visit(
        author=outsider, company=odder_company, date=timezone.localdate(), purpose="opsoegende",
        learned="Besøg i Odder.", participants=[outsider],
    )  # fmt: skip
    export_research(out=tmp_path / "ud", project="troen")
    assert _read(tmp_path / "ud" / "visits.csv") == [["staff_id", "date"]]


def test_a_placement_still_ongoing_has_no_end_date_in_the_export(tmp_path, researcher, placement):
    from jobtro.companies.models import Placement

    Placement.objects.filter(pk=placement.pk).update(
        end_date=timezone.localdate() + dt.timedelta(days=30)
    )
    export_research(out=tmp_path / "ud", project="troen")
    assert _read(tmp_path / "ud" / "placements.csv")[1][3] == ""
