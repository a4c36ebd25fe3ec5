"""The database itself refuses to change a saved logbook version (an edit by the
author is a new version). DELETE stays possible so a restore and test flushes work.
"""

from django.db import migrations

from jobtro.core.dbtriggers import refuse_updates


class Migration(migrations.Migration):
    dependencies = [("experiments", "0001_initial")]
    operations = [
        refuse_updates(
            "experiments_logbookversion", message="a saved logbook version is never changed"
        )
    ]
