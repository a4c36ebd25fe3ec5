"""The database itself refuses to change a rating (an immutable event, DESIGN.md).

A correction is a new row that points to the old one. DELETE stays possible at the
database level so that a restore can empty the database and tests can flush.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            "CREATE TRIGGER belief_rating_no_update BEFORE UPDATE ON belief_rating "
            "BEGIN SELECT RAISE(ABORT, 'a rating is never changed'); END;"
        )
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE OR REPLACE FUNCTION belief_rating_no_update() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION 'a rating is never changed'; END; $$ LANGUAGE plpgsql;"
        )
        schema_editor.execute(
            "CREATE TRIGGER belief_rating_no_update BEFORE UPDATE ON belief_rating "
            "FOR EACH ROW EXECUTE FUNCTION belief_rating_no_update();"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS belief_rating_no_update ON belief_rating")
    else:
        schema_editor.execute("DROP TRIGGER IF EXISTS belief_rating_no_update")


class Migration(migrations.Migration):
    dependencies = [("belief", "0001_instrument_ratings_links")]
    operations = [migrations.RunPython(forwards, backwards)]
