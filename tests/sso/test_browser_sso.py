"""The whole single sign-on flow in Debian's chromium: a caseworker and a leader of Team
Nord log in through the SAML IdP (OIOSAML 3-style assertions) and through the OpenID
Connect provider, both started by the test on loopback, and see what a local user with
the same role sees; logout ends the session at both ends."""

from __future__ import annotations

import pytest

from jobtro.organisations.models import Role
from jobtro.sso.models import SsoIdentity
from tests.browser_fixtures import axe_violations
from tests.conftest import PASSWORD

from .idp import (
    MAPPING_YAML,
    OidcProvider,
    SamlIdp,
    caseworker_person,
    leader_person,
    make_key_and_cert,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAV = "nav.navigation-menu a"


@pytest.fixture
def sso_page(browser):
    # ignore_https_errors: the OIDC provider's certificate for 127.0.0.1 is made by the test.
    # bypass_csp only lets the test inject axe-core, as in tests/browser_fixtures.py.
    context = browser.new_context(locale="da-DK", ignore_https_errors=True, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def idps(settings, tmp_path, live_server, team, monkeypatch):
    from jobtro.organisations.models import Team
    from jobtro.sso import saml, views_oidc

    Team.objects.create(municipality=team.municipality, name="Team Øst")
    key, cert = make_key_and_cert(tmp_path, "sp")
    idp = SamlIdp(tmp_path)
    op = OidcProvider(
        tmp_path,
        client_id="jobtro-test",
        client_secret="hemmelig-test-noegle",
        redirect_uri=f"{live_server.url}/sso/oidc/callback/",
    )
    mapping = tmp_path / "rettigheder.yaml"
    mapping.write_text(MAPPING_YAML.replace("{issuer}", op.base), encoding="utf-8")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", op.tls_cert)
    settings.SSO_BASE_URL = live_server.url
    settings.SSO_MAPPING_FILE = str(mapping)
    settings.SSO_SAML_ENABLED = True
    settings.SSO_SAML_KEY_FILE = key
    settings.SSO_SAML_CERT_FILE = cert
    settings.SSO_SAML_IDP_METADATA = str(idp.metadata_file)
    settings.SSO_OIDC_ENABLED = True
    settings.SSO_OIDC_ISSUER = op.base
    settings.SSO_OIDC_CLIENT_ID = "jobtro-test"
    settings.SSO_OIDC_CLIENT_SECRET = "hemmelig-test-noegle"
    views_oidc._clients.clear()
    idp.trust_sp(saml.metadata_xml())
    idp.people = {"sara": caseworker_person(), "lis": leader_person()}
    op.people = dict(idp.people)
    idp.http.start()
    op.http.start()
    yield idp, op
    idp.http.stop()
    op.http.stop()
    views_oidc._clients.clear()


def saml_log_in(page, live_server, who: str) -> None:
    page.goto(f"{live_server.url}/konto/log-ind/")
    page.get_by_role("link", name="Log ind med kommunens login").click()
    page.get_by_label("Bruger").select_option(who)
    page.get_by_role("button", name="Log ind hos test-IdP").click()
    page.wait_for_url(f"{live_server.url}/")


def local_nav(page, live_server, username: str) -> list[str]:
    page.goto(f"{live_server.url}/konto/log-ind/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url(f"{live_server.url}/")
    links = page.locator(NAV).all_inner_texts()
    page.get_by_role("button", name="Log ud").click()
    return links


def test_caseworker_logs_in_with_saml_and_logs_out_at_both_ends(
    sso_page, live_server, idps, caseworker
):
    idp, _op = idps
    expected = local_nav(sso_page, live_server, "anna")
    saml_log_in(sso_page, live_server, "sara")
    assert sso_page.locator(NAV).all_inner_texts() == expected
    staff = SsoIdentity.objects.get().staff
    assert (staff.role, [t.name for t in staff.teams_on()]) == (Role.CASEWORKER, ["Team Nord"])
    assert idp.sessions

    sso_page.get_by_role("button", name="Log ud").click()
    sso_page.get_by_role("heading", name="Du er logget ud").wait_for()
    assert not idp.sessions
    sso_page.goto(f"{live_server.url}/borgere/")
    assert "/konto/log-ind/" in sso_page.url


def test_leader_logs_in_with_saml_and_sees_what_a_local_leader_sees(
    sso_page, live_server, idps, leader
):
    expected = local_nav(sso_page, live_server, "lone")
    saml_log_in(sso_page, live_server, "lis")
    assert sso_page.locator(NAV).all_inner_texts() == expected
    assert SsoIdentity.objects.get().staff.role == Role.LEADER


def test_leader_logs_in_with_openid_connect(sso_page, live_server, idps, leader):
    _idp, op = idps
    expected = local_nav(sso_page, live_server, "lone")
    op.current = "lis"
    sso_page.goto(f"{live_server.url}/konto/log-ind/")
    sso_page.get_by_role("link", name="Log ind med Microsoft").click()
    sso_page.wait_for_url(f"{live_server.url}/")
    assert sso_page.locator(NAV).all_inner_texts() == expected
    staff = SsoIdentity.objects.get(provider="oidc").staff
    assert (staff.role, [t.name for t in staff.teams_on()]) == (Role.LEADER, ["Team Nord"])
    sso_page.get_by_role("button", name="Log ud").click()
    sso_page.wait_for_url(f"{live_server.url}/konto/log-ind/")
    assert op.ended_sessions == 1


def test_a_tampered_login_shows_a_danish_page(sso_page, live_server, idps):
    idp, _op = idps
    idp.people["sara"].privileges = "ikke-base64!"
    saml_log_in_page = sso_page
    saml_log_in_page.goto(f"{live_server.url}/sso/saml/login/")
    saml_log_in_page.get_by_label("Bruger").select_option("sara")
    saml_log_in_page.get_by_role("button", name="Log ind hos test-IdP").click()
    saml_log_in_page.get_by_role("heading", name="Log-ind blev afvist").wait_for()
    assert SsoIdentity.objects.count() == 0
    assert axe_violations(saml_log_in_page) == []


def test_the_login_page_with_sso_buttons_passes_axe(sso_page, live_server, idps):
    sso_page.goto(f"{live_server.url}/konto/log-ind/")
    assert sso_page.get_by_role("link", name="Log ind med kommunens login").is_visible()
    assert axe_violations(sso_page) == []
