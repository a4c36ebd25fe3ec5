"""Local accounts: TOTP for administrators who log in with a password, and a switch
that turns password login off so single sign-on is the only way in."""

from __future__ import annotations

import time

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from jobtro.core.models import AuditEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _totp_on(settings):
    settings.ADMIN_TOTP_REQUIRED = True
    settings.AXES_ENABLED = False


def password_login(client, username):
    return client.post("/konto/log-ind/", {"username": username, "password": PASSWORD})


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_administrator_must_enrol_and_give_a_totp_code_after_the_password(client, administrator):
    password_login(client, "adam")
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sso/totp/")
    page = client.get("/sso/totp/")
    assert "godkendelsesapp" in page.content.decode()
    device = TOTPDevice.objects.get(user=administrator.user)
    assert not device.confirmed

    wrong = client.post(
        "/sso/totp/", {"token": "000000" if code_for(device) != "000000" else "111111"}
    )
    assert wrong.status_code == 422
    assert "Koden passer ikke" in wrong.content.decode()

    # django-otp throttles after a wrong code: even the right one waits a second.
    assert client.post("/sso/totp/", {"token": code_for(device)}).status_code == 422
    time.sleep(2.1)
    ok = client.post("/sso/totp/?next=/", {"token": code_for(device)})
    assert ok.status_code == 302 and ok["Location"] == "/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"sso.totp.failed", "sso.totp.enrolled", "sso.totp.verified"} <= actions


def test_a_malformed_code_gets_a_danish_message(client, administrator):
    password_login(client, "adam")
    response = client.post("/sso/totp/", {"token": "12ab"})
    assert response.status_code == 422
    assert "Koden er seks cifre." in response.content.decode()


def test_caseworker_is_not_asked_for_a_code(client, caseworker):
    password_login(client, "anna")
    assert client.get("/").status_code == 200


def test_with_local_login_off_the_password_page_leads_to_sso(client, settings, caseworker):
    settings.LOCAL_LOGIN_ENABLED = False
    settings.SSO_SAML_ENABLED = True
    response = client.get("/konto/log-ind/?next=/borgere/")
    assert response.status_code == 302
    assert response["Location"] == "/sso/?next=%2Fborgere%2F"
    assert "Log ind med kommunens login" in client.get("/sso/").content.decode()
    refused = password_login(client, "anna")
    assert refused.status_code == 403
    assert client.get("/").status_code == 302  # not logged in
    assert (
        client.post("/admin/login/", {"username": "anna", "password": PASSWORD}).status_code == 403
    )
