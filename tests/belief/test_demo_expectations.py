"""The demo's meeting-form answers and external partners' ratings."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from django.utils import timezone

from jobtro.belief.demo import generate_demo_expectations, generate_demo_ratings
from jobtro.belief.models import Rating
from jobtro.citizens.models import Action, ActionKind, Contact, Outcome
from jobtro.organisations.models import Role, Staff
from tests.belief.test_demo import TODAY, cohort  # noqa: F401 - the fixture


@pytest.fixture
def history(cohort, external):  # noqa: F811 - the imported fixture
    rng = np.random.default_rng(5)
    contacts, actions = [], []
    mentor = ActionKind.objects.get(code="mentor")
    upskilling = ActionKind.objects.get(code="opkvalificering")
    for n, c in enumerate(cohort):
        cw = c.assignments.order_by("-start_date").first().caseworker
        day = TODAY - dt.timedelta(days=360)
        while day <= TODAY:
            form = ["fremmøde", "telefon", "video", "hjem"][int(rng.integers(4))]
            contacts.append(Contact(citizen=c, staff=cw, date=day, form=form))
            day += dt.timedelta(days=int(rng.integers(14, 40)))
        start = TODAY - dt.timedelta(days=int(rng.integers(60, 300)))
        if n % 3 == 0:
            actions.append(
                Action(citizen=c, kind=mentor, start_date=start, provider_staff=external)
            )
        elif n % 3 == 1:
            actions.append(
                Action(citizen=c, kind=upskilling, start_date=start, provider="external")
            )
    Contact.objects.bulk_create(contacts)
    Action.objects.bulk_create(actions)
    generate_demo_ratings(rng=np.random.default_rng(1), today=TODAY)
    return generate_demo_expectations(rng=np.random.default_rng(2), today=TODAY)


def test_citizens_answered_after_a_share_of_meetings_and_only_about_that_meeting(history):
    felt = list(Rating.objects.filter(item__code="cit_felt_belief").select_related("link__contact"))
    assert history > 0 and len(felt) > 200
    assert all(r.context == "after_contact" and r.rater_type == "citizen" for r in felt)
    for r in felt:
        answered = timezone.localdate(r.rated_at)
        assert r.link.contact.date <= answered <= TODAY
        assert r.link.contact.citizen_id == r.citizen_id
    # The small difference between physical and remote meetings is checked on the
    # whole demo (tests/core/test_demo.py): this cohort is too small to show it.


def test_partners_rate_their_referred_citizens_while_the_action_runs(history):
    partners = Staff.objects.filter(role=Role.EXTERNAL)
    assert partners.count() == 5  # the persona's account and four invented ones
    ratings = list(Rating.objects.filter(rater_type="external"))
    assert len({r.rater_id for r in ratings}) >= 3
    ended = dict(Outcome.objects.values_list("citizen_id", "start_date"))
    for r in ratings:
        referred = Action.objects.filter(citizen_id=r.citizen_id, provider_staff_id=r.rater_id)
        day = timezone.localdate(r.rated_at)
        assert referred.filter(start_date__lte=day).exists()
        assert day <= min(ended.get(r.citizen_id, TODAY), TODAY)
    # Referred upskilling actions got a partner account from the right organisation.
    upskilling = Action.objects.filter(kind__code="opkvalificering", provider="external")
    assert all(
        a.provider_staff and a.provider_name == a.provider_staff.organisation for a in upskilling
    )
