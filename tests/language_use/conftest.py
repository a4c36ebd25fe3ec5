"""Language-use fixtures: a company consultant beside the personas, and a clean lexicon
cache (version ids can repeat between tests once a transaction is rolled back)."""

from __future__ import annotations

import pytest

from jobtro.language_use import lexicons
from jobtro.organisations.models import Function, Role
from tests.conftest import _staff


@pytest.fixture(autouse=True)
def _fresh_lexicon_cache():
    lexicons.clear_cache()
    yield
    lexicons.clear_cache()


@pytest.fixture
def consultant(team):
    """Vera, company consultant in the caseworker's municipality and team."""
    return _staff("vera", Role.CASEWORKER, team.municipality, team, Function.COMPANY_CONSULTANT)


@pytest.fixture
def odder_consultant(other_team):
    return _staff(
        "olga", Role.CASEWORKER, other_team.municipality, other_team, Function.COMPANY_CONSULTANT
    )


SECTIONS = {
    "resources": "Borgeren har erfaring med lagerarbejde.",
    "success_conditions": "Hun trives bedst med faste opgaver.",
    "wishes": "Ønsker at arbejde i et køkken.",
}
