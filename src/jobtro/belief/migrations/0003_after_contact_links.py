import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("belief", "0002_rating_append_only"),
        ("citizens", "0002_seed_lists"),
    ]

    operations = [
        migrations.AddField(
            model_name="citizenlink",
            name="contact",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="belief_links",
                to="citizens.contact",
                verbose_name="samtale",
            ),
        ),
        migrations.AlterField(
            model_name="rating",
            name="context",
            field=models.CharField(
                choices=[
                    ("routine", "Almindelig runde"),
                    ("before_sparring", "Før sparring"),
                    ("after_sparring", "Efter sparring"),
                    ("experiment", "I et eksperiment"),
                    ("after_contact", "Efter en samtale"),
                ],
                default="routine",
                max_length=20,
                verbose_name="sammenhæng",
            ),
        ),
    ]
