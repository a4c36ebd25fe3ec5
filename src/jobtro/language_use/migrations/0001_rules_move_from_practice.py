"""The "spilleregler" versions move from the practice app into language_use. The table
keeps its name (practice_rulesversion) and its no-update trigger, so this only moves
Django's state (practice 0006 removes the model from practice's state)."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('practice', '0005_sparring_moves_to_its_own_app'),
        ('organisations', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
        migrations.CreateModel(
            name='RulesVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField(verbose_name='version')),
                ('text', models.TextField(blank=True, verbose_name='spilleregler (YAML)')),
                ('note', models.CharField(blank=True, max_length=200, verbose_name='bemærkning')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='gemt')),
                ('author', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisations.staff')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='rules_versions', to='organisations.municipality')),
                ('team', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='rules_versions', to='organisations.team')),
            ],
            options={
                'verbose_name': 'spilleregler (version)',
                'verbose_name_plural': 'spilleregler (versioner)',
                'db_table': 'practice_rulesversion',
                'ordering': ['-number'],
                'constraints': [models.UniqueConstraint(condition=models.Q(('team__isnull', True)), fields=('municipality', 'number'), name='rules_unique_municipality_number'), models.UniqueConstraint(condition=models.Q(('team__isnull', False)), fields=('team', 'number'), name='rules_unique_team_number')],
            },
        ),
            ],
        ),
    ]
