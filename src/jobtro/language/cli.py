"""`jobtro language check [FILE]`: JSON lines in, JSON lines out (docs/contracts.md).

Each input line is one text. A line that starts with ``{`` must be a JSON object
with a string ``text`` (and optionally ``id``); any other line, including an empty
one, is plain text whose id is its line number. A line that starts with ``{`` but is
not valid JSON is a mistake, not text: it stops the run with exit code 2 and names
the line (earlier lines have already been answered). Input is read line by line and
each answer is flushed at once, so a large file or a pipe streams.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from typing import IO

from jobtro.errors import UserError
from jobtro.language.analyser import analyse
from jobtro.language.lexicon import Lexicon, default_lexicon


def run_check(args: argparse.Namespace) -> int:
    """Analyse each line of `args.file` (None or "-": stdin) and print one JSON line each."""
    lexicon = _lexicon(getattr(args, "lexicon", None))
    path: str | None = getattr(args, "file", None)
    out = sys.stdout
    ascii_only = (getattr(out, "encoding", None) or "utf-8").lower().replace("-", "") != "utf8"
    try:
        if path is None or path == "-":
            _check_stream(sys.stdin.buffer, out, lexicon, ascii_only)
        else:
            try:
                handle = open(path, "rb")  # noqa: SIM115 - closed below, streamed meanwhile
            except OSError as exc:
                raise UserError(f"kan ikke åbne {path}: {exc.strerror}") from None
            with handle:
                _check_stream(handle, out, lexicon, ascii_only)
    except BrokenPipeError:
        # The reader went away (`… | head`); that is not an error of ours.
        sys.stderr.close()
    return 0


def _lexicon(path: str | None) -> Lexicon:
    base = default_lexicon()
    if not path:
        return base
    return base.extended(Lexicon.load(path, base=base))


def _check_stream(stream: IO[bytes], out: IO[str], lexicon: Lexicon, ascii_only: bool) -> None:
    for text_id, text in _read(stream):
        result = analyse(text, lexicon=lexicon).to_dict(id=text_id)
        out.write(json.dumps(result, ensure_ascii=ascii_only) + "\n")
        out.flush()


def _read(stream: IO[bytes]) -> Iterator[tuple[str, str]]:
    for number, raw in enumerate(stream, start=1):
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            raise UserError(f"linje {number}: teksten er ikke UTF-8") from None
        line = line.removesuffix("\n").removesuffix("\r")
        if not line.lstrip().startswith("{"):
            yield str(number), line
            continue
        yield _parse_json_line(line, number)


def _parse_json_line(line: str, number: int) -> tuple[str, str]:
    try:
        row: object = json.loads(line)
    except json.JSONDecodeError as exc:
        raise UserError(f"linje {number}: ugyldig JSON ({exc.msg}, kolonne {exc.colno})") from None
    if not isinstance(row, dict):
        raise UserError(f'linje {number}: forventede et JSON-objekt med "text"')
    text = row.get("text")
    if not isinstance(text, str):
        raise UserError(f'linje {number}: feltet "text" mangler eller er ikke en tekst')
    text_id = row.get("id", str(number))
    if isinstance(text_id, bool) or not isinstance(text_id, str | int | float):
        raise UserError(f'linje {number}: feltet "id" skal være en tekst eller et tal')
    return str(text_id), text
