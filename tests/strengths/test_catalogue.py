"""The catalogue: a short positive list in plain Danish, with English beside it."""

from __future__ import annotations

from django.utils import translation

from jobtro.language import analyse
from jobtro.strengths import catalogue


def test_the_catalogue_has_twenty_to_twenty_four_strengths_in_three_groups():
    assert 20 <= len(catalogue.STRENGTHS) <= 24
    assert [g.label for g in catalogue.GROUPS] == [
        "Sådan arbejder jeg",
        "Sammen med andre",
        "Det, jeg kan",
    ]
    assert all(strengths for _group, strengths in catalogue.grouped())


def test_every_strength_has_a_short_label_and_one_line_in_danish_and_english():
    for s in catalogue.STRENGTHS:
        assert s.label and s.label_en and s.description and s.description_en, s.key
        assert len(s.label) <= 30, s.key
        assert len(s.description) <= 80 and s.description.endswith("."), s.key


def test_keys_are_unique_and_the_ones_the_matching_relies_on_exist():
    assert len(catalogue.KEYS) == len(catalogue.STRENGTHS)
    assert {"reliable", "helpful", "hands_on", "languages"} <= catalogue.KEYS
    assert catalogue.by_key("calm").label == "Rolig"
    assert catalogue.by_key("no-such-strength") is None


def test_no_strength_reads_as_a_deficit_to_the_language_analysis():
    for s in catalogue.STRENGTHS:
        assert not analyse(f"{s.label}. {s.description}").deficits, s.key


def test_labels_follow_the_active_language_while_label_stays_danish():
    calm = catalogue.by_key("calm")
    with translation.override("en"):
        assert calm.display_label == "Calm"
        assert calm.label == "Rolig"
    assert calm.display_label == "Rolig"
