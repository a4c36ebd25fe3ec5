"""The limits of an import file, checked before a single row is read.

One set of limits (settings IMPORT_MAX_*, docs/imports.md) holds for every import kind,
on the command line and on the web. A CSV file is read once at C speed to count its rows
and columns and measure its lines and cells. An XLSX file is a zip of XML parts: the
zip's declared sizes and compression ratios are checked first, then every XML part is
decompressed in chunks (never more than the limits allow) and scanned as bytes for rows,
cells per row, column letters, text longer than a cell may be, and DTDs; openpyxl parses
only a file that passed all of it. Messages quote at most a short prefix of a value.
"""

from __future__ import annotations

import codecs
import csv
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _

CHUNK = 1024 * 1024
# XLSX structure, not configurable: no import file needs more.
MAX_PARTS = 10_000
OTHER_PART_BYTES = 5 * 1024 * 1024  # styles, workbook, relationships: not the data
RATIO_GRACE_BYTES = 1024 * 1024  # small parts may pack tightly (as Apache POI allows)
STRINGS_SLACK = 10_000  # shared strings beyond the sheets' cells: never needed


class FileProblem(Exception):
    """The file as a whole cannot be read: too large, empty, of the wrong type."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_unpacked_bytes: int
    max_ratio: int
    max_rows: int
    max_columns: int
    max_cell_chars: int
    max_header_chars: int

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            max_bytes=settings.IMPORT_MAX_BYTES,
            max_unpacked_bytes=settings.IMPORT_MAX_UNPACKED_BYTES,
            max_ratio=settings.IMPORT_MAX_RATIO,
            max_rows=settings.IMPORT_MAX_ROWS,
            max_columns=settings.IMPORT_MAX_COLUMNS,
            max_cell_chars=settings.IMPORT_MAX_CELL_CHARS,
            max_header_chars=settings.IMPORT_MAX_HEADER_CHARS,
        )

    @property
    def max_line_chars(self) -> int:
        """A CSV line: every column's cell, quoted, with its separator."""
        return self.max_columns * (self.max_cell_chars + 3)

    @property
    def max_xml_run(self) -> int:
        """Bytes between two `<` in XML: one cell's text, escaped (`&amp;`), as UTF-8."""
        return self.max_cell_chars * 8 + 1024


def short(value: object, length: int = 40) -> str:
    """At most `length` characters of a value, for a message."""
    text = str(value)
    return text if len(text) <= length else text[: length - 1] + "…"


def number(value: int) -> str:
    """A count as Danes write it: 200.000."""
    return f"{value:,}".replace(",", ".")


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


# --- CSV ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CsvShape:
    encoding: str
    delimiter: str
    has_sep_line: bool
    rows: int  # records under the header, empty ones included


def sniff_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM), UTF-16 (BOM, or ASCII text with zero bytes), else Windows-1252.

    Bytes that Windows-1252 leaves undefined make it ISO-8859-1 (Latin-1), which reads every byte.
    """
    with path.open("rb") as handle:
        head = handle.read(4096)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise FileProblem(
            _("Filen er gemt som UTF-32, som Jobtro ikke læser. Gem den som CSV i UTF-8.")
        )
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:
        # Without a BOM, UTF-16 shows as ASCII letters with a zero byte beside each.
        even, odd = head[0::2], head[1::2]
        if odd.count(0) > 0.9 * len(odd) and even.count(0) == 0:
            return "utf-16-le"
        if even.count(0) > 0.9 * len(even) and odd.count(0) == 0:
            return "utf-16-be"
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            raise FileProblem(
                _(
                    "Filen er en gammel Excel-fil (.xls). Gem den som Excel-projektmappe (.xlsx) eller CSV."
                )
            )
        raise FileProblem(
            _(
                "Filen indeholder nul-tegn og er ikke tekst. Gem den som CSV (UTF-8 eller Windows-1252)."
            )
        )
    for encoding in ("utf-8", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as handle:
                while chunk := handle.read(CHUNK):
                    decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return "utf-8-sig" if encoding == "utf-8" else encoding
    return "latin-1"


def delimiter_of(first_line: str) -> str:
    # Danish Excel writes `;`, "Unicode text" and "Text (tab delimited)" write a tab,
    # most other tools `,`. The header decides.
    counts = {d: first_line.count(d) for d in (";", "\t", ",")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def bounded_lines(text: IO[str], limits: Limits, first_row: int) -> Iterator[str]:
    """The file's lines, refusing one longer than a row may be before it is held whole."""
    row = first_row
    while line := text.readline(limits.max_line_chars + 1):
        if len(line) > limits.max_line_chars:
            raise FileProblem(
                _(
                    "Række %(row)s er for lang (over %(chars)s tegn). En række må højst have "
                    "%(columns)s kolonner med %(cell)s tegn i hver."
                )
                % {
                    "row": row,
                    "chars": number(limits.max_line_chars),
                    "columns": number(limits.max_columns),
                    "cell": number(limits.max_cell_chars),
                }
            )
        row += 1
        yield line


