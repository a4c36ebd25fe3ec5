"""Belief beside the actions: the caseworker's panel on the citizen page, their own
pattern on "Min tro", and the leader's team aggregate (suppressed, never one person)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from jobtro.belief import services
from jobtro.belief.expectations.queries import my_pattern, team_expectations
from jobtro.belief.expectations.services import create_after_contact_link
from jobtro.citizens.models import Action, ActionKind, Contact
from jobtro.citizens.services import assign_caseworker, create_citizen
from jobtro.core.models import AuditEvent
from tests.belief.conftest import days_ago, rate_at
from tests.conftest import _staff

TODAY = timezone.localdate


def kind(code: str, job: bool) -> ActionKind:
    return ActionKind.objects.get_or_create(
        code=code, defaults={"name": code.capitalize(), "job_oriented": job}
    )[0]


@pytest.fixture
def course(citizen, caseworker, instrument):
    """A low rating 100 days ago, a job-oriented placement 40 days later, a health
    action beside it, and a 30-day pause before the placement."""
    today = TODAY()
    Action.objects.create(
        citizen=citizen,
        kind=kind("sundhedsfaglig", False),
        start_date=today - dt.timedelta(days=200),
        end_date=today - dt.timedelta(days=91),
    )
    Action.objects.create(
        citizen=citizen,
        kind=kind("virksomhedspraktik", True),
        start_date=today - dt.timedelta(days=60),
        end_date=None,
    )
    Action.objects.create(
        citizen=citizen,
        kind=kind("opkvalificering", False),
        start_date=today - dt.timedelta(days=30),
        end_date=None,
    )
    rate_at(citizen, caseworker, 2, days_ago(100))
    return citizen


def test_the_caseworker_sees_belief_beside_the_actions_with_pauses_and_response_time(
    client, caseworker, course
):
    client.force_login(caseworker.user)
    page = client.get(reverse("citizens:detail", args=[course.pk])).content.decode()
    assert "Din tro ved siden af indsatserne" in page
    assert "<svg" in page and 'role="img"' in page
    assert "efter 40 dage" in page  # the low rating, then the placement
    assert "(30 dage)" in page  # the pause between the two actions
    assert AuditEvent.objects.filter(action="belief.expectations.viewed").exists()


def test_the_leader_and_the_partner_see_no_panel_on_the_citizen_page(
    client, leader, external, referred_citizen, course
):
    for staff in (leader, external):
        client.force_login(staff.user)
        page = client.get(reverse("citizens:detail", args=[course.pk])).content.decode()
        assert "Din tro ved siden af indsatserne" not in page
        assert "efter 40 dage" not in page


def test_a_former_caseworker_sees_no_panel(client, caseworker, colleague, course):
    from jobtro.citizens.models import Assignment

    Assignment.objects.filter(citizen=course).update(end_date=TODAY() - dt.timedelta(days=5))
    assign_caseworker(
        actor=None, citizen=course, caseworker=colleague, start_date=TODAY() - dt.timedelta(days=4)
    )
    client.force_login(caseworker.user)
    page = client.get(reverse("citizens:detail", args=[course.pk])).content.decode()
    assert "Forventninger og handling" not in page


def test_min_tro_shows_the_caseworkers_own_pattern(client, caseworker, course):
    pattern = my_pattern(staff=caseworker)
    assert pattern.n_courses == 1
    assert pattern.low.median_days == 40
    client.force_login(caseworker.user)
    page = client.get(reverse("belief:mine")).content.decode()
    assert "Din tro og handlingen" in page and "Dit mønster" in page


def team_of(team, target_group, n_staff: int, n_citizens: int):
    staff = [_staff(f"cw{i}", "caseworker", team.municipality, team) for i in range(n_staff)]
    today = TODAY()
    for i in range(n_citizens):
        c = create_citizen(
            actor=None,
            municipality=team.municipality,
            birth_year=1980,
            target_group=target_group,
            enrolled_on=today - dt.timedelta(days=300),
        )
        s = staff[i % n_staff]
        assign_caseworker(actor=None, citizen=c, caseworker=s, start_date=c.enrolled_on)
        form = "fremmøde" if i % 2 else "telefon"
        day = today - dt.timedelta(days=20)
        contact = Contact.objects.create(citizen=c, staff=s, date=day, form=form)
        rate_at(c, s, 4 if form == "fremmøde" else 3, days_ago(18))
        recent = Contact.objects.create(citizen=c, staff=s, date=today, form=form)
        _link, raw = create_after_contact_link(contact=recent, staff=s)
        services.record_citizen_answers(
            raw_token=raw, values={"cit_felt_belief": 5 if form == "fremmøde" else 3}
        )
        assert contact.pk
    return staff


def test_the_leader_sees_belief_by_meeting_form_for_a_large_enough_team(
    client, leader, team, target_group, instrument
):
    team_of(team, target_group, n_staff=5, n_citizens=20)
    x = team_expectations(team=team)
    physical, remote = x.by_group
    assert (physical["caseworker_mean"], remote["caseworker_mean"]) == (4.0, 3.0)
    assert (physical["perceived_mean"], remote["perceived_mean"]) == (5.0, 3.0)
    assert x.pattern is not None
    client.force_login(leader.user)
    page = client.get(reverse("belief:team", args=[team.pk])).content.decode()
    assert "Tro efter mødeform" in page and "Forventninger og handling i teamet" in page
    section = page.split("Tro efter mødeform (det seneste år)")[1]
    assert "For få til at vise" not in section.split("Forventninger og handling i teamet")[0]


def test_each_response_cell_of_the_team_pattern_is_checked_against_its_own_people(
    client, leader, team, target_group, instrument
):
    """The team passes (5 caseworkers, 20 citizens), but the low-rating cell stands on
    one caseworker's rating of one citizen: it is suppressed on its own."""
    staff = team_of(team, target_group, n_staff=5, n_citizens=20)
    from jobtro.citizens.models import Citizen

    one = Citizen.objects.filter(assignments__caseworker=staff[0]).first()
    rate_at(one, staff[0], 1, days_ago(10))
    x = team_expectations(team=team)
    assert x.pattern is not None and x.pattern.n_courses == 20
    assert x.pattern.low is None  # one rater, one citizen: never "1 of 1"
    high = x.pattern.high  # ten citizens rated 4 by all five caseworkers
    assert high is not None and high.n_ratings == 10
    assert high.n_citizens == 10 and high.n_raters == 5
    # Nothing followed by a job-oriented action: the median and its count are empty.
    assert high.median_days is None and high.n_followed is None
    client.force_login(leader.user)
    page = client.get(reverse("belief:team", args=[team.pk])).content.decode()
    section = page.split("Forventninger og handling i teamet")[1]
    assert "For få til at vise" in section
    assert "1 af 1" not in section


