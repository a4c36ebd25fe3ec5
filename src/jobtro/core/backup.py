"""`jobtro backup FILE` and `jobtro restore FILE`: the whole database in one file.

One portable format serves SQLite and PostgreSQL alike, so that a backup taken from
the embedded SQLite database can be restored into PostgreSQL when a deployment grows
(and back). A native pg_dump would be faster for very large PostgreSQL databases, but
two formats would mean two restore paths to test; operations.md shows pg_dump for
those who want it beside this.

The file is a ZIP archive:

    manifest.json          {"format": "jobtro-backup/1", jobtro and Django versions,
                            created_at, vendor, the applied migrations, and per table
                            its columns, row count and SHA-256}
    data/<app.model>.jsonl one JSON array per row, columns in the manifest's order,
                            rows in primary-key order

Rows are read and written with the models *as they were at the backup's migrations*
(Django's historical models), so a backup restores into a newer Jobtro: the database
is first migrated to the backup's state, filled, and then migrated forward.

    keys.json              the installation's keys: for each its fingerprint and where
                            it came from, and the key itself when it was drawn by the
                            installation (the data directory's keys file)

A backup carries the keys Jobtro drew itself, because a database restored under
another CPR hash key could no longer match register imports to its citizens (and
research staff pseudonyms, keyed by SECRET_KEY, would change). Keys set in the
environment (always so in production) stay out of the file: their owner keeps them,
and a stolen backup then does not hold the key to its own CPR hashes. A restore takes
the carried keys into the keys file, and refuses a backup whose CPR hash key differs
from an environment key when the backup holds CPR hashes.

The backup reads from one snapshot (a read transaction; SQLite in WAL mode and
PostgreSQL both give a consistent view without stopping writers). The restore runs in
one transaction: it either fills the whole database or leaves it as it was.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import decimal
import hashlib
import json
import sys
import uuid
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import Any, cast

from django.apps.registry import Apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DatabaseError, connection, models, transaction
from django.db.migrations.exceptions import IrreversibleError
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.graph import MigrationGraph
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.duration import duration_iso_string

from jobtro import keys
from jobtro.errors import UserError

FORMAT = "jobtro-backup/1"
MANIFEST = "manifest.json"
KEYS = "keys.json"
BATCH = 1000
# Tables whose rows mean the database is in use; tables that migrations seed (target
# groups, content types …) do not count.
IN_USE_TABLES = ("auth_user", "organisations_municipality", "citizens_citizen")


def run_backup(args: argparse.Namespace) -> int:
    """Write the whole database to FILE."""
    path = Path(args.file)
    if path.is_dir():
        raise UserError(f"{path} er en mappe; angiv et filnavn")
    if not path.parent.is_dir():
        raise UserError(f"Mappen {path.parent} findes ikke")
    # Written beside the target and renamed at the end: a failed backup never leaves
    # a half file under the name of a good one.
    partial = path.with_name(path.name + ".delvis")
    try:
        manifest = write_backup(partial)
        partial.replace(path)
    except OSError as exc:
        raise UserError(f"Kan ikke skrive backup til {path}: {exc.strerror or exc}") from exc
    finally:
        partial.unlink(missing_ok=True)
    rows = sum(t["rows"] for t in manifest["tables"].values())
    print(f"Backup skrevet til {path}: {len(manifest['tables'])} tabeller, {rows} rækker.")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    """Replace the (empty) database with the contents of FILE, then migrate."""
    from jobtro.core import audit
    from jobtro.core.commands import _ensure_data_dir
    from jobtro.core.demo import analyse_tables

    path = Path(args.file)
    manifest = read_manifest(path)
    # Decided before anything is written: a refusal leaves database and keys as they were.
    taken, notes = plan_keys(path, manifest)
    _ensure_data_dir()
    if not args.yes and not database_is_empty():
        raise UserError(
            "Databasen er ikke tom; gendannelsen ville overskrive den. "
            "Brug --yes, hvis det er meningen."
        )
    rows = restore_backup(path, manifest)
    call_command("migrate", verbosity=0, interactive=False)
    analyse_tables()
    if taken:
        take_keys(taken)
    audit.log(
        actor=None,
        action="core.database.restored",
        detail={
            "file": path.name,
            "created_at": manifest["created_at"],
            "rows": rows,
            "keys_taken": sorted(taken),
        },
    )
    print(
        f"Databasen er gendannet fra {path} (taget {manifest['created_at']}, "
        f"{manifest['vendor']}): {len(manifest['tables'])} tabeller, {rows} rækker."
    )
    if taken:
        print(
            f"Backuppens nøgler ({', '.join(sorted(taken))}) er lagt i "
            f"{_keys_file()}; genstart en server, der kører på denne installation."
        )
    for note in notes:
        print(f"Bemærk: {note}", file=sys.stderr)
    return 0


# --- backup ----------------------------------------------------------------------------


def write_backup(path: Path) -> dict[str, Any]:
    """Write the archive to path and return its manifest."""
    with _read_snapshot():
        loader = MigrationLoader(connection)
        applied = sorted(loader.applied_migrations)
        if not applied:
            raise UserError("Databasen er ikke oprettet endnu; der er intet at tage backup af")
        state_apps = loader.project_state(nodes=applied, at_end=True).apps
        tables: dict[str, dict[str, Any]] = {}
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            for model in _models(state_apps):
                tables[model._meta.label_lower] = _dump_table(zf, model)
            manifest = {
                "format": FORMAT,
                "jobtro_version": _version("jobtro"),
                "django_version": _version("django"),
                "created_at": timezone.now().isoformat(timespec="seconds"),
                "vendor": connection.vendor,
                "migrations": [list(node) for node in applied],
                "tables": tables,
            }
            zf.writestr(KEYS, json.dumps(installation_keys(carry=True), indent=1))
            zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
    return manifest


# --- keys ------------------------------------------------------------------------------


def installation_keys(*, carry: bool) -> dict[str, dict[str, str]]:
    """Each key's fingerprint and source; with carry, the value of the keys Jobtro drew."""
    from django.conf import settings

    values = {
        "JOBTRO_SECRET_KEY": settings.SECRET_KEY,
        "JOBTRO_CPR_HASH_KEY": settings.CPR_HASH_KEY,
    }
    sources = getattr(settings, "JOBTRO_KEY_SOURCES", {})
    found: dict[str, dict[str, str]] = {}
    for name, value in values.items():
        entry = {"fingerprint": keys.fingerprint(value), "source": sources.get(name, "environment")}
        if carry and entry["source"] == "file":
            entry["value"] = value
        found[name] = entry
    return found


