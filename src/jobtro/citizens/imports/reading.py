"""Reading import files: CSV (UTF-8, UTF-16 or Windows-1252; `;`, tab or `,`) and XLSX, streamed.

A file is checked for size, type and every limit of `limits.py` before a single row is
read, and rows come out one at a time with the row number the user sees in a
spreadsheet (header = row 1).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Generator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _

from .limits import (
    CsvShape,
    FileProblem,
    Limits,
    XlsxShape,
    bounded_lines,
    cell_too_long,
    check_csv,
    check_header,
    check_xlsx,
    csv_error,
    megabytes,
    too_many_rows,
)

__all__ = ["FileProblem", "FileShape", "Row", "check_file", "megabytes", "read_rows"]

CSV_SUFFIXES = {".csv", ".txt"}
XLSX_SUFFIXES = {".xlsx"}
SNIFF_BYTES = 64 * 1024

# Called with (done, total) as the file is read; units are bytes (CSV) or rows (XLSX).
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Row:
    number: int  # as in a spreadsheet: the header is row 1
    values: dict[str, str]


@dataclass(frozen=True)
class FileShape:
    """What the checks learnt about a file that is within every limit."""

    kind: str  # "csv" or "xlsx"
    rows: int  # about how many rows it holds (the header included for XLSX)
    limits: Limits
    csv: CsvShape | None = None
    xlsx: XlsxShape | None = None


def check_file(path: Path, *, name: str, limits: Limits | None = None) -> FileShape:
    """The shape of a readable file within the limits, or FileProblem with a Danish reason."""
    limits = limits or Limits.from_settings()
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise FileProblem(
            _("Filen er for stor (%(size)s MB). Den må højst fylde %(limit)s MB.")
            % {"size": megabytes(size), "limit": megabytes(limits.max_bytes)}
        )
    if size == 0:
        raise FileProblem(_("Filen er tom."))
    suffix = Path(name).suffix.lower()
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    is_zip = head.startswith(b"PK\x03\x04")
    if suffix in XLSX_SUFFIXES and is_zip:
        shape = check_xlsx(path, limits)
        return FileShape("xlsx", shape.rows, limits, xlsx=shape)
    if suffix in CSV_SUFFIXES and not is_zip:
        # The encoding (UTF-16 has zero bytes) is the CSV check's to judge.
        found = check_csv(path, limits)
        return FileShape("csv", found.rows, limits, csv=found)
    raise FileProblem(
        _("Filtypen understøttes ikke. Brug en CSV-fil (.csv) eller en Excel-fil (.xlsx).")
    )


def read_rows(
    path: Path, shape: FileShape, *, progress: Progress | None = None
) -> tuple[list[str], Generator[Row, None, None]]:
    """The normalised header and an iterator over the data rows (empty rows are skipped)."""
    if shape.kind == "xlsx":
        return _read_xlsx(path, shape.limits, progress)
    assert shape.csv is not None
    return _read_csv(path, shape.csv, shape.limits, progress)


def normalise_header(name: object) -> str:
    text = "" if name is None else str(name)
    return text.replace("\ufeff", "").strip().lower().replace(" ", "_").replace("-", "_")


# --- CSV ----------------------------------------------------------------------------


class _CountingReader(io.RawIOBase):
    """A binary file that remembers how many bytes have been read (for the progress bar)."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.raw.read(len(buffer))
        buffer[: len(data)] = data
        self.count += len(data)
        return len(data)

    def close(self) -> None:
        self.raw.close()
        super().close()


def _read_csv(
    path: Path, shape: CsvShape, limits: Limits, progress: Progress | None
) -> tuple[list[str], Generator[Row, None, None]]:
    total = path.stat().st_size
    counter = _CountingReader(path.open("rb"))
    text = io.TextIOWrapper(io.BufferedReader(counter), encoding=shape.encoding, newline="")
    if shape.has_sep_line:
        text.readline()
    first_row = 2 if shape.has_sep_line else 1
    reader = csv.reader(bounded_lines(text, limits, first_row), delimiter=shape.delimiter)
    try:
        header = next(reader)
    except StopIteration:
        text.close()
        raise FileProblem(_("Filen er tom.")) from None
    except (csv.Error, FileProblem) as exc:
        text.close()
        raise (exc if isinstance(exc, FileProblem) else csv_error(first_row, exc, limits)) from exc
    columns = [normalise_header(h) for h in header]
    if not any(columns):
        text.close()
        raise FileProblem(_("Filen er tom."))

    def rows() -> Generator[Row, None, None]:
        number = first_row
        try:
            for record in reader:
                number += 1
                if progress is not None and number % 500 == 0:
                    progress(counter.count, total)
                if not any(cell.strip() for cell in record):
                    continue
                yield Row(number, _as_dict(columns, record, number, limits))
        except csv.Error as exc:
            raise csv_error(number + 1, exc, limits) from exc
        finally:
            text.close()
        if progress is not None:
            progress(total, total)

    return columns, rows()


def _as_dict(
    columns: list[str], cells: list[str] | tuple[object, ...], number: int, limits: Limits
) -> dict[str, str]:
    values: dict[str, str] = {}
    for index, column in enumerate(columns):
        if column and column not in values:
            text = _cell_text(cells[index]) if index < len(cells) else ""
            if len(text) > limits.max_cell_chars:
                raise cell_too_long(number, column, limits)
            values[column] = text
    return values


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# --- XLSX ---------------------------------------------------------------------------


def _read_xlsx(
    path: Path, limits: Limits, progress: Progress | None
) -> tuple[list[str], Generator[Row, None, None]]:
    import openpyxl  # heavy: load only when an XLSX file arrives

    try:
        # keep_links=False: external links hold cached copies of other workbooks.
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except FileProblem:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a broken file
        raise FileProblem(
            _("Filen kan ikke læses som Excel-fil (.xlsx). Gem den igen som .xlsx eller CSV.")
        ) from exc
    if not workbook.worksheets:
        workbook.close()
        raise FileProblem(_("Filen er tom."))
    sheet = workbook.worksheets[0]
    total = min(sheet.max_row or 0, limits.max_rows + 1)
    # max_col: never the sheet's own (possibly false) dimension; limits.check_xlsx has
    # made sure that no cell lies beyond it.
    cells = sheet.iter_rows(values_only=True, max_col=limits.max_columns)
    header: tuple[object, ...] = ()
    header_number = 0
    for header in cells:
        header_number += 1
        if header_number > limits.max_rows:
            workbook.close()
            raise too_many_rows(limits)
        if any(v not in (None, "") for v in header):
            break
    try:
        check_header(list(header), limits)
    except FileProblem:
        workbook.close()
        raise
    columns = [normalise_header(h) for h in header]
    if not any(columns):
        workbook.close()
        raise FileProblem(_("Filen er tom."))
    width = max(i for i, c in enumerate(columns) if c) + 1
    columns = columns[:width]

    def rows() -> Generator[Row, None, None]:
        number = header_number
        try:
            for record in cells:
                number += 1
                if number - header_number > limits.max_rows:
                    raise too_many_rows(limits)  # rows skipped in the file (r="1048576")
                if progress is not None and number % 500 == 0:
                    progress(number, total)
                if not any(v is not None and str(v).strip() for v in record):
                    continue
                yield Row(number, _as_dict(columns, record, number, limits))
        finally:
            workbook.close()
        if progress is not None:
            progress(total, total)

    return columns, rows()
