"""The English catalogue speaks the glossary: every message whose whole text is a Danish
term of docs/glossary.md is translated with the glossary's English term."""

from __future__ import annotations

import re
from pathlib import Path

from tests.test_translations import entries

GLOSSARY = Path(__file__).resolve().parents[1] / "docs" / "glossary.md"


def glossary() -> dict[str, str]:
    rows = re.findall(r"^\| ([^|]+?) \| ([^|]+?) \|", GLOSSARY.read_text(encoding="utf-8"), re.M)
    return {da: en for da, en in rows if da not in ("Danish", "---")}


def capitalised_like(english: str, danish: str) -> str:
    return english[:1].upper() + english[1:] if danish[:1].isupper() else english


def test_the_glossary_names_the_domains_terms():
    terms = glossary()
    assert terms["forløb"] == "course of support"
    assert terms["samtale"] == "conversation"
    assert len(terms) >= 30


def test_every_whole_message_that_is_a_glossary_term_uses_the_glossarys_english():
    terms = glossary()
    checked, wrong = 0, []
    for msgid, values, _fuzzy in entries():
        english = terms.get(msgid.lower())
        if english is None or len(values) != 1:
            continue
        checked += 1
        if values[0] != capitalised_like(english, msgid):
            wrong.append((msgid, values[0], capitalised_like(english, msgid)))
    assert not wrong, wrong
    assert checked >= 20  # the test is not vacuous: most terms stand alone somewhere
