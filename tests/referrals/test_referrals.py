"""Henvisning til virksomhedskonsulent: written by the citizen's caseworker, read by
the consultant it is addressed to, versioned, audited, and never with a CPR number."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jobtro.core.models import AuditEvent
from jobtro.referrals.models import ImmutableError, Referral, ReferralVersion
from jobtro.referrals.services import create_referral, revise_referral

from .conftest import SECTIONS


@pytest.fixture
def referral(caseworker, citizen, consultant):
    return create_referral(author=caseworker, citizen=citizen, consultant=consultant, **SECTIONS)


def test_the_caseworker_writes_a_referral_from_the_citizen_page(
    client, caseworker, citizen, consultant
):
    client.force_login(caseworker.user)
    page = client.get(reverse("citizens:detail", args=[citizen.pk])).content.decode()
    assert "Henvisning til virksomhedskonsulent" in page
    form = client.get(reverse("citizens:referral_create", args=[citizen.pk])).content.decode()
    for heading in (
        "Ressourcer og erfaring",
        "Det skal der til, for at borgeren lykkes",
        "Ønsker og mål",
    ):
        assert heading in form
    assert "Skånebehov" not in form
    assert form.count("hx-post") == 3
    response = client.post(
        reverse("citizens:referral_create", args=[citizen.pk]),
        {"consultant": consultant.pk, **SECTIONS},
    )
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("citizens:referral_detail", args=[referral.pk])
    assert referral.versions.get().number == 1
    event = AuditEvent.objects.get(action="practice.referral.created")
    assert event.citizen_id_ref == citizen.pk
    page = client.get(reverse("citizens:detail", args=[citizen.pk])).content.decode()
    assert reverse("citizens:referral_detail", args=[referral.pk]) in page


def test_an_edit_is_a_new_version_and_the_old_stays(client, caseworker, referral):
    client.force_login(caseworker.user)
    url = reverse("citizens:referral_edit", args=[referral.pk])
    changed = {**SECTIONS, "resources": "Har vist, at hun kan møde stabilt."}
    assert client.post(url, changed).status_code == 302
    versions = list(referral.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].resources == SECTIONS["resources"]
    assert versions[1].resources == changed["resources"]
    html = client.get(reverse("citizens:referral_detail", args=[referral.pk])).content.decode()
    assert "Tidligere versioner" in html and SECTIONS["resources"] in html
    assert AuditEvent.objects.filter(action="practice.referral.revised").count() == 1


def test_an_unchanged_edit_is_not_a_new_version(caseworker, referral):
    with pytest.raises(ValidationError):
        revise_referral(author=caseworker, referral=referral, **SECTIONS)
    assert referral.versions.count() == 1


def test_a_saved_version_is_never_changed(referral):
    version = referral.versions.get()
    version.resources = "ændret"
    with pytest.raises(ImmutableError):
        version.save()


def test_a_cpr_number_is_refused_and_nothing_is_saved(client, caseworker, citizen, consultant):
    client.force_login(caseworker.user)
    response = client.post(
        reverse("citizens:referral_create", args=[citizen.pk]),
        {"consultant": consultant.pk, **SECTIONS, "wishes": "Borger 010190-1234 ønsker job."},
    )
    assert response.status_code == 422
    assert "CPR-nummer" in response.content.decode()
    assert Referral.objects.count() == ReferralVersion.objects.count() == 0
    assert not AuditEvent.objects.filter(action="practice.referral.created").exists()


def test_a_cpr_number_in_an_edit_keeps_the_old_version(client, caseworker, referral):
    client.force_login(caseworker.user)
    url = reverse("citizens:referral_edit", args=[referral.pk])
    response = client.post(url, {**SECTIONS, "resources": "CPR 0101901234"})
    assert response.status_code == 422
    assert referral.versions.count() == 1


def test_the_service_refuses_a_consultant_from_another_municipality(
    caseworker, citizen, odder_consultant
):
    with pytest.raises(ValidationError):
        create_referral(author=caseworker, citizen=citizen, consultant=odder_consultant, **SECTIONS)
    assert Referral.objects.count() == 0


def test_the_consultant_reads_the_referral_addressed_to_them(client, consultant, referral):
    client.force_login(consultant.user)
    inbox = client.get(reverse("citizens:referrals")).content.decode()
    assert reverse("citizens:referral_detail", args=[referral.pk]) in inbox
    html = client.get(reverse("citizens:referral_detail", args=[referral.pk])).content.decode()
    assert SECTIONS["resources"] in html
    assert "Ret henvisningen" not in html
    assert client.get(reverse("citizens:referral_edit", args=[referral.pk])).status_code == 404
    assert AuditEvent.objects.filter(action="practice.referral.viewed").exists()


@pytest.mark.parametrize(
    "who", ["colleague", "leader", "researcher", "administrator", "external", "outsider"]
)
def test_everyone_else_gets_404(client, personas, referral, citizen, who):
    client.force_login(getattr(personas, who).user)
    for url in (
        reverse("citizens:referral_detail", args=[referral.pk]),
        reverse("citizens:referral_edit", args=[referral.pk]),
        reverse("citizens:referral_create", args=[citizen.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_a_former_caseworker_no_longer_writes(caseworker, colleague, citizen, referral):
    import datetime as dt

    from jobtro.citizens.services import assign_caseworker

    assign_caseworker(actor=None, citizen=citizen, caseworker=colleague, start_date=dt.date.today())
    with pytest.raises(ValidationError):
        revise_referral(author=caseworker, referral=referral, **{**SECTIONS, "wishes": "Nyt."})
    assert not Referral.objects.visible_to(caseworker.user).exists()
    assert Referral.objects.visible_to(colleague.user).get() == referral


def test_a_leader_sees_no_referral_block_on_the_citizen_page(client, leader, referral, citizen):
    client.force_login(leader.user)
    html = client.get(reverse("citizens:detail", args=[citizen.pk])).content.decode()
    assert "Henvisning til virksomhedskonsulent" not in html


def test_without_a_consultant_in_the_municipality_the_form_says_so(client, caseworker, citizen):
    client.force_login(caseworker.user)
    html = client.get(reverse("citizens:referral_create", args=[citizen.pk])).content.decode()
    assert "Der er ingen virksomhedskonsulent i kommunen endnu" in html
