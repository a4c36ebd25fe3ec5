"""Story fixtures: what a storyteller writes, a told story per sharing level, and an
experiment run by the caseworker's team."""

from __future__ import annotations

import datetime as dt

import pytest

from jobtro.experiments.models import Experiment, Lever, Theme
from jobtro.stories.models import Difference, Sharing
from jobtro.stories.services import tell_story

TEXTS = {
    "what_happened": "Borgeren fortalte, at hun savnede at lave mad. Vi besøgte et køkken.",
    "what_made_difference": "At vi tog udgangspunkt i det, hun selv var god til.",
    "what_we_learn": "Virksomhedsbesøg betaler sig.",
}


def content(**overrides) -> dict:
    """Keyword arguments for tell_story / correct_story (without author and team)."""
    return {
        "meeting_date": dt.date.today() - dt.timedelta(days=2),
        **TEXTS,
        "levers": [Lever.LABOUR_MARKET],
        "themes": [Theme.ACTION],
        "differences": [Difference.PLACEMENT],
        "sharing": Sharing.TEAM,
        **overrides,
    }


def post_data(team=None, **overrides) -> dict:
    """The registration form as a browser posts it."""
    data = content(**overrides)
    data["meeting_date"] = data["meeting_date"].isoformat()
    if data.get("experiment") is not None:
        data["experiment"] = data["experiment"].pk
    else:
        data.pop("experiment", None)
    if team is not None:
        data["team"] = team.pk
    return data


@pytest.fixture
def team_story(caseworker, team):
    """Anna's story, for her team only."""
    return tell_story(author=caseworker, team=team, **content())


@pytest.fixture
def municipality_story(caseworker, team):
    return tell_story(
        author=caseworker,
        team=team,
        **content(sharing=Sharing.MUNICIPALITY, levers=[Lever.RELATION], themes=[]),
    )


@pytest.fixture
def project_story(caseworker, team):
    return tell_story(
        author=caseworker,
        team=team,
        **content(sharing=Sharing.PROJECT, differences=[Difference.JOB]),
    )


@pytest.fixture
def experiment(team, leader, caseworker):
    """A running experiment of the caseworker's team, which she takes part in."""
    found = Experiment.objects.create(
        municipality=team.municipality,
        title="Ressourcer i henvisningen",
        question="Hvad sker der med troen, når henvisningen beskriver ressourcer?",
        theme=Theme.LANGUAGE,
        lever=Lever.COMMUNICATION,
        start_date=dt.date.today() - dt.timedelta(days=60),
        end_date=dt.date.today() + dt.timedelta(days=60),
        created_by=leader,
    )
    found.teams.add(team)
    found.participants.add(caseworker)
    return found


@pytest.fixture
def odder_experiment(other_team, outsider):
    found = Experiment.objects.create(
        municipality=other_team.municipality,
        title="Gåture i stedet for mødelokaler",
        question="Hvad sker der med troen, når samtalen foregår på en gåtur?",
        theme=Theme.PHYSICAL,
        lever=Lever.RELATION,
        start_date=dt.date.today() - dt.timedelta(days=60),
        end_date=dt.date.today() + dt.timedelta(days=60),
        created_by=outsider,
    )
    found.teams.add(other_team)
    return found
