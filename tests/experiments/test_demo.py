"""The demo's experiments: a running one in the first municipality with cycles, a
logbook and measured belief, and two published greb that another municipality tried."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from jobtro.experiments.demo import generate_demo
from jobtro.experiments.models import Experiment, LogbookVersion, Practice, Status
from jobtro.organisations.models import Municipality, Role, Team
from tests.conftest import _staff

TODAY = dt.date(2026, 6, 30)


@pytest.fixture
def four_municipalities(db):
    for n, (code, name) in enumerate(
        [("740", "Silkeborg"), ("540", "Sønderborg"), ("727", "Odder"), ("147", "Frederiksberg")]
    ):
        municipality = Municipality.objects.create(code=code, name=name)
        first = Team.objects.create(municipality=municipality, name=f"Team {n}A")
        Team.objects.create(municipality=municipality, name=f"Team {n}B")
        _staff(f"leder{n}", Role.LEADER, municipality, first)
        for k in range(2):
            _staff(f"cw{n}{k}", Role.CASEWORKER, municipality, first)


def test_the_demo_has_a_running_experiment_and_two_greb_tried_elsewhere(four_municipalities):
    made = generate_demo(rng=np.random.default_rng(40), today=TODAY)
    assert made > 0
    silkeborg = Municipality.objects.get(name="Silkeborg")
    running = Experiment.objects.get(municipality=silkeborg)
    assert running.status == Status.RUNNING and running.comparison_team is not None
    assert [c.is_open for c in running.cycles.all()] == [False, False, True]
    assert running.cycles.first().next_actions
    assert running.logbook_entries.count() == 9
    assert running.participants.count() >= 1

    practices = list(Practice.objects.order_by("pk"))
    assert len(practices) == 2
    for practice in practices:
        assert practice.source_experiment.status == Status.COMPLETED
        assert "belief_months" in practice.figures
        tried = practice.started_experiments.get()
        assert tried.municipality != practice.municipality
    assert not LogbookVersion.objects.filter(observed_on__gt=TODAY).exists()
    for experiment in Experiment.objects.all():
        assert experiment.end_date >= experiment.start_date
        assert experiment.participants.exists() and experiment.teams.exists()


def test_the_demo_is_the_same_from_the_same_seed_and_day(four_municipalities):
    generate_demo(rng=np.random.default_rng(40), today=TODAY)
    texts = list(LogbookVersion.objects.order_by("pk").values_list("observed_on", "text"))
    again = list(_second_build_texts())
    assert texts == again


def _second_build_texts():
    """Build again inside a savepoint that is rolled back, and read what it wrote."""
    from django.db import transaction

    first_pk = LogbookVersion.objects.order_by("-pk").first().pk
    with transaction.atomic():
        sid = transaction.savepoint()
        generate_demo(rng=np.random.default_rng(40), today=TODAY)
        rows = list(
            LogbookVersion.objects.filter(pk__gt=first_pk)
            .order_by("pk")
            .values_list("observed_on", "text")
        )
        transaction.savepoint_rollback(sid)
    return rows
