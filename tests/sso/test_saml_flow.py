"""Logging in through SAML (OIOSAML 3) against pysaml2's own IdP: provisioning, rights
changes, rights removed, and single logout at both ends."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jobtro.core.models import AuditEvent
from jobtro.organisations.models import Role, Staff, TeamMembership
from jobtro.sso.models import SsoIdentity

from .conftest import saml_login
from .idp import CVR, ORG_OEST, PRIV_OTHER_SYSTEM, bpp, caseworker_person, leader_person

pytestmark = pytest.mark.django_db


def test_first_login_provisions_a_caseworker_in_the_team_of_the_org_unit(client, saml_idp, team):
    response = saml_login(client, saml_idp, caseworker_person())
    assert response.status_code == 302
    assert response["Location"] == "/"
    staff = SsoIdentity.objects.get().staff
    assert staff.role == Role.CASEWORKER
    assert staff.municipality == team.municipality
    assert list(staff.teams_on()) == [team]
    assert staff.user.first_name == "Sara"
    assert not staff.user.has_usable_password()
    assert client.get("/").status_code == 200
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"sso.provisioning.created", "sso.login.succeeded", "sso.mapping.changed"} <= actions


def test_leader_of_a_team_is_provisioned_as_leader_of_that_team(client, saml_idp, team):
    saml_login(client, saml_idp, leader_person())
    staff = SsoIdentity.objects.get().staff
    assert (staff.role, list(staff.teams_on())) == (Role.LEADER, [team])


def test_sso_leader_sees_what_a_local_leader_of_the_team_sees(client, saml_idp, leader, citizen):
    client.force_login(leader.user)
    local = client.get("/borgere/")
    client.logout()
    saml_login(client, saml_idp, leader_person())
    sso = client.get("/borgere/")
    assert sso.status_code == local.status_code == 200
    assert ("Testborger Ærø" in sso.content.decode()) == (
        "Testborger Ærø" in local.content.decode()
    )
    for url in (f"/borgere/{citizen.pk}/", "/organisation/teams/", "/organisation/medarbejdere/"):
        client.force_login(leader.user)
        local_status = client.get(url).status_code
        client.logout()
        saml_login(client, saml_idp, leader_person())
        assert client.get(url).status_code == local_status


def test_a_changed_claim_changes_the_team_and_the_role_at_the_next_login(
    client, saml_idp, team, team_oest
):
    saml_login(client, saml_idp, caseworker_person())
    client.logout()
    # The first login was a week ago (a same-day move keeps both teams for that day,
    # as organisations.add_membership does for every move).
    TeamMembership.objects.update(start_date=timezone.localdate() - dt.timedelta(days=7))
    saml_login(client, saml_idp, caseworker_person(team_unit=ORG_OEST))
    staff = SsoIdentity.objects.get().staff
    assert list(staff.teams_on()) == [team_oest]
    assert staff.memberships.count() == 2  # the old membership is ended, not removed
    changed = AuditEvent.objects.get(action="sso.rights.changed")
    assert changed.detail["from"]["team"] == "Team Nord"
    assert changed.detail["to"]["team"] == "Team Øst"

    client.logout()
    TeamMembership.objects.filter(end_date__isnull=True).update(
        start_date=timezone.localdate() - dt.timedelta(days=3)
    )
    promoted = caseworker_person()
    promoted.privileges = leader_person().privileges
    saml_login(client, saml_idp, promoted)
    staff.refresh_from_db()
    assert staff.role == Role.LEADER
    assert staff.function == ""
    assert list(staff.teams_on()) == [team]


def test_a_removed_right_blocks_access_and_ends_the_open_session(
    client, saml_idp, django_user_model
):
    from django.test import Client

    saml_login(client, saml_idp, caseworker_person())
    assert client.get("/").status_code == 200
    staff = SsoIdentity.objects.get().staff

    stripped = caseworker_person()
    stripped.privileges = bpp((CVR, [], [PRIV_OTHER_SYSTEM]))
    other_browser = Client()
    response = saml_login(other_browser, saml_idp, stripped)
    assert response.status_code == 403
    assert "giver ikke adgang til Jobtro" in response.content.decode()
    staff.refresh_from_db()
    assert not staff.is_active and not staff.user.is_active
    assert Staff.objects.filter(pk=staff.pk).exists()  # nothing the person wrote is lost
    # The first browser's session ends at its next request.
    assert client.get("/").status_code == 302
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"sso.provisioning.deactivated", "sso.login.refused"} <= actions

    # The right given back: the same staff record is active again.
    saml_login(other_browser, saml_idp, caseworker_person())
    staff.refresh_from_db()
    assert staff.is_active
    assert AuditEvent.objects.filter(action="sso.provisioning.reactivated").exists()


def test_sso_session_ends_when_its_time_is_up(client, saml_idp):
    saml_login(client, saml_idp, caseworker_person())
    session = client.session
    session["sso_expires_at"] = "2000-01-01T00:00:00+00:00"
    session.save()
    response = client.get("/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302
    assert AuditEvent.objects.filter(action="sso.session.ended").exists()


def test_logout_ends_the_session_at_both_ends(client, saml_idp):
    from urllib.parse import urlparse

    saml_login(client, saml_idp, caseworker_person())
    assert saml_idp.sessions
    response = client.post("/konto/log-ud/")
    assert response.status_code == 200
    assert "Du er logget ud af Jobtro" in response.content.decode()
    idp_url = urlparse(response.context["location"])
    assert idp_url.path == "/slo" and "Signature=" in idp_url.query
    back = urlparse(saml_idp.handle_logout(idp_url.query))
    assert not saml_idp.sessions
    done = client.get(back.path + "?" + back.query)
    assert done.status_code == 200
    assert "Du er logget ud" in done.content.decode()
    assert client.get("/").status_code == 302
    assert AuditEvent.objects.filter(action="sso.session.logged_out").exists()


def test_logout_started_by_the_idp_ends_the_jobtro_session(client, saml_idp):
    from urllib.parse import urlparse

    from django.test import Client

    saml_login(client, saml_idp, caseworker_person())
    location = urlparse(
        saml_idp.logout_request_for(caseworker_person(), "http://testserver/sso/saml/sls/")
    )
    idp_side = Client()
    response = idp_side.get(location.path + "?" + location.query)
    assert response.status_code == 302
    assert urlparse(response["Location"]).path == "/slo"
    assert client.get("/").status_code == 302
    assert AuditEvent.objects.filter(action="sso.session.ended").exists()


def test_an_encrypted_assertion_is_accepted(client, saml_idp):
    response = saml_login(client, saml_idp, caseworker_person(), encrypt=True)
    assert response.status_code == 302
    assert SsoIdentity.objects.count() == 1


def test_sp_metadata_is_signed_and_names_the_acs(client, saml_idp):
    response = client.get("/sso/saml/metadata/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "http://testserver/sso/saml/acs/" in body
    assert "Signature" in body and 'AuthnRequestsSigned="true"' in body


def test_an_unsigned_logout_request_ends_no_session(client, saml_idp):
    from urllib.parse import parse_qs, urlencode, urlparse

    from django.test import Client

    saml_login(client, saml_idp, caseworker_person())
    location = urlparse(
        saml_idp.logout_request_for(caseworker_person(), "http://testserver/sso/saml/sls/")
    )
    params = {k: v[0] for k, v in parse_qs(location.query).items()}
    unsigned = {"SAMLRequest": params["SAMLRequest"]}
    forged = dict(params, Signature=params["Signature"][:-8] + "AAAAAAA=")
    for query in (unsigned, forged):
        response = Client().get(location.path + "?" + urlencode(query))
        assert response.status_code == 403
        assert "kunne ikke godkendes" in response.content.decode()
    assert client.get("/").status_code == 200  # still logged in
    reasons = [
        e.detail["reason"] for e in AuditEvent.objects.filter(action="sso.assertion.refused")
    ]
    assert sorted(reasons) == ["logout:bad_signature", "logout:unsigned"]


def test_an_invalid_email_from_the_idp_is_dropped_not_fatal(client, saml_idp):
    person = caseworker_person()
    person.email = "ikke en adresse"
    assert saml_login(client, saml_idp, person).status_code == 302
    assert SsoIdentity.objects.get().staff.user.email == ""


def test_a_mapping_broken_after_start_refuses_the_login_with_a_danish_page(
    client, saml_idp, mapping_file
):
    mapping_file.write_text("version: 2\nroles: [\n", encoding="utf-8")
    response = saml_login(client, saml_idp, caseworker_person())
    assert response.status_code == 403
    assert "rettighedsfil er ikke i orden" in response.content.decode()
    assert not SsoIdentity.objects.exists()
