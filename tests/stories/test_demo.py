"""Demo stories: invented, tagged, across teams and municipalities, some linked to the
demo experiments."""

from __future__ import annotations

import datetime as dt

import numpy as np

from jobtro.core.cpr import find_cpr_numbers
from jobtro.stories.demo import generate_demo
from jobtro.stories.models import Story, StoryTag


def test_demo_stories_are_tagged_and_spread_over_teams(caseworker, leader, outsider, experiment):
    today = dt.date.today()
    n = generate_demo(rng=np.random.default_rng(50), today=today)
    stories = Story.objects.all()
    assert n == stories.count()
    assert 25 <= stories.current().count() <= 40
    assert set(stories.values_list("municipality_id", flat=True)) == {
        caseworker.municipality_id,
        outsider.municipality_id,
    }
    assert set(stories.values_list("sharing", flat=True)) == {"team", "municipality", "project"}
    assert not stories.filter(meeting_date__gt=today).exists()
    assert stories.filter(experiment=experiment).exists()
    assert (
        not stories.filter(experiment__isnull=False).exclude(team=experiment.teams.get()).exists()
    )
    assert stories.filter(version=2).count() == 3
    for story in stories:
        kinds = set(StoryTag.objects.filter(story=story).values_list("kind", flat=True))
        assert {"lever", "difference"} <= kinds
        assert not find_cpr_numbers(story.what_happened)


def test_demo_stories_are_reproducible(caseworker, outsider):
    today = dt.date(2026, 6, 30)
    generate_demo(rng=np.random.default_rng(1), today=today)
    first = list(Story.objects.order_by("pk").values_list("meeting_date", "what_happened"))
    generate_demo(rng=np.random.default_rng(1), today=today)
    again = list(Story.objects.order_by("pk").values_list("meeting_date", "what_happened"))
    assert first == again[len(first) :]


def test_demo_without_teams_makes_no_stories(db):
    assert generate_demo(rng=np.random.default_rng(1), today=dt.date.today()) == 0
