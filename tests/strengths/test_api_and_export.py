"""The API (same rules as the pages) and the research export's strengths table."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from django.utils import timezone

from jobtro.citizens.models import Citizen
from jobtro.core.models import AuditEvent
from jobtro.research.exports import EXTRA_TABLES, Pseudonyms, export_research
from jobtro.strengths import services
from jobtro.strengths.exports import COLUMNS, strengths_rows

pytestmark = pytest.mark.django_db


def url(citizen) -> str:
    return f"/api/v1/citizens/{citizen.pk}/strengths"


def test_the_caseworker_reads_the_citizens_strengths_in_the_api(
    client, caseworker, citizen, invitation
):
    _link, raw = invitation
    services.record_network_answer(raw_token=raw, keys=["reliable"], sentence="Altid til tiden.")
    client.force_login(caseworker.user)
    response = client.get(url(citizen))
    assert response.status_code == 200
    data = response.json()
    assert data["citizen_id"] == citizen.pk
    assert [
        (s["key"], s["chosen_by_citizen"], s["seen_by_network"]) for s in data["strengths"]
    ] == [
        ("reliable", True, 1),
        ("helpful", True, 0),
        ("hands_on", True, 0),
    ]
    assert data["network_answers"] == 1
    assert data["sentences"][0]["relation"] == "Mor"
    assert AuditEvent.objects.filter(
        action="strengths.profile.viewed", actor=caseworker.user, via="api"
    ).exists()


@pytest.mark.parametrize(
    "persona", ["colleague", "leader", "researcher", "administrator", "external", "outsider"]
)
def test_everyone_else_gets_404_from_the_api(client, persona, personas, referred_citizen, answered):
    client.force_login(getattr(personas, persona).user)
    assert client.get(url(referred_citizen)).status_code == 404


def test_the_api_without_login_is_401(client, citizen):
    assert client.get(url(citizen)).status_code == 401


def test_the_catalogue_is_in_the_api_with_english_beside_danish(client, colleague):
    client.force_login(colleague.user)
    data = client.get("/api/v1/strengths").json()
    assert data[0] == {
        "key": "reliable",
        "group": "work",
        "label": "Stabil",
        "description": "Møder op, når det er aftalt, og holder det, der er lovet.",
        "label_en": "Reliable",
        "description_en": "Turns up as agreed and keeps promises.",
    }


def test_the_export_has_one_pseudonymised_row_per_strength_marked(citizen, invitation):
    _link, raw = invitation
    services.record_network_answer(raw_token=raw, keys=["calm"], sentence="En god ven.")
    ids = Pseudonyms("c")
    rows = list(
        strengths_rows(
            citizens=Citizen.objects.all(),
            citizen_id=ids,
            staff_id=Pseudonyms("s"),
            today=timezone.localdate(),
        )
    )
    today = timezone.localdate().isoformat()
    assert sorted(r[1:] for r in rows) == sorted(
        [
            ["reliable", "citizen", today],
            ["helpful", "citizen", today],
            ["hands_on", "citizen", today],
            ["calm", "network", today],
        ]
    )
    assert {r[0] for r in rows} == {ids(citizen.pk)}
    assert citizen.pseudonym not in {r[0] for r in rows}
    flat = " ".join(" ".join(r) for r in rows)
    assert "Mor" not in flat and "En god ven" not in flat  # who answered and what they wrote


def test_answers_after_the_observation_day_are_left_out(citizen, answered):
    rows = strengths_rows(
        citizens=Citizen.objects.all(),
        citizen_id=Pseudonyms("c"),
        staff_id=Pseudonyms("s"),
        today=timezone.localdate() - dt.timedelta(days=1),
    )
    assert list(rows) == []


def test_the_research_export_runs_and_writes_the_table_when_registered(tmp_path, citizen, answered):
    result = export_research(out=tmp_path / "export")
    path = tmp_path / "export" / "strengths.csv"
    if "strengths" in EXTRA_TABLES:
        with path.open(encoding="utf-8") as handle:
            table = list(csv.reader(handle))
        assert tuple(table[0]) == COLUMNS and len(table) == 4
        assert result.counts["strengths"] == 3
    else:
        # The export's header registry does not know the table yet (see exports.register).
        assert not path.exists()
