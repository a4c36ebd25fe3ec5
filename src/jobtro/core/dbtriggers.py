"""A migration operation that makes the database itself refuse UPDATE on a table.

Used for the append-only records (audit log, ratings, saved versions, logbook,
stories, notes): a change is a new row, and a trigger refuses the old row's change
even from outside Django. DELETE stays possible so that a restore can empty the
database and tests can flush. SQLite and PostgreSQL; other vendors get no trigger.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import migrations

if TYPE_CHECKING:
    from django.db.backends.base.schema import BaseDatabaseSchemaEditor
    from django.db.migrations.state import StateApps


def refuse_updates(*tables: str, message: str, again: bool = False) -> migrations.RunPython:
    """``operations = [refuse_updates("app_model", message="a … is never changed")]``.

    On SQLite, adding a NOT NULL column (or most other changes) rebuilds the table and
    the trigger goes with it: such a migration ends with ``refuse_updates(...,
    again=True)``, which puts the trigger back (and leaves PostgreSQL's in place).
    """
    if "'" in message:
        raise ValueError("the message goes into SQL as a literal: no quotes")

    def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        vendor = schema_editor.connection.vendor
        for table in tables:
            if again and vendor == "sqlite":
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
            if again and vendor == "postgresql":
                continue
            if vendor == "sqlite":
                schema_editor.execute(
                    f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{message}'); END;"
                )
            elif vendor == "postgresql":
                schema_editor.execute(
                    f"CREATE OR REPLACE FUNCTION {table}_no_update() RETURNS trigger AS $$ "
                    f"BEGIN RAISE EXCEPTION '{message}'; END; $$ LANGUAGE plpgsql;"
                )
                schema_editor.execute(
                    f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                    f"FOR EACH ROW EXECUTE FUNCTION {table}_no_update();"
                )

    def backwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        if again:
            return
        for table in tables:
            if schema_editor.connection.vendor == "postgresql":
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update ON {table}")
            else:
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")

    return migrations.RunPython(forwards, backwards)
