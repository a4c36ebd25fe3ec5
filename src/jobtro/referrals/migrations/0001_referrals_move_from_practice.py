"""Referrals move from the practice app into their own app. The tables keep their names
(practice_referral, practice_referralversion) and their no-update trigger, so this only
moves Django's state: the database is not touched (practice 0006 removes the models
from practice's state)."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('practice', '0005_sparring_moves_to_its_own_app'),
        ('citizens', '0002_seed_lists'),
        ('organisations', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
        migrations.CreateModel(
            name='Referral',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('citizen', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='referrals', to='citizens.citizen')),
                ('consultant', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='referrals_received', to='organisations.staff', verbose_name='virksomhedskonsulent')),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisations.staff')),
            ],
            options={
                'verbose_name': 'henvisning til virksomhedskonsulent',
                'verbose_name_plural': 'henvisninger til virksomhedskonsulent',
                'db_table': 'practice_referral',
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='ReferralVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField(verbose_name='version')),
                ('resources', models.TextField(verbose_name='Ressourcer og erfaring')),
                ('success_conditions', models.TextField(verbose_name='Det skal der til, for at borgeren lykkes')),
                ('wishes', models.TextField(verbose_name='Ønsker og mål')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('author', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisations.staff')),
                ('referral', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='versions', to='referrals.referral')),
                ('team', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisations.team')),
            ],
            options={
                'verbose_name': 'version af henvisning',
                'verbose_name_plural': 'versioner af henvisninger',
                'db_table': 'practice_referralversion',
                'ordering': ['-number'],
                'constraints': [models.UniqueConstraint(fields=('referral', 'number'), name='referral_version_unique_number')],
            },
        ),
            ],
        ),
    ]
