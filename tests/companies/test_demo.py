"""The demo's companies, visits, placements and profiles keep the services' rules."""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np
from django.db import transaction

from jobtro.citizens.models import Assignment
from jobtro.citizens.services import assign_caseworker, create_citizen
from jobtro.companies.demo import demo_cvr, generate_demo
from jobtro.companies.models import Company, JobProfile, Placement, Visit, cvr_is_valid
from tests.conftest import DAY0

TODAY = dt.date(2026, 11, 2)


def test_demo_cvr_numbers_pass_the_modulus_11_check():
    rng = np.random.default_rng(1)
    assert all(cvr_is_valid(demo_cvr(rng)) for _ in range(200))


def _world(caseworker, colleague, target_group):
    for index in range(40):
        citizen = create_citizen(
            actor=None, municipality=caseworker.municipality, birth_year=1980 + index % 20,
            target_group=target_group, enrolled_on=DAY0,
        )  # fmt: skip
        first = caseworker if index % 2 else colleague
        assign_caseworker(actor=None, citizen=citizen, caseworker=first, start_date=DAY0)


def _fingerprint():
    return (
        sorted(Company.objects.values_list("name", "cvr")),
        sorted(Placement.objects.values_list("kind", "start_date", "end_date", "status")),
        sorted(Visit.objects.values_list("date", "purpose")),
        JobProfile.objects.count(),
    )


def test_demo_rows_are_valid_and_reproducible(caseworker, colleague, target_group):
    _world(caseworker, colleague, target_group)
    with transaction.atomic():
        made = generate_demo(rng=np.random.default_rng(80), today=TODAY)
        first = _fingerprint()
        transaction.set_rollback(True)
    generate_demo(rng=np.random.default_rng(80), today=TODAY)
    assert made > 0 and _fingerprint() == first
    assert Placement.objects.exists() and JobProfile.objects.exists() and Visit.objects.exists()

    assert all(
        cvr_is_valid(c) for c in Company.objects.exclude(cvr="").values_list("cvr", flat=True)
    )
    assert all(not v.follow_up_on or v.follow_up_on >= v.date for v in Visit.objects.all())
    assert Visit.objects.filter(date__gt=TODAY).count() == 0
    by_citizen: dict[int, list[Placement]] = {}
    for p in Placement.objects.order_by("start_date"):
        by_citizen.setdefault(p.citizen_id, []).append(p)
        # Each placement starts within an assignment to the caseworker who registered it.
        assert Assignment.objects.filter(
            citizen_id=p.citizen_id, caseworker_id=p.created_by_id, start_date__lte=p.start_date
        ).exists()
        assert p.start_date <= TODAY and (p.end_date is None or p.end_date >= p.start_date)
    for placements in by_citizen.values():
        for earlier, later in itertools.pairwise(placements):
            assert earlier.end_date is not None and earlier.end_date < later.start_date
    for profile in JobProfile.objects.all():
        assert profile.has_tags
        assert Assignment.objects.filter(
            citizen_id=profile.citizen_id, caseworker_id=profile.author_id, end_date__isnull=True
        ).exists()
