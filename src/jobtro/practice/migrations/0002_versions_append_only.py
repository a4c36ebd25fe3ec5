"""The database itself refuses to change a saved version of the rules or of a referral
(an edit is a new version). DELETE stays possible so that a restore can empty the
database and tests can flush.
"""

from django.db import migrations

from jobtro.core.dbtriggers import refuse_updates


class Migration(migrations.Migration):
    dependencies = [("practice", "0001_referrals_and_rules")]
    operations = [
        refuse_updates(
            "practice_rulesversion",
            "practice_referralversion",
            message="a saved version is never changed",
        )
    ]
