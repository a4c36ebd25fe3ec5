"""Demo referrals: invented, versioned, and enough for a picture where teams are big."""

from __future__ import annotations

import datetime as dt

import numpy as np

from jobtro.referrals.demo import generate_demo_texts
from jobtro.referrals.models import Referral, ReferralVersion


def test_demo_texts_are_referrals_by_the_citizens_caseworkers(citizen, caseworker, consultant):
    today = dt.date.today()
    n = generate_demo_texts(rng=np.random.default_rng(7), today=today)
    assert n == Referral.objects.count() > 0
    assert set(Referral.objects.values_list("citizen_id", flat=True)) == {citizen.pk}
    assert set(Referral.objects.values_list("consultant_id", flat=True)) == {consultant.pk}
    assert set(Referral.objects.values_list("created_by_id", flat=True)) == {caseworker.pk}
    assert ReferralVersion.objects.filter(number=1).count() == n
    assert ReferralVersion.objects.filter(created_at__date__gt=today).count() == 0
    first = Referral.objects.order_by("created_at").first()
    assert first.created_at.date() >= today - dt.timedelta(days=366)


def test_demo_texts_are_reproducible(citizen, caseworker, consultant):
    today = dt.date(2026, 6, 30)
    generate_demo_texts(rng=np.random.default_rng(1), today=today)
    first = list(
        ReferralVersion.objects.order_by("created_at", "number").values_list("resources", flat=True)
    )
    Referral.objects.all().delete()
    generate_demo_texts(rng=np.random.default_rng(1), today=today)
    again = list(
        ReferralVersion.objects.order_by("created_at", "number").values_list("resources", flat=True)
    )
    assert first == again
