"""Experiment fixtures beside the personas: Lone (leader of Team Nord) runs an
experiment with Anna taking part; Bent is in the team but not a participant."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jobtro.belief.models import Context, Rating
from jobtro.belief.services import default_instrument
from jobtro.citizens.models import Assignment, Citizen
from jobtro.experiments import services
from jobtro.experiments.models import EntryKind
from jobtro.organisations.models import Role, Team
from tests.conftest import DAY0, _staff

START = dt.date.today() - dt.timedelta(days=60)
# Measured experiments start on a month's first day, four months ago.
MEASURED_START = (dt.date.today() - dt.timedelta(days=120)).replace(day=1)


@pytest.fixture
def other_silkeborg_team(silkeborg) -> Team:
    return Team.objects.create(municipality=silkeborg, name="Team Syd-Silkeborg")


@pytest.fixture
def odder_leader(other_team):
    """Olaf, leader of Team Syd in Odder: another municipality's leader."""
    return _staff("olaf", Role.LEADER, other_team.municipality, other_team)


def experiment_data(team, leader, participants, **changes) -> dict:
    data = {
        "leader": leader,
        "title": "Et team uden negativ snak",
        "question": "Hvad sker der med troen, når teamet undgår negativ snak?",
        "hypothesis": "Ordene former billedet af borgeren.",
        "theme": "language",
        "lever": "communication",
        "teams": [team],
        "participants": participants,
        "start_date": START,
        "end_date": START + dt.timedelta(days=180),
    }
    return data | changes


@pytest.fixture
def experiment(team, leader, caseworker):
    return services.start_experiment(**experiment_data(team, leader, [caseworker]))


@pytest.fixture
def open_cycle(experiment, leader):
    return services.plan_cycle(
        actor=leader, experiment=experiment, plan="Vi hænger spilleregler op.", started_on=START
    )


@pytest.fixture
def entry(experiment, caseworker):
    return services.write_logbook_entry(
        author=caseworker, experiment=experiment, observed_on=START,
        kind=EntryKind.OBSERVATION, text="Snakken på mødet var mere nysgerrig.",
    )  # fmt: skip


@pytest.fixture
def completed(experiment, leader):
    return services.complete_experiment(actor=leader, experiment=experiment)


PRACTICE_TEXTS = {
    "title": "Spilleregler for vores sprog",
    "summary": "Teamet aftaler, hvordan vi taler om borgerne.",
    "how_to": "Skriv tre spilleregler og hæng dem op.",
    "requirements": "Et teammøde og en leder, der går forrest.",
    "evidence": "Flere ressourceformuleringer og lidt mere tro.",
}


@pytest.fixture
def practice(completed, leader):
    return services.publish_practice(
        actor=leader, experiment=completed, figures={"shift": True}, **PRACTICE_TEXTS
    )


def team_with_ratings(team, target_group, *, prefix, n_staff, lift, months=range(-6, 4)):
    """`n_staff` caseworkers in `team`, each with 10 citizens rated once a month: 2 or 4
    in turn (mean 3) before MEASURED_START, plus `lift` from then on (capped at 5)."""
    item = default_instrument().items.get(code="belief_job_1y")
    staff, ratings = [], []
    for s in range(n_staff):
        worker = _staff(f"{prefix}{s}", Role.CASEWORKER, team.municipality, team)
        staff.append(worker)
        for c in range(10):
            citizen = Citizen.objects.create(
                municipality=team.municipality, birth_year=1980, target_group=target_group,
                enrolled_on=DAY0,
            )  # fmt: skip
            Assignment.objects.create(citizen=citizen, caseworker=worker, start_date=DAY0)
            for m in months:
                month = (MEASURED_START + dt.timedelta(days=31 * m)).replace(day=10)
                if month > dt.date.today():
                    continue
                base = 2 + 2 * ((c + m) % 2)
                value = min(5, base + (lift if month >= MEASURED_START else 0))
                ratings.append(
                    Rating(
                        citizen=citizen,
                        rater=worker,
                        rater_type="caseworker",
                        item=item,
                        value=value,
                        context=Context.ROUTINE,
                        rated_at=timezone.make_aware(dt.datetime.combine(month, dt.time(10))),
                    )
                )
    Rating.objects.bulk_create(ratings)
    return staff


@pytest.fixture
def measured(team, leader, target_group, other_silkeborg_team):
    participants = team_with_ratings(team, target_group, prefix="del", n_staff=5, lift=1)
    team_with_ratings(other_silkeborg_team, target_group, prefix="sam", n_staff=5, lift=0)
    data = experiment_data(team, leader, participants, comparison_team=other_silkeborg_team)
    data["start_date"] = MEASURED_START
    data["end_date"] = MEASURED_START + dt.timedelta(days=180)
    return services.start_experiment(**data)
