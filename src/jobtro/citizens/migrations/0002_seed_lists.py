from django.db import migrations

TARGET_GROUPS = [
    (
        "aktivitetsparat-kontanthjaelp",
        "Aktivitetsparat kontanthjælpsmodtager",
        "Activity-ready social assistance",
    ),
    ("jobparat-kontanthjaelp", "Jobparat kontanthjælpsmodtager", "Job-ready social assistance"),
    ("uddannelseshjaelp", "Uddannelseshjælp", "Education benefit"),
    ("ressourceforloeb", "Ressourceforløb", "Resource course"),
    ("jobafklaringsforloeb", "Jobafklaringsforløb", "Job clarification course"),
    ("sygedagpenge", "Sygedagpenge", "Sickness benefit"),
    ("ledighedsydelse", "Ledighedsydelse", "Flex-job waiting benefit"),
    ("integrationsprogram", "Integrationsprogram", "Integration programme"),
]

ACTION_KINDS = [
    ("virksomhedspraktik", "Virksomhedspraktik", "Work placement", True),
    ("loentilskud", "Løntilskud", "Wage-subsidised job", True),
    ("mentor", "Mentor", "Mentor", False),
    ("opkvalificering", "Opkvalificering/uddannelse", "Upskilling/education", False),
    ("sundhedsfaglig", "Sundhedsfaglig indsats", "Health intervention", False),
    (
        "ips",
        "IPS (individuelt planlagt job med støtte)",
        "IPS (individual placement and support)",
        True,
    ),
    ("nytteindsats", "Nytteindsats", "Community work", False),
    ("vejledning", "Vejledning og afklaring", "Guidance and clarification", False),
]


def seed(apps, schema_editor):
    TargetGroup = apps.get_model("citizens", "TargetGroup")
    ActionKind = apps.get_model("citizens", "ActionKind")
    for code, name, name_en in TARGET_GROUPS:
        TargetGroup.objects.get_or_create(code=code, defaults={"name": name, "name_en": name_en})
    for code, name, name_en, job in ACTION_KINDS:
        ActionKind.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "job_oriented": job}
        )


class Migration(migrations.Migration):
    dependencies = [("citizens", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
