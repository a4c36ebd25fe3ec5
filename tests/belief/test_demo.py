"""Demo ratings follow the research: about half doubt or no, about 6 % an unconditional
yes, higher belief before a job, and a new caseworker starts their own series."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from jobtro.belief.demo import generate_demo_ratings
from jobtro.belief.models import GeneralBeliefAnswer, Rating
from jobtro.citizens.models import Assignment, Citizen, Outcome
from tests.conftest import _staff

TODAY = dt.date(2026, 6, 30)


@pytest.fixture
def cohort(team, target_group):
    rng = np.random.default_rng(7)
    staff = [_staff(f"demo{i}", "caseworker", team.municipality, team) for i in range(6)]
    citizens = Citizen.objects.bulk_create(
        [
            Citizen(
                municipality=team.municipality,
                birth_year=1985,
                target_group=target_group,
                enrolled_on=dt.date(2023, 1, 1) + dt.timedelta(days=int(rng.integers(0, 600))),
            )
            for _ in range(240)
        ]
    )
    assignments, outcomes = [], []
    for n, c in enumerate(citizens):
        change = c.enrolled_on + dt.timedelta(days=400)
        if n % 3 == 0:  # a third change caseworker once
            assignments.append(
                Assignment(
                    citizen=c, caseworker=staff[n % 6], start_date=c.enrolled_on, end_date=change
                )
            )
            assignments.append(
                Assignment(
                    citizen=c,
                    caseworker=staff[(n + 1) % 6],
                    start_date=change + dt.timedelta(days=1),
                )
            )
        else:
            assignments.append(
                Assignment(citizen=c, caseworker=staff[n % 6], start_date=c.enrolled_on)
            )
        if n % 4 == 0:
            outcomes.append(
                Outcome(
                    citizen=c,
                    kind="job",
                    start_date=TODAY - dt.timedelta(days=int(rng.integers(10, 300))),
                )
            )
    Assignment.objects.bulk_create(assignments)
    Outcome.objects.bulk_create(outcomes)
    return citizens


def test_demo_ratings_match_the_research(cohort):
    counts = generate_demo_ratings(rng=np.random.default_rng(1), today=TODAY)
    values = np.array(
        Rating.objects.filter(
            item__code="belief_job_1y", rater_type="caseworker", context="routine"
        ).values_list("value", flat=True)
    )
    assert counts["ratings"] > 1000
    assert 0.45 <= np.mean(values <= 2) <= 0.55  # BIP: about half doubt or no
    assert 0.04 <= np.mean(values == 5) <= 0.08  # BIP: about 6 % an unconditional yes
    got_job = set(Outcome.objects.values_list("citizen_id", flat=True))
    rated = list(
        Rating.objects.filter(item__code="belief_job_1y").values_list("citizen_id", "value")
    )
    with_job = np.mean([v for c, v in rated if c in got_job])
    without = np.mean([v for c, v in rated if c not in got_job])
    # Tuned to BIP's size of effect (about 1.33 per step), so a modest gap.
    assert with_job > without + 0.15
    assert (
        counts["citizen_answers"] > 0
        and GeneralBeliefAnswer.objects.count() == counts["general_belief"] > 0
    )


def test_every_demo_rating_is_by_the_caseworker_in_force_and_inside_two_years(cohort):
    generate_demo_ratings(rng=np.random.default_rng(2), today=TODAY)
    periods = {}
    for a in Assignment.objects.all():
        periods.setdefault(a.citizen_id, []).append(a)
    for r in Rating.objects.filter(rater_type="caseworker").only(
        "citizen_id", "rater_id", "rated_at"
    ):
        day = r.rated_at.date()
        assert TODAY - dt.timedelta(days=731) <= day <= TODAY
        assert any(
            a.caseworker_id == r.rater_id and a.is_active(day) for a in periods[r.citizen_id]
        )
