"""The referral leaves Jobtro as a printable page and a PDF in the municipality's
layout: header, date, author and the referral's sections; never a CPR number; each
export audited."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from jobtro.core.models import AuditEvent
from jobtro.referrals import documents
from jobtro.referrals.models import ReferralVersion
from jobtro.referrals.services import create_referral

from .conftest import SECTIONS


@pytest.fixture
def referral(caseworker, citizen, consultant):
    return create_referral(author=caseworker, citizen=citizen, consultant=consultant, **SECTIONS)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_consultant_downloads_the_referral_as_a_pdf(client, consultant, referral):
    client.force_login(consultant.user)

    response = client.get(reverse("citizens:referral_pdf", args=[referral.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    today = timezone.localdate()
    assert response["Content-Disposition"] == (
        f'attachment; filename="henvisning-{referral.citizen.pseudonym.lower()}-{today.isoformat()}.pdf"'
    )
    text = " ".join(pdf_text(response.content).split())
    assert "Silkeborg Kommune" in text and "Jobcenter Silkeborg" in text
    assert "Henvisning til virksomhedskonsulent" in text
    assert today.strftime("%d.%m.%Y") in text
    assert referral.created_by.display_name in text  # the author
    for heading, body in (
        ("Ressourcer og erfaring", SECTIONS["resources"]),
        ("Det skal der til, for at borgeren lykkes", SECTIONS["success_conditions"]),
        ("Ønsker og mål", SECTIONS["wishes"]),
    ):
        assert heading in text and body in text
    assert "Side 1 af 1" in text
    event = AuditEvent.objects.get(action="practice.referral.exported")
    assert event.detail == {"format": "pdf"}
    assert event.citizen_id_ref == referral.citizen_id


def test_the_printable_page_is_audited_as_an_export(client, caseworker, referral):
    client.force_login(caseworker.user)

    response = client.get(reverse("citizens:referral_print", args=[referral.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Jobcenter Silkeborg" in page and SECTIONS["wishes"] in page
    assert "referral-print.css" in page
    assert AuditEvent.objects.get(action="practice.referral.exported").detail == {"format": "print"}


def test_a_cpr_number_in_an_older_text_never_reaches_the_pdf(client, caseworker, referral):
    # An old version written before the CPR guard: saved past the service on purpose.
    ReferralVersion.objects.create(
        referral=referral,
        number=2,
        author=caseworker,
        resources="Borgeren (CPR 010190-1234) har kørekort.",
        success_conditions=SECTIONS["success_conditions"],
        wishes=SECTIONS["wishes"],
    )
    client.force_login(caseworker.user)

    text = pdf_text(client.get(reverse("citizens:referral_pdf", args=[referral.pk])).content)
    page = client.get(reverse("citizens:referral_print", args=[referral.pk])).content.decode()

    for shown in (text, page):
        assert "010190" not in shown
        assert documents.CPR_MASK in " ".join(shown.split())


def test_the_pdf_never_fetches_from_the_network():
    with pytest.raises(ValueError, match="own static files only"):
        documents._static_only("https://example.org/logo.png")
    with pytest.raises(ValueError):
        documents._static_only(documents.PDF_BASE + "static/../../etc/passwd")


@pytest.mark.parametrize("persona", ["leader", "researcher", "external", "outsider"])
def test_nobody_else_gets_the_pdf_and_nothing_is_audited_as_exported(
    persona, request, client, referral
):
    client.force_login(request.getfixturevalue(persona).user)

    assert client.get(reverse("citizens:referral_pdf", args=[referral.pk])).status_code == 404
    assert client.get(reverse("citizens:referral_print", args=[referral.pk])).status_code == 404
    assert not AuditEvent.objects.filter(action="practice.referral.exported").exists()
