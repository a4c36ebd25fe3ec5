"""Pauses, tracks and response times in one course, worked out by hand."""

from __future__ import annotations

import datetime as dt

from jobtro.analysis.action_patterns import (
    ActionPeriod,
    RatingPoint,
    course_pattern,
    summarise,
    suppress_responses,
)

D = dt.date


def test_a_course_without_actions_is_one_long_pause():
    p = course_pattern(start=D(2025, 1, 1), end=D(2025, 1, 31), actions=[], ratings=[])
    assert p.days_total == 31
    assert [(x.start, x.end, x.days) for x in p.pauses] == [(D(2025, 1, 1), D(2025, 1, 31), 31)]
    assert p.days_paused == 31


def test_a_break_shorter_than_fourteen_days_is_not_a_pause_but_still_a_day_without_action():
    acts = [
        ActionPeriod(D(2025, 1, 1), D(2025, 1, 10), job_oriented=False),
        ActionPeriod(D(2025, 1, 20), None, job_oriented=False),  # 9 days without action
    ]
    p = course_pattern(start=D(2025, 1, 1), end=D(2025, 2, 28), actions=acts, ratings=[])
    assert p.pauses == ()
    assert p.days_no_action == 9
    assert p.days_other_only == p.days_total - 9


def test_parallel_days_are_counted_when_job_oriented_and_other_actions_overlap():
    acts = [
        ActionPeriod(D(2025, 3, 1), D(2025, 3, 31), job_oriented=True),
        ActionPeriod(D(2025, 3, 21), D(2025, 4, 10), job_oriented=False),
    ]
    p = course_pattern(start=D(2025, 3, 1), end=D(2025, 4, 10), actions=acts, ratings=[])
    assert p.days_parallel == 11  # 21-31 March
    assert p.days_job_only == 20
    assert p.days_other_only == 10


def test_response_is_days_from_rating_to_the_next_job_oriented_start():
    acts = [ActionPeriod(D(2025, 2, 15), D(2025, 3, 15), job_oriented=True)]
    ratings = [
        RatingPoint(D(2025, 1, 15), 4),
        RatingPoint(D(2025, 3, 1), 2),
        RatingPoint(D(2025, 4, 1), 1),
    ]
    p = course_pattern(start=D(2025, 1, 1), end=D(2025, 6, 30), actions=acts, ratings=ratings)
    high, during, after = p.responses
    assert (high.level, high.days, high.next_job_action) == ("high", 31, D(2025, 2, 15))
    assert during.already_active and during.days is None
    assert (after.level, after.days, after.next_job_action) == ("low", None, None)


def test_summary_pools_time_and_separates_low_from_high_ratings():
    a = course_pattern(
        start=D(2025, 1, 1),
        end=D(2025, 12, 31),
        actions=[ActionPeriod(D(2025, 1, 11), None, job_oriented=True)],
        ratings=[RatingPoint(D(2025, 1, 1), 5)],
    )
    b = course_pattern(
        start=D(2025, 1, 1),
        end=D(2025, 12, 31),
        actions=[ActionPeriod(D(2025, 5, 1), None, job_oriented=True)],
        ratings=[RatingPoint(D(2025, 1, 1), 1), RatingPoint(D(2025, 2, 1), 2)],
    )
    s = summarise([a, b])
    assert s.n_courses == 2
    assert s.high.median_days == 10
    assert s.low.median_days == (120 + 89) / 2  # 1 Jan -> 1 May, 1 Feb -> 1 May
    assert s.high.followed_within == 1.0
    assert s.low.followed_within == 0.5  # only the February rating within 90 days
    assert s.share_paused == (0 + 120) / (365 * 2)  # a's 10-day gap is short


def test_a_job_oriented_action_starting_on_the_rating_day_is_a_zero_day_response():
    acts = [
        ActionPeriod(D(2025, 3, 1), D(2025, 3, 31), job_oriented=True),
        ActionPeriod(D(2025, 4, 1), None, job_oriented=True),
    ]
    ratings = [RatingPoint(D(2025, 3, 1), 2), RatingPoint(D(2025, 3, 10), 2)]
    p = course_pattern(start=D(2025, 1, 1), end=D(2025, 6, 30), actions=acts, ratings=ratings)
    same_day, during = p.responses
    assert not same_day.already_active
    assert (same_day.days, same_day.next_job_action) == (0, D(2025, 3, 1))
    assert during.already_active and during.days is None  # started before 10 March


def test_summary_counts_the_citizens_and_raters_behind_each_response_cell():
    courses = [
        course_pattern(
            start=D(2025, 1, 1),
            end=D(2025, 12, 31),
            actions=[ActionPeriod(D(2025, 3, 1), None, job_oriented=True)],
            ratings=[
                RatingPoint(D(2025, 2, 1), 1, rater="s1"),
                RatingPoint(D(2025, 2, 2), 5, "s2"),
            ],
            citizen=cid,
        )
        for cid in ("c1", "c2")
    ]
    s = summarise(courses)
    assert (s.low.n_ratings, s.low.n_citizens, s.low.n_raters) == (2, 2, 1)
    assert (s.high.n_citizens, s.high.n_raters) == (2, 1)
    assert s.n_citizens == 2
    assert suppress_responses(s.low, min_staff=1, min_citizens=2) == s.low
    assert suppress_responses(s.low, min_staff=2, min_citizens=2) is None
