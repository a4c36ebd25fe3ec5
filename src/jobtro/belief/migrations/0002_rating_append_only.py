"""The database itself refuses to change a rating (an immutable event, docs/contracts.md).

A correction is a new row that points to the old one. DELETE stays possible at the
database level so that a restore can empty the database and tests can flush.
"""

from django.db import migrations

from jobtro.core.dbtriggers import refuse_updates


class Migration(migrations.Migration):
    dependencies = [("belief", "0001_instrument_ratings_links")]
    operations = [refuse_updates("belief_rating", message="a rating is never changed")]
