"""The lexicon is data: checked strictly, and layered with a team's spilleregler."""

from __future__ import annotations

from pathlib import Path

import pytest

from jobtro.errors import UserError
from jobtro.language import Lexicon, LexiconError, analyse, default_lexicon

TEAM_RULES = """
name: team-nord
sets:
  person: [kursisten]
entries:
  - id: team_klient
    pattern: klient|klienten
    category: label
    explanation: Vi siger borger, ikke klient.
    suggestions: [borger]
  - id: jargon_barrierer
    pattern: barriere|~barriere
    category: deficit_jargon
    explanation: I vores team taler vi om det, der skal til.
    suggestions: [det, der skal til]
exceptions:
  - pattern: "klientregister*"
    note: navnet på et system
disable: [verdict_ustabil_fremmoede]
"""


def test_the_shipped_lexicon_loads_once() -> None:
    assert default_lexicon() is default_lexicon()
    assert len(default_lexicon().entries) > 50


def test_a_teams_spilleregler_add_replace_and_disable(tmp_path: Path) -> None:
    path = tmp_path / "team.yaml"
    path.write_text(TEAM_RULES, encoding="utf-8")
    base = default_lexicon()
    team = base.extended(Lexicon.load(path))

    assert analyse("Klienten møder op.", lexicon=base).findings == ()
    [finding] = analyse("Klienten møder op.", lexicon=team).findings
    assert (finding.rule, finding.suggestions) == ("team_klient", ("Borger",))
    # The replaced entry keeps its id and takes the team's wording.
    [barrier] = analyse("Der er mange barrierer.", lexicon=team).findings
    assert barrier.explanation == "I vores team taler vi om det, der skal til."
    # Words added to a set count at once: "kursisten" is now a person.
    assert analyse("Kursisten kan ikke arbejde om natten.", lexicon=team).label == "deficit"
    assert analyse("Kursisten kan ikke arbejde om natten.", lexicon=base).label == "neutral"
    assert analyse("Han har ustabilt fremmøde.", lexicon=base).label == "deficit"
    assert analyse("Han har ustabilt fremmøde.", lexicon=team).label == "neutral"
    assert analyse("Se klientregistret.", lexicon=team).findings == ()
    assert team.sources == ("lexicon.da.yaml", "team.yaml")


def test_an_overlay_from_text_is_checked_against_the_shipped_lexicon() -> None:
    overlay = Lexicon.from_text(TEAM_RULES)
    assert [e.id for e in overlay.entries] == ["team_klient", "jargon_barrierer"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("entries: [", "ikke gyldig YAML (linje"),
        ("- just a list", "skal være en YAML-mapping"),
        ("entris: []", "ukendt felt 'entris'"),
        (
            "entries:\n  - id: x\n    category: label\n    explanation: y\n    suggestions: [z]",
            "('x'): feltet 'pattern' mangler",
        ),
        (
            "entries:\n  - {id: x, pattern: klient, category: lable, explanation: y, suggestions: [z]}",
            "ukendt kategori 'lable'",
        ),
        ("entries:\n  - {id: x, pattern: klient, category: label, explanation: y}", "1-3 forslag"),
        (
            "entries:\n  - {id: x, pattern: klient, category: label, explanation: y, suggestions: [a, b, c, d]}",
            "1-3 forslag",
        ),
        (
            "entries:\n  - {id: x, pattern: '@personer kan', category: label, explanation: y, suggestions: [z]}",
            "den ukendte ordgruppe '@personer'",
        ),
        (
            "entries:\n  - {id: x, pattern: '... kan', category: label, explanation: y, suggestions: [z]}",
            "skal begynde med et fast ord",
        ),
        (
            "entries:\n  - {id: x, pattern: 'kan /[/', category: label, explanation: y, suggestions: [z]}",
            "ugyldigt regulært udtryk",
        ),
        (
            "entries:\n  - {id: x, pattern: klient, category: label, explanation: y, suggestions: ['{v} borger']}",
            "{v}, som mønstret ikke fanger",
        ),
        (
            "entries:\n  - {id: x, pattern: klient, category: label, explanation: y, suggestions: [z], weight: 9}",
            "'weight'",
        ),
        (
            "entries:\n  - {id: x, pattern: klient, category: label, explanation: y, suggestions: [z], colour: red}",
            "ukendt felt 'colour'",
        ),
        (
            "entries:\n  - {id: x, pattern: a, category: label, explanation: y, suggestions: [z]}\n  - {id: x, pattern: b, category: label, explanation: y, suggestions: [z]}",
            "findes allerede",
        ),
        (
            "entries:\n  - {id: x, pattern: klient, category: label, explanation: y, suggestions: [z], unless: {dated: ja}}",
            "unless.dated",
        ),
        ("sets:\n  person: []", "ikke-tom liste"),
        ("disable: [findes_ikke]", "der ikke findes: findes_ikke"),
        ("categories:\n  label: {kind: deficit, title: x}\nentries: []", "mangler ordgrupperne"),
    ],
)
def test_a_malformed_lexicon_is_refused_with_a_clear_danish_message(
    text: str, message: str
) -> None:
    with pytest.raises(LexiconError) as caught:
        default_lexicon().extended(Lexicon.from_text(text, name="spilleregler.yaml"))
    assert message in str(caught.value)
    assert str(caught.value).startswith(("spilleregler.yaml", "Ordlisten", "Mønstret"))


def test_the_old_lexicon_stays_in_force_after_a_refused_file() -> None:
    # The web app's pattern: build the new lexicon first, switch only if it is sound.
    current = default_lexicon()
    try:
        candidate = current.extended(Lexicon.from_text("entries: [", name="ny.yaml"))
    except LexiconError as exc:
        message = str(exc)
    else:
        current = candidate
    assert message.startswith("ny.yaml: filen er ikke gyldig YAML")
    assert current is default_lexicon()
    assert analyse("Han er misbruger.", lexicon=current).label == "deficit"


def test_a_missing_file_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match="findes ikke"):
        Lexicon.load(tmp_path / "nope.yaml")
    assert issubclass(LexiconError, UserError)


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("entries: []  # skånebehov".encode("latin-1"))
    with pytest.raises(LexiconError, match="ikke UTF-8"):
        Lexicon.load(path)
