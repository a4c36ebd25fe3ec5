"""Hostile and broken SAML responses are refused fast, with a clear Danish page, an
audit event that holds no assertion content, and no user created or changed."""

from __future__ import annotations

import base64
import datetime as dt
import re
import time
from urllib.parse import urlparse

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from jobtro.core.models import AuditEvent
from jobtro.sso.models import PendingRequest

from .conftest import post_response, saml_login, start_login
from .idp import PRIV_LEADER, caseworker_person, leader_person

pytestmark = pytest.mark.django_db

REFUSED = "Svaret fra log-in-tjenesten kunne ikke godkendes."


def assert_refused(response, *, text: str = REFUSED, users_before: int = 0) -> str:
    assert response.status_code == 403
    assert text in response.content.decode()
    event = AuditEvent.objects.filter(action="sso.assertion.refused").latest("at")
    assert get_user_model().objects.count() == users_before
    assert not AuditEvent.objects.filter(action__startswith="sso.provisioning").exists()
    return event.detail["reason"]


def test_tampered_assertion_is_refused(client, saml_idp):
    query = start_login(client)
    acs, xml, relay = saml_idp.response_xml(query, caseworker_person())
    tampered = xml.replace("Sagsen", "Hackersen")
    assert tampered != xml
    assert_refused(post_response(client, acs, tampered, relay))


def test_swapped_privileges_in_a_signed_assertion_are_refused(client, saml_idp):
    query = start_login(client)
    acs, xml, relay = saml_idp.response_xml(query, caseworker_person())
    tampered = xml.replace(caseworker_person().privileges, leader_person().privileges)
    assert tampered != xml
    assert_refused(post_response(client, acs, tampered, relay))


def test_expired_assertion_is_refused(client, saml_idp):
    response = saml_login(client, saml_idp, caseworker_person(), lifetime_minutes=-10)
    assert_refused(response)


def test_unsigned_assertion_is_refused(client, saml_idp):
    response = saml_login(client, saml_idp, caseworker_person(), sign_assertion=False)
    assert_refused(response)


def test_replayed_assertion_is_refused_even_while_its_request_is_open(client, saml_idp):
    from django.test import Client

    query = start_login(client)
    request_id = PendingRequest.objects.get().request_id
    acs, xml, relay = saml_idp.response_xml(query, caseworker_person())
    assert post_response(client, acs, xml, relay).status_code == 302
    # A second app process that has not yet seen the request used up: only the
    # assertion id remembered in the database stops the replay.
    PendingRequest.objects.create(
        request_id=request_id, expires_at=timezone.now() + dt.timedelta(minutes=5)
    )
    replay = post_response(Client(), acs, xml, relay)
    assert replay.status_code == 403
    assert "allerede brugt" in replay.content.decode()
    reason = AuditEvent.objects.get(action="sso.assertion.refused").detail["reason"]
    assert reason == "replayed"


def test_a_response_to_no_request_of_ours_is_refused(client, saml_idp):
    query = start_login(client)
    acs, xml, relay = saml_idp.response_xml(query, caseworker_person())
    PendingRequest.objects.all().delete()
    assert_refused(post_response(client, acs, xml, relay))


def test_wrong_audience_is_refused(client, saml_idp):
    response = saml_login(
        client, saml_idp, caseworker_person(), audience="https://andet-system.example/sp"
    )
    assert_refused(response)


def test_wrong_recipient_is_refused(client, saml_idp):
    query = start_login(client)
    acs, xml, relay = saml_idp.response_xml(
        query, caseworker_person(), destination="https://andet-system.example/acs"
    )
    assert urlparse(acs).netloc == "andet-system.example"
    # Posted to Jobtro's own ACS all the same: the Destination does not match it.
    assert_refused(post_response(client, "http://testserver/sso/saml/acs/", xml, relay))


def _assertion(xml: str) -> str:
    return re.search(r"<(\w+:)?Assertion\b.*</(\w+:)?Assertion>", xml, re.S).group(0)


def test_signature_wrapping_with_an_evil_assertion_first_is_refused(client, saml_idp):
    query = start_login(client)
    acs, xml, relay = saml_idp.response_xml(query, caseworker_person())
    signed = _assertion(xml)
    evil = re.sub(r'ID="[^"]+"', 'ID="_evil"', signed, count=1)
    evil = re.sub(r"<ds:Signature.*</ds:Signature>", "", evil, flags=re.S)
    evil = evil.replace(caseworker_person().privileges, leader_person().privileges)
    wrapped = xml.replace(signed, evil + signed)
    assert_refused(post_response(client, acs, wrapped, relay))


