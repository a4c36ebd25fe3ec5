"""The database itself refuses to change a saved note about a workplace or a saved
job profile (a change is a new note or version). DELETE stays possible so that a
restore can empty the database and tests can flush.
"""

from django.db import migrations

from jobtro.core.dbtriggers import refuse_updates


class Migration(migrations.Migration):
    dependencies = [("companies", "0001_companies_visits_placements")]
    operations = [
        refuse_updates(
            "companies_companynote",
            "companies_jobprofile",
            message="a saved note or profile is never changed",
        )
    ]
