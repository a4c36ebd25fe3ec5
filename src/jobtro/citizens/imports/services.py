"""Checking and running an import: every row checked first, then all or nothing.

The same function serves the command line and the web page. A real run reads the
file twice: once to check every row (nothing is written), and once more inside one
transaction where the same checks run again against the locked database while the
rows are saved in batches — so a change made by someone else between the two passes
cannot slip through, and an error anywhere leaves the database as it was.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from jobtro.core import audit
from jobtro.core.cpr import find_cpr_numbers
from jobtro.organisations.models import Municipality

from .cells import Cells, Issue, Scope
from .kinds import KINDS, Kind, Planned
from .reading import FileProblem, FileShape, Row, check_file, read_rows

logger = logging.getLogger(__name__)

PREVIEW_ROWS = 20
CHUNK_ROWS = 1000
# Every error is counted; this many are kept with their text (a file where every one of
# a million rows is wrong needs fixing at the source, not a million lines on a page).
MAX_KEPT_ERRORS = 100_000
# The page shows this many; the rest are counted.
MAX_SHOWN_ERRORS = 1000

# Called with (phase, done, total): phase "check" or "save"; bytes (CSV) or rows (XLSX).
ProgressCallback = Callable[[str, int, int], None]


@dataclass
class ImportReport:
    kind: str
    file_name: str
    dry_run: bool
    rows: int = 0
    valid_rows: int = 0
    error_count: int = 0
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    preview_columns: list[tuple[str, str]] = field(default_factory=list)
    preview: list[dict[str, Any]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    saved: bool = False

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @property
    def created(self) -> int:
        return self.counts.get("created", 0)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready copy, for the progress status of a background import."""
        data = asdict(self)
        data["errors"] = [asdict(i) for i in self.errors[:MAX_SHOWN_ERRORS]]
        data["warnings"] = [asdict(i) for i in self.warnings[:MAX_SHOWN_ERRORS]]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ImportReport:
        data = dict(data)
        data["errors"] = [Issue(**i) for i in data.get("errors", [])]
        data["warnings"] = [Issue(**i) for i in data.get("warnings", [])]
        data["preview_columns"] = [tuple(c) for c in data.get("preview_columns", [])]
        return cls(**data)

    def add_error(self, issue: Issue) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_KEPT_ERRORS:
            self.errors.append(issue)


class _Rollback(Exception):
    def __init__(self, report: ImportReport) -> None:
        self.report = report


def import_file(
    *,
    kind: str,
    path: Path,
    file_name: str,
    actor: Any,
    dry_run: bool,
    municipality: Municipality | None = None,
    only_municipality: Municipality | None = None,
    progress: ProgressCallback | None = None,
) -> ImportReport:
    """Check every row; unless a dry run, and only when every row passed, save them all.

    `municipality` is used for rows without a `municipality` column; with
    `only_municipality` (an administrator on the web) every row must belong to it.
    """
    kind_class = KINDS[kind]
    scope = Scope(default=municipality, only=only_municipality)
    try:
        # Every limit (settings.IMPORT_MAX_*) is checked here, before a row is read.
        shape: FileShape | None = check_file(path, name=file_name)
    except FileProblem as exc:
        shape = None
        report = _refused(kind_class, file_name, dry_run=dry_run, problem=exc)
    if shape is not None:
        report = _process(
            kind_class, path, shape, file_name, actor, scope,
            dry_run=dry_run, save=False, progress=progress,
        )  # fmt: skip
    if dry_run or not report.ok:
        _log(
            actor,
            "citizens.import.checked" if dry_run else "citizens.import.refused",
            report,
            scope,
        )
        return report
    try:
        with transaction.atomic():
            assert shape is not None  # a refused file has an error: never here
            saved = _process(
                kind_class,
                path,
                shape,
                file_name,
                actor,
                scope,
                dry_run=False,
                save=True,
                progress=progress,
            )
            if not saved.ok:
                raise _Rollback(saved)
            saved.saved = True
            _log(actor, "citizens.import.completed", saved, scope)
    except _Rollback as exc:
        _log(actor, "citizens.import.refused", exc.report, scope)
        return exc.report
    except (DatabaseError, ValidationError):
        # A rule the checks did not foresee, or a lost lock: nothing is saved.
        logger.exception("Import of %s refused by the database", kind)
        report.add_error(
            Issue(None, "", _("Databasen afviste importen, og intet er gemt. Prøv igen."))
        )
        _log(actor, "citizens.import.refused", report, scope)
        return report
    return saved


