"""The database itself refuses to change a saved story or its tags (a correction is a
new version). DELETE stays possible so that a restore can empty the database and tests
can flush.
"""

from django.db import migrations

from jobtro.core.dbtriggers import refuse_updates


class Migration(migrations.Migration):
    dependencies = [("stories", "0001_story")]
    operations = [
        refuse_updates(
            "stories_story", "stories_storytag", message="a saved story is never changed"
        )
    ]
