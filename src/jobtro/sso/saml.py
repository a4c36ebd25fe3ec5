"""The SAML 2.0 service provider (OIOSAML 3 web SSO) on top of pysaml2 and xmlsec1.

pysaml2 does the XML work: signing the AuthnRequest (SHA-256), verifying the signature
of the assertion against the IdP's metadata certificate with xmlsec1, decrypting an
encrypted assertion, and checking audience, recipient (Destination), InResponseTo and the
validity window with `accepted_time_diff` as clock-skew tolerance. It parses with
defusedxml, which refuses DTDs and entity expansion. What pysaml2 leaves to us: a size
limit before anything is parsed, replay protection across processes (SeenAssertion in
the database), and turning the OIOSAML attributes into claims.
"""

from __future__ import annotations

import base64
import binascii
import calendar
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from jobtro.errors import UserError

from .mapping import Claims, ClaimsError, parse_bpp

# OIOSAML 3.0 attribute names (Danish government SAML profile, "data.gov.dk" model).
ATTR_PRIVILEGES = "https://data.gov.dk/model/core/eid/privilegesIntermediate"
ATTR_FIRST_NAME = "https://data.gov.dk/model/core/eid/firstName"
ATTR_LAST_NAME = "https://data.gov.dk/model/core/eid/lastName"
ATTR_FULL_NAME = "https://data.gov.dk/model/core/eid/fullName"
ATTR_EMAIL = "https://data.gov.dk/model/core/eid/email"
ATTR_PERSISTENT_UUID = "https://data.gov.dk/model/core/eid/professional/uuid/persistent"
ATTR_SPEC_VERSION = "https://data.gov.dk/model/core/specVersion"
ATTR_LOA = "https://data.gov.dk/concept/core/nsis/loa"
LOA_ORDER = {"Low": 1, "Substantial": 2, "High": 3}
# The older OIOSAML 2 name some IdPs still send beside (or instead of) the new one.
ATTR_PRIVILEGES_OIOSAML2 = "dk:gov:saml:attribute:Privileges_intermediate"


