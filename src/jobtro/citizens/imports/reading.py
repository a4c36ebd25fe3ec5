"""Reading import files: CSV (UTF-8 or Windows-1252, `;` or `,`) and XLSX, streamed.

A file is checked for size and type before a single row is read, and rows come out
one at a time with the row number the user sees in a spreadsheet (header = row 1).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import zipfile
from collections.abc import Callable, Generator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _

CSV_SUFFIXES = {".csv", ".txt"}
XLSX_SUFFIXES = {".xlsx"}
SNIFF_BYTES = 64 * 1024
DECODE_CHUNK = 1024 * 1024

# Called with (done, total) as the file is read; units are bytes (CSV) or rows (XLSX).
Progress = Callable[[int, int], None]


class FileProblem(Exception):
    """The file as a whole cannot be read: too large, empty, of the wrong type."""


@dataclass(frozen=True)
class Row:
    number: int  # as in a spreadsheet: the header is row 1
    values: dict[str, str]


def check_file(path: Path, *, name: str) -> str:
    """Return "csv" or "xlsx" for a readable file, or raise FileProblem with a Danish reason."""
    size = path.stat().st_size
    limit = settings.IMPORT_MAX_BYTES
    if size > limit:
        raise FileProblem(
            _("Filen er for stor (%(size)s MB). Den må højst fylde %(limit)s MB.")
            % {"size": megabytes(size), "limit": megabytes(limit)}
        )
    if size == 0:
        raise FileProblem(_("Filen er tom."))
    suffix = Path(name).suffix.lower()
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    is_zip = head.startswith(b"PK\x03\x04")
    if suffix in XLSX_SUFFIXES and is_zip:
        return "xlsx"
    if suffix in CSV_SUFFIXES and not is_zip and b"\x00" not in head:
        return "csv"
    raise FileProblem(
        _("Filtypen understøttes ikke. Brug en CSV-fil (.csv) eller en Excel-fil (.xlsx).")
    )


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def read_rows(
    path: Path, *, kind: str, progress: Progress | None = None
) -> tuple[list[str], Generator[Row, None, None]]:
    """The normalised header and an iterator over the data rows (empty rows are skipped)."""
    if kind == "xlsx":
        return _read_xlsx(path, progress)
    return _read_csv(path, progress)


def normalise_header(name: object) -> str:
    text = "" if name is None else str(name)
    return text.replace("\ufeff", "").strip().lower().replace(" ", "_").replace("-", "_")


# --- CSV ----------------------------------------------------------------------------


def detect_encoding(path: Path) -> str:
    """utf-8-sig when the file decodes as UTF-8 (with or without BOM), else cp1252."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as handle:
        try:
            while chunk := handle.read(DECODE_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8-sig"


def _delimiter(first_line: str) -> str:
    # Danish Excel writes `;`; most other tools write `,`. The header decides.
    return ";" if first_line.count(";") > first_line.count(",") else ","


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
    path: Path, progress: Progress | None
) -> tuple[list[str], Generator[Row, None, None]]:
    encoding = detect_encoding(path)
    total = path.stat().st_size
    with path.open(encoding=encoding, newline="") as probe:
        first_line = probe.readline()
    # Excel may write a first line "sep=;" naming the delimiter.
    named = first_line.strip().lower()
    has_sep_line = named.startswith("sep=") and len(named) == 5
    delimiter = first_line.strip()[4] if has_sep_line else _delimiter(first_line)
    counter = _CountingReader(path.open("rb"))
    text = io.TextIOWrapper(io.BufferedReader(counter), encoding=encoding, newline="")
    if has_sep_line:
        text.readline()
    reader = csv.reader(text, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        text.close()
        raise FileProblem(_("Filen er tom.")) from None
    except csv.Error as exc:
        text.close()
        raise FileProblem(_("Filen kan ikke læses som CSV: %(reason)s") % {"reason": exc}) from exc
    columns = [normalise_header(h) for h in header]
    if not any(columns):
        text.close()
        raise FileProblem(_("Filen er tom."))

    def rows() -> Generator[Row, None, None]:
        number = 2 if has_sep_line else 1
        try:
            for record in reader:
                number += 1
                if progress is not None and number % 500 == 0:
                    progress(counter.count, total)
                if not any(cell.strip() for cell in record):
                    continue
                yield Row(number, _as_dict(columns, record))
        except csv.Error as exc:
            raise FileProblem(
                _("Række %(row)s kan ikke læses som CSV: %(reason)s")
                % {"row": number, "reason": exc}
            ) from exc
        finally:
            text.close()
        if progress is not None:
            progress(total, total)

    return columns, rows()


def _as_dict(columns: list[str], cells: list[str] | tuple[object, ...]) -> dict[str, str]:
    values: dict[str, str] = {}
    for index, column in enumerate(columns):
        if column and column not in values:
            values[column] = _cell_text(cells[index]) if index < len(cells) else ""
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
    path: Path, progress: Progress | None
) -> tuple[list[str], Generator[Row, None, None]]:
    import openpyxl  # heavy: load only when an XLSX file arrives

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise FileProblem(
            _("Filen kan ikke læses som Excel-fil (.xlsx). Gem den igen som .xlsx eller CSV.")
        ) from exc
    if not workbook.worksheets:
        workbook.close()
        raise FileProblem(_("Filen er tom."))
    sheet = workbook.worksheets[0]
    total = sheet.max_row or 0
    cells = sheet.iter_rows(values_only=True)
    header: tuple[object, ...] = ()
    header_number = 0
    for header in cells:
        header_number += 1
        if any(v not in (None, "") for v in header):
            break
    columns = [normalise_header(h) for h in header]
    if not any(columns):
        workbook.close()
        raise FileProblem(_("Filen er tom."))

    def rows() -> Generator[Row, None, None]:
        number = header_number
        try:
            for record in cells:
                number += 1
                if progress is not None and number % 500 == 0:
                    progress(number, total)
                if not any(v is not None and str(v).strip() for v in record):
                    continue
                yield Row(number, _as_dict(columns, record))
        finally:
            workbook.close()
        if progress is not None:
            progress(total, total)

    return columns, rows()
