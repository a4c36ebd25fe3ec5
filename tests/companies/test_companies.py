"""Companies: CVR validation, one record per municipality shared by its teams, notes
that are never lost, and strangers who get a 404."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jobtro.companies import services
from jobtro.companies.models import Company, CompanyNote, cvr_is_valid
from jobtro.core.appendonly import AppendOnlyError
from jobtro.core.models import AuditEvent

from .conftest import VALID_CVR


@pytest.mark.parametrize(
    ("cvr", "valid"),
    [
        ("10150817", True),  # 2+0+6+25+0+24+2+7 = 66 = 6·11
        ("10150818", False),  # one more: 67
        ("25313763", True),  # 4+35+18+5+12+21+12+3 = 110 = 10·11
        ("1015081", False),  # seven digits
        ("1015081x", False),
        ("00000000", False),  # a CVR number never starts with 0
    ],
)
def test_cvr_number_is_eight_digits_with_a_modulus_11_check(cvr, valid):
    assert cvr_is_valid(cvr) is valid


def test_caseworker_registers_a_company_with_spaces_in_the_cvr_number(client, caseworker):
    client.force_login(caseworker.user)
    response = client.post(
        reverse("companies:create"),
        {"name": "Demo Kantine", "cvr": "DK 10 15 08 17", "postal_code": "8600"},
    )
    company = Company.objects.get()
    assert response.status_code == 302
    assert company.cvr == VALID_CVR
    assert company.municipality == caseworker.municipality
    assert AuditEvent.objects.filter(action="companies.company.created").count() == 1


def test_an_invalid_cvr_number_is_refused_with_a_danish_message(client, caseworker):
    client.force_login(caseworker.user)
    response = client.post(reverse("companies:create"), {"name": "Demo", "cvr": "10150818"})
    assert response.status_code == 422
    assert "kontrolcifferet passer ikke" in response.content.decode()
    assert not Company.objects.exists()


def test_a_company_without_a_name_is_refused(client, caseworker):
    client.force_login(caseworker.user)
    response = client.post(reverse("companies:create"), {"name": "", "cvr": ""})
    assert response.status_code == 422
    assert "Skriv virksomhedens navn." in response.content.decode()


def test_the_same_cvr_number_twice_in_one_municipality_is_refused(company, colleague):
    with pytest.raises(ValidationError) as info:
        services.create_company(actor=colleague, name="Kopi", cvr=VALID_CVR)
    assert "allerede registreret for Demo Lager ApS" in str(info.value)


def test_another_municipality_may_register_the_same_cvr_number(company, outsider):
    other = services.create_company(actor=outsider, name="Demo Lager ApS", cvr=VALID_CVR)
    assert other.municipality != company.municipality


def test_colleague_in_the_team_sees_and_edits_the_shared_company(client, colleague, company):
    client.force_login(colleague.user)
    assert "Demo Lager ApS" in client.get(reverse("companies:list")).content.decode()
    response = client.post(
        reverse("companies:edit", args=[company.pk]),
        {"name": "Demo Lager og Logistik ApS", "cvr": VALID_CVR, "industry": "Lager"},
    )
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.name == "Demo Lager og Logistik ApS"
    event = AuditEvent.objects.get(action="companies.company.updated")
    # Nothing is lost: the audit log keeps the earlier value.
    assert event.detail["changed"]["name"] == ["Demo Lager ApS", "Demo Lager og Logistik ApS"]


def test_outsider_from_another_municipality_gets_404_for_the_company(client, outsider, company):
    client.force_login(outsider.user)
    assert client.get(reverse("companies:detail", args=[company.pk])).status_code == 404
    assert "Demo Lager" not in client.get(reverse("companies:list")).content.decode()
    response = client.post(reverse("companies:edit", args=[company.pk]), {"name": "Overtaget"})
    assert response.status_code == 404
    company.refresh_from_db()
    assert company.name == "Demo Lager ApS"


def test_leader_reads_the_company_but_cannot_change_it(client, leader, company):
    client.force_login(leader.user)
    page = client.get(reverse("companies:detail", args=[company.pk]))
    assert page.status_code == 200
    assert "Ret virksomhed" not in page.content.decode()
    assert client.get(reverse("companies:edit", args=[company.pk])).status_code == 404


def test_researcher_and_external_partner_see_no_companies(client, researcher, external, company):
    for person in (researcher, external):
        client.force_login(person.user)
        assert client.get(reverse("companies:list")).status_code == 404
        assert client.get(reverse("companies:detail", args=[company.pk])).status_code == 404


def test_job_function_needs_at_least_one_task(client, caseworker, company):
    client.force_login(caseworker.user)
    response = client.post(
        reverse("companies:function_create", args=[company.pk]),
        {"title": "Lagermedarbejder", "task_tags": " , "},
    )
    assert response.status_code == 422
    assert "Skriv mindst én opgave som stikord" in response.content.decode()
    assert not company.functions.exists()


def test_job_function_keeps_tasks_as_tags_and_the_strengths_that_help(client, caseworker, company):
    client.force_login(caseworker.user)
    response = client.post(
        reverse("companies:function_create", args=[company.pk]),
        {
            "title": "Køkkenhjælp",
            "task_tags": "Opvask, anretning,  opvask",
            "strength_keys": ["reliable", "team_player"],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    function = company.functions.get()
    assert function.task_tags == ["opvask", "anretning"]
    assert function.strength_keys == ["reliable", "team_player"]
    page = client.get(reverse("companies:detail", args=[company.pk])).content.decode()
    assert "Køkkenhjælp" in page and "anretning" in page


def test_contact_person_with_a_bad_email_is_refused(client, caseworker, company):
    client.force_login(caseworker.user)
    response = client.post(
        reverse("companies:contact_create", args=[company.pk]),
        {"name": "Kim", "email": "ikke-en-adresse"},
    )
    assert response.status_code == 422
    assert "Skriv en gyldig e-mailadresse." in response.content.decode()


def test_notes_about_the_workplace_are_dated_signed_and_never_changed(client, caseworker, company):
    client.force_login(caseworker.user)
    client.post(
        reverse("companies:note_create", args=[company.pk]),
        {"topic": "kultur", "text": "Uformel tone og fælles morgenmad."},
    )
    client.post(
        reverse("companies:note_create", args=[company.pk]),
        {"topic": "kultur", "text": "Ny leder; mere struktur end før."},
    )
    notes = list(company.notes.all())
    assert [n.text for n in notes] == [
        "Ny leder; mere struktur end før.",
        "Uformel tone og fælles morgenmad.",
    ]
    assert notes[0].author == caseworker and notes[0].team is not None
    with pytest.raises(AppendOnlyError):
        notes[0].save()
    with pytest.raises(AppendOnlyError):
        CompanyNote.objects.all().delete()


def test_a_note_with_a_cpr_number_is_refused(client, caseworker, company):
    client.force_login(caseworker.user)
    response = client.post(
        reverse("companies:note_create", args=[company.pk]),
        {"topic": "andet", "text": "Spurgte til 010190-1234 i går."},
    )
    assert response.status_code == 422
    assert "CPR-nummer" in response.content.decode()
    assert not company.notes.exists()
