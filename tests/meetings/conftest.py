"""Meeting fixtures: the research project (Silkeborg and Sønderborg; Odder stays
outside), a leader and a caseworker in Sønderborg, and a meeting factory."""

from __future__ import annotations

import datetime as dt

import pytest

from jobtro.meetings import services
from jobtro.meetings.models import MeetingKind
from jobtro.organisations.models import Municipality, ResearchProject, Role, Team
from tests.conftest import _staff

START = dt.date(2025, 1, 6)


@pytest.fixture
def project(researcher, silkeborg) -> ResearchProject:
    project = ResearchProject.objects.get(slug="troen")
    project.start_date = START
    project.end_date = START + dt.timedelta(days=730)
    project.save()
    return project


@pytest.fixture
def soenderborg(project) -> Municipality:
    m = Municipality.objects.create(code="540", name="Sønderborg")
    project.municipalities.add(m)
    return m


@pytest.fixture
def soenderborg_team(soenderborg) -> Team:
    return Team.objects.create(municipality=soenderborg, name="Team Als")


@pytest.fixture
def soenderborg_leader(soenderborg_team):
    return _staff("sofie", Role.LEADER, soenderborg_team.municipality, soenderborg_team)


@pytest.fixture
def soenderborg_caseworker(soenderborg_team):
    return _staff("svend", Role.CASEWORKER, soenderborg_team.municipality, soenderborg_team)


def make_meeting(actor, project, **changes):
    values = {
        "kind": MeetingKind.STARTUP,
        "municipality": actor.municipality,
        "date": START + dt.timedelta(days=10),
        "place": "Jobcentret, mødelokale 2",
        "agenda": "Velkomst. Hvilke eksperimenter vil vi prøve?",
        "participants": [actor],
        "notes": "",
        "decisions": "",
    }
    return services.create_meeting(actor=actor, project=project, **(values | changes))