def read_keys(path: Path) -> dict[str, dict[str, str]] | None:
    """The backup's keys.json, or None for a backup from before keys were carried."""
    with zipfile.ZipFile(path) as zf:
        if KEYS not in zf.namelist():
            return None
        try:
            carried = json.loads(zf.read(KEYS))
        except ValueError as exc:
            raise UserError(f"{path} er beskadiget ({KEYS} kan ikke læses)") from exc
    for name in keys.NAMES:
        entry = carried.get(name) if isinstance(carried, dict) else None
        if not isinstance(entry, dict) or not isinstance(entry.get("fingerprint"), str):
            raise UserError(f"{path} er beskadiget ({KEYS} mangler {name})")
        value = entry.get("value")
        if value is not None and (
            not isinstance(value, str) or keys.fingerprint(value) != entry["fingerprint"]
        ):
            raise UserError(f"{path} er beskadiget ({name} passer ikke med sit fingeraftryk)")
    # JSON, checked above key by key.
    return cast(dict[str, dict[str, str]], carried)


def plan_keys(path: Path, manifest: dict[str, Any]) -> tuple[dict[str, str], list[str]]:
    """The backup's keys to take into the keys file, and notes for the user.

    Refuses (UserError) a backup whose CPR hashes were made under another key that this
    installation cannot take, because it is set in the environment or not carried.
    """
    carried = read_keys(path)
    if carried is None:
        if _holds_cpr_hashes(path, manifest):
            return {}, [
                "backuppen er fra en Jobtro-version, der ikke gemte nøglerne; borgernes "
                "CPR-numre kan kun genkendes, hvis JOBTRO_CPR_HASH_KEY er den samme som før"
            ]
        return {}, []
    current = installation_keys(carry=False)
    taken: dict[str, str] = {}
    notes: list[str] = []
    for name in keys.NAMES:
        theirs, mine = carried[name], current[name]
        if theirs["fingerprint"] == mine["fingerprint"]:
            continue
        if mine["source"] == "file" and "value" in theirs:
            taken[name] = theirs["value"]
        elif name == "JOBTRO_CPR_HASH_KEY":
            if _holds_cpr_hashes(path, manifest):
                where = (
                    f"nøglen i backuppens {KEYS}"
                    if "value" in theirs
                    else "den nøgle, installationen brugte, da backuppen blev taget"
                )
                raise UserError(
                    "Backuppen er taget med en anden JOBTRO_CPR_HASH_KEY end denne "
                    "installations, så dens CPR-numre kunne ikke længere genkendes ved "
                    f"registerimport; sæt JOBTRO_CPR_HASH_KEY til {where} og gendan igen"
                )
        else:
            notes.append(
                "backuppen er taget med en anden JOBTRO_SECRET_KEY; alle skal logge ind "
                "igen, og medarbejderpseudonymer i nye forskningsudtræk bliver andre end "
                "i tidligere udtræk"
            )
    return taken, notes


