"""Company visits: who went, why, what was learned, and the follow-up."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from jobtro.companies import services
from jobtro.companies.models import Visit
from jobtro.core.models import AuditEvent


def _post(client, company, **overrides):
    data = {
        "date": timezone.localdate().isoformat(),
        "purpose": "jobfunktioner",
        "learned": "De mangler hænder til pakning om morgenen.",
        "follow_up_on": "",
        **overrides,
    }
    return client.post(reverse("companies:visit_create", args=[company.pk]), data)


def test_caseworker_logs_a_visit_with_the_company_consultant(
    client, caseworker, consultant, company
):
    client.force_login(caseworker.user)
    follow_up = timezone.localdate() + dt.timedelta(days=7)
    response = _post(
        client,
        company,
        participants=[caseworker.pk, consultant.pk],
        follow_up_on=follow_up.isoformat(),
    )
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert set(visit.participants.all()) == {caseworker, consultant}
    assert AuditEvent.objects.filter(action="companies.visit.created").exists()
    page = client.get(reverse("companies:detail", args=[company.pk])).content.decode()
    assert "De mangler hænder til pakning" in page
    # Both see it in their own visit list, with the follow-up due.
    client.force_login(consultant.user)
    mine = client.get(reverse("companies:visits")).content.decode()
    assert company.name in mine and follow_up.strftime("%d.%m.%Y") in mine


def test_a_follow_up_before_the_visit_is_refused(client, caseworker, company):
    client.force_login(caseworker.user)
    today = timezone.localdate()
    response = _post(
        client,
        company,
        participants=[caseworker.pk],
        follow_up_on=(today - dt.timedelta(days=1)).isoformat(),
    )
    assert response.status_code == 422
    assert "Opfølgningen skal ligge på eller efter besøget." in response.content.decode()
    assert not Visit.objects.exists()


def test_a_visit_in_the_future_is_refused(client, caseworker, company):
    client.force_login(caseworker.user)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = _post(client, company, participants=[caseworker.pk], date=tomorrow.isoformat())
    assert response.status_code == 422
    assert "Besøget kan ikke ligge i fremtiden." in response.content.decode()


def test_a_citizens_full_name_in_what_was_learned_is_refused(client, caseworker, company, citizen):
    client.force_login(caseworker.user)
    response = _post(
        client, company, participants=[caseworker.pk], learned="testborger ærø passer godt her."
    )
    assert response.status_code == 422
    assert "viden om virksomheden deles med alle" in response.content.decode()
    assert not Visit.objects.exists()


def test_a_visit_without_participants_is_refused(client, caseworker, company):
    client.force_login(caseworker.user)
    response = _post(client, company)
    assert response.status_code == 422
    assert "Vælg mindst én deltager." in response.content.decode()


def test_staff_from_another_municipality_cannot_be_a_participant(caseworker, outsider, company):
    with pytest.raises(ValidationError) as info:
        services.log_visit(
            author=caseworker,
            company=company,
            date=timezone.localdate(),
            purpose="opsoegende",
            learned="Godt besøg.",
            participants=[outsider],
        )
    assert "Vælg deltagere fra din egen kommune." in str(info.value)
    assert not Visit.objects.exists()


def test_my_visit_list_shows_only_visits_i_took_part_in(client, caseworker, colleague, company):
    services.log_visit(
        author=colleague, company=company, date=timezone.localdate(), purpose="opsoegende",
        learned="Bents eget besøg.", participants=[colleague],
    )  # fmt: skip
    client.force_login(caseworker.user)
    page = client.get(reverse("companies:visits")).content.decode()
    assert "Du har ikke registreret nogen virksomhedsbesøg endnu." in page


def test_leader_has_no_visit_list_of_their_own(client, leader):
    client.force_login(leader.user)
    assert client.get(reverse("companies:visits")).status_code == 404


def test_a_visit_from_my_visit_list_to_another_municipalitys_company_is_refused(
    client, caseworker, company, odder_company
):
    client.force_login(caseworker.user)
    data = {
        "company": odder_company.pk,
        "date": timezone.localdate().isoformat(),
        "participants": [caseworker.pk],
        "purpose": "jobfunktioner",
        "learned": "De mangler hænder til pakning om morgenen.",
    }

    response = client.post(reverse("companies:visit_create_any"), data)

    assert response.status_code == 422
    assert "Vælg en virksomhed fra listen." in response.content.decode()
    assert not Visit.objects.exists()
    response = client.post(reverse("companies:visit_create_any"), {**data, "company": company.pk})
    assert response.status_code == 302
    assert Visit.objects.get().company == company