def test_team_meeting_form_counts_are_hidden_with_their_means(team, target_group, instrument):
    team_of(team, target_group, n_staff=4, n_citizens=20)
    for c in team_expectations(team=team).by_group:
        assert c["caseworker_n"] is None and c["perceived_n"] is None


def test_a_small_team_shows_no_meeting_form_or_pattern_figures(
    client, leader, team, target_group, instrument
):
    staff = team_of(team, target_group, n_staff=4, n_citizens=20)
    x = team_expectations(team=team)
    assert all(c["caseworker_mean"] is None and c["perceived_mean"] is None for c in x.by_group)
    assert len(staff) == 4 and x.pattern is None
    client.force_login(leader.user)
    page = client.get(reverse("belief:team", args=[team.pk])).content.decode()
    section = page.split("Tro efter mødeform (det seneste år)")[1]
    assert "For få til at vise" in section
    # Never an individual rating or citizen on the leader's page.
    from jobtro.citizens.models import Citizen

    assert not any(c.pseudonym in page for c in Citizen.objects.all())


def test_the_caseworkers_own_meeting_form_figures_count_only_their_own(
    caseworker, colleague, team, target_group, instrument
):
    from jobtro.belief.expectations.queries import my_meeting_forms

    staff = team_of(team, target_group, n_staff=5, n_citizens=40)  # colleagues' figures
    # Anna's own: 12 citizens met in person and rated 2, 12 by phone (their answers 1).
    today = TODAY()
    for i in range(24):
        c = create_citizen(
            actor=None,
            municipality=team.municipality,
            birth_year=1980,
            target_group=target_group,
            enrolled_on=today - dt.timedelta(days=300),
        )
        assign_caseworker(actor=None, citizen=c, caseworker=caseworker, start_date=c.enrolled_on)
        form = "fremmøde" if i < 12 else "telefon"
        Contact.objects.create(
            citizen=c, staff=caseworker, date=today - dt.timedelta(days=20), form=form
        )
        rate_at(c, caseworker, 2, days_ago(18))
        recent = Contact.objects.create(citizen=c, staff=caseworker, date=today, form=form)
        _link, raw = create_after_contact_link(contact=recent, staff=caseworker)
        services.record_citizen_answers(raw_token=raw, values={"cit_felt_belief": 1})
    physical, remote = my_meeting_forms(staff=caseworker)
    assert (physical["caseworker_mean"], physical["caseworker_n"]) == (2.0, 12)
    assert (remote["perceived_mean"], remote["perceived_n"]) == (1.0, 12)
    # A colleague's own picture holds only their own ten citizens of each form.
    physical, remote = my_meeting_forms(staff=staff[0])
    assert physical["caseworker_mean"] is None  # 4 citizens in person: below 10
    assert my_meeting_forms(staff=colleague)[0]["caseworker_mean"] is None  # none at all


def test_a_caseworkers_meeting_form_cell_below_ten_citizens_is_not_shown(
    client, caseworker, team, target_group, instrument
):
    from jobtro.belief.expectations.queries import my_meeting_forms

    today = TODAY()
    for _i in range(9):
        c = create_citizen(
            actor=None,
            municipality=team.municipality,
            birth_year=1980,
            target_group=target_group,
            enrolled_on=today - dt.timedelta(days=300),
        )
        assign_caseworker(actor=None, citizen=c, caseworker=caseworker, start_date=c.enrolled_on)
        Contact.objects.create(
            citizen=c, staff=caseworker, date=today - dt.timedelta(days=3), form="video"
        )
        rate_at(c, caseworker, 5, days_ago(1))
    assert all(
        c[k] is None
        for c in my_meeting_forms(staff=caseworker)
        for k in ("caseworker_mean", "caseworker_n", "perceived_mean", "perceived_n")
    )
    client.force_login(caseworker.user)
    page = client.get(reverse("belief:mine")).content.decode()
    section = page.split("Din tro efter mødeform (det seneste år)")[1].split(
        "Vurderinger, der skal gives"
    )[0]
    assert section.count("For få til at vise") == 4 and "5,0" not in section
    assert "ikke en effekt" in section
