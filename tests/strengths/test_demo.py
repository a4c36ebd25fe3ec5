"""Demo strengths: profiles for the citizens with referrals, network answers, reproducible."""

from __future__ import annotations

import contextlib
import datetime as dt

import numpy as np
import pytest
from django.db import transaction

from jobtro.language import analyse
from jobtro.referrals.services import create_referral
from jobtro.strengths import demo
from jobtro.strengths.models import StrengthMark, StrengthsAnswer, StrengthsLink
from jobtro.strengths.services import citizen_strengths

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 30)


class _Rollback(Exception):
    pass


def _build(seed: int) -> list[tuple]:
    rows: list[tuple] = []
    with contextlib.suppress(_Rollback), transaction.atomic():
        demo.generate_demo(rng=np.random.default_rng(seed), today=TODAY)
        rows = list(
            StrengthMark.objects.order_by(
                "answer__link__created_at", "answer__source", "key"
            ).values_list("answer__citizen_id", "answer__source", "answer__text", "key")
        )
        raise _Rollback
    return rows


def test_the_demo_gives_the_referred_citizen_a_profile_from_the_current_caseworkers_link(
    citizen, caseworker, consultant
):
    referral = create_referral(
        author=caseworker, citizen=citizen, consultant=consultant,
        resources="Har erfaring med lager.", success_conditions="En fast kontaktperson.",
        wishes="Arbejde med hænderne.",
    )  # fmt: skip
    today = referral.created_at.date()
    with transaction.atomic():
        n = demo.generate_demo(rng=np.random.default_rng(3), today=today)
        assert n == StrengthsAnswer.objects.count() >= 1
        assert StrengthsAnswer.objects.filter(citizen=citizen, source="citizen").count() == 1
        assert citizen_strengths(citizen)
        link = StrengthsLink.objects.get(citizen=citizen, kind="citizen")
        assert link.created_by == caseworker and link.state(now=link.used_at) == "answered"
        assert not StrengthsAnswer.objects.filter(answered_at__date__gt=today).exists()


def test_the_demo_is_reproducible_and_differs_by_seed(citizen, caseworker):
    first = _build(1)
    assert first and first == _build(1)
    assert any(_build(seed) != first for seed in (2, 3, 4))


def test_the_demo_texts_are_positive():
    for text in demo.OWN_WORDS + [s for s in demo.SENTENCES if s]:
        assert not analyse(text).deficits, text
