"""The citizen's texts of the instrument data are plain Danish, and each citizen item's
answer steps fit its own question (issue 19, item 2).

LIX (Björnsson): words / sentences + 100 * long words / words, where a long word has
more than six letters. Under 30 is "very easy" text; the citizen reads it on a phone."""

from __future__ import annotations

import re

import pytest

from jobtro.belief.instruments import (
    AFTER_CONTACT_INSTRUMENT,
    DEFAULT_INSTRUMENT,
    ItemSpec,
    packaged_instrument,
)

WORD = re.compile(r"[A-Za-zÆØÅæøåÉé]+")
CITIZEN_INSTRUMENTS = (DEFAULT_INSTRUMENT, AFTER_CONTACT_INSTRUMENT)
COPING_LABELS = {"I meget lav grad", "I lav grad", "Til dels", "I høj grad", "I meget høj grad"}


def lix(texts: list[str]) -> float:
    """LIX over texts that are each at least one sentence (a label is a short sentence)."""
    words = [w for t in texts for w in WORD.findall(t)]
    sentences = sum(max(1, len(re.findall(r"[.!?:]+(?:\s|$)", t.strip()))) for t in texts)
    long = sum(1 for w in words if len(w) > 6)
    return len(words) / sentences + 100 * long / len(words)


def citizen_items(code: str) -> list[ItemSpec]:
    return [i for i in packaged_instrument(code).items if "citizen" in i.raters]


def texts_of(item: ItemSpec) -> list[str]:
    return [item.text_da, *(s.label_da for s in item.steps), *(s.anchor_da for s in item.steps)]


def test_lix_counts_words_sentences_and_long_words():
    # 6 words, 2 sentences, 1 long word ("arbejde" has 7 letters): 3 + 100 * 1/6.
    assert lix(["Jeg kan godt.", "Jeg vil arbejde."]) == pytest.approx(3 + 100 / 6)


@pytest.mark.parametrize("code", CITIZEN_INSTRUMENTS)
def test_every_citizen_text_of_the_instrument_reads_below_lix_30(code):
    items = citizen_items(code)
    assert items, f"{code} has no citizen items"
    per_item = {i.id: round(lix(texts_of(i)), 1) for i in items}
    assert all(v < 30 for v in per_item.values()), per_item
    assert lix([t for i in items for t in texts_of(i)]) < 30


@pytest.mark.parametrize("code", CITIZEN_INSTRUMENTS)
def test_every_citizen_step_has_a_danish_and_english_label_and_anchor(code):
    for item in citizen_items(code):
        assert len(item.steps) == 5 and [s.value for s in item.steps] == [1, 2, 3, 4, 5]
        for s in item.steps:
            assert s.label_da and s.label_en and s.anchor_da and s.anchor_en, (item.id, s)


def test_no_citizen_question_is_answered_on_the_coping_scale():
    for item in citizen_items(DEFAULT_INSTRUMENT):
        labels = {s.label_da for s in item.steps}
        assert not labels & COPING_LABELS - {"Til dels"}, item.id
        assert "står i vejen for næsten alt andet" not in " ".join(texts_of(item)), item.id


def test_every_citizen_question_has_answer_steps_of_its_own():
    # Items about different things do not share one scale (health and everyday life may
    # share the middle steps, but not the whole scale).
    scales = {i.id: tuple(s.anchor_da for s in i.steps) for i in citizen_items(DEFAULT_INSTRUMENT)}
    assert len(set(scales.values())) == len(scales), scales


def test_the_caseworkers_items_have_anchors_that_fit_their_question():
    items = {i.id: i for i in packaged_instrument(DEFAULT_INSTRUMENT).items}
    coping = tuple(s.anchor_da for s in items["cw_health_coping"].steps)
    for code in ("cw_own_belief", "cw_cooperation", "cw_job_search", "cw_labour_market_knowledge"):
        assert tuple(s.anchor_da for s in items[code].steps) != coping, code


def test_version_2_maps_every_item_to_version_1():
    new, old = packaged_instrument(DEFAULT_INSTRUMENT), packaged_instrument("jobtro-1")
    assert new.previous == "jobtro-1"
    assert {i.id: i.maps_to for i in new.items} == {i.id: i.id for i in old.items}
    # Only the answer steps changed: every question reads as before.
    assert [(i.id, i.text_da, i.raters, i.indicator) for i in new.items] == [
        (i.id, i.text_da, i.raters, i.indicator) for i in old.items
    ]