class SamlError(Exception):
    """The SAML message was refused; `reason` is a short code for the audit log."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class SamlLogin:
    claims: Claims
    assertion_id: str
    issuer: str
    name_id: str
    session_index: str
    expires_at: dt.datetime  # end of the Jobtro session
    valid_until: dt.datetime  # end of the assertion (how long its id is remembered)
    relay_state: str
    in_response_to: str


def sp_urls() -> dict[str, str]:
    base = settings.SSO_BASE_URL
    return {
        "entity_id": settings.SSO_SAML_ENTITY_ID or base + reverse("sso:saml_metadata"),
        "acs": base + reverse("sso:saml_acs"),
        "sls": base + reverse("sso:saml_sls"),
    }


def _check_file(setting: str, value: str) -> str:
    if not value:
        raise UserError(f"{setting} skal sættes, når SAML-log-in er slået til")
    if not Path(value).is_file():
        raise UserError(f"{setting} peger på {value}, som ikke findes")
    return value


def sp_config_dict() -> dict[str, Any]:
    from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
    from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

    urls = sp_urls()
    key = _check_file("JOBTRO_SSO_SAML_KEY_FILE", settings.SSO_SAML_KEY_FILE)
    cert = _check_file("JOBTRO_SSO_SAML_CERT_FILE", settings.SSO_SAML_CERT_FILE)
    enc_key = settings.SSO_SAML_ENCRYPTION_KEY_FILE or key
    enc_cert = settings.SSO_SAML_ENCRYPTION_CERT_FILE or cert
    metadata = _check_file("JOBTRO_SSO_SAML_IDP_METADATA", settings.SSO_SAML_IDP_METADATA)
    return {
        "entityid": urls["entity_id"],
        "xmlsec_binary": settings.SSO_SAML_XMLSEC_BINARY,
        "key_file": key,
        "cert_file": cert,
        "encryption_keypairs": [{"key_file": enc_key, "cert_file": enc_cert}],
        "metadata": {"local": [metadata]},
        "accepted_time_diff": settings.SSO_SAML_CLOCK_SKEW_SECONDS,
        "allow_unknown_attributes": True,
        "signing_algorithm": SIG_RSA_SHA256,
        "digest_algorithm": DIGEST_SHA256,
        "service": {
            "sp": {
                "name": "Jobtro",
                "endpoints": {
                    "assertion_consumer_service": [(urls["acs"], BINDING_HTTP_POST)],
                    "single_logout_service": [
                        (urls["sls"], BINDING_HTTP_REDIRECT),
                        (urls["sls"], BINDING_HTTP_POST),
                    ],
                },
                "authn_requests_signed": True,
                "logout_requests_signed": True,
                "logout_responses_signed": True,
                # OIOSAML 3: the assertion itself must carry the IdP's signature.
                "want_assertions_signed": True,
                "want_response_signed": False,
                "want_assertions_or_response_signed": True,
                "allow_unsolicited": False,
                "only_use_keys_in_metadata": True,
            }
        },
    }


_configs: dict[tuple[str, float], Any] = {}


def sp_config():
    """The pysaml2 SP configuration; loading it parses and checks the IdP metadata.

    Kept per process while the settings and the metadata file are unchanged.
    """
    from saml2.config import SPConfig

    data = sp_config_dict()
    key = (repr(data), Path(settings.SSO_SAML_IDP_METADATA).stat().st_mtime)
    if key not in _configs:
        config = SPConfig()
        config.load(data)
        _configs.clear()
        _configs[key] = config
    return _configs[key]


def client():
    from saml2.client import Saml2Client

    return Saml2Client(config=sp_config())


def idp_entity_id(config: Any) -> str:
    idps = list(config.metadata.identity_providers())
    if len(idps) != 1:
        raise UserError(
            f"IdP-metadata (JOBTRO_SSO_SAML_IDP_METADATA) skal beskrive netop én identity provider, fandt {len(idps)}"
        )
    return idps[0]


def check_startup() -> None:
    """Load the configuration and the IdP metadata once; any fault is one line (UserError)."""
    if settings.SSO_SAML_MIN_LOA and settings.SSO_SAML_MIN_LOA not in LOA_ORDER:
        raise UserError("JOBTRO_SSO_SAML_MIN_LOA skal være Low, Substantial eller High")
    if not settings.SSO_BASE_URL:
        raise UserError("JOBTRO_SSO_BASE_URL skal sættes, når single sign-on er slået til")
    try:
        config = sp_config()
    except UserError:
        raise
    except Exception as exc:
        raise UserError(
            f"IdP-metadata i {settings.SSO_SAML_IDP_METADATA} kan ikke læses ({type(exc).__name__})"
        ) from exc
    idp_entity_id(config)


def metadata_xml() -> str:
    from saml2.metadata import entity_descriptor
    from saml2.sigver import security_context

    config = sp_config()
    descriptor = entity_descriptor(config)
    # Signed metadata, as the Context Handler accepts it.
    from saml2.metadata import sign_entity_descriptor

    _id, signed = sign_entity_descriptor(descriptor, None, security_context(config))
    return str(signed)


def authn_redirect(*, relay_state: str) -> tuple[str, str]:
    """A signed AuthnRequest (HTTP-Redirect binding): (request id, IdP URL)."""
    from saml2 import BINDING_HTTP_REDIRECT
    from saml2.xmldsig import SIG_RSA_SHA256

    saml_client = client()
    request_id, info = saml_client.prepare_for_authenticate(
        entityid=idp_entity_id(saml_client.config),
        relay_state=relay_state,
        binding=BINDING_HTTP_REDIRECT,
        sign=True,
        sigalg=SIG_RSA_SHA256,
    )
    location = dict(info["headers"])["Location"]
    return request_id, location


def _first(ava: dict[str, list[str]], *names: str) -> str:
    for name in names:
        values = ava.get(name) or []
        if values and str(values[0]).strip():
            return str(values[0]).strip()
    return ""


def parse_login(*, saml_response: str, outstanding: dict[str, str], relay_state: str) -> SamlLogin:
    """Validate a posted SAMLResponse and return its claims; SamlError when refused."""
    from saml2 import BINDING_HTTP_POST
    from saml2.ident import code

    if len(saml_response) > settings.SSO_SAML_MAX_RESPONSE_BYTES:
        raise SamlError("too_large")
    try:
        base64.b64decode(saml_response, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise SamlError("not_base64") from exc
    saml_client = client()
    try:
        response = saml_client.parse_authn_request_response(
            saml_response, BINDING_HTTP_POST, outstanding=outstanding
        )
    except Exception as exc:
        # Whatever pysaml2 or defusedxml objected to; the class name says what without
        # echoing any of the document into the log.
        raise SamlError(type(exc).__name__) from exc
    if response is None:
        raise SamlError("no_response")
    assertion = response.assertion
    if assertion is None or (not response.ava and response.name_id is None):
        raise SamlError("no_assertion")
    # OIOSAML 3: exactly one assertion in the response.
    if len(response.assertions) != 1:
        raise SamlError("assertion_count")
    # pysaml2 decrypts an EncryptedAssertion but has no setting to require one: after
    # decryption, a plain assertion is still listed on the response itself.
    if settings.SSO_SAML_REQUIRE_ENCRYPTION and response.response.assertion:
        raise SamlError("not_encrypted")
    # OIOSAML 3: the assertion itself is signed (pysaml2 has verified that signature;
    # this makes sure a response signed only on the outside is not enough).
    if getattr(assertion, "signature", None) is None:
        raise SamlError("unsigned")
    issuer = response.issuer()
    if issuer != idp_entity_id(saml_client.config):
        raise SamlError("wrong_issuer")
    ava = response.ava
    if settings.SSO_SAML_MIN_LOA:
        # NSIS assurance level of the login, as OIOSAML 3 carries it.
        loa = LOA_ORDER.get(_first(ava, ATTR_LOA), 0)
        if loa < LOA_ORDER[settings.SSO_SAML_MIN_LOA]:
            raise SamlError("loa_too_low")
    privileges = _first(ava, ATTR_PRIVILEGES, ATTR_PRIVILEGES_OIOSAML2)
    try:
        groups = parse_bpp(privileges) if privileges else ()
    except ClaimsError as exc:
        raise SamlError("bad_privileges") from exc
    name_id = response.name_id
    subject = _first(ava, ATTR_PERSISTENT_UUID) or (name_id.text if name_id is not None else "")
    if not subject:
        raise SamlError("no_subject")
    first = _first(ava, ATTR_FIRST_NAME)
    last = _first(ava, ATTR_LAST_NAME)
    if not (first or last):
        full = _first(ava, ATTR_FULL_NAME)
        first, _sep, last = full.rpartition(" ") if " " in full else (full, "", "")
    now = timezone.now()
    valid_until = _assertion_expiry(assertion) or now + dt.timedelta(minutes=5)
    session_until = _session_expiry(assertion)
    limit = now + dt.timedelta(minutes=settings.SSO_SESSION_MINUTES)
    expires_at = min(session_until, limit) if session_until else limit
    session_index = ""
    for statement in assertion.authn_statement or []:
        session_index = statement.session_index or session_index
    claims = Claims(
        provider="saml",
        issuer=issuer,
        subject=subject,
        first_name=first,
        last_name=last,
        email=_first(ava, ATTR_EMAIL),
        privilege_groups=groups,
    )
    return SamlLogin(
        claims=claims,
        assertion_id=assertion.id,
        issuer=issuer,
        name_id=code(name_id) if name_id is not None else "",
        session_index=session_index,
        expires_at=expires_at,
        valid_until=valid_until,
        relay_state=relay_state,
        in_response_to=response.in_response_to or "",
    )


def _parse_time(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    from saml2.time_util import str_to_time

    parsed = str_to_time(value)
    return dt.datetime.fromtimestamp(calendar.timegm(parsed), tz=dt.UTC) if parsed else None


def _assertion_expiry(assertion: Any) -> dt.datetime | None:
    conditions = assertion.conditions
    return _parse_time(conditions.not_on_or_after if conditions else None)


def _session_expiry(assertion: Any) -> dt.datetime | None:
    ends = [
        _parse_time(s.session_not_on_or_after)
        for s in assertion.authn_statement or []
        if s.session_not_on_or_after
    ]
    return min((e for e in ends if e), default=None)


def logout_redirect(*, name_id: str, session_index: str, relay_state: str) -> str | None:
    """A signed LogoutRequest to the IdP (HTTP-Redirect); None when the IdP has no SLO."""
    from saml2 import BINDING_HTTP_REDIRECT
    from saml2.ident import decode
    from saml2.xmldsig import SIG_RSA_SHA256

    saml_client = client()
    idp = idp_entity_id(saml_client.config)
    try:
        destinations = saml_client.metadata.single_logout_service(
            idp, BINDING_HTTP_REDIRECT, "idpsso"
        )
    except Exception:
        return None
    if not destinations:
        return None
    destination = destinations[0]["location"]
    _req_id, request = saml_client.create_logout_request(
        destination,
        idp,
        name_id=decode(name_id),
        session_indexes=[session_index] if session_index else None,
        sign=False,
    )
    info = saml_client.apply_binding(
        BINDING_HTTP_REDIRECT,
        str(request),
        destination,
        relay_state,
        sign=True,
        sigalg=SIG_RSA_SHA256,
    )
    return dict(info["headers"])["Location"]


ALLOWED_SIGALGS = {
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384",
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512",
}


def verify_redirect_signature(saml_client: Any, data: Any, key: str) -> None:
    """Check the query-string signature of a Redirect-binding message from the IdP.

    pysaml2 checks it only on the IdP side (want_authn_requests_signed); on the SP side
    an unsigned LogoutRequest would otherwise be accepted, and anyone who knew a
    NameID could end that person's sessions.
    """
    from saml2.sigver import verify_redirect_signature as verify

    sigalg, signature = data.get("SigAlg"), data.get("Signature")
    if not sigalg or not signature:
        raise SamlError("unsigned")
    if sigalg not in ALLOWED_SIGALGS:
        raise SamlError("weak_sigalg")
    message = {key: data[key], "SigAlg": sigalg, "Signature": signature}
    if data.get("RelayState") is not None and "RelayState" in data:
        message["RelayState"] = data["RelayState"]
    idp = idp_entity_id(saml_client.config)
    certs = saml_client.metadata.certs(idp, "idpsso", "signing")
    try:
        ok = any(verify(message, saml_client.sec.sec_backend, cert) for _name, cert in certs)
    except Exception as exc:
        raise SamlError("bad_signature") from exc
    if not ok:
        raise SamlError("bad_signature")


def parse_logout_response(*, saml_response: str, binding: str, data: Any = None) -> None:
    from saml2 import BINDING_HTTP_REDIRECT

    if len(saml_response) > settings.SSO_SAML_MAX_RESPONSE_BYTES:
        raise SamlError("too_large")
    saml_client = client()
    if binding == BINDING_HTTP_REDIRECT:
        verify_redirect_signature(saml_client, data, "SAMLResponse")
    try:
        response = saml_client.parse_logout_request_response(saml_response, binding)
    except Exception as exc:
        raise SamlError(type(exc).__name__) from exc
    if response is None:
        raise SamlError("no_response")


def handle_logout_request(
    *, saml_request: str, binding: str, relay_state: str, data: Any = None
) -> tuple[str, str]:
    """An IdP-initiated LogoutRequest: (serialised NameID, redirect URL with our response)."""
    from saml2 import BINDING_HTTP_REDIRECT
    from saml2.ident import code
    from saml2.xmldsig import SIG_RSA_SHA256

    if len(saml_request) > settings.SSO_SAML_MAX_RESPONSE_BYTES:
        raise SamlError("too_large")
    saml_client = client()
    if binding != BINDING_HTTP_REDIRECT:
        raise SamlError("binding")  # our metadata offers Redirect for IdP-initiated logout
    verify_redirect_signature(saml_client, data, "SAMLRequest")
    try:
        request = saml_client.parse_logout_request(saml_request, binding)
    except Exception as exc:
        raise SamlError(type(exc).__name__) from exc
    if request is None or request.message is None or request.message.name_id is None:
        raise SamlError("no_name_id")
    name_id = code(request.message.name_id)
    response = saml_client.create_logout_response(
        request.message, [BINDING_HTTP_REDIRECT], status=None, sign=False
    )
    idp = idp_entity_id(saml_client.config)
    destination = saml_client.metadata.single_logout_service(idp, BINDING_HTTP_REDIRECT, "idpsso")[
        0
    ]
    location = destination.get("response_location") or destination["location"]
    info = saml_client.apply_binding(
        BINDING_HTTP_REDIRECT,
        str(response),
        location,
        relay_state,
        response=True,
        sign=True,
        sigalg=SIG_RSA_SHA256,
    )
    return name_id, dict(info["headers"])["Location"]
