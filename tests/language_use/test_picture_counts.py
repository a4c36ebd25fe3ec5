"""The language picture keeps each text's counts: the figures are exactly those of
counting every text again, and a text is counted once per lexicon."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from jobtro.language import Lexicon, default_lexicon, language_picture
from jobtro.language_use import picture
from jobtro.language_use.picture import TextCounts, TextRow, monthly_trend, team_language_trend

TEXTS = [
    "Borgeren er umotiveret.",
    "Borgeren har erfaring med lager.",
    "Borgeren er umotiveret, men har erfaring med lager.",
    "Borgeren er ikke længere misbruger og har et godt netværk.",
    "",
    "Borgeren er umotiveret.",  # the same text twice counts twice
    "Hun har svært ved at møde stabilt og mangler motivation.",
]


@pytest.fixture
def counted(monkeypatch):
    """How many texts the analyser was asked to count."""
    calls: list[str] = []

    def counting(texts, *, lexicon=None):
        texts = list(texts)
        calls.extend(texts)
        return language_picture(texts, lexicon=lexicon)

    monkeypatch.setattr(picture, "language_picture", counting)
    return calls


def test_the_sum_of_kept_counts_is_the_picture_of_all_texts(counted):
    counts = TextCounts()
    lexicon = default_lexicon()
    expected = language_picture(TEXTS, lexicon=lexicon)
    assert counts.picture(TEXTS, lexicon=lexicon) == expected
    assert counts.picture(TEXTS, lexicon=lexicon) == expected
    assert counts.picture(list(reversed(TEXTS)), lexicon=lexicon) == expected
    assert counts.picture([], lexicon=lexicon) == language_picture([], lexicon=lexicon)


def test_a_text_is_counted_once_per_lexicon(counted):
    counts = TextCounts()
    lexicon = default_lexicon()
    counts.picture(TEXTS, lexicon=lexicon)
    assert sorted(counted) == sorted(set(TEXTS))
    counted.clear()
    counts.picture([*TEXTS, "Borgeren er glad for sit arbejde."], lexicon=lexicon)
    assert counted == ["Borgeren er glad for sit arbejde."]


def test_another_lexicon_counts_again_and_may_count_differently(counted):
    counts = TextCounts()
    shipped = default_lexicon()
    overlay = Lexicon.from_text("disable: [verdict_umotiveret]", name="Team Nord", base=shipped)
    milder = shipped.extended(overlay)
    before = counts.picture(TEXTS, lexicon=shipped)
    counted.clear()
    after = counts.picture(TEXTS, lexicon=milder)
    assert after == language_picture(TEXTS, lexicon=milder)
    assert after.n_deficit < before.n_deficit
    assert sorted(counted) == sorted(set(TEXTS))


def test_the_memory_keeps_at_most_maxsize_texts(counted):
    counts = TextCounts(maxsize=3)
    lexicon = default_lexicon()
    assert counts.picture(TEXTS, lexicon=lexicon) == language_picture(TEXTS, lexicon=lexicon)
    assert len(counts) == 3
    counts.clear()
    assert len(counts) == 0


def test_a_month_with_kept_counts_shows_the_same_figures():
    march = dt.date(2026, 3, 1)
    rows = [
        TextRow(written_on=march + dt.timedelta(days=i), team_id=1, author_id=i % 5, text=t)
        for i, t in enumerate(TEXTS * 2)
    ]
    picture.TEXT_COUNTS.clear()
    first = monthly_trend(rows, months=[march], min_authors=5, min_texts=10)
    again = monthly_trend(rows, months=[march], min_authors=5, min_texts=10)
    whole = language_picture([r.text for r in rows])
    (point,) = first.months
    assert first == again
    assert point.n_texts == whole.n_texts == 14
    assert point.n_phrases == whole.n_deficit + whole.n_resource
    assert point.deficit_share == whole.deficit_share
    assert point.texts_with_deficit_share == whole.texts_with_deficit / whole.n_texts


def test_the_team_trend_is_the_same_from_kept_counts(team, caseworker, citizen, consultant):
    from jobtro.referrals.models import Referral, ReferralVersion
    from tests.conftest import _staff

    writers = [caseworker] + [
        _staff(f"skriver{i}", "caseworker", team.municipality, team) for i in range(4)
    ]
    for n, writer in enumerate(writers):
        for text in TEXTS[:4]:
            referral = Referral.objects.create(
                citizen=citizen, consultant=consultant, created_by=writer
            )
            ReferralVersion.objects.create(
                referral=referral, number=1, resources=f"{text} ({n})", success_conditions="—",
                wishes="—", author=writer, team=team,
            )  # fmt: skip
    picture.TEXT_COUNTS.clear()
    cold = team_language_trend(team=team)
    warm = team_language_trend(team=team)
    assert cold == warm
    assert cold.months[-1].n_texts == 20
    assert not cold.months[-1].suppressed
    fields = {f.name for f in dataclasses.fields(cold.months[-1])}
    assert "author_id" not in fields


def test_the_memory_keeps_no_old_lexicon_alive():
    import gc
    import weakref

    counts = TextCounts()
    lexicon = default_lexicon().extended(
        Lexicon.from_text("disable: [verdict_umotiveret]", name="Team Nord", base=default_lexicon())
    )
    counts.picture(TEXTS, lexicon=lexicon)
    gone = weakref.ref(lexicon)
    del lexicon
    gc.collect()
    assert gone() is None
    assert len(counts) == len(set(TEXTS))
