"""`jobtro import KIND FILE [--dry-run] [--municipality CODE]` (docs/contracts.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jobtro.errors import UserError


def run_import(
    args: argparse.Namespace, *, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Check (and unless --dry-run, save) an import file; exit 2 when any row is wrong."""
    from jobtro.organisations.models import Municipality

    from .imports.services import import_file

    out = out or sys.stdout
    err = err or sys.stderr
    path = Path(args.file)
    if not path.is_file():
        raise UserError(_("Filen findes ikke: %(file)s") % {"file": args.file})
    municipality = None
    if getattr(args, "municipality", None):
        municipality = Municipality.objects.filter(code=args.municipality.strip().zfill(3)).first()
        if municipality is None:
            raise UserError(_("Ukendt kommunenummer: %(code)s") % {"code": args.municipality})
    with _ProgressBar(err) as bar:
        report = import_file(
            kind=args.kind,
            path=path,
            file_name=path.name,
            actor=None,
            dry_run=args.dry_run,
            municipality=municipality,
            progress=bar.update,
        )
    _print_report(report, out)
    return 0 if report.ok else 2


def _print_report(report: Any, out: TextIO) -> None:
    if report.dry_run:
        print(_("Tør-kørsel af %(file)s (%(kind)s): intet er gemt.") % _names(report), file=out)
    print(
        _("Rækker: %(rows)s, uden fejl: %(valid)s, fejl: %(errors)s.")
        % {"rows": report.rows, "valid": report.valid_rows, "errors": report.error_count},
        file=out,
    )
    for warning in report.warnings:
        print(_("Advarsel: %(issue)s") % {"issue": warning}, file=out)
    for issue in report.errors:
        print(_("Fejl: %(issue)s") % {"issue": issue}, file=out)
    if len(report.errors) < report.error_count:
        hidden = report.error_count - len(report.errors)
        print(
            ngettext("… og %(n)s fejl mere.", "… og %(n)s fejl mere.", hidden) % {"n": hidden},
            file=out,
        )
    if not report.ok:
        print(_("Intet er gemt. Ret fejlene i filen og prøv igen."), file=out)
    elif report.dry_run:
        print(_("Ingen fejl. Kør kommandoen uden --dry-run for at importere."), file=out)
    else:
        print(
            _("Importeret (%(kind)s): %(created)s.")
            % {"created": report.created, **_names(report)},
            file=out,
        )
        for key, label in (
            ("closed", _("åbne tilknytninger afsluttet")),
            ("teams_created", _("teams oprettet")),
        ):
            if report.counts.get(key):
                print(f"{label}: {report.counts[key]}", file=out)


def _names(report: Any) -> dict[str, str]:
    from .imports.kinds import KINDS

    return {"file": report.file_name, "kind": str(KINDS[report.kind].label)}


class _ProgressBar:
    """A tqdm bar on stderr per phase (checking, then saving); silent when stderr is not a terminal."""

    LABELS = {"check": "Kontrollerer", "save": "Gemmer"}

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.bar: Any = None
        self.phase = ""

    def __enter__(self) -> _ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.close()

    def update(self, phase: str, done: int, total: int) -> None:
        from tqdm import tqdm

        if phase != self.phase:
            if self.bar is not None:
                self.bar.close()
            self.phase = phase
            self.bar = tqdm(
                total=total or None,
                desc=self.LABELS.get(phase, phase),
                file=self.stream,
                unit="",
                unit_scale=True,
                leave=False,
                disable=None,  # off when the stream is not a terminal (pipes, CI, tests)
                mininterval=0.5,
            )
        self.bar.update(max(0, done - self.bar.n))