def csv_error(row: int, error: csv.Error, limits: Limits) -> FileProblem:
    if "field larger than field limit" in str(error):
        return cell_too_long(row, "", limits)
    return FileProblem(
        _(
            'Række %(row)s kan ikke læses som CSV. Se efter et citationstegn ("), der ikke er '
            "lukket, eller et forkert skilletegn."
        )
        % {"row": row}
    )


def cell_too_long(row: int, column: str, limits: Limits) -> FileProblem:
    where = (
        _("Række %(row)s, kolonne «%(column)s»") % {"row": row, "column": short(column)}
        if column
        else _("Række %(row)s") % {"row": row}
    )
    return FileProblem(
        _("%(where)s: cellen har mere end %(max)s tegn, som er det højeste tilladte.")
        % {"where": where, "max": number(limits.max_cell_chars)}
    )


def check_header(cells: list[str], limits: Limits) -> None:
    """The header's width and the length of each name; before any row is read."""
    while cells and not str(cells[-1] or "").strip():
        cells = cells[:-1]
    if len(cells) > limits.max_columns:
        raise too_many_columns(limits)
    for name in cells:
        text = str(name or "").strip()
        if len(text) > limits.max_header_chars:
            raise FileProblem(
                _(
                    "Overskriften «%(name)s» er for lang (%(length)s tegn). Et kolonnenavn må "
                    "højst have %(max)s tegn."
                )
                % {"name": short(text), "length": number(len(text)), "max": limits.max_header_chars}
            )


def too_many_columns(limits: Limits) -> FileProblem:
    return FileProblem(
        _("Filen har for mange kolonner. Den må højst have %(max)s kolonner.")
        % {"max": number(limits.max_columns)}
    )


def too_many_rows(limits: Limits) -> FileProblem:
    return FileProblem(
        _("Filen har for mange rækker. Den må højst have %(max)s rækker under overskriften.")
        % {"max": number(limits.max_rows)}
    )


def check_csv(path: Path, limits: Limits) -> CsvShape:
    """Encoding, delimiter and row count of a CSV file within the limits, or FileProblem."""
    encoding = sniff_encoding(path)
    with path.open(encoding=encoding, newline="") as text:
        first_line = text.readline(limits.max_line_chars + 1)
        named = first_line.strip().lower()
        has_sep_line = named.startswith("sep=") and len(named) == 5
        if has_sep_line:
            delimiter = first_line.strip()[4]
        else:
            delimiter = delimiter_of(first_line)
            text.seek(0)
        first_row = 2 if has_sep_line else 1
        reader = csv.reader(bounded_lines(text, limits, first_row), delimiter=delimiter)
        row = first_row - 1
        try:
            for record in reader:
                row += 1
                if row == first_row:
                    check_header(record, limits)
                    continue
                if row - first_row > limits.max_rows:
                    raise too_many_rows(limits)
                if len(record) > limits.max_columns and any(
                    c.strip() for c in record[limits.max_columns :]
                ):
                    raise too_many_columns(limits)
                if max(map(len, record), default=0) > limits.max_cell_chars:
                    raise cell_too_long(row, "", limits)
        except csv.Error as exc:
            raise csv_error(row + 1, exc, limits) from exc
        except UnicodeDecodeError as exc:  # a UTF-16 file with an odd byte at the end
            raise FileProblem(
                _("Filen kan ikke læses som %(encoding)s. Gem den som CSV i UTF-8.")
                % {"encoding": encoding.upper()}
            ) from exc
    return CsvShape(encoding, delimiter, has_sep_line, max(0, row - first_row))


