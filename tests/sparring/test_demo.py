"""Demo sparring: real, linked before/after ratings, and a team aggregate that shows."""

from __future__ import annotations

import datetime as dt

import numpy as np

from jobtro.belief.models import Context, Rating
from jobtro.core.cpr import find_cpr_numbers
from jobtro.sparring.demo import generate_demo_sparring
from jobtro.sparring.methods import team_sparring_summary
from jobtro.sparring.models import Sparring
from tests.conftest import _staff


def test_demo_sessions_link_their_own_before_and_after_ratings(
    citizen, caseworker, colleague, team
):
    _staff("carl", "caseworker", team.municipality, team)
    today = dt.date.today()
    n = generate_demo_sparring(rng=np.random.default_rng(3), today=today)
    sessions = list(Sparring.objects.select_related("before_rating", "after_rating"))
    assert n == len(sessions) + Rating.objects.count()
    assert len(sessions) >= 10
    closed = [s for s in sessions if s.is_closed]
    assert len(closed) >= 10 and any(not s.is_closed for s in sessions)
    for s in sessions:
        assert s.owner == caseworker and s.citizen == citizen and s.team == team
        assert s.before_rating.context == Context.BEFORE_SPARRING
        assert s.before_rating.rater == caseworker
        assert s.participants.exists() and not s.participants.filter(pk=caseworker.pk).exists()
        assert not find_cpr_numbers(s.description + s.perspectives + s.next_steps)
        assert s.requested_at.date() <= today
    for s in closed:
        assert s.after_rating.context == Context.AFTER_SPARRING
        assert s.requested_at.date() <= s.held_on < today
        assert s.before_rating.rated_at <= s.after_rating.rated_at
        if s.followed_up_on:
            assert s.follow_up_note and s.held_on <= s.followed_up_on <= today
    assert {s.method for s in sessions} and len({s.method for s in sessions}) > 1
    assert any(s.followed_up_on for s in closed)
    assert not team_sparring_summary(team=team).suppressed


def test_demo_sparring_is_reproducible(citizen, caseworker, colleague):
    today = dt.date(2026, 6, 30)
    generate_demo_sparring(rng=np.random.default_rng(1), today=today)
    first = list(Sparring.objects.order_by("pk").values_list("method", "held_on", "description"))
    Sparring.objects.all().delete()
    generate_demo_sparring(rng=np.random.default_rng(1), today=today)
    again = list(Sparring.objects.order_by("pk").values_list("method", "held_on", "description"))
    assert first == again