def take_keys(taken: dict[str, str]) -> None:
    """Write the backup's keys into the installation's keys file (the others kept)."""
    path = _keys_file()
    try:
        current = keys.read(path)
        keys.replace(path, {**current, **taken})
    except keys.KeysFileError as exc:
        raise UserError(
            f"Databasen er gendannet, men backuppens nøgler kunne ikke gemmes: {exc}"
        ) from exc


def _keys_file() -> Path:
    from django.conf import settings

    path = settings.JOBTRO_KEYS_FILE
    if path is None:  # both keys come from the environment: a backup carries neither
        raise TypeError("JOBTRO_KEYS_FILE is None: there is no keys file")
    return Path(path)


def _holds_cpr_hashes(path: Path, manifest: dict[str, Any]) -> bool:
    table = manifest["tables"].get("citizens.citizen")
    if not table or "cpr_hash" not in table.get("columns", []):
        return False
    column = table["columns"].index("cpr_hash")
    try:
        with zipfile.ZipFile(path) as zf, zf.open("data/citizens.citizen.jsonl") as data:
            return any(json.loads(line)[column] for line in data)
    except (KeyError, ValueError, IndexError, zipfile.BadZipFile, OSError) as exc:
        raise UserError(f"{path} er beskadiget og kan ikke læses: {exc}") from exc


def _dump_table(zf: zipfile.ZipFile, model: type[models.Model]) -> dict[str, Any]:
    fields = model._meta.concrete_fields
    columns = [f.attname for f in fields]
    digest = hashlib.sha256()
    rows = 0
    label = model._meta.label_lower
    # force_zip64: the size is not known in advance and may pass 2 GiB (the audit log).
    with zf.open(f"data/{label}.jsonl", "w", force_zip64=True) as out:
        queryset = model._base_manager.order_by("pk").values_list(*columns)
        for row in queryset.iterator(chunk_size=BATCH):
            line = _line([_encode(value) for value in row])
            out.write(line)
            digest.update(line)
            rows += 1
    return {
        "table": model._meta.db_table,
        "columns": columns,
        "rows": rows,
        "sha256": digest.hexdigest(),
    }


def _line(values: list[Any]) -> bytes:
    # sort_keys: PostgreSQL's jsonb reorders keys; the hash must not depend on the vendor.
    return (
        json.dumps(values, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"
    ).encode()


def _encode(value: Any) -> Any:
    """A JSON value from which the field's to_python() gives the value back exactly."""
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return duration_iso_string(value)
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(f"Kan ikke gemme en værdi af typen {type(value).__name__} i backuppen")


@contextmanager
def _read_snapshot() -> Iterator[None]:
    """One consistent view of the whole database for the duration of the backup."""
    if connection.vendor == "sqlite":
        # Django opens SQLite transactions as BEGIN IMMEDIATE (settings), which would
        # block every writer while the backup runs. A deferred read transaction in WAL
        # mode gives the same consistency without blocking anyone.
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK")
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


# --- restore ---------------------------------------------------------------------------


def read_manifest(path: Path) -> dict[str, Any]:
    """The archive's manifest, or a clear reason why the file is not a Jobtro backup."""
    if not path.is_file():
        raise UserError(f"Filen findes ikke: {path}")
    not_backup = f"{path} er ikke en Jobtro-backup"
    if not zipfile.is_zipfile(path):
        raise UserError(not_backup)
    try:
        with zipfile.ZipFile(path) as zf:
            manifest = json.loads(zf.read(MANIFEST))
            names = set(zf.namelist())
    except (KeyError, ValueError, zipfile.BadZipFile, OSError) as exc:
        raise UserError(not_backup) from exc
    if not isinstance(manifest, dict) or not str(manifest.get("format", "")).startswith(
        "jobtro-backup/"
    ):
        raise UserError(not_backup)
    if manifest["format"] != FORMAT:
        raise UserError(
            f"{path} er i formatet {manifest['format']}, som denne version af Jobtro "
            f"ikke kan læse; opdatér Jobtro"
        )
    tables = manifest.get("tables")
    if not isinstance(tables, dict) or not isinstance(manifest.get("migrations"), list):
        raise UserError(f"{path} er en ufuldstændig Jobtro-backup (manifestet mangler dele)")
    missing = [label for label in tables if f"data/{label}.jsonl" not in names]
    if missing:
        raise UserError(f"{path} er en ufuldstændig Jobtro-backup (mangler {missing[0]})")
    return manifest


def database_is_empty() -> bool:
    existing = set(connection.introspection.table_names())
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in IN_USE_TABLES:
            if table in existing:
                cursor.execute(f"SELECT 1 FROM {qn(table)} LIMIT 1")  # noqa: S608 - fixed names
                if cursor.fetchone():
                    return False
    return True


def restore_backup(path: Path, manifest: dict[str, Any]) -> int:
    """Bring the schema to the backup's migrations, replace every row; return the row count."""
    executor = MigrationExecutor(connection)
    graph = executor.loader.graph
    applied = {(app, name) for app, name in manifest["migrations"]}
    unknown = sorted(applied - set(graph.nodes))
    if unknown:
        app, name = unknown[0]
        raise UserError(
            f"Backuppen er fra en nyere version af Jobtro (ukendt migrering {app}.{name}); "
            "opdatér Jobtro før gendannelsen"
        )
    try:
        # Outside the data transaction: SQLite cannot change its schema inside one.
        executor.migrate(_leaves(applied, graph))
    except IrreversibleError as exc:
        raise UserError(
            "Databasen er på en nyere version end backuppen og kan ikke føres tilbage; "
            "gendan i en tom database"
        ) from exc
    state_apps = executor.loader.project_state(nodes=sorted(applied), at_end=True).apps
    total = 0
    try:
        with transaction.atomic(), zipfile.ZipFile(path) as zf:
            _flush(state_apps)
            restored: list[type[models.Model]] = []
            for label, info in manifest["tables"].items():
                model = _historical_model(state_apps, label)
                total += _load_table(zf, model, info)
                restored.append(model)
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), restored):
                    cursor.execute(sql)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UserError(f"{path} er beskadiget og kan ikke læses: {exc}") from exc
    except DatabaseError as exc:
        raise UserError(f"Gendannelsen mislykkedes, databasen er uændret: {exc}") from exc
    return total