# --- XLSX -------------------------------------------------------------------------------

_TAG = re.compile(rb"<(?:[A-Za-z_][\w.\-]{0,31}:)?(?:(row)|c)(?=[\s/>])([^>]*)")
_ROW_NUMBER = re.compile(rb"""\br\s*=\s*["']?\s*(\d+)""")
_STRING = re.compile(rb"<(?:[A-Za-z_][\w.\-]{0,31}:)?si(?=[\s/>])")


def _column_refs(limits: Limits) -> re.Pattern[bytes]:
    """Cell references with as many letters as the last allowed column, or more."""
    letters = len(column_letters(limits.max_columns))
    return re.compile(
        rb"""<(?:[A-Za-z_][\w.\-]{0,31}:)?c\s[^>]*?\br\s*=\s*["']\$?([A-Za-z]{%d,})\$?\d"""
        % letters
    )


def column_letters(index: int) -> str:
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: str) -> int:
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return index


@dataclass(frozen=True)
class XlsxShape:
    sheets: tuple[str, ...]  # the worksheet parts, in the workbook's order
    rows: int  # rows of the first sheet, header included


class _PartScan:
    """Scan one XML part's bytes as they are unpacked, a chunk at a time."""

    def __init__(self, limits: Limits, refs: re.Pattern[bytes], *, sheet: bool) -> None:
        self.limits = limits
        self.refs = refs
        self.sheet = sheet
        self.carry = b""
        self.rows = 0
        self.row_number = 0
        self.cells = 0
        self.cells_in_row = 0
        self.strings = 0

    def feed(self, chunk: bytes) -> None:
        buffer = self.carry + chunk
        cut = buffer.rfind(b"<")
        if cut <= 0:
            self.carry = buffer
        else:
            self._scan(buffer[:cut])
            self.carry = buffer[cut:]
        if len(self.carry) > self.limits.max_xml_run:
            raise self._too_long()

    def close(self) -> None:
        self._scan(self.carry)
        self.carry = b""

    def _scan(self, body: bytes) -> None:
        # Complete tags only: every body ends just before a `<`.
        if b"<!DOCTYPE" in body or b"<!ENTITY" in body:
            raise FileProblem(_("Excel-filen indeholder en DTD, som en Excel-fil aldrig har."))
        if max(map(len, body.split(b"<"))) > self.limits.max_xml_run:
            raise self._too_long()
        self.strings += len(_STRING.findall(body))
        if not self.sheet:
            return
        limits = self.limits
        for match in _TAG.finditer(body):
            if match.group(1):
                self.rows += 1
                self.cells_in_row = 0
                found = _ROW_NUMBER.search(match.group(2))
                self.row_number = int(found.group(1)) if found else self.row_number + 1
                if max(self.rows, self.row_number) > limits.max_rows + 1:
                    raise too_many_rows(limits)
            else:
                self.cells += 1
                self.cells_in_row += 1
                if self.cells_in_row > limits.max_columns:
                    raise too_many_columns(limits)
        for letters in set(self.refs.findall(body)):
            if column_index(letters.decode()) > limits.max_columns:
                raise too_many_columns(limits)

    def _too_long(self) -> FileProblem:
        return FileProblem(
            _("En celle i Excel-filen har mere end %(max)s tegn, som er det højeste tilladte.")
            % {"max": number(self.limits.max_cell_chars)}
        )


def not_xlsx() -> FileProblem:
    return FileProblem(
        _("Filen kan ikke læses som Excel-fil (.xlsx). Gem den igen som .xlsx eller CSV.")
    )


