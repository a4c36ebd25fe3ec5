"""The database itself refuses to change an audit event (append-only).

DELETE stays possible at the database level so that a whole database can be emptied
for a restore and tests can flush; the application never deletes (see the model).
"""

from django.db import migrations

from jobtro.core.dbtriggers import refuse_updates


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [refuse_updates("core_auditevent", message="audit log is append-only")]
