"""The evaluation sets are sound, and the held-out figures do not slip."""

from __future__ import annotations

import pytest

from jobtro.language.evaluation import EVAL_DIR, build_set, evaluate, load_examples

# Measured with the frozen lexicon (held_out: macro-F1 0.993, span F1 0.957; fresh:
# 0.948, 0.917; stress: 0.916, 0.909; no set above 2.8 % neutral flagged), minus a
# margin, so that a change that costs real quality fails here.
FLOORS = {  # set: (macro-F1 floor, span F1 floor)
    "held_out": (0.93, 0.90),
    "fresh": (0.88, 0.85),
    "stress": (0.85, 0.84),
}
NEUTRAL_FLAGGED_CEILING = 0.05
SET_NAMES = ("dev", "held_out", "fresh", "stress")


@pytest.fixture(scope="module")
def sets() -> dict[str, list]:
    return {name: load_examples(EVAL_DIR / f"{name}.jsonl") for name in SET_NAMES}


def test_the_sets_are_large_and_apart(sets: dict[str, list]) -> None:
    assert len(sets["dev"]) + len(sets["held_out"]) >= 300
    seen: set[str] = set()
    for examples in sets.values():
        texts = {e.text for e in examples}
        assert not texts & seen  # no sentence in two sets
        seen |= texts
    for name, examples in sets.items():
        labels = {e.label for e in examples}
        assert labels == {"deficit", "resource", "neutral"}, name
        assert len({e.id for e in examples}) == len(examples)


def test_gold_spans_point_into_their_sentences(sets: dict[str, list]) -> None:
    for examples in sets.values():
        for example in examples:
            for span in example.spans:
                assert 0 <= span.start < span.end <= len(example.text), example.id
            if example.label == "neutral":
                assert not example.spans, example.id


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_quality_on_sets_never_tuned_on_stays_above_the_floor(
    sets: dict[str, list], name: str
) -> None:
    report = evaluate(sets[name])
    macro_floor, span_floor = FLOORS[name]
    assert report.macro_f1 >= macro_floor
    assert report.span_f1 >= span_floor
    assert report.neutral_flagged_deficit <= NEUTRAL_FLAGGED_CEILING


@pytest.mark.parametrize("name", SET_NAMES)
def test_the_jsonl_files_are_built_from_the_marked_up_sentences(
    sets: dict[str, list], name: str
) -> None:
    assert build_set(name) == sets[name]
