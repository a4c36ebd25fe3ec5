"""Sparring moves from the practice app into its own app. The tables keep their names
(practice_sparring, practice_sparring_participants), so this only moves Django's state:
the database is not touched (practice 0005 removes the model from practice's state)."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('belief', '0003_after_contact_links'),
        ('citizens', '0002_seed_lists'),
        ('organisations', '0001_initial'),
        ('practice', '0004_sparring_follow_up'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
        migrations.CreateModel(
            name='Sparring',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('method', models.CharField(choices=[('reflecting_team', 'Reflekterende team'), ('resource_round', 'Ressourcefokuseret runde'), ('solution_round', 'Løsningsfokuseret runde'), ('retelling', 'Dekonstruktion og genforfatning')], max_length=30, verbose_name='metode')),
                ('description', models.TextField(verbose_name='sagsfremstilling')),
                ('requested_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='bedt om')),
                ('held_on', models.DateField(blank=True, null=True, verbose_name='afholdt')),
                ('perspectives', models.TextField(blank=True, verbose_name='perspektiver')),
                ('next_steps', models.TextField(blank=True, verbose_name='nye veje at gå')),
                ('follow_up_on', models.DateField(blank=True, null=True, verbose_name='opfølgning')),
                ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='afsluttet')),
                ('followed_up_on', models.DateField(blank=True, null=True, verbose_name='fulgt op')),
                ('follow_up_note', models.CharField(blank=True, max_length=500, verbose_name='hvad kom der ud af det')),
                ('after_rating', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='belief.rating')),
                ('before_rating', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='belief.rating')),
                ('citizen', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='sparring_sessions', to='citizens.citizen')),
                ('owner', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='sparring_owned', to='organisations.staff', verbose_name='sagsejer')),
                ('participants', models.ManyToManyField(db_table='practice_sparring_participants', related_name='sparring_sessions', to='organisations.staff', verbose_name='deltagere')),
                ('team', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='sparring_sessions', to='organisations.team')),
            ],
            options={
                'verbose_name': 'sparring',
                'verbose_name_plural': 'sparringer',
                'db_table': 'practice_sparring',
                'ordering': ['-requested_at', '-id'],
                'constraints': [models.CheckConstraint(condition=models.Q(('closed_at__isnull', True), ('held_on__isnull', False), _connector='OR'), name='sparring_closed_has_date'), models.CheckConstraint(condition=models.Q(('followed_up_on__isnull', True), ('closed_at__isnull', False), _connector='OR'), name='sparring_followed_up_when_closed')],
            },
        ),
            ],
        ),
    ]
