"""External partners: an account the administrator creates, a referral by the citizen's
caseworker, their own list of referred citizens, and ratings with rater_type external.
A partner never opens a citizen who was not referred to them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from jobtro.belief import services
from jobtro.belief.expectations.services import refer_to_partner
from jobtro.belief.models import Rating
from jobtro.citizens.models import Action, ActionKind
from jobtro.citizens.services import assign_caseworker, create_citizen
from jobtro.core.models import AuditEvent
from jobtro.organisations.models import Role, Staff
from tests.conftest import DAY0


@pytest.fixture
def other_citizen(caseworker, target_group):
    c = create_citizen(
        actor=None,
        municipality=caseworker.municipality,
        birth_year=1990,
        target_group=target_group,
        enrolled_on=DAY0,
    )
    assign_caseworker(actor=None, citizen=c, caseworker=caseworker, start_date=DAY0)
    return c


@pytest.fixture
def running_action(other_citizen):
    kind = ActionKind.objects.get_or_create(code="mentor", defaults={"name": "Mentor"})[0]
    return Action.objects.create(citizen=other_citizen, kind=kind, start_date=DAY0)


def test_the_partner_rates_a_referred_citizen_as_an_external_rater(
    client, external, referred_citizen, instrument
):
    client.force_login(external.user)
    response = client.post(
        reverse("belief:rate", args=[referred_citizen.pk]),
        {"item_belief_job_1y": "4", "context": "routine", "idempotency_key": "p1"},
    )
    assert response.status_code == 302
    rating = Rating.objects.get()
    assert (rating.rater_type, rating.rater_id, rating.value) == ("external", external.pk, 4)


def test_the_partner_lists_only_their_referred_citizens(
    client, external, referred_citizen, other_citizen, instrument
):
    services.record_rating(citizen=referred_citizen, rater=external, item="belief_job_1y", value=3)
    client.force_login(external.user)
    page = client.get(reverse("belief:partner")).content.decode()
    assert referred_citizen.pseudonym in page and other_citizen.pseudonym not in page
    assert "Mentor" in page and "3 · " in page
    assert AuditEvent.objects.filter(action="belief.partner.listed").count() == 1


def test_a_partner_opening_a_citizen_not_referred_to_them_gets_404(
    client, external, referred_citizen, other_citizen, instrument
):
    client.force_login(external.user)
    for name in ("citizens:detail", "belief:rate"):
        assert client.get(reverse(name, args=[other_citizen.pk])).status_code == 404
    response = client.post(
        reverse("belief:rate", args=[other_citizen.pk]),
        {"item_belief_job_1y": "4", "context": "routine"},
    )
    assert response.status_code == 404
    assert not Rating.objects.exists()


def test_the_caseworker_refers_a_running_action_and_the_partner_then_sees_the_citizen(
    client, caseworker, external, other_citizen, running_action, instrument
):
    client.force_login(caseworker.user)
    page = client.get(reverse("citizens:detail", args=[other_citizen.pk])).content.decode()
    assert "Henvis en indsats til en ekstern samarbejdspartner" in page
    response = client.post(
        reverse("belief:refer_partner", args=[other_citizen.pk]),
        {"action": running_action.pk, "partner": external.pk},
    )
    assert response.status_code == 302
    running_action.refresh_from_db()
    assert running_action.provider_staff == external
    assert running_action.provider == "external"
    assert AuditEvent.objects.filter(action="citizens.action.referred_to_partner").exists()
    client.force_login(external.user)
    assert client.get(reverse("citizens:detail", args=[other_citizen.pk])).status_code == 200


def test_a_referral_with_a_bad_choice_gets_a_danish_message_and_changes_nothing(
    client, caseworker, leader, other_citizen, running_action, instrument
):
    client.force_login(caseworker.user)
    url = reverse("belief:refer_partner", args=[other_citizen.pk])
    # The leader is no external partner.
    response = client.post(url, {"action": running_action.pk, "partner": leader.pk}, follow=True)
    assert "Vælg en samarbejdspartner fra listen." in response.content.decode()
    response = client.post(url, {"partner": ""}, follow=True)
    assert "Vælg en indsats." in response.content.decode()
    running_action.refresh_from_db()
    assert running_action.provider_staff is None


def test_a_finished_action_cannot_be_referred(caseworker, external, running_action):
    from django.core.exceptions import ValidationError

    Action.objects.filter(pk=running_action.pk).update(end_date=DAY0 + dt.timedelta(days=10))
    running_action.refresh_from_db()
    with pytest.raises(ValidationError, match="afsluttet"):
        refer_to_partner(action=running_action, partner=external, staff=caseworker)


def test_a_colleague_cannot_refer_someone_elses_citizen(
    client, colleague, external, other_citizen, running_action
):
    client.force_login(colleague.user)
    response = client.post(
        reverse("belief:refer_partner", args=[other_citizen.pk]),
        {"action": running_action.pk, "partner": external.pk},
    )
    assert response.status_code == 404


def test_the_administrator_creates_an_external_partner_account(client, administrator, team):
    client.force_login(administrator.user)
    url = reverse("organisations:staff_create")
    data = {
        "username": "mentor1",
        "first_name": "Mia",
        "last_name": "Opdigtsen",
        "role": "external",
        "password": "Et-langt-kodeord-2026",
    }
    missing = client.post(url, {**data, "team": team.pk})
    html = missing.content.decode()
    assert missing.status_code == 422
    assert "Skriv navnet på den eksterne samarbejdspartners organisation." in html
    assert "En ekstern samarbejdspartner er ikke med i et team." in html
    assert not Staff.objects.filter(user__username="mentor1").exists()
    wrong = client.post(url, {**data, "role": "leader", "organisation": "Mentorhuset"})
    assert "Organisation udfyldes kun for eksterne samarbejdspartnere." in wrong.content.decode()
    good = client.post(url, {**data, "organisation": "Mentorhuset ApS"})
    assert good.status_code == 302
    staff = Staff.objects.get(user__username="mentor1")
    assert (staff.role, staff.organisation) == (Role.EXTERNAL, "Mentorhuset ApS")
    assert staff.municipality == administrator.municipality
    assert not staff.memberships.exists()
    assert "Mentorhuset ApS" in client.get(reverse("organisations:staff_list")).content.decode()


def test_the_export_gives_partners_their_own_ids_outside_the_staff_table(
    tmp_path, caseworker, external, referred_citizen, instrument
):
    from jobtro.analysis.io import load_folder
    from jobtro.research.exports import export_research

    services.record_rating(
        citizen=referred_citizen, rater=caseworker, item="belief_job_1y", value=2
    )
    services.record_rating(citizen=referred_citizen, rater=external, item="belief_job_1y", value=3)
    export_research(out=tmp_path / "x")
    data = load_folder(tmp_path / "x")
    ext = data.ratings[data.ratings["rater_type"] == "external"]
    assert len(ext) == 1 and ext["rater_id"].iloc[0].startswith("x")
    assert not set(ext["rater_id"]) & set(data.staff["staff_id"])
