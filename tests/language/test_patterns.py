"""The pattern grammar of the lexicon, tried through small team overlays."""

from __future__ import annotations

import pytest

from jobtro.language import Lexicon, LexiconError, analyse, default_lexicon


def with_rule(rule_yaml: str) -> Lexicon:
    base = default_lexicon()
    return base.extended(Lexicon.from_text("entries:\n" + rule_yaml, name="test.yaml"))


def rules(text: str, lexicon: Lexicon) -> list[tuple[str, str]]:
    return [(f.rule, f.text) for f in analyse(text, lexicon=lexicon).findings]


def test_a_plain_word_matches_every_inflection() -> None:
    lexicon = with_rule(
        "  - {id: t, pattern: kursist, category: label, explanation: x., suggestions: [y]}\n"
    )
    assert rules("Kursisterne kom.", lexicon) == [("t", "Kursisterne")]


def test_an_equals_sign_matches_one_form_only() -> None:
    lexicon = with_rule(
        "  - {id: t, pattern: =kursist, category: label, explanation: x., suggestions: [y]}\n"
    )
    assert rules("Kursisterne kom.", lexicon) == []
    assert rules("En kursist kom.", lexicon) == [("t", "kursist")]


def test_a_tilde_matches_the_head_of_a_compound() -> None:
    lexicon = with_rule(
        "  - {id: t, pattern: ~kursist, category: label, explanation: x., suggestions: [y]}\n"
    )
    assert rules("Sprogkursisterne kom.", lexicon) == [("t", "Sprogkursisterne")]


def test_angle_brackets_report_only_the_marked_words() -> None:
    lexicon = with_rule(
        "  - {id: t, pattern: 'meget <sur> borger', category: global_verdict,"
        " explanation: x., suggestions: [y]}\n"
    )
    assert rules("En meget sur borger.", lexicon) == [("t", "sur")]


def test_a_gap_spans_up_to_three_words() -> None:
    lexicon = with_rule(
        "  - {id: t, pattern: 'aldrig ... til tiden', category: blame_frame,"
        " explanation: x., suggestions: [y]}\n"
    )
    assert rules("Hun når aldrig nogensinde rigtig til tiden.", lexicon) == [
        ("t", "aldrig nogensinde rigtig til tiden")
    ]
    assert rules("Hun når aldrig, og det er ikke altid til tiden.", lexicon) == []


def test_captures_fill_the_suggestions() -> None:
    [finding] = analyse("Derfor kan han ikke arbejde om aftenen.").findings
    assert finding.rule == "ability_inverted"
    assert finding.suggestions[0] == "kan han endnu ikke arbejde"


def test_a_list_of_patterns_is_one_rule() -> None:
    lexicon = with_rule(
        "  - id: t\n    pattern: [gang efter gang, dag ud og dag ind]\n"
        "    category: blame_frame\n    explanation: x.\n    suggestions: [y]\n"
    )
    assert rules("Gang efter gang, dag ud og dag ind.", lexicon) == [
        ("t", "Gang efter gang"),
        ("t", "dag ud og dag ind"),
    ]


def test_when_and_unless_look_at_the_words_around() -> None:
    lexicon = with_rule(
        "  - id: t\n    pattern: sur\n    category: global_verdict\n    explanation: x.\n"
        "    suggestions: [y]\n    when: {before: ['@person']}\n    unless: {after: [mælk]}\n"
    )
    assert rules("Hun er sur.", lexicon) == [("t", "sur")]
    assert rules("Det er sur mælk.", lexicon) == []
    assert rules("Hun er sur mælk.", lexicon) == []


def test_a_suggestion_with_a_colon_gets_a_helpful_message() -> None:
    with pytest.raises(LexiconError, match="sæt citationstegn"):
        with_rule(
            "  - id: t\n    pattern: sur\n    category: label\n    explanation: x.\n"
            "    suggestions:\n      - det skal der til: ro\n"
        )
