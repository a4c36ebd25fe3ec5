"""`jobtro demo`: a reproducible, realistic and clearly invented data set.

Most tests run the real command in a subprocess against its own SQLite data folder
(built once per module) and read the result with sqlite3; one builds the demo on the
test database in-process, so that it also runs on PostgreSQL in the PostgreSQL run.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Count, F, Q
from django.utils import timezone

from jobtro.citizens.models import Action, Assignment, Citizen, Contact, Outcome
from jobtro.core.demo import DEMO_PASSWORD, SURNAMES, build_demo
from jobtro.errors import UserError
from jobtro.organisations.models import Role, Staff

CITIZENS = 200
ROLES = {"caseworker", "leader", "researcher", "administrator", "external"}


def jobtro(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jobtro.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def build(folder: Path) -> tuple[subprocess.CompletedProcess[str], Path]:
    logins = folder / "logins.json"
    result = jobtro(
        "demo", "--no-serve", "--data-dir", str(folder), "--logins", str(logins),
        "--citizens", str(CITIZENS),
    )  # fmt: skip
    return result, logins


def rows(folder: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(folder / "jobtro.sqlite3") as db:
        return db.execute(sql).fetchall()


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    result, _logins = build(folder)
    assert result.returncode == 0, result.stderr
    return folder


def today_in_copenhagen() -> dt.date:
    return dt.datetime.now(ZoneInfo("Europe/Copenhagen")).date()


def test_demo_writes_a_login_for_every_role_with_the_contract_keys(demo_dir):
    logins = json.loads((demo_dir / "logins.json").read_text(encoding="utf-8"))
    assert {entry["role"] for entry in logins} == ROLES
    for entry in logins:
        assert list(entry) == ["role", "username", "password", "municipality", "team"]
        assert entry["password"] == DEMO_PASSWORD
        if entry["role"] in {"caseworker", "leader"}:
            assert entry["municipality"] and entry["team"]
        if entry["role"] in {"researcher", "external"}:
            assert entry["municipality"] is None and entry["team"] is None


def test_demo_prints_the_logins_as_a_danish_table(tmp_path, demo_dir):
    result = jobtro("demo", "--no-serve", "--data-dir", str(demo_dir))
    assert result.returncode == 0, result.stderr
    for label in ("Beskæftigelsesmedarbejder", "Leder", "Forsker", "Administrator", "Ekstern"):
        assert label in result.stdout
    assert DEMO_PASSWORD in result.stdout


def test_every_login_leads_to_a_staff_member_with_that_role(demo_dir):
    logins = json.loads((demo_dir / "logins.json").read_text(encoding="utf-8"))
    roles = dict(
        rows(
            demo_dir,
            "SELECT u.username, s.role FROM auth_user u JOIN organisations_staff s ON s.user_id = u.id",
        )
    )
    for entry in logins:
        assert roles[entry["username"]] == entry["role"]


def test_the_demo_caseworker_has_citizens_and_the_leader_leads_their_team(demo_dir):
    (mine,) = rows(
        demo_dir,
        "SELECT COUNT(DISTINCT a.citizen_id) FROM citizens_assignment a "
        "JOIN organisations_staff s ON s.id = a.caseworker_id JOIN auth_user u ON u.id = s.user_id "
        "WHERE u.username = 'silkeborg-sagsbehandler1'",
    )[0]
    assert mine >= 5
    teams = rows(
        demo_dir,
        "SELECT u.username, t.name FROM organisations_teammembership m "
        "JOIN organisations_team t ON t.id = m.team_id JOIN organisations_staff s ON s.id = m.staff_id "
        "JOIN auth_user u ON u.id = s.user_id "
        "WHERE u.username IN ('silkeborg-sagsbehandler1', 'silkeborg-leder1') AND m.end_date IS NULL",
    )
    assert len({team for _user, team in teams}) == 1 and len(teams) == 2


def test_running_demo_twice_gives_the_same_data(tmp_path, demo_dir):
    result, _logins = build(tmp_path)
    assert result.returncode == 0, result.stderr
    queries = [
        "SELECT COUNT(*) FROM citizens_citizen",
        "SELECT COUNT(*) FROM citizens_contact",
        "SELECT COUNT(*) FROM citizens_action",
        "SELECT kind, COUNT(*) FROM citizens_outcome GROUP BY kind ORDER BY kind",
        "SELECT pseudonym, name, birth_year, gender, education, enrolled_on FROM citizens_citizen ORDER BY id",
        "SELECT c.pseudonym, u.username, a.start_date, a.end_date FROM citizens_assignment a "
        "JOIN citizens_citizen c ON c.id = a.citizen_id JOIN organisations_staff s ON s.id = a.caseworker_id "
        "JOIN auth_user u ON u.id = s.user_id ORDER BY a.id",
        "SELECT username, first_name, last_name FROM auth_user ORDER BY id",
    ]
    for sql in queries:
        assert rows(tmp_path, sql) == rows(demo_dir, sql), sql


def test_running_demo_again_on_the_same_folder_keeps_the_data_and_reprints_the_logins(tmp_path):
    first, logins = build(tmp_path)
    assert first.returncode == 0, first.stderr
    before = rows(tmp_path, "SELECT COUNT(*), MAX(id) FROM citizens_citizen")
    logins.unlink()
    again, logins = build(tmp_path)
    assert again.returncode == 0, again.stderr
    assert "findes allerede" in again.stdout
    assert rows(tmp_path, "SELECT COUNT(*), MAX(id) FROM citizens_citizen") == before
    assert {entry["role"] for entry in json.loads(logins.read_text(encoding="utf-8"))} == ROLES


def test_demo_has_about_40_staff_in_four_municipalities(demo_dir):
    (staff,) = rows(demo_dir, "SELECT COUNT(*) FROM organisations_staff")[0]
    assert 35 <= staff <= 55
    municipalities = rows(demo_dir, "SELECT code FROM organisations_municipality ORDER BY code")
    assert [code for (code,) in municipalities] == ["147", "540", "727", "740"]
    per_municipality = rows(
        demo_dir,
        "SELECT municipality_id, COUNT(*) FROM organisations_team GROUP BY municipality_id",
    )
    assert all(2 <= n <= 3 for _m, n in per_municipality)
    researchers = rows(
        demo_dir,
        "SELECT COUNT(*) FROM organisations_researchproject_researchers r "
        "JOIN organisations_researchproject p ON p.id = r.researchproject_id "
        "WHERE p.name = 'Troen på borgernes jobchance'",
    )
    assert researchers == [(2,)]


def test_about_40_percent_of_citizens_have_a_change_of_caseworker(demo_dir):
    (share,) = rows(
        demo_dir,
        "SELECT AVG(n > 1) FROM (SELECT COUNT(*) AS n FROM citizens_assignment GROUP BY citizen_id)",
    )[0]
    assert 0.28 <= share <= 0.52


def test_some_citizens_reach_job_flexjob_or_education(demo_dir):
    (share,) = rows(
        demo_dir,
        "SELECT COUNT(DISTINCT citizen_id) * 1.0 / (SELECT COUNT(*) FROM citizens_citizen) "
        "FROM citizens_outcome",
    )[0]
    assert 0.07 <= share <= 0.25
    kinds = {kind for (kind,) in rows(demo_dir, "SELECT DISTINCT kind FROM citizens_outcome")}
    assert kinds <= {"job", "flexjob", "education"}


def test_demo_has_contacts_in_several_forms_and_external_mentoring(demo_dir):
    forms = {form for (form,) in rows(demo_dir, "SELECT DISTINCT form FROM citizens_contact")}
    assert {"fremmøde", "telefon", "video", "virksomhed", "hjem"} <= forms
    (referred,) = rows(
        demo_dir,
        "SELECT COUNT(DISTINCT a.citizen_id) FROM citizens_action a "
        "JOIN organisations_staff s ON s.id = a.provider_staff_id WHERE s.role = 'external'",
    )[0]
    assert referred > 0


def test_citizens_feel_a_little_more_belief_after_physical_meetings_in_the_demo(demo_dir):
    by_form = rows(
        demo_dir,
        "SELECT c.form, AVG(r.value), COUNT(*) FROM belief_rating r "
        "JOIN belief_item i ON i.id = r.item_id "
        "JOIN belief_citizenlink l ON l.id = r.link_id "
        "JOIN citizens_contact c ON c.id = l.contact_id "
        "WHERE i.code = 'cit_felt_belief' GROUP BY c.form",
    )
    physical = [(m, n) for form, m, n in by_form if form in {"fremmøde", "virksomhed", "hjem"}]
    remote = [(m, n) for form, m, n in by_form if form in {"telefon", "video"}]
    assert sum(n for _m, n in physical) > 150 and sum(n for _m, n in remote) > 80
    mean = lambda pairs: sum(m * n for m, n in pairs) / sum(n for _m, n in pairs)  # noqa: E731
    assert 0.1 < mean(physical) - mean(remote) < 0.8


def test_demo_has_no_future_dates(demo_dir):
    today = today_in_copenhagen().isoformat()
    latest = rows(
        demo_dir,
        "SELECT MAX(d) FROM ("
        " SELECT MAX(enrolled_on) AS d FROM citizens_citizen"
        " UNION ALL SELECT MAX(start_date) FROM citizens_assignment"
        " UNION ALL SELECT MAX(end_date) FROM citizens_assignment"
        " UNION ALL SELECT MAX(date) FROM citizens_contact"
        " UNION ALL SELECT MAX(start_date) FROM citizens_action"
        " UNION ALL SELECT MAX(end_date) FROM citizens_action"
        " UNION ALL SELECT MAX(start_date) FROM citizens_outcome"
        " UNION ALL SELECT MAX(start_date) FROM organisations_teammembership)",
    )[0][0]
    assert latest <= today


def test_assignments_never_overlap_and_end_after_they_start(demo_dir):
    overlaps = rows(
        demo_dir,
        "SELECT COUNT(*) FROM citizens_assignment a JOIN citizens_assignment b "
        "ON a.citizen_id = b.citizen_id AND a.id < b.id "
        "AND a.start_date <= COALESCE(b.end_date, '9999-12-31') "
        "AND b.start_date <= COALESCE(a.end_date, '9999-12-31')",
    )
    assert overlaps == [(0,)]
    assert rows(
        demo_dir, "SELECT COUNT(*) FROM citizens_assignment WHERE end_date < start_date"
    ) == [(0,)]
    assert rows(demo_dir, "SELECT COUNT(*) FROM citizens_action WHERE end_date < start_date") == [
        (0,)
    ]


def test_demo_citizens_have_no_cpr_and_everyone_has_an_invented_name(demo_dir):
    assert rows(demo_dir, "SELECT COUNT(*) FROM citizens_citizen WHERE cpr_hash != ''") == [(0,)]
    surnames = set(SURNAMES)
    for (name,) in rows(demo_dir, "SELECT name FROM citizens_citizen"):
        assert name.split()[-1] in surnames
    for (last_name,) in rows(demo_dir, "SELECT last_name FROM auth_user"):
        assert last_name in surnames


def test_demo_refuses_an_impossible_number_of_citizens(tmp_path):
    result = jobtro("demo", "--no-serve", "--data-dir", str(tmp_path), "--citizens", "0")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "--citizens" in result.stderr


# --- in-process, on the test database (SQLite or PostgreSQL) ------------------------------


@pytest.mark.django_db
def test_demo_builds_on_the_test_database_and_keeps_the_invariants():
    result = build_demo(citizens=60)
    assert result.built
    assert Citizen.objects.count() == 60
    open_per_citizen = (
        Assignment.objects.filter(end_date__isnull=True).values("citizen").annotate(n=Count("id"))
    )
    assert all(row["n"] == 1 for row in open_per_citizen)
    assert not Assignment.objects.filter(end_date__lt=F("start_date")).exists()
    for citizen in Citizen.objects.prefetch_related("assignments"):
        periods = sorted(
            (a.start_date, a.end_date or dt.date.max) for a in citizen.assignments.all()
        )
        assert all(prev[1] < nxt[0] for prev, nxt in itertools.pairwise(periods))
    today = timezone.localdate()
    assert not Contact.objects.filter(date__gt=today).exists()
    assert not Action.objects.filter(Q(start_date__gt=today) | Q(end_date__gt=today)).exists()
    assert not Outcome.objects.filter(start_date__gt=today).exists()
    assert Staff.objects.filter(role=Role.EXTERNAL, provided_actions__isnull=False).exists()

    again = build_demo(citizens=60)
    assert not again.built
    assert Citizen.objects.count() == 60


@pytest.mark.django_db
def test_demo_is_never_mixed_into_a_database_with_other_data(silkeborg):
    with pytest.raises(UserError, match="ikke er demodata"):
        build_demo(citizens=10)
