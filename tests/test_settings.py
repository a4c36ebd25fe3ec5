"""Settings: strict, in Danish, and without a key anyone could read in the source.

The settings module is run afresh (runpy) with the environment each test gives it, so
these tests do not disturb the settings the suite runs under.
"""

from __future__ import annotations

import multiprocessing
import os
import runpy
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

import jobtro.settings
from jobtro import keys

SETTINGS_FILE = Path(jobtro.settings.__file__)
OWN_VARIABLES = ("JOBTRO_", "DATABASE_URL")


@pytest.fixture
def environment(monkeypatch, tmp_path):
    """A clean environment with its own data folder; returns a function that sets more."""
    for name in list(os.environ):
        if name.startswith(OWN_VARIABLES):
            monkeypatch.delenv(name)
    monkeypatch.setenv("JOBTRO_DATA_DIR", str(tmp_path / "data"))

    def set_(**values: str) -> None:
        for name, value in values.items():
            monkeypatch.setenv(name, value)

    return set_


def load_settings() -> dict:
    return runpy.run_path(str(SETTINGS_FILE))


def jobtro(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jobtro.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )


# --- keys --------------------------------------------------------------------------------


def test_a_new_installation_draws_its_own_keys_and_keeps_them_private(environment, tmp_path):
    first = load_settings()
    keys_file = tmp_path / "data" / "jobtro-keys.env"
    assert first["JOBTRO_KEYS_FILE"] == keys_file
    assert keys_file.stat().st_mode & 0o777 == 0o600
    text = keys_file.read_text(encoding="utf-8")
    assert f"JOBTRO_SECRET_KEY={first['SECRET_KEY']}\n" in text
    assert f"JOBTRO_CPR_HASH_KEY={first['CPR_HASH_KEY']}\n" in text
    assert len(first["SECRET_KEY"]) >= 50 and len(first["CPR_HASH_KEY"]) >= 40
    assert first["SECRET_KEY"] != first["CPR_HASH_KEY"]
    again = load_settings()
    assert (again["SECRET_KEY"], again["CPR_HASH_KEY"]) == (
        first["SECRET_KEY"],
        first["CPR_HASH_KEY"],
    )


def test_two_installations_never_share_a_key(environment, tmp_path, monkeypatch):
    one = load_settings()
    monkeypatch.setenv("JOBTRO_DATA_DIR", str(tmp_path / "other"))
    other = load_settings()
    assert one["SECRET_KEY"] != other["SECRET_KEY"]
    assert one["CPR_HASH_KEY"] != other["CPR_HASH_KEY"]


def test_no_key_is_written_in_the_source():
    source = SETTINGS_FILE.read_text(encoding="utf-8")
    assert "insecure" not in source.lower()
    assert 'env_str("JOBTRO_SECRET_KEY", ' not in source


def test_a_key_set_in_the_environment_wins_over_the_drawn_one(environment):
    environment(JOBTRO_CPR_HASH_KEY="fra-miljoeet-" * 3)
    loaded = load_settings()
    assert loaded["CPR_HASH_KEY"] == "fra-miljoeet-" * 3
    assert loaded["JOBTRO_KEY_SOURCES"] == {
        "JOBTRO_SECRET_KEY": "file",
        "JOBTRO_CPR_HASH_KEY": "environment",
    }


def test_production_neither_reads_nor_writes_a_keys_file(environment, tmp_path):
    environment(
        JOBTRO_PRODUCTION="true",
        JOBTRO_SECRET_KEY="s" * 60,
        JOBTRO_CPR_HASH_KEY="c" * 40,
    )
    loaded = load_settings()
    assert loaded["JOBTRO_KEYS_FILE"] is None
    assert not (tmp_path / "data" / "jobtro-keys.env").exists()


def test_production_requires_the_cpr_key_as_well(environment):
    environment(JOBTRO_PRODUCTION="true", JOBTRO_SECRET_KEY="s" * 60)
    with pytest.raises(ImproperlyConfigured, match="JOBTRO_CPR_HASH_KEY skal sættes i produktion"):
        load_settings()


def test_a_keys_file_others_can_read_is_refused(environment, tmp_path):
    load_settings()
    keys_file = tmp_path / "data" / "jobtro-keys.env"
    keys_file.chmod(0o644)
    with pytest.raises(ImproperlyConfigured, match="chmod 600"):
        load_settings()


def test_a_keys_file_without_a_key_is_refused(environment, tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "jobtro-keys.env").write_text("JOBTRO_SECRET_KEY=abc\n", encoding="utf-8")
    (folder / "jobtro-keys.env").chmod(0o600)
    with pytest.raises(ImproperlyConfigured, match="mangler JOBTRO_CPR_HASH_KEY"):
        load_settings()


def _draw(path: str, barrier, results) -> None:
    barrier.wait()
    results.put(keys.load_or_create(Path(path)))


