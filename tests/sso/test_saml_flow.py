"""Logging in through SAML (OIOSAML 3) against pysaml2's own IdP: provisioning, rights
changes, rights removed, and single logout at both ends."""

from __future__ import annotations

import pytest

from jobtro.core.models import AuditEvent
from jobtro.organisations.models import Role, Staff
from jobtro.sso.models import SsoIdentity

from .conftest import saml_login
from .idp import ORG_OEST, bpp, caseworker_person, leader_person, CVR, PRIV_OTHER_SYSTEM

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
