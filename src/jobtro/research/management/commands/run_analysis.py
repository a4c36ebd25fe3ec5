from django.core.management.base import BaseCommand

from jobtro.research.services import execute_analysis_run


class Command(BaseCommand):
    help = "Kør en analysekørsel (startes af web-appen i baggrunden)."

    def add_arguments(self, parser):
        parser.add_argument("run_id", type=int)

    def handle(self, *args, **options):
        execute_analysis_run(run_id=options["run_id"])
