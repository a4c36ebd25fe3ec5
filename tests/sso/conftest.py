"""Fixtures for single sign-on: a real SAML IdP and a real OIDC provider on loopback."""

from __future__ import annotations

import base64
from urllib.parse import urlparse

import pytest

from jobtro.organisations.models import Team

from .idp import (
    MAPPING_YAML,
    OidcProvider,
    SamlIdp,
    caseworker_person,
    leader_person,
    make_key_and_cert,
)


@pytest.fixture
def team_oest(team) -> Team:
    return Team.objects.create(municipality=team.municipality, name="Team Øst")


@pytest.fixture
def mapping_file(tmp_path):
    path = tmp_path / "rettigheder.yaml"
    path.write_text(MAPPING_YAML.replace("{issuer}", "http://oidc.invalid"), encoding="utf-8")
    return path


@pytest.fixture
def saml_idp(settings, tmp_path, team, team_oest, mapping_file):
    """pysaml2's IdP trusting Jobtro's SP, and Jobtro configured to trust it."""
    from jobtro.sso import saml

    key, cert = make_key_and_cert(tmp_path, "sp")
    idp = SamlIdp(tmp_path)
    settings.SSO_SAML_ENABLED = True
    settings.SSO_BASE_URL = "http://testserver"
    settings.SSO_SAML_KEY_FILE = key
    settings.SSO_SAML_CERT_FILE = cert
    settings.SSO_SAML_IDP_METADATA = str(idp.metadata_file)
    settings.SSO_MAPPING_FILE = str(mapping_file)
    idp.trust_sp(saml.metadata_xml())
    idp.people = {"sara": caseworker_person(), "lis": leader_person()}
    yield idp


def start_login(client, next_url: str = "/") -> str:
    """Ask Jobtro to log in; returns the query string of the signed AuthnRequest."""
    response = client.get("/sso/saml/login/", {"next": next_url})
    assert response.status_code == 302
    return urlparse(response["Location"]).query


def post_response(client, acs: str, xml: str, relay_state: str = "/"):
    encoded = base64.b64encode(xml.encode()).decode()
    return client.post(urlparse(acs).path, {"SAMLResponse": encoded, "RelayState": relay_state})


def saml_login(client, idp: SamlIdp, person, **options):
    query = start_login(client)
    acs, xml, relay_state = idp.response_xml(query, person, **options)
    return post_response(client, acs, xml, relay_state)


@pytest.fixture
def oidc_op(settings, tmp_path, team, team_oest, monkeypatch):
    """pyop's OpenID Connect provider on loopback, and Jobtro configured as its client."""
    from jobtro.sso import views_oidc

    op = OidcProvider(
        tmp_path,
        client_id="jobtro-test",
        client_secret="hemmelig-test-noegle",
        redirect_uri="http://testserver/sso/oidc/callback/",
    )
    op.http.start()
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", op.tls_cert)
    mapping = tmp_path / "rettigheder-oidc.yaml"
    mapping.write_text(MAPPING_YAML.replace("{issuer}", op.base), encoding="utf-8")
    settings.SSO_OIDC_ENABLED = True
    settings.SSO_BASE_URL = "http://testserver"
    settings.SSO_OIDC_ISSUER = op.base
    settings.SSO_OIDC_CLIENT_ID = "jobtro-test"
    settings.SSO_OIDC_CLIENT_SECRET = "hemmelig-test-noegle"
    settings.SSO_MAPPING_FILE = str(mapping)
    op.people = {"sara": caseworker_person(), "lis": leader_person()}
    views_oidc._clients.clear()
    yield op
    op.http.stop()
    views_oidc._clients.clear()


def oidc_login(client, op, who: str):
    """Jobtro → provider (which logs `who` in) → Jobtro's callback."""
    import requests

    op.current = who
    start = client.get("/sso/oidc/login/", {"next": "/"})
    assert start.status_code == 302
    at_op = requests.get(start["Location"], allow_redirects=False, timeout=10, verify=op.tls_cert)
    assert at_op.status_code == 302, at_op.text
    back = urlparse(at_op.headers["Location"])
    return client.get(back.path + "?" + back.query)
