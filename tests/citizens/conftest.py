"""Citizen-page fixtures on top of the suite's personas (tests/conftest.py)."""

from __future__ import annotations

import pytest

from jobtro.belief import services
from jobtro.belief.models import Instrument


@pytest.fixture
def instrument(db) -> Instrument:
    return services.default_instrument()
