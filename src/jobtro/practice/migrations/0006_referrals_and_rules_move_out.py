"""Referrals move to jobtro.referrals and the "spilleregler" versions to
jobtro.language_use. State only: the tables and their triggers stay."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('practice', '0005_sparring_moves_to_its_own_app'),
        ('referrals', '0001_referrals_move_from_practice'),
        ('language_use', '0001_rules_move_from_practice'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name='ReferralVersion'),
                migrations.DeleteModel(name='Referral'),
                migrations.DeleteModel(name='RulesVersion'),
            ],
        ),
    ]
