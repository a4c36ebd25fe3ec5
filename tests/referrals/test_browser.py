"""In a real browser: the company consultant opens a referral, prints it in the job
centre's layout (the toolbar is not printed) and downloads it as a PDF; every page
passes axe and both exports are audited."""

from __future__ import annotations

import pytest

from jobtro.core.models import AuditEvent
from jobtro.referrals.services import create_referral
from tests.browser.test_pages import log_in
from tests.browser_fixtures import axe_violations

from .conftest import SECTIONS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_consultant_prints_the_referral_and_downloads_it_as_pdf(
    page, live_server, caseworker, citizen, consultant
):
    referral = create_referral(
        author=caseworker, citizen=citizen, consultant=consultant, **SECTIONS
    )
    log_in(page, live_server, "vera")
    page.goto(f"{live_server.url}/borgere/henvisninger/{referral.pk}/")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Udskriv").click()
    page.get_by_role("heading", name="Henvisning til virksomhedskonsulent").wait_for()
    assert page.get_by_text("Jobcenter Silkeborg").is_visible()
    assert page.get_by_text(SECTIONS["success_conditions"]).is_visible()
    assert axe_violations(page) == []
    page.emulate_media(media="print")
    assert not page.get_by_role("button", name="Udskriv").is_visible()
    assert page.get_by_text(SECTIONS["wishes"]).is_visible()
    page.emulate_media(media="screen")

    with page.expect_download() as download:
        page.get_by_role("link", name="Hent som PDF").click()
    assert download.value.suggested_filename.startswith("henvisning-")
    assert download.value.suggested_filename.endswith(".pdf")
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    formats = AuditEvent.objects.filter(action="practice.referral.exported").values_list(
        "detail__format", flat=True
    )
    assert sorted(formats) == ["pdf", "print"]
