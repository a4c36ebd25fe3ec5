"""Fixtures for single sign-on: a real SAML IdP and a real OIDC provider on loopback."""

from __future__ import annotations

import base64
from urllib.parse import urlparse

import pytest

from jobtro.organisations.models import Team

from .idp import MAPPING_YAML, OidcProvider, SamlIdp, caseworker_person, leader_person, make_key_and_cert


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
