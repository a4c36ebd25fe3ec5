"""Logging in through OpenID Connect (code flow with PKCE) against pyop on loopback."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from jobtro.core.models import AuditEvent
from jobtro.organisations.models import Role
from jobtro.sso.models import SsoIdentity

from .conftest import oidc_login

pytestmark = pytest.mark.django_db


def test_the_authorisation_request_carries_a_pkce_challenge(client, oidc_op):
    response = client.get("/sso/oidc/login/")
    query = parse_qs(urlparse(response["Location"]).query)
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) >= 43
    assert query["response_type"] == ["code"]
    assert "nonce" in query and "state" in query


def test_first_oidc_login_provisions_a_leader_of_the_group_team(client, oidc_op, team):
    response = oidc_login(client, oidc_op, "lis")
    assert response.status_code == 302, response.content.decode()
    staff = SsoIdentity.objects.get(provider="oidc").staff
    assert (staff.role, staff.municipality, list(staff.teams_on())) == (
        Role.LEADER,
        team.municipality,
        [team],
    )
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(action="sso.login.succeeded").exists()


def test_a_changed_group_claim_moves_the_caseworker(client, oidc_op, team_oest):
    oidc_login(client, oidc_op, "sara")
    client.logout()
    oidc_op.people["sara"].oidc_groups = ["grp-team-oest"]
    oidc_login(client, oidc_op, "sara")
    staff = SsoIdentity.objects.get().staff
    assert team_oest in staff.teams_on()
    assert AuditEvent.objects.filter(action="sso.rights.changed").exists()


def test_an_oidc_user_without_a_jobtro_role_is_refused(client, oidc_op, django_user_model):
    oidc_op.people["sara"].oidc_roles = ["Andet.System"]
    response = oidc_login(client, oidc_op, "sara")
    assert response.status_code == 403
    assert "giver ikke adgang til Jobtro" in response.content.decode()
    assert django_user_model.objects.count() == 0


def test_a_callback_with_a_forged_state_is_refused(client, oidc_op, django_user_model):
    client.get("/sso/oidc/login/")
    response = client.get("/sso/oidc/callback/", {"code": "stjaalet", "state": "forfalsket"})
    assert response.status_code == 403
    assert "kunne ikke godkendes" in response.content.decode()
    assert AuditEvent.objects.filter(action="sso.assertion.refused").exists()
    assert django_user_model.objects.count() == 0


def test_a_code_replayed_into_another_browser_is_refused(client, oidc_op, django_user_model):
    import requests
    from django.test import Client

    oidc_op.current = "sara"
    start = client.get("/sso/oidc/login/")
    at_op = requests.get(
        start["Location"], allow_redirects=False, timeout=10, verify=oidc_op.tls_cert
    )
    back = urlparse(at_op.headers["Location"])
    # The attacker's browser has no state, nonce or code verifier for this code.
    response = Client().get(back.path + "?" + back.query)
    assert response.status_code == 403
    assert django_user_model.objects.count() == 0


def test_oidc_logout_ends_the_session_here_and_at_the_provider(client, oidc_op):
    oidc_login(client, oidc_op, "sara")
    response = client.post("/konto/log-ud/")
    assert response.status_code == 200
    assert response.context["location"].startswith(oidc_op.base + "/logout?")
    assert "id_token_hint=" in response.context["location"]
    assert client.get("/").status_code == 302
