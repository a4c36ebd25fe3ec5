"""`jobtro backup` / `jobtro restore`: a whole database out and back, row for row.

The source is a demo database (every role, citizens with their history, audit events);
each restore goes into its own fresh data folder, a real separate database. Equality
is checked by backing the restored database up again and comparing the two manifests'
row counts and SHA-256 per table.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

AUDIT = "core.auditevent"


def jobtro(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jobtro.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=env,
    )


def manifest(path: Path) -> dict:
    with zipfile.ZipFile(path) as zf:
        return json.loads(zf.read("manifest.json"))


def assert_same_contents(original: dict, restored: dict) -> None:
    """Every table equal, except the one audit event that records the restore itself."""
    assert set(original["tables"]) == set(restored["tables"])
    for label, table in original["tables"].items():
        if label == AUDIT:
            continue
        assert restored["tables"][label]["rows"] == table["rows"], label
        assert restored["tables"][label]["sha256"] == table["sha256"], label
    assert restored["tables"][AUDIT]["rows"] == original["tables"][AUDIT]["rows"] + 1


@pytest.fixture(scope="module")
def source_dir(tmp_path_factory) -> Path:
    source = tmp_path_factory.mktemp("source")
    built = jobtro("demo", "--no-serve", "--data-dir", str(source), "--citizens", "60")
    assert built.returncode == 0, built.stderr
    return source


@pytest.fixture(scope="module")
def backup_file(tmp_path_factory, source_dir) -> Path:
    source = source_dir
    path = tmp_path_factory.mktemp("backups") / "jobtro.backup"
    result = jobtro("backup", "--data-dir", str(source), str(path))
    assert result.returncode == 0, result.stderr
    return path


def test_backup_holds_every_table_with_counts_and_hashes(backup_file):
    content = manifest(backup_file)
    assert content["format"] == "jobtro-backup/1"
    assert content["vendor"] == "sqlite"
    assert ["citizens", "0001_initial"] in content["migrations"]
    assert content["tables"]["citizens.citizen"]["rows"] == 60
    assert content["tables"]["organisations.staff"]["rows"] > 30
    assert content["tables"]["citizens.contact"]["rows"] > 0
    for key in ("jobtro_version", "django_version", "created_at"):
        assert content[key]


def test_restore_into_an_empty_database_gives_the_same_rows(backup_file, tmp_path):
    target = tmp_path / "target"
    result = jobtro("restore", "--data-dir", str(target), str(backup_file))
    assert result.returncode == 0, result.stderr
    again = tmp_path / "again.backup"
    assert jobtro("backup", "--data-dir", str(target), str(again)).returncode == 0
    assert_same_contents(manifest(backup_file), manifest(again))


def test_restored_database_is_migrated_and_can_take_new_rows(backup_file, tmp_path):
    target = tmp_path / "target"
    assert jobtro("restore", "--data-dir", str(target), str(backup_file)).returncode == 0
    plan = jobtro("manage", "--data-dir", str(target), "migrate", "--check")
    assert plan.returncode == 0, plan.stdout + plan.stderr
    # A second restore over it writes a new audit event: ids continue after the restored ones.
    assert jobtro("restore", "--yes", "--data-dir", str(target), str(backup_file)).returncode == 0


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_text("ikke en backup", encoding="utf-8")
    result = jobtro("restore", "--data-dir", str(tmp_path / "db"), str(bad))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "ikke en Jobtro-backup" in result.stderr


def test_restore_refuses_a_zip_without_a_manifest(tmp_path):
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("hello.txt", "hej")
    result = jobtro("restore", "--data-dir", str(tmp_path / "db"), str(other))
    assert result.returncode == 2
    assert "ikke en Jobtro-backup" in result.stderr


def test_restore_of_a_missing_file_says_so(tmp_path):
    result = jobtro("restore", "--data-dir", str(tmp_path / "db"), str(tmp_path / "nowhere.backup"))
    assert result.returncode == 2
    assert "findes ikke" in result.stderr


def test_restore_refuses_to_overwrite_a_database_in_use_without_yes(backup_file, tmp_path):
    target = tmp_path / "target"
    assert jobtro("restore", "--data-dir", str(target), str(backup_file)).returncode == 0
    result = jobtro("restore", "--data-dir", str(target), str(backup_file))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "ikke tom" in result.stderr and "--yes" in result.stderr
    assert jobtro("restore", "--yes", "--data-dir", str(target), str(backup_file)).returncode == 0


def test_a_damaged_backup_is_refused_and_leaves_the_database_empty(backup_file, tmp_path):
    damaged = tmp_path / "damaged.backup"
    with zipfile.ZipFile(backup_file) as source, zipfile.ZipFile(damaged, "w") as out:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "data/citizens.citizen.jsonl":
                data = data.replace(b'"k"', b'"m"', 1)
            out.writestr(item, data)
    target = tmp_path / "target"
    result = jobtro("restore", "--data-dir", str(target), str(damaged))
    assert result.returncode == 2
    assert "beskadiget" in result.stderr
    # Nothing was half-restored: the database still counts as empty.
    assert jobtro("restore", "--data-dir", str(target), str(backup_file)).returncode == 0


# --- the installation's keys ------------------------------------------------------------


def env_without_keys(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in KEY_NAMES}
    env.pop("DATABASE_URL", None)
    return {**env, **extra}


KEY_NAMES = ("JOBTRO_SECRET_KEY", "JOBTRO_CPR_HASH_KEY", "JOBTRO_PRODUCTION")


def keys_in(folder: Path) -> dict[str, str]:
    lines = (folder / "jobtro-keys.env").read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if line.startswith("JOBTRO_"))


def carried_keys(path: Path) -> dict:
    with zipfile.ZipFile(path) as zf:
        return json.loads(zf.read("keys.json"))


def with_a_cpr_hash(backup: Path, out: Path) -> Path:
    """The backup with one citizen's CPR hash set (no CPR number involved), hashes fixed."""
    content = manifest(backup)
    table = content["tables"]["citizens.citizen"]
    column = table["columns"].index("cpr_hash")
    with zipfile.ZipFile(backup) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "data/citizens.citizen.jsonl":
                rows = [json.loads(line) for line in data.splitlines()]
                rows[0][column] = "ab" * 32
                data = b"".join(
                    (
                        json.dumps(row, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
                        + "\n"
                    ).encode()
                    for row in rows
                )
                table["sha256"] = hashlib.sha256(data).hexdigest()
            if item.filename != "manifest.json":
                target.writestr(item, data)
        target.writestr("manifest.json", json.dumps(content))
    return out


def test_a_backup_carries_the_keys_the_installation_drew_itself(backup_file, source_dir):
    carried = carried_keys(backup_file)
    drawn = keys_in(source_dir)
    for name in ("JOBTRO_SECRET_KEY", "JOBTRO_CPR_HASH_KEY"):
        assert carried[name]["source"] == "file"
        assert carried[name]["value"] == drawn[name]


def test_a_restore_into_a_new_folder_takes_the_backups_keys(backup_file, source_dir, tmp_path):
    target = tmp_path / "target"
    result = jobtro("restore", "--data-dir", str(target), str(backup_file), env=env_without_keys())
    assert result.returncode == 0, result.stderr
    assert keys_in(target) == keys_in(source_dir)
    assert (target / "jobtro-keys.env").stat().st_mode & 0o777 == 0o600
    assert "Backuppens nøgler" in result.stdout


def test_keys_from_the_environment_stay_out_of_the_backup(source_dir, tmp_path):
    env = env_without_keys(JOBTRO_SECRET_KEY="s" * 60, JOBTRO_CPR_HASH_KEY="c" * 40)
    path = tmp_path / "env.backup"
    assert jobtro("backup", "--data-dir", str(source_dir), str(path), env=env).returncode == 0
    carried = carried_keys(path)
    assert carried["JOBTRO_CPR_HASH_KEY"]["source"] == "environment"
    assert "value" not in carried["JOBTRO_CPR_HASH_KEY"]
    assert "c" * 40 not in json.dumps(carried)


def test_a_restore_refuses_cpr_hashes_made_under_another_environment_key(backup_file, tmp_path):
    with_cpr = with_a_cpr_hash(backup_file, tmp_path / "cpr.backup")
    target = tmp_path / "target"
    env = env_without_keys(JOBTRO_CPR_HASH_KEY="en-anden-noegle-" * 3)
    refused = jobtro("restore", "--data-dir", str(target), str(with_cpr), env=env)
    assert refused.returncode == 2
    assert refused.stderr.count("\n") == 1
    assert "JOBTRO_CPR_HASH_KEY" in refused.stderr and "keys.json" in refused.stderr
    # Nothing was restored: without the other key the same file restores into the folder.
    taken = jobtro("restore", "--data-dir", str(target), str(with_cpr), env=env_without_keys())
    assert taken.returncode == 0, taken.stderr
    assert (
        keys_in(target)["JOBTRO_CPR_HASH_KEY"]
        == (carried_keys(with_cpr)["JOBTRO_CPR_HASH_KEY"]["value"])
    )


def test_a_restore_with_the_same_environment_key_as_the_backup_is_accepted(source_dir, tmp_path):
    env = env_without_keys(JOBTRO_SECRET_KEY="s" * 60, JOBTRO_CPR_HASH_KEY="c" * 40)
    path = tmp_path / "env.backup"
    assert jobtro("backup", "--data-dir", str(source_dir), str(path), env=env).returncode == 0
    with_cpr = with_a_cpr_hash(path, tmp_path / "cpr.backup")
    drawn_here = tmp_path / "drawn"
    refused = jobtro(
        "restore", "--data-dir", str(drawn_here), str(with_cpr), env=env_without_keys()
    )
    assert refused.returncode == 2
    assert "den nøgle, installationen brugte" in refused.stderr
    same = jobtro("restore", "--data-dir", str(tmp_path / "same"), str(with_cpr), env=env)
    assert same.returncode == 0, same.stderr


def test_backup_into_a_missing_folder_says_so(tmp_path):
    result = jobtro("backup", "--data-dir", str(tmp_path / "db"), str(tmp_path / "no" / "x.backup"))
    assert result.returncode == 2
    assert "findes ikke" in result.stderr


# --- across vendors ---------------------------------------------------------------------


@pytest.fixture
def empty_postgres_url() -> str:
    """A fresh PostgreSQL database beside the test database, dropped afterwards."""
    base = os.environ.get("JOBTRO_TEST_DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        pytest.skip("set JOBTRO_TEST_DATABASE_URL to a PostgreSQL role with CREATEDB")
    import psycopg

    name = f"jobtro_restore_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(base)
    yield urlunsplit(parts._replace(path=f"/{name}"))
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_sqlite_backup_restores_into_postgresql_and_back(
    backup_file, tmp_path, empty_postgres_url
):
    # The data folder then holds only the keys (and static files), not the database.
    env = {**os.environ, "DATABASE_URL": empty_postgres_url, "JOBTRO_DATA_DIR": str(tmp_path)}
    result = jobtro("restore", str(backup_file), env=env)
    assert result.returncode == 0, result.stderr
    from_postgres = tmp_path / "pg.backup"
    assert jobtro("backup", str(from_postgres), env=env).returncode == 0
    assert manifest(from_postgres)["vendor"] == "postgresql"
    assert_same_contents(manifest(backup_file), manifest(from_postgres))

    back = tmp_path / "sqlite"
    assert jobtro("restore", "--data-dir", str(back), str(from_postgres)).returncode == 0
    again = tmp_path / "again.backup"
    assert jobtro("backup", "--data-dir", str(back), str(again)).returncode == 0
    restored = manifest(again)
    for label, table in manifest(from_postgres)["tables"].items():
        if label != AUDIT:
            assert restored["tables"][label]["sha256"] == table["sha256"], label
