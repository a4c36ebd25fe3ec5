"""Personas for the whole suite (CONTRIBUTING.md): a caseworker and a colleague in one team,
their leader, a researcher on the project, an administrator, an external partner, and
an outsider from another municipality who always gets a 404."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from jobtro.citizens.models import ActionKind, Citizen, TargetGroup
from jobtro.citizens.services import assign_caseworker, create_citizen, record_action
from jobtro.organisations.models import Municipality, ResearchProject, Role, Staff, Team
from jobtro.organisations.services import create_staff

pytest_plugins = ["tests.browser_fixtures"]

TESTS = Path(__file__).resolve().parent


def _is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(
        (marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
        or "transactional_db" in fixtures
        or "live_server" in fixtures
    )


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Work units for pytest-xdist's `--dist loadgroup` (the Makefile's choice).

    A test file goes to one worker whole, so that its module-scoped fixtures (a demo
    database, a synthetic cohort, a backup) are built once. Not so a file with a
    transactional test (a browser test, a race): such a test flushes the worker's
    database, the rows the migrations seeded included, so pytest-django runs them after
    every other database test; spread one by one, they keep that place on each worker.
    """
    transactional_files = {item.path for item in items if _is_transactional(item)}
    for item in items:
        if item.path not in transactional_files:
            item.add_marker(pytest.mark.xdist_group(str(item.path.relative_to(TESTS))))


def _is_serialized(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(
        (marker and marker.kwargs.get("serialized_rollback"))
        or "django_db_serialized_rollback" in getattr(item, "fixturenames", ())
    )


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """An empty database for a test with serialized rollback, before Django restores into it.

    Django restores the snapshot taken after the migrations by inserting its rows with
    their primary keys, which expects the empty database that such a test's own flush
    leaves. A transactional test without serialized rollback flushes and then runs the
    post_migrate handlers, which create the content types and permissions again under
    new keys: the restore then breaks on their unique names (IntegrityError on
    django_content_type). So empty the database first (flush without post_migrate), as
    Django's own flush before a serialized test does, in whatever order the tests run.
    """
    if not _is_serialized(item):
        return
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    # Only once the test database exists: the snapshot is taken when it is created.
    aliases = [c.alias for c in connections.all() if hasattr(c, "_test_serialized_contents")]
    if not aliases:
        return
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command

    with item.config.stash[blocking_manager_key].unblock():
        for alias in aliases:
            call_command(
                "flush", verbosity=0, interactive=False, database=alias, inhibit_post_migrate=True
            )
    # The cache may hold the keys post_migrate gave; the restore brings back the old ones.
    ContentType.objects.clear_cache()


PASSWORD = "Demo-kodeord-2026"
DAY0 = dt.date(2025, 1, 6)


@pytest.fixture(autouse=True)
def _danish(settings):
    # A request in an earlier test may have left English active in this thread.
    from django.utils import translation

    with translation.override("da"):
        yield


@pytest.fixture(autouse=True)
def _fast_and_predictable(settings, tmp_path):
    # Argon2 is right for production and slow on purpose; tests use a fast hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CPR_HASH_KEY = "test-cpr-key"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def silkeborg(db) -> Municipality:
    return Municipality.objects.create(code="740", name="Silkeborg")


@pytest.fixture
def odder(db) -> Municipality:
    return Municipality.objects.create(code="727", name="Odder")


@pytest.fixture
def team(silkeborg) -> Team:
    return Team.objects.create(municipality=silkeborg, name="Team Nord")


@pytest.fixture
def other_team(odder) -> Team:
    return Team.objects.create(municipality=odder, name="Team Syd")


def _staff(username, role, municipality, team=None, function="") -> Staff:
    return create_staff(
        actor=None,
        username=username,
        first_name=username.capitalize(),
        last_name="Testesen",
        role=role,
        municipality=municipality,
        function=function or ("myndighedssagsbehandler" if role == Role.CASEWORKER else ""),
        team=team,
        start_date=DAY0,
        password=PASSWORD,
    )


@pytest.fixture
def caseworker(team) -> Staff:
    return _staff("anna", Role.CASEWORKER, team.municipality, team)


@pytest.fixture
def colleague(team) -> Staff:
    return _staff("bent", Role.CASEWORKER, team.municipality, team)


@pytest.fixture
def leader(team) -> Staff:
    return _staff("lone", Role.LEADER, team.municipality, team)


@pytest.fixture
def administrator(silkeborg) -> Staff:
    return _staff("adam", Role.ADMINISTRATOR, silkeborg)


@pytest.fixture
def researcher(silkeborg, db) -> Staff:
    staff = _staff("rikke", Role.RESEARCHER, None)
    project = ResearchProject.objects.create(name="Troen på borgernes jobchance", slug="troen")
    project.municipalities.add(silkeborg)
    project.researchers.add(staff)
    return staff


@pytest.fixture
def external(db) -> Staff:
    staff = _staff("erik", Role.EXTERNAL, None)
    staff.organisation = "Mentorhuset"
    staff.save()
    return staff


@pytest.fixture
def outsider(other_team) -> Staff:
    return _staff("otto", Role.CASEWORKER, other_team.municipality, other_team)


@pytest.fixture
def target_group(db) -> TargetGroup:
    # get_or_create: transactional (browser) tests flush the rows the migration seeded.
    return TargetGroup.objects.get_or_create(
        code="aktivitetsparat-kontanthjaelp",
        defaults={"name": "Aktivitetsparat kontanthjælpsmodtager"},
    )[0]


@pytest.fixture
def citizen(caseworker, target_group) -> Citizen:
    c = create_citizen(
        actor=None,
        municipality=caseworker.municipality,
        birth_year=1988,
        target_group=target_group,
        enrolled_on=DAY0,
        gender="k",
        name="Testborger Ærø",
    )
    assign_caseworker(actor=None, citizen=c, caseworker=caseworker, start_date=DAY0)
    return c


@pytest.fixture
def referred_citizen(citizen, external) -> Citizen:
    record_action(
        actor=None,
        citizen=citizen,
        kind=ActionKind.objects.get_or_create(code="mentor", defaults={"name": "Mentor"})[0],
        start_date=DAY0,
        provider="external",
        provider_name="Mentorhuset",
        provider_staff=external,
    )
    return citizen


@dataclass(frozen=True)
class Personas:
    caseworker: Staff
    colleague: Staff
    leader: Staff
    researcher: Staff
    administrator: Staff
    external: Staff
    outsider: Staff


@pytest.fixture
def personas(
    caseworker, colleague, leader, researcher, administrator, external, outsider
) -> Personas:
    return Personas(caseworker, colleague, leader, researcher, administrator, external, outsider)


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"
