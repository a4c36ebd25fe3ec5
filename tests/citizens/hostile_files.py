"""Hostile import files, built in a second or less without ever holding their unpacked bytes.

Used by the import tests (tests/citizens, tests/companies, tests/belief) and by
bench/imports.py. An XLSX file is a zip of XML parts; these are written by hand (a
minimal but valid workbook that openpyxl and Excel open), so that a part can be an
800 MB shared string that takes 0.8 MB on disk: its deflate stream is one compressed
block repeated (after a full flush, deflate starts afresh, so the bytes are the same).
"""

from __future__ import annotations

import random
import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

MB = 1024 * 1024
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"

CONTENT_TYPES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/xl/workbook.xml" ContentType="{SHEET_TYPE}.sheet.main+xml"/>\
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{SHEET_TYPE}.worksheet+xml"/>\
<Override PartName="/xl/sharedStrings.xml" ContentType="{SHEET_TYPE}.sharedStrings+xml"/>\
</Types>"""
ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{RELS}"><Relationship Id="rId1" \
Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>"""
WORKBOOK = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}"><sheets>\
<sheet name="Ark1" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WORKBOOK_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{RELS}">\
<Relationship Id="rId1" Type="{DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/>\
<Relationship Id="rId2" Type="{DOC_RELS}/sharedStrings" Target="sharedStrings.xml"/>\
</Relationships>"""
SHEET_HEAD = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}"><sheetData>'
SHEET_TAIL = "</sheetData></worksheet>"


@dataclass(frozen=True)
class Part:
    """One zip entry: its raw deflate stream, CRC-32 and unpacked size."""

    name: str
    deflated: bytes
    crc: int
    size: int

    @classmethod
    def of(cls, name: str, data: bytes | str) -> Part:
        raw = data.encode() if isinstance(data, str) else data
        compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
        return cls(name, compressor.compress(raw) + compressor.flush(), zlib.crc32(raw), len(raw))

    @classmethod
    def repeated(cls, name: str, head: bytes, block: bytes, times: int, tail: bytes) -> Part:
        """head + block × times + tail, compressed without building it."""
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        first = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
        piece = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
        last = compressor.compress(tail) + compressor.flush()
        crc = zlib.crc32(head)
        for _ in range(times):
            crc = zlib.crc32(block, crc)
        crc = zlib.crc32(tail, crc)
        return cls(
            name, first + piece * times + last, crc, len(head) + len(block) * times + len(tail)
        )


def write_zip(path: Path, parts: Iterable[Part]) -> Path:
    """A plain (non-ZIP64) zip file of deflated entries, each at most 4 GB unpacked."""
    central = b""
    offset = 0
    with path.open("wb") as out:
        count = 0
        for part in parts:
            name = part.name.encode()
            fields = (20, 0, 8, 0, 0x21, part.crc, len(part.deflated), part.size, len(name), 0)
            local = struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields) + name
            out.write(local + part.deflated)
            central += (
                struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, *fields, 0, 0, 0, 0, offset)
                + name
            )
            offset += len(local) + len(part.deflated)
            count += 1
        out.write(central)
        out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central), offset, 0))
    return path


def write_workbook(path: Path, sheet: Part, shared: Part | None = None) -> Path:
    shared = shared or Part.of(
        "xl/sharedStrings.xml", f'<?xml version="1.0"?>\n<sst xmlns="{MAIN}" count="0"/>'
    )
    return write_zip(
        path,
        [
            Part.of("[Content_Types].xml", CONTENT_TYPES),
            Part.of("_rels/.rels", ROOT_RELS),
            Part.of("xl/workbook.xml", WORKBOOK),
            Part.of("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
            sheet,
            shared,
        ],
    )


def inline(text: str) -> str:
    return f'<c t="inlineStr"><is><t>{text}</t></is></c>'


def sheet_of(rows: Iterable[Iterable[str]]) -> Part:
    """A worksheet of inline-string rows, as a small part."""
    body = "".join("<row>" + "".join(inline(v) for v in row) + "</row>" for row in rows)
    return Part.of("xl/worksheets/sheet1.xml", SHEET_HEAD + body + SHEET_TAIL)


# --- The hostile files ------------------------------------------------------------


def zip_bomb_xlsx(path: Path, *, megabytes: int = 800) -> Path:
    """0.8 MB on disk, one shared string of 800 MB used as a header cell."""
    head = f'<?xml version="1.0"?>\n<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>'
    shared = Part.repeated(
        "xl/sharedStrings.xml", head.encode(), b"A" * MB, megabytes, b"</t></si></sst>"
    )
    sheet = Part.of(
        "xl/worksheets/sheet1.xml",
        SHEET_HEAD + '<row r="1"><c r="A1" t="s"><v>0</v></c></row>' + SHEET_TAIL,
    )
    return write_workbook(path, sheet, shared)


def huge_cell_xlsx(path: Path, header: list[str], *, megabytes: int = 4) -> Path:
    """A header and one row whose first cell is megabytes of random letters (barely compressible)."""
    letters = (b"abcdefghijklmnopqrstuvwxyz" * 10)[:256]
    text = random.Random(12).randbytes(megabytes * MB).translate(letters).decode()
    return write_workbook(path, sheet_of([header, [text]]))


def whitespace_xlsx(path: Path, header: list[str], *, megabytes: int = 50) -> Path:
    """A header, then megabytes of spaces and line breaks in one cell: 50 kB on disk."""
    head = SHEET_HEAD + "<row>" + "".join(inline(h) for h in header) + "</row><row>"
    head += '<c t="inlineStr"><is><t xml:space="preserve">'
    return write_workbook(
        path,
        Part.repeated(
            "xl/worksheets/sheet1.xml",
            head.encode(),
            (b" " * 1023 + b"\n") * 1024,
            megabytes,
            ("</t></is></c></row>" + SHEET_TAIL).encode(),
        ),
    )


def wide_xlsx(path: Path, header: list[str], *, columns: int = 20_000) -> Path:
    """A header of the known columns followed by thousands of made-up ones, and one row."""
    names = header + [f"ekstra_{i}" for i in range(columns - len(header))]
    return write_workbook(path, sheet_of([names, ["x"] * len(header)]))


def many_rows_xlsx(path: Path, header: list[str], *, rows: int = 1_000_000) -> Path:
    """A header and a million tiny rows (one number each): 2.5 MB on disk, 29 MB unpacked."""
    body = "".join(f"<row><c><v>{n}</v></c></row>" for n in range(2, rows + 2))
    head = "<row>" + "".join(inline(h) for h in header) + "</row>"
    sheet = Part.of("xl/worksheets/sheet1.xml", SHEET_HEAD + head + body + SHEET_TAIL)
    return write_workbook(path, sheet)


def long_line_csv(path: Path, header: list[str], *, megabytes: int = 10) -> Path:
    """A CSV header, then one line of megabytes of short fields (`x;x;x;…`)."""
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(";".join(header) + "\r\n")
        out.write("x;" * (megabytes * MB // 2) + "\r\n")
    return path
