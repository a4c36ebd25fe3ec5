"""`jobtro language check` reads and writes JSON lines as docs/contracts.md says."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from jobtro.cli import main

ROWS = [
    {"id": "r1", "text": "Borgeren er umotiveret, men har erfaring med lager."},
    {"id": "r2", "text": "Mødet kan ikke flyttes."},
    {"id": "r3", "text": ""},
    {"id": "r4", "text": "<b>Bo\u0301rgeren</b> er mis\u200bbruger."},
]


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_json_lines_round_trip_in_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_lines(tmp_path / "in.jsonl", [json.dumps(r, ensure_ascii=False) for r in ROWS])
    assert main(["language", "check", str(path)]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [o["id"] for o in out] == ["r1", "r2", "r3", "r4"]
    assert [o["label"] for o in out] == ["deficit", "neutral", "neutral", "deficit"]
    for row, answer in zip(ROWS, out, strict=True):
        assert set(answer) == {"id", "label", "score", "findings"}
        assert isinstance(answer["score"], float)
        for finding in answer["findings"]:
            assert row["text"][finding["start"] : finding["end"]] == finding["text"]
            assert finding["kind"] in ("deficit", "resource")
            if finding["kind"] == "deficit":
                assert 1 <= len(finding["suggestions"]) <= 3


def test_plain_text_lines_get_their_line_number_as_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_lines(tmp_path / "in.txt", ["Han er misbruger.", "", "Hun trives med ansvar."])
    assert main(["language", "check", str(path)]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(o["id"], o["label"]) for o in out] == [
        ("1", "deficit"),
        ("2", "neutral"),
        ("3", "resource"),
    ]


def test_stdin_is_read_when_no_file_is_given(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = b'{"id": 7, "text": "Han er umotiveret."}\r\nHun er god til tal.\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    assert main(["language", "check"]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(o["id"], o["label"]) for o in out] == [("7", "deficit"), ("2", "resource")]


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ("{not json", "linje 2: ugyldig JSON"),
        ('{"id": "x"}', 'linje 2: feltet "text" mangler'),
        ('{"id": ["x"], "text": "y"}', 'linje 2: feltet "id"'),
    ],
)
def test_a_bad_json_line_stops_with_exit_2_and_names_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], bad_line: str, message: str
) -> None:
    path = write_lines(
        tmp_path / "in.jsonl", ['{"id": "ok", "text": "Han er svag."}', bad_line, "x"]
    )
    assert main(["language", "check", str(path)]) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert len(captured.err.strip().splitlines()) == 1  # one line, no traceback
    assert len(captured.out.splitlines()) == 1  # the good line before it was answered


def test_a_missing_file_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["language", "check", str(tmp_path / "nope.jsonl")]) == 2
    assert "kan ikke åbne" in capsys.readouterr().err


def test_bytes_that_are_not_utf8_are_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Han er svag.\nBorgeren får skånejob.\n".encode("latin-1"))
    assert main(["language", "check", str(path)]) == 2
    assert "linje 2: teksten er ikke UTF-8" in capsys.readouterr().err


def test_a_byte_order_mark_and_windows_line_ends_are_fine(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "windows.jsonl"
    path.write_bytes(
        '\ufeff{"id": "w", "text": "Han er svag."}\r\nHun er god til tal.\r\n'.encode()
    )
    assert main(["language", "check", str(path)]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(o["id"], o["label"]) for o in out] == [("w", "deficit"), ("2", "resource")]