def test_processes_starting_at_once_agree_on_the_keys(tmp_path):
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(6)
    results = context.Queue()
    path = str(tmp_path / "jobtro-keys.env")
    workers = [context.Process(target=_draw, args=(path, barrier, results)) for _ in range(6)]
    for worker in workers:
        worker.start()
    drawn = [results.get(timeout=30) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    assert all(found == drawn[0] for found in drawn)
    assert keys.read(Path(path)) == drawn[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["jobtro-keys.env"]


# --- every mistake is one Danish line -------------------------------------------------------


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"JOBTRO_PRODUCTION": "true"}, "JOBTRO_SECRET_KEY skal sættes i produktion"),
        ({"JOBTRO_PRODUCTION": "ja tak"}, "JOBTRO_PRODUCTION skal være true eller false"),
        ({"JOBTRO_DEBUG": "maybe"}, "JOBTRO_DEBUG skal være true eller false"),
        (
            {
                "JOBTRO_PRODUCTION": "true",
                "JOBTRO_DEBUG": "true",
                "JOBTRO_SECRET_KEY": "s" * 60,
                "JOBTRO_CPR_HASH_KEY": "c" * 40,
            },
            "JOBTRO_DEBUG=true må ikke bruges i produktion",
        ),
        ({"DATABASE_URL": "mysql://jobtro@db/jobtro"}, "Jobtro bruger PostgreSQL"),
        ({"DATABASE_URL": "ikke en adresse"}, "DATABASE_URL kan ikke læses"),
        ({"DATABASE_URL": "postgres://u:p@db:femtusind/jobtro"}, "DATABASE_URL kan ikke læses"),
        ({"DATABASE_URL": "postgres://u:p@db:5432"}, "DATABASE_URL mangler databasens navn"),
        ({"JOBTRO_PAGE_SIZE": "0"}, "JOBTRO_PAGE_SIZE skal være mindst 1"),
        ({"JOBTRO_SESSION_MINUTES": "otte timer"}, "JOBTRO_SESSION_MINUTES skal være et heltal"),
        ({"JOBTRO_LOG_LEVEL": "loud"}, "JOBTRO_LOG_LEVEL skal være DEBUG"),
        ({"JOBTRO_ANALYSIS_RUNNER": "thread"}, "JOBTRO_ANALYSIS_RUNNER skal være process"),
        ({"JOBTRO_TRUSTED_PROXIES": "proxy.kommune.dk"}, "skal være IP-adresser"),
        ({"JOBTRO_CSRF_TRUSTED_ORIGINS": "jobtro.kommune.dk"}, "med http:// eller https://"),
    ],
)
def test_a_settings_mistake_is_named_in_danish(environment, variables, message):
    environment(**variables)
    with pytest.raises(ImproperlyConfigured, match=message):
        load_settings()


def test_a_password_in_database_url_never_appears_in_the_message(environment):
    environment(DATABASE_URL="postgres://jobtro:hemmelig-kode@db:femtusind/jobtro")
    with pytest.raises(ImproperlyConfigured) as caught:
        load_settings()
    assert "hemmelig-kode" not in str(caught.value)


def test_a_long_value_is_quoted_by_a_short_prefix_only(environment):
    environment(JOBTRO_DEBUG="x" * 10_000)
    with pytest.raises(ImproperlyConfigured) as caught:
        load_settings()
    assert len(str(caught.value)) < 120


def test_the_lower_case_log_level_is_understood(environment):
    environment(JOBTRO_LOG_LEVEL="info")
    assert load_settings()["LOGGING"]["root"]["level"] == "INFO"


def clean_env(tmp_path, **variables: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(OWN_VARIABLES)}
    return {**env, "JOBTRO_DATA_DIR": str(tmp_path), **variables}


@pytest.mark.parametrize(
    "variables",
    [
        {"JOBTRO_PRODUCTION": "true"},
        {"DATABASE_URL": "mysql://jobtro@db/jobtro"},
        {"JOBTRO_DATA_DIR": "/proc/ikke-her"},
    ],
)
def test_the_jobtro_command_reports_a_settings_mistake_in_one_line_with_exit_2(tmp_path, variables):
    result = jobtro("manage", "check", env=clean_env(tmp_path, **variables))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("jobtro: ")


def test_a_server_setting_read_at_start_is_a_one_line_mistake_too(tmp_path):
    with socket.socket() as probe:  # a free loopback port; the server never binds it
        probe.bind(("127.0.0.1", 0))
        port = str(probe.getsockname()[1])
    env = clean_env(tmp_path, JOBTRO_WEB_THREADS="mange")
    result = jobtro("serve", "--host", "127.0.0.1", "--port", port, env=env)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == (
        "jobtro: JOBTRO_WEB_THREADS skal være et heltal, fik 'mange'"
    )