def test_signature_wrapping_inside_the_signature_is_refused(client, saml_idp):
    query = start_login(client)
    acs, xml, relay = saml_idp.response_xml(query, caseworker_person())
    signed = _assertion(xml)
    evil = re.sub(r'ID="[^"]+"', 'ID="_evil"', signed, count=1)
    evil = re.sub(r"<ds:Signature.*</ds:Signature>", "", evil, flags=re.S)
    evil = evil.replace(caseworker_person().privileges, leader_person().privileges)
    # The signed original hidden in the evil assertion's ds:Object.
    hidden = evil.replace(
        "</saml:Issuer>",
        "</saml:Issuer><ds:Signature xmlns:ds='http://www.w3.org/2000/09/xmldsig#'>"
        f"<ds:Object>{signed}</ds:Object></ds:Signature>",
        1,
    )
    wrapped = xml.replace(signed, hidden)
    assert_refused(post_response(client, acs, wrapped, relay))


def test_a_huge_document_is_refused_before_parsing(client, saml_idp):
    start_login(client)
    huge = base64.b64encode(b"<samlp:Response>" + b"A" * 400_000 + b"</samlp:Response>").decode()
    started = time.perf_counter()
    response = client.post("/sso/saml/acs/", {"SAMLResponse": huge})
    assert time.perf_counter() - started < 1.0
    reason = assert_refused(response, text="Svaret fra log-in-tjenesten er for stort.")
    assert reason == "too_large"


BOMB = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10)
    )
    + ']><samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">&lol9;</samlp:Response>'
)
XXE = (
    '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">&x;</samlp:Response>'
)


@pytest.mark.parametrize("document", [BOMB, XXE], ids=["entity-expansion", "external-entity"])
def test_entity_tricks_are_refused_fast(client, saml_idp, document):
    start_login(client)
    started = time.perf_counter()
    response = client.post(
        "/sso/saml/acs/", {"SAMLResponse": base64.b64encode(document.encode()).decode()}
    )
    assert time.perf_counter() - started < 2.0
    reason = assert_refused(response)
    assert "root:" not in str(AuditEvent.objects.values_list("detail", flat=True)[::1])
    assert reason in {"DTDForbidden", "EntitiesForbidden", "ExternalReferenceForbidden"}


def test_not_base64_is_refused(client, saml_idp):
    assert_refused(client.post("/sso/saml/acs/", {"SAMLResponse": "<<<ikke base64>>>"}))


def test_entity_bomb_inside_the_signed_privileges_is_refused(client, saml_idp):
    person = caseworker_person()
    person.privileges = base64.b64encode(
        BOMB.replace("samlp:Response", "PrivilegeList").encode()
    ).decode()
    assert_refused(saml_login(client, saml_idp, person))


def test_the_audit_event_holds_no_assertion_content(client, saml_idp):
    query = start_login(client)
    acs, xml, relay = saml_idp.response_xml(query, caseworker_person())
    post_response(client, acs, xml.replace("Sagsen", "Hackersen"), relay)
    detail = str(AuditEvent.objects.get(action="sso.assertion.refused").detail)
    assert "Sagsen" not in detail and "Hackersen" not in detail and PRIV_LEADER not in detail


def test_a_login_below_the_required_assurance_level_is_refused(client, saml_idp):
    person = caseworker_person()
    person.loa = "Low"
    reason = assert_refused(saml_login(client, saml_idp, person))
    assert reason == "loa_too_low"


def test_a_refused_assertion_writes_no_personal_data_to_the_server_log(
    client, saml_idp, caplog, capfd
):
    import logging

    caplog.set_level(logging.DEBUG)
    query = start_login(client)
    acs, xml, relay = saml_idp.response_xml(query, caseworker_person())
    post_response(client, acs, xml.replace("Sagsen", "Hackersen"), relay)
    # Python's own "--- Logging error ---" report (a handler left on a stream an earlier
    # test closed) prints the test's source lines; it is not the server's log.
    printed = "".join(capfd.readouterr())
    printed = re.sub(r"--- Logging error ---.*?Arguments: [^\n]*\n", "", printed, flags=re.S)
    logged = caplog.text + printed
    for secret in ("Sagsen", "Hackersen", "sara.sagsen", caseworker_person().privileges[:40]):
        assert secret not in logged


def test_an_unencrypted_assertion_is_refused_when_encryption_is_required(
    client, saml_idp, settings
):
    settings.SSO_SAML_REQUIRE_ENCRYPTION = True
    reason = assert_refused(saml_login(client, saml_idp, caseworker_person()))
    assert reason == "not_encrypted"
    from django.test import Client

    encrypted = saml_login(Client(), saml_idp, caseworker_person(), encrypt=True)
    assert encrypted.status_code == 302


def test_two_signed_assertions_in_one_response_are_refused(client, saml_idp):
    first_acs, first, relay = saml_idp.response_xml(start_login(client), caseworker_person())
    _acs, second, _relay = saml_idp.response_xml(start_login(client), leader_person())
    doubled = first.replace(_assertion(first), _assertion(first) + _assertion(second))
    assert_refused(post_response(client, first_acs, doubled, relay))
