"""Single sign-on: off in the matrix (no IdP configured), so its SAML and OIDC pages are
404 for everyone and its POST-only endpoints 405; the login chooser is open to all, and
the TOTP page sends anyone who needs no code on (force_login is not a password login)."""

from __future__ import annotations

from tests.policies import row

ALL_404 = row(404, 404, 404, 404, 404, 404, 404, 404)
ALL_405 = row(405, 405, 405, 405, 405, 405, 405, 405)

POLICY = {
    "sso:choose": row(200, 200, 200, 200, 200, 200, 200, 200),
    "sso:saml_metadata": ALL_404,
    "sso:saml_login": ALL_404,
    "sso:saml_acs": ALL_405,
    "sso:saml_logout": ALL_405,
    "sso:saml_sls": ALL_404,
    "sso:oidc_login": ALL_404,
    "sso:oidc_callback": ALL_404,
    "sso:oidc_logout": ALL_405,
    "sso:totp": row(302, 302, 302, 302, 302, 302, 302, 302),
}
