"""Sparring moves to its own app (jobtro.sparring). State only: the table stays."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('practice', '0004_sparring_follow_up'),
        ('sparring', '0001_sparring_moves_from_practice'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name='Sparring')],
        ),
    ]
