"""Load an instrument version from a YAML or JSON file: `jobtro manage load_instrument FILE`."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from jobtro.belief.instruments import InstrumentError, load_instrument_file
from jobtro.belief.services import install_instrument


class Command(BaseCommand):
    help = "Indlæs en version af et måleinstrument fra en YAML- eller JSON-fil."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        try:
            spec = load_instrument_file(options["file"])
            instrument = install_instrument(actor=None, spec=spec)
        except InstrumentError as exc:
            raise CommandError(str(exc)) from exc
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"{instrument.code}: {instrument.items.count()} spørgsmål")