def _leaves(applied: set[tuple[str, str]], graph: MigrationGraph) -> list[tuple[str, str]]:
    """The last applied migration of each app: the targets that reproduce the state."""
    return sorted(
        node
        for node in applied
        if not any(
            child in applied and child[0] == node[0] for child in graph.node_map[node].children
        )
    )


def _flush(state_apps: Apps) -> None:
    """Empty every Jobtro table, known to the backup's state or to this version's."""
    existing = set(connection.introspection.table_names())
    tables = {m._meta.db_table for m in _models(state_apps)}
    tables |= set(connection.introspection.django_table_names(only_existing=True))
    sql = connection.ops.sql_flush(no_style(), sorted(tables & existing), allow_cascade=True)
    connection.ops.execute_sql_flush(sql)


def _historical_model(state_apps: Apps, label: str) -> type[models.Model]:
    try:
        return state_apps.get_model(label)
    except LookupError as exc:
        raise UserError(f"Backuppen passer ikke til sine egne migreringer (tabel {label})") from exc


def _load_table(zf: zipfile.ZipFile, model: type[models.Model], info: dict[str, Any]) -> int:
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    unknown = [c for c in info["columns"] if c not in by_attname]
    if unknown:
        raise UserError(
            f"Backuppen passer ikke til sine egne migreringer "
            f"({model._meta.label_lower}.{unknown[0]})"
        )
    fields = [by_attname[c] for c in info["columns"]]
    qn = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from the schema
        qn(model._meta.db_table),
        ", ".join(qn(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    digest = hashlib.sha256()
    rows = 0
    batch: list[tuple[Any, ...]] = []
    label = model._meta.label_lower
    with zf.open(f"data/{label}.jsonl") as data, connection.cursor() as cursor:
        for line in data:
            digest.update(line)
            values = json.loads(line)
            batch.append(tuple(_prepare(f, v) for f, v in zip(fields, values, strict=True)))
            rows += 1
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                batch.clear()
        if batch:
            cursor.executemany(sql, batch)
    if rows != info["rows"] or digest.hexdigest() != info["sha256"]:
        raise UserError(f"Backupfilen er beskadiget (tabel {label} passer ikke med manifestet)")
    return rows


def _prepare(field: models.Field[Any, Any], value: Any) -> Any:
    """The database value for a field from its JSON form in the archive."""
    if value is None:
        # A JSON null in a NOT NULL JSON column is the JSON value null, not SQL NULL.
        if isinstance(field, models.JSONField) and not field.null:
            return field.get_db_prep_value(None, connection)
        return None
    return field.get_db_prep_save(field.to_python(value), connection)


def _models(state_apps: Apps) -> list[type[models.Model]]:
    found = [
        m
        for m in state_apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy
    ]
    return sorted(found, key=lambda m: m._meta.label_lower)


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "ukendt"
