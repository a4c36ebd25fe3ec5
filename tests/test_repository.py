"""The repository explains itself: no tracked file points at guidance that lives
outside it, and every relative link in the documentation stays inside it.

The contracts are in docs/contracts.md and the house rules in CONTRIBUTING.md; a
comment that needs them points there."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Built from parts so that this file does not name them itself.
OUTSIDE_GUIDES = [name + ".md" for name in ("CONTRACTS", "STYLE", "DESIGN")]
OUTSIDE_PATHS = ["../" + "shared", "/" + "work/"]

# A Markdown link or image: [text](target) or ![alt](target).
MARKDOWN_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


def tracked_files() -> list[Path]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: the tracked files are unknown")
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode("utf-8")
    return [ROOT / name for name in listed.split("\0") if name]


def text_of(path: Path) -> str | None:
    """The file's text, or None for a binary file or a tracked file deleted meanwhile."""
    try:
        data = path.read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        return None
    if b"\0" in data[:8192]:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def references(files: list[Path], root: Path, needles: list[str]) -> list[str]:
    """Each line of the files that names one of the needles, as `path:line: needle`."""
    found = []
    for path in files:
        text = text_of(path)
        if text is None:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            for needle in needles:
                if needle in line:
                    found.append(f"{path.relative_to(root)}:{number}: {needle}")
    return found


def links_outside(files: list[Path], root: Path) -> list[str]:
    """Each relative (or absolute) link in the Markdown files that leaves root."""
    outside = []
    for path in files:
        if path.suffix != ".md":
            continue
        for target in MARKDOWN_LINK.findall(text_of(path) or ""):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target, flags=re.I) or target.startswith("#"):
                continue  # a web address, mailto: or an anchor on the same page
            resolved = (path.parent / target.split("#", 1)[0]).resolve()
            if target.startswith("/") or not resolved.is_relative_to(root):
                outside.append(f"{path.relative_to(root)}: {target}")
    return outside


def test_no_file_refers_to_the_guides_outside_the_repository():
    assert references(tracked_files(), ROOT, OUTSIDE_GUIDES) == [], (
        "point at docs/contracts.md (interfaces and promises about data), CONTRIBUTING.md "
        "(house style) or docs/architecture.md instead"
    )


def test_no_file_refers_to_a_folder_outside_the_repository():
    assert references(tracked_files(), ROOT, OUTSIDE_PATHS) == []


def test_every_link_in_the_documentation_stays_inside_the_repository():
    assert links_outside(tracked_files(), ROOT) == []


def test_the_checks_find_each_kind_of_reference(tmp_path):
    # The checks above pass on an empty list, so show that they do find what they look for.
    docs = tmp_path / "docs"
    docs.mkdir()
    (tmp_path / "module.py").write_text(
        "# a cell is suppressed (" + OUTSIDE_GUIDES[2] + ")\n"
        "GUIDE = '" + OUTSIDE_PATHS[0] + "/notes.txt'\n",
        encoding="utf-8",
    )
    (docs / "guide.md").write_text(
        "See [the schema](../../elsewhere/schema.md#tables), [home](/etc/passwd),\n"
        "[ours](contracts.md#http), [the README](../README.md), [web](https://example.org/x)\n"
        "and ![a picture](screenshots/home.png).\n",
        encoding="utf-8",
    )
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\0" + OUTSIDE_GUIDES[0].encode())
    files = sorted(p for p in tmp_path.rglob("*") if p.is_file())

    assert references(files, tmp_path, OUTSIDE_GUIDES) == [f"module.py:1: {OUTSIDE_GUIDES[2]}"]
    assert references(files, tmp_path, OUTSIDE_PATHS) == [f"module.py:2: {OUTSIDE_PATHS[0]}"]
    assert links_outside(files, tmp_path) == [
        "docs/guide.md: ../../elsewhere/schema.md#tables",
        "docs/guide.md: /etc/passwd",
    ]


def test_the_documents_that_replace_the_outside_guides_exist():
    for name in ("docs/contracts.md", "CONTRIBUTING.md", "README.md"):
        assert (ROOT / name).is_file(), name
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/contracts.md" in readme
    assert "CONTRIBUTING.md" in readme
