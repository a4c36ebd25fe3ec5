"""Every shipped rule fires on at least one sentence, so a broken pattern shows up.

A rule is covered by the dev set or, for rules the dev set does not reach, by an
example here. A new rule without either fails this test.
"""

from __future__ import annotations

import pytest

from jobtro.language import analyse, default_lexicon
from jobtro.language.evaluation import EVAL_DIR, load_examples

EXTRA_EXAMPLES = {
    "label_slang": "Han er en sofaligger.",
    "ability_subordinate": "Lægen skriver, at hun ikke kan arbejde med løft.",
    "ability_ude_af_stand": "Borgeren er ude af stand til at tage et job.",
    "verdict_ustabil_fremmoede": "Der er ustabilt fremmøde.",
    "blame_gang_paa_gang": "Det sker gang på gang.",
    "blame_gider_ikke": "Han gider ikke at søge.",
    "jargon_problematik": "Der er en social problematik.",
    "jargon_ikke_motiverbar": "Hun beskrives som umotiverbar.",
    "res_moeder_stabilt": "Hun møder stabilt hver dag.",
    "res_kan_godt": "Det tror hun, hun kan sagtens.",
    "res_trives_plain": "Borgeren trives godt.",
    "res_vil_gerne": "Hun vil gerne i praktik.",
    "res_ressourcestaerk": "En ressourcestærk kvinde på 40 år.",
    "verdict_manglende": "Der er manglende motivation.",
}


def fired_rules(texts: list[str]) -> set[str]:
    return {finding.rule for text in texts for finding in analyse(text).findings}


def test_every_shipped_rule_fires_somewhere() -> None:
    dev = [example.text for example in load_examples(EVAL_DIR / "dev.jsonl")]
    fired = fired_rules(dev) | fired_rules(list(EXTRA_EXAMPLES.values()))
    silent = [entry.id for entry in default_lexicon().active_entries() if entry.id not in fired]
    assert silent == []


@pytest.mark.parametrize(("rule", "text"), sorted(EXTRA_EXAMPLES.items()))
def test_the_extra_example_fires_its_own_rule(rule: str, text: str) -> None:
    assert rule in {finding.rule for finding in analyse(text).findings}


def test_every_deficit_rule_has_suggestions_and_every_rule_an_explanation() -> None:
    lexicon = default_lexicon()
    for entry in lexicon.entries:
        assert entry.explanation.endswith((".", "?", "!")), entry.id
        if lexicon.kind_of(entry.category) == "deficit":
            assert 1 <= len(entry.suggestions) <= 3, entry.id
