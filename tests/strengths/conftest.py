"""Strengths fixtures: the caseworker's citizen with a link, an answered link and an
invitation to a person in the citizen's network; a company consultant for referrals."""

from __future__ import annotations

import pytest

from jobtro.organisations.models import Function, Role
from jobtro.strengths import services
from tests.conftest import _staff


@pytest.fixture
def citizen_link(citizen, caseworker):
    """(link, raw token): the caseworker's fresh link for the citizen."""
    return services.create_citizen_link(citizen=citizen, staff=caseworker)


@pytest.fixture
def answered(citizen_link):
    """The raw token of a link through which the citizen has chosen three strengths."""
    _link, raw = citizen_link
    services.record_citizen_answer(
        raw_token=raw,
        keys=["reliable", "helpful", "hands_on"],
        own_words="Jeg har passet min mormor og lavet mad til hele familien.",
    )
    return raw


@pytest.fixture
def invitation(answered):
    """(invitation link, raw token) for the citizen's mother."""
    return services.invite_network(raw_token=answered, relation="Mor")


@pytest.fixture
def consultant(team):
    """Vera, company consultant in the caseworker's municipality and team."""
    return _staff("vera", Role.CASEWORKER, team.municipality, team, Function.COMPANY_CONSULTANT)
