"""Companies fixtures: a company in the caseworker's municipality (Silkeborg) with a
contact person and a job function, one in the outsider's (Odder), and a company
consultant beside the personas."""

from __future__ import annotations

import datetime as dt

import pytest

from jobtro.companies import services
from jobtro.organisations.models import Function, Role
from tests.conftest import _staff

VALID_CVR = "10150817"  # passes modulus 11: 1·2+0·7+1·6+5·5+0·4+8·3+1·2+7·1 = 66
MONDAY = dt.date(2025, 3, 3)


@pytest.fixture
def consultant(team):
    """Vera, company consultant in the caseworker's team."""
    return _staff("vera", Role.CASEWORKER, team.municipality, team, Function.COMPANY_CONSULTANT)


@pytest.fixture
def company(caseworker):
    return services.create_company(
        actor=caseworker,
        name="Demo Lager ApS",
        cvr=VALID_CVR,
        industry="Lager og logistik",
        address="Demovej 1",
        postal_code="8600",
        city="Silkeborg",
    )


@pytest.fixture
def contact(caseworker, company):
    return services.save_contact(
        actor=caseworker, company=company, name="Kim Eksempelsen", role="Værkfører"
    )


@pytest.fixture
def job_function(caseworker, company):
    return services.save_job_function(
        actor=caseworker,
        company=company,
        title="Lagermedarbejder",
        task_tags=["pakning", "truckkørsel", "varemodtagelse"],
        strength_keys=["reliable"],
    )


@pytest.fixture
def odder_company(outsider):
    return services.create_company(actor=outsider, name="Eksempel Køkken Odder")


@pytest.fixture
def placement(caseworker, citizen, company, contact):
    return services.register_placement(
        author=caseworker,
        citizen=citizen,
        company=company,
        kind="virksomhedspraktik",
        start_date=MONDAY,
        end_date=MONDAY + dt.timedelta(weeks=8),
        contact=contact,
    )
