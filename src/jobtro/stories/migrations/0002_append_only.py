"""The database itself refuses to change a saved story or its tags (a correction is a
new version). DELETE stays possible so that a restore can empty the database and tests
can flush.
"""

from django.db import migrations

TABLES = ("stories_story", "stories_storytag")


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "sqlite":
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'a saved story is never changed'); END;"
            )
        elif vendor == "postgresql":
            schema_editor.execute(
                f"CREATE OR REPLACE FUNCTION {table}_no_update() RETURNS trigger AS $$ "
                "BEGIN RAISE EXCEPTION 'a saved story is never changed'; END; $$ "
                "LANGUAGE plpgsql;"
            )
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {table}_no_update();"
            )


def backwards(apps, schema_editor):
    for table in TABLES:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update ON {table}")
        else:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")


class Migration(migrations.Migration):
    dependencies = [("stories", "0001_story")]
    operations = [migrations.RunPython(forwards, backwards)]