def check_xlsx(path: Path, limits: Limits) -> XlsxShape:
    """Check an XLSX file's zip and XML within the limits, or raise FileProblem."""
    try:
        with zipfile.ZipFile(path) as archive:
            return _check_archive(archive, limits)
    except FileProblem:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, ValueError, OSError) as exc:
        raise not_xlsx() from exc
    except (
        NotImplementedError,
        RuntimeError,
        EOFError,
        TypeError,
        AttributeError,
        SyntaxError,
    ) as exc:
        # An unknown compression, encryption, or XML that openpyxl's classes refuse.
        raise not_xlsx() from exc


def _check_archive(archive: zipfile.ZipFile, limits: Limits) -> XlsxShape:
    parts = archive.infolist()
    if len(parts) > MAX_PARTS:
        raise not_xlsx()
    unpacked = sum(part.file_size for part in parts)
    if unpacked > limits.max_unpacked_bytes:
        raise FileProblem(
            _(
                "Excel-filen fylder %(size)s MB, når den pakkes ud. Den må højst fylde "
                "%(limit)s MB udpakket."
            )
            % {"size": megabytes(unpacked), "limit": megabytes(limits.max_unpacked_bytes)}
        )
    for part in parts:
        if part.file_size > RATIO_GRACE_BYTES and part.file_size > limits.max_ratio * max(
            part.compress_size, 1
        ):
            raise FileProblem(
                _(
                    "Excel-filen er pakket usædvanligt tæt (%(ratio)s:1). Højst %(limit)s:1 er "
                    "tilladt; filen ligner en zip-bombe. Gem den igen fra Excel."
                )
                % {
                    "ratio": number(part.file_size // max(part.compress_size, 1)),
                    "limit": number(limits.max_ratio),
                }
            )
    sheets, strings = _data_parts(archive)
    refs = _column_refs(limits)
    first_rows = 0
    cells = 0
    strings_found = 0
    budget = limits.max_unpacked_bytes
    for part in parts:
        name = part.filename
        is_sheet = name in sheets
        if not (is_sheet or name == strings or name.endswith((".xml", ".rels", ".vml"))):
            continue  # pictures and other binaries: openpyxl does not parse them
        if not (is_sheet or name == strings) and part.file_size > OTHER_PART_BYTES:
            raise not_xlsx()
        scan = _PartScan(limits, refs, sheet=is_sheet)
        read = 0
        with archive.open(part) as source:
            while chunk := source.read(CHUNK):
                read += len(chunk)
                budget -= len(chunk)
                if read > part.file_size or budget < 0:  # the zip lied about its size
                    raise not_xlsx()
                scan.feed(chunk)
        scan.close()
        cells += scan.cells
        strings_found += scan.strings
        if sheets and name == sheets[0]:
            first_rows = scan.rows
    if strings_found > cells + STRINGS_SLACK:
        raise FileProblem(
            _(
                "Excel-filen har %(strings)s tekster, men kun %(cells)s celler. Gem arket "
                "alene som en ny Excel-fil."
            )
            % {"strings": number(strings_found), "cells": number(cells)}
        )
    return XlsxShape(tuple(sheets), first_rows)


def _data_parts(archive: zipfile.ZipFile) -> tuple[list[str], str]:
    """The worksheet parts and the shared strings part, found as openpyxl finds them."""
    from openpyxl.packaging.manifest import Manifest
    from openpyxl.packaging.relationship import get_rels_path
    from openpyxl.reader.excel import SHARED_STRINGS, _find_workbook_part
    from openpyxl.reader.workbook import WorkbookParser
    from openpyxl.xml.functions import fromstring

    def small(name: str) -> str:
        if archive.getinfo(name).file_size > OTHER_PART_BYTES:
            raise not_xlsx()
        return name

    manifest = Manifest.from_tree(fromstring(archive.read(small("[Content_Types].xml"))))
    workbook = _find_workbook_part(manifest).PartName[1:]
    parser = WorkbookParser(archive, small(workbook), keep_links=False)
    rels = get_rels_path(workbook)
    if rels in set(archive.namelist()):
        small(rels)
    parser.parse()
    names = set(archive.namelist())
    sheets = [
        rel.target
        for _sheet, rel in parser.find_sheets()
        if rel.target in names and "chartsheet" not in rel.Type
    ]
    found = manifest.find(SHARED_STRINGS)
    return sheets, found.PartName[1:] if found is not None else ""
