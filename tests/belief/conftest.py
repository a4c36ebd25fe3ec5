"""Belief fixtures on top of the suite's personas (tests/conftest.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jobtro.belief import services
from jobtro.belief.models import Instrument, Rating
from jobtro.organisations.models import Staff


@pytest.fixture
def instrument(db) -> Instrument:
    return services.default_instrument()


@pytest.fixture
def rating(citizen, caseworker, instrument) -> Rating:
    return services.record_rating(
        citizen=citizen, rater=caseworker, item="belief_job_1y", value=2, reason="Lang vej."
    )


def rate_at(citizen, rater: Staff, value: int, when: dt.datetime, item: str = "belief_job_1y"):
    """A rating given at a moment in the past (as an import would store it)."""
    return services.record_rating(
        citizen=citizen, rater=rater, item=item, value=value, rated_at=when, source="import"
    )


def days_ago(n: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=n)