def _refused(
    kind_class: type[Kind], file_name: str, *, dry_run: bool, problem: FileProblem
) -> ImportReport:
    report = ImportReport(kind=kind_class.code, file_name=file_name, dry_run=dry_run)
    report.add_error(Issue(None, "", str(problem)))
    return report


def _process(
    kind_class: type[Kind],
    path: Path,
    shape: FileShape,
    file_name: str,
    actor: Any,
    scope: Scope,
    *,
    dry_run: bool,
    save: bool,
    progress: ProgressCallback | None,
) -> ImportReport:
    report = ImportReport(
        kind=kind_class.code,
        file_name=file_name,
        dry_run=dry_run,
        preview_columns=[(key, str(label)) for key, label in kind_class.preview_columns],
    )
    phase = "save" if save else "check"
    on_read = (lambda done, total: progress(phase, done, total)) if progress else None
    try:
        columns, rows = read_rows(path, shape, progress=on_read)
    except FileProblem as exc:
        report.add_error(Issue(None, "", str(exc)))
        return report
    _check_columns(kind_class, columns, scope, report)
    if not report.ok:
        rows.close()
        return report
    kind = kind_class(scope=scope, actor=actor)
    pending: list[Planned] = []
    try:
        for chunk in _chunks(rows, CHUNK_ROWS):
            kind.prefetch(chunk)
            for row in chunk:
                report.rows += 1
                issues: list[Issue] = []
                kind.want_preview = len(report.preview) < PREVIEW_ROWS
                planned = kind.check(Cells(row, issues, today=kind.today))
                for issue in issues:
                    report.add_error(issue)
                if planned is None:
                    continue
                report.valid_rows += 1
                if len(report.preview) < PREVIEW_ROWS:
                    report.preview.append({"row": row.number, "values": _ordered(planned, report)})
                if save and report.ok:
                    pending.append(planned)
            if save and report.ok and len(pending) >= CHUNK_ROWS:
                kind.save(pending)
                pending = []
    except FileProblem as exc:
        report.add_error(Issue(None, "", str(exc)))
        return report
    if report.rows == 0:
        report.add_error(
            Issue(None, "", _("Filen er tom: der er ingen rækker under overskriften."))
        )
    if save and report.ok and pending:
        kind.save(pending)
    report.warnings.extend(kind.warnings)
    report.counts = dict(kind.counts)
    return report


def _check_columns(
    kind_class: type[Kind], columns: list[str], scope: Scope, report: ImportReport
) -> None:
    """Missing columns are reported once, before any row; unknown ones are a warning."""
    required = ", ".join(kind_class.required)
    for column in kind_class.required:
        if column not in columns:
            report.add_error(
                Issue(
                    None,
                    column,
                    _("Kolonnen mangler. Påkrævede kolonner: %(columns)s.") % {"columns": required},
                )
            )
    if "municipality" not in columns and scope.default is None:
        report.add_error(
            Issue(
                None,
                "municipality",
                _("Kolonnen mangler, og der er ikke valgt en kommune (brug --municipality)."),
            )
        )
    seen: set[str] = set()
    known = set(kind_class.columns())
    for column in columns:
        if not column:
            continue
        if column in seen:
            report.add_error(
                Issue(None, column, _("Kolonnen står mere end én gang i overskriften."))
            )
        seen.add(column)
        if column not in known:
            report.warnings.append(
                Issue(None, column, _("Kolonnen kendes ikke og bliver ikke importeret."))
            )


def _ordered(planned: Planned, report: ImportReport) -> list[str]:
    return [planned.preview.get(key, "") for key, _label in report.preview_columns]


def _chunks(rows: Iterator[Row], size: int) -> Iterator[list[Row]]:
    while chunk := list(islice(rows, size)):
        yield chunk


def _log(actor: Any, action: str, report: ImportReport, scope: Scope) -> None:
    target = scope.only or scope.default
    file_name = report.file_name
    if find_cpr_numbers(file_name):
        file_name = "(filnavn med CPR-nummer skjult)"
    audit.log(
        actor=actor,
        action=action,
        municipality_id=target.pk if target else None,
        detail={
            "kind": report.kind,
            "file": file_name,
            "rows": report.rows,
            "errors": report.error_count,
            "warnings": len(report.warnings),
            **{f"count_{key}": value for key, value in report.counts.items()},
        },
    )
