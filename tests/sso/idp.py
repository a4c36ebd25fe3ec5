"""Real identity providers for the tests, on 127.0.0.1 at a free port.

- `SamlIdp`: pysaml2's own IdP classes (`saml2.server.Server`) issuing OIOSAML 3-style
  assertions (the data.gov.dk attribute names, the basic privilege profile as base64
  XML), signed with a key made here with `cryptography`; served by wsgiref in a thread.
- `OidcProvider`: pyop's OpenID Connect provider (authorisation code with PKCE), also
  served by wsgiref in a thread.

Everything is invented: the persons, the CVR number, the organisation units.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import ipaddress
import json
import ssl
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

CVR = "12345678"  # invented
ORG_NORD = "6f1d2b1e-1111-4c55-9a0e-00000000a001"
ORG_OEST = "6f1d2b1e-2222-4c55-9a0e-00000000a002"
PRIV_CASEWORKER = "http://jobtro.dk/roles/usersystemrole/beskaeftigelsesmedarbejder/1"
PRIV_LEADER = "http://jobtro.dk/roles/usersystemrole/leder/1"
PRIV_OTHER_SYSTEM = "http://andet-system.dk/roles/usersystemrole/laeser/1"

MAPPING_YAML = f"""\
# Testkommunens rettighedsfil (opdigtede værdier)
version: 1
municipalities:
  - code: "740"
    cvr: "{CVR}"
    oidc_issuer: "{{issuer}}"
teams:
  - municipality: "740"
    team: "Team Nord"
    org_unit: "{ORG_NORD}"
    oidc_group: "grp-team-nord"
  - municipality: "740"
    team: "Team Øst"
    org_unit: "{ORG_OEST}"
    oidc_group: "grp-team-oest"
roles:
  - role: leader
    privilege: "{PRIV_LEADER}"
    oidc_role: "Jobtro.Leder"
  - role: caseworker
    privilege: "{PRIV_CASEWORKER}"
    oidc_role: "Jobtro.Medarbejder"
"""


def make_key_and_cert(directory: Path, name: str, *, tls: bool = False) -> tuple[str, str]:
    """An RSA key and a self-signed certificate as PEM files (for 127.0.0.1 when tls)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
    )
    if tls:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        ).add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
    cert = builder.sign(key, hashes.SHA256())
    key_path = directory / f"{name}.key"
    cert_path = directory / f"{name}.crt"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return str(key_path), str(cert_path)


def bpp(*groups: tuple[str, list[str], list[str]]) -> str:
    """An OIOSAML basic privilege profile (intermediate) value: base64 of the XML."""
    parts = ['<?xml version="1.0" encoding="UTF-8"?>']
    parts.append('<bpp:PrivilegeList xmlns:bpp="http://itst.dk/oiosaml/basic_privilege_profile">')
    for cvr, units, privileges in groups:
        parts.append(f'<PrivilegeGroup Scope="urn:dk:gov:saml:cvrNumberIdentifier:{cvr}">')
        parts += [f'<Constraint Name="urn:dk:kombit:orgUnit">{u}</Constraint>' for u in units]
        parts += [f"<Privilege>{p}</Privilege>" for p in privileges]
        parts.append("</PrivilegeGroup>")
    parts.append("</bpp:PrivilegeList>")
    return base64.b64encode("".join(parts).encode()).decode()


@dataclass
class Person:
    """A test user at the IdP (invented)."""

    uuid: str
    first_name: str
    last_name: str
    email: str
    privileges: str  # bpp base64
    oidc_roles: list[str] = field(default_factory=list)
    oidc_groups: list[str] = field(default_factory=list)
    loa: str = "Substantial"

    def saml_attributes(self) -> dict[str, list[str]]:
        return {
            "https://data.gov.dk/model/core/specVersion": ["OIO-SAML-3.0"],
            "https://data.gov.dk/concept/core/nsis/loa": [self.loa],
            "https://data.gov.dk/model/core/eid/professional/uuid/persistent": [
                f"urn:uuid:{self.uuid}"
            ],
            "https://data.gov.dk/model/core/eid/firstName": [self.first_name],
            "https://data.gov.dk/model/core/eid/lastName": [self.last_name],
            "https://data.gov.dk/model/core/eid/email": [self.email],
            "https://data.gov.dk/model/core/eid/professional/cvr": [CVR],
            "https://data.gov.dk/model/core/eid/privilegesIntermediate": [self.privileges],
        }


def caseworker_person(team_unit: str = ORG_NORD) -> Person:
    return Person(
        uuid="0b5e8c1a-0000-4000-8000-00000000c001",
        first_name="Sara",
        last_name="Sagsen",
        email="sara.sagsen@testkommune.example",
        privileges=bpp((CVR, [team_unit], [PRIV_CASEWORKER])),
        oidc_roles=["Jobtro.Medarbejder"],
        oidc_groups=["grp-team-nord" if team_unit == ORG_NORD else "grp-team-oest"],
    )


def leader_person() -> Person:
    return Person(
        uuid="0b5e8c1a-0000-4000-8000-00000000b001",
        first_name="Lis",
        last_name="Ledersen",
        email="lis.ledersen@testkommune.example",
        privileges=bpp((CVR, [ORG_NORD], [PRIV_LEADER])),
        oidc_roles=["Jobtro.Leder"],
        oidc_groups=["grp-team-nord"],
    )


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


class _ThreadedServer:
    def __init__(self, app: Any, *, tls: tuple[str, str] | None = None) -> None:
        self.httpd: WSGIServer = make_server("127.0.0.1", 0, app, handler_class=_QuietHandler)
        self.port = self.httpd.server_port
        if tls:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(certfile=tls[1], keyfile=tls[0])
            self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _form_post(action: str, fields: dict[str, str]) -> bytes:
    inputs = "".join(
        f'<input type="hidden" name="{k}" value="{html.escape(v)}">' for k, v in fields.items()
    )
    return (
        "<!doctype html><html lang=da><body onload='document.forms[0].submit()'>"
        f'<form method="post" action="{html.escape(action)}">{inputs}'
        "<button type=submit>Fortsæt</button></form></body></html>"
    ).encode()


class SamlIdp:
    """pysaml2's IdP, issuing OIOSAML 3-style assertions, served on loopback."""

    def __init__(self, directory: Path) -> None:
        self.dir = directory
        self.key_file, self.cert_file = make_key_and_cert(directory, "idp")
        self.http = _ThreadedServer(self.wsgi)
        self.base = f"http://127.0.0.1:{self.http.port}"
        self.entity_id = self.base + "/metadata"
        self.people: dict[str, Person] = {}
        self.sessions: dict[str, str] = {}  # NameID text -> person key
        self.logout_requests = 0
        self.server: Any = None
        self.metadata_file = directory / "idp-metadata.xml"
        self.metadata_file.write_text(self._metadata(), encoding="utf-8")

    def _config(self, sp_metadata: str | None) -> dict[str, Any]:
        from saml2 import BINDING_HTTP_REDIRECT
        from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_PERSISTENT
        from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

        config: dict[str, Any] = {
            "entityid": self.entity_id,
            "xmlsec_binary": "/usr/bin/xmlsec1",
            "key_file": self.key_file,
            "cert_file": self.cert_file,
            "encryption_keypairs": [{"key_file": self.key_file, "cert_file": self.cert_file}],
            "signing_algorithm": SIG_RSA_SHA256,
            "digest_algorithm": DIGEST_SHA256,
            "allow_unknown_attributes": True,
            "service": {
                "idp": {
                    "endpoints": {
                        "single_sign_on_service": [(self.base + "/sso", BINDING_HTTP_REDIRECT)],
                        "single_logout_service": [(self.base + "/slo", BINDING_HTTP_REDIRECT)],
                    },
                    "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                    "want_authn_requests_signed": True,
                    "policy": {
                        "default": {"lifetime": {"minutes": 5}, "name_form": NAME_FORMAT_URI}
                    },
                }
            },
        }
        if sp_metadata:
            config["metadata"] = {"local": [sp_metadata]}
        return config

    def _metadata(self) -> str:
        from saml2.config import IdPConfig
        from saml2.metadata import entity_descriptor

        config = IdPConfig()
        config.load(self._config(None))
        return str(entity_descriptor(config))

    def trust_sp(self, sp_metadata_xml: str) -> None:
        """Load the SP's metadata (its certificate and ACS), as an IdP operator would."""
        from saml2.config import IdPConfig
        from saml2.server import Server

        path = self.dir / "sp-metadata.xml"
        path.write_text(sp_metadata_xml, encoding="utf-8")
        config = IdPConfig()
        config.load(self._config(str(path)))
        self.server = Server(config=config)

    # --- the protocol -------------------------------------------------------------

    def parse_request(self, query: str):
        from saml2 import BINDING_HTTP_REDIRECT

        params = {k: v[0] for k, v in parse_qs(query).items()}
        request = self.server.parse_authn_request(
            params["SAMLRequest"],
            BINDING_HTTP_REDIRECT,
            relay_state=params.get("RelayState"),
            sigalg=params.get("SigAlg"),
            signature=params.get("Signature"),
        )
        return request, params.get("RelayState", "")

    def response_xml(
        self,
        query: str,
        person: Person,
        *,
        lifetime_minutes: int = 5,
        sign_assertion: bool = True,
        encrypt: bool = False,
        attributes: dict[str, list[str]] | None = None,
        destination: str | None = None,
        audience: str | None = None,
    ) -> tuple[str, str, str]:
        """(ACS URL, response XML, RelayState) for an AuthnRequest's query string."""
        from saml2.assertion import Policy
        from saml2.saml import NAMEID_FORMAT_PERSISTENT, NameID

        request, relay_state = self.parse_request(query)
        args = self.server.response_args(request.message)
        if destination is not None:
            args["destination"] = destination
        if audience is not None:
            args["sp_entity_id"] = audience
        name_id = NameID(
            format=NAMEID_FORMAT_PERSISTENT, text=person.uuid, name_qualifier=self.entity_id
        )
        policy = Policy(
            {"default": {"lifetime": {"minutes": lifetime_minutes}, "name_form": None}},
            self.server.config.metadata,
        )
        session_end = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)).strftime(
            "%Y-%m-%dT%H:%M:%SZ"
        )
        xml = self.server.create_authn_response(
            attributes if attributes is not None else person.saml_attributes(),
            name_id=name_id,
            authn={
                "class_ref": "https://data.gov.dk/concept/core/nsis/loa/Substantial",
                "authn_auth": self.entity_id,
            },
            sign_assertion=sign_assertion,
            sign_response=False,
            encrypt_assertion=encrypt,
            encrypt_cert_assertion=self._sp_cert() if encrypt else None,
            release_policy=policy,
            session_not_on_or_after=session_end,
            **args,
        )
        self.sessions[person.uuid] = person.uuid
        return args["destination"], str(xml), relay_state

    def _sp_cert(self) -> str:
        sp = next(iter(self.server.metadata.service_providers()))
        return self.server.metadata.certs(sp, "spsso", "encryption")[0][1]

    def logout_request_for(self, person: Person, sp_sls: str) -> str:
        """An IdP-initiated LogoutRequest as a redirect URL to the SP."""
        from saml2 import BINDING_HTTP_REDIRECT
        from saml2.saml import NAMEID_FORMAT_PERSISTENT, NameID
        from saml2.xmldsig import SIG_RSA_SHA256

        sp = next(iter(self.server.metadata.service_providers()))
        name_id = NameID(
            format=NAMEID_FORMAT_PERSISTENT, text=person.uuid, name_qualifier=self.entity_id
        )
        _id, request = self.server.create_logout_request(sp_sls, sp, name_id=name_id, sign=False)
        info = self.server.apply_binding(
            BINDING_HTTP_REDIRECT, str(request), sp_sls, "", sign=True, sigalg=SIG_RSA_SHA256
        )
        return dict(info["headers"])["Location"]

    def handle_logout(self, query: str) -> str:
        """Our answer to the SP's LogoutRequest: ends the IdP session, returns the redirect."""
        from saml2 import BINDING_HTTP_REDIRECT
        from saml2.xmldsig import SIG_RSA_SHA256

        params = {k: v[0] for k, v in parse_qs(query).items()}
        request = self.server.parse_logout_request(
            params["SAMLRequest"],
            BINDING_HTTP_REDIRECT,
            relay_state=params.get("RelayState"),
            sigalg=params.get("SigAlg"),
            signature=params.get("Signature"),
        )
        self.logout_requests += 1
        self.sessions.pop(request.message.name_id.text, None)
        response = self.server.create_logout_response(request.message, [BINDING_HTTP_REDIRECT])
        sp = request.message.issuer.text
        destination = self.server.metadata.single_logout_service(
            sp, BINDING_HTTP_REDIRECT, "spsso"
        )[0]["location"]
        info = self.server.apply_binding(
            BINDING_HTTP_REDIRECT,
            str(response),
            destination,
            params.get("RelayState", ""),
            response=True,
            sign=True,
            sigalg=SIG_RSA_SHA256,
        )
        return dict(info["headers"])["Location"]

    # --- the web pages: a login form where the tester picks a person ----------------

    def wsgi(self, environ: dict, start_response: Any) -> list[bytes]:
        path = environ["PATH_INFO"]
        query = environ.get("QUERY_STRING", "")
        try:
            if path == "/metadata":
                start_response("200 OK", [("Content-Type", "application/samlmetadata+xml")])
                return [self.metadata_file.read_bytes()]
            if path == "/sso" and environ["REQUEST_METHOD"] == "GET":
                self.parse_request(query)  # refuse an unsigned or broken request at once
                options = "".join(f"<option>{html.escape(k)}</option>" for k in self.people)
                body = (
                    "<!doctype html><html lang=da><head><title>Test-IdP</title></head><body>"
                    "<h1>Test-IdP: log ind</h1><form method=post action='/sso/login'>"
                    f"<input type=hidden name=q value='{html.escape(query)}'>"
                    f"<label for=u>Bruger</label><select id=u name=u>{options}</select>"
                    "<button type=submit>Log ind hos test-IdP</button></form></body></html>"
                )
                start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
                return [body.encode()]
            if path == "/sso/login":
                size = int(environ.get("CONTENT_LENGTH") or 0)
                form = {
                    k: v[0] for k, v in parse_qs(environ["wsgi.input"].read(size).decode()).items()
                }
                acs, xml, relay_state = self.response_xml(form["q"], self.people[form["u"]])
                fields = {"SAMLResponse": base64.b64encode(xml.encode()).decode()}
                if relay_state:
                    fields["RelayState"] = relay_state
                start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
                return [_form_post(acs, fields)]
            if path == "/slo":
                location = self.handle_logout(query)
                start_response("302 Found", [("Location", location)])
                return [b""]
        except Exception as exc:  # shown to the test as a page, not a hung request
            start_response("400 Bad Request", [("Content-Type", "text/plain; charset=utf-8")])
            return [f"Test-IdP afviste: {type(exc).__name__}: {exc}".encode()]
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]


class OidcProvider:
    """pyop's OpenID Connect provider on loopback: code flow, PKCE (S256), RS256 ID tokens."""

    def __init__(
        self, directory: Path, *, client_id: str, client_secret: str, redirect_uri: str
    ) -> None:
        from jwkest.jwk import RSAKey, import_rsa_key
        from pyop.authz_state import AuthorizationState
        from pyop.provider import Provider
        from pyop.subject_identifier import HashBasedSubjectIdentifierFactory
        from pyop.userinfo import Userinfo

        key_file, _cert = make_key_and_cert(directory, "op")
        # OpenID Connect wants its issuer on https: a certificate for 127.0.0.1 made here,
        # trusted by the relying party through REQUESTS_CA_BUNDLE (see conftest).
        self.tls_key, self.tls_cert = make_key_and_cert(directory, "op-tls", tls=True)
        self.http = _ThreadedServer(self.wsgi, tls=(self.tls_key, self.tls_cert))
        self.base = f"https://127.0.0.1:{self.http.port}"
        self.people: dict[str, Person] = {}
        self.current: str | None = None  # the person who "logs in" at the next /authorize
        self.ended_sessions = 0
        signing_key = RSAKey(key=import_rsa_key(Path(key_file).read_text()), alg="RS256", kid="k1")
        configuration = {
            "issuer": self.base,
            "authorization_endpoint": self.base + "/authorize",
            "token_endpoint": self.base + "/token",
            "jwks_uri": self.base + "/jwks",
            "userinfo_endpoint": self.base + "/userinfo",
            "end_session_endpoint": self.base + "/logout",
            "response_types_supported": ["code"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "subject_types_supported": ["public"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "scopes_supported": ["openid", "profile", "email"],
            "code_challenge_methods_supported": ["S256"],
            "claims_parameter_supported": False,
            "request_parameter_supported": False,
            "request_uri_parameter_supported": False,
        }
        clients = {
            client_id: {
                "client_secret": client_secret,
                "redirect_uris": [redirect_uri],
                "response_types": ["code"],
                "token_endpoint_auth_method": "client_secret_basic",
                "post_logout_redirect_uris": [],
            }
        }
        self._userinfo: dict[str, dict] = {}
        self.provider = Provider(
            signing_key,
            configuration,
            AuthorizationState(HashBasedSubjectIdentifierFactory(uuid.uuid4().hex)),
            clients,
            Userinfo(self._userinfo),
        )
        self.challenges: list[str] = []

    def _claims(self, user_id: str, client_id: str) -> dict[str, Any]:
        # In the ID token, as Entra ID puts app roles and group ids there.
        person = next(p for p in self.people.values() if p.uuid == user_id)
        return {
            "given_name": person.first_name,
            "family_name": person.last_name,
            "email": person.email,
            "roles": person.oidc_roles,
            "groups": person.oidc_groups,
        }

    def wsgi(self, environ: dict, start_response: Any) -> list[bytes]:
        path = environ["PATH_INFO"]
        query = environ.get("QUERY_STRING", "")

        def send(status: str, body: Any, ctype: str = "application/json", extra=()) -> list[bytes]:
            start_response(status, [("Content-Type", ctype), *extra])
            return [body if isinstance(body, bytes) else body.encode()]

        try:
            if path == "/.well-known/openid-configuration":
                return send("200 OK", self.provider.provider_configuration.to_json())
            if path == "/jwks":
                return send("200 OK", json.dumps(self.provider.jwks))
            if path == "/authorize/login":
                size = int(environ.get("CONTENT_LENGTH") or 0)
                form = parse_qs(environ["wsgi.input"].read(size).decode())
                query, who = form["q"][0], form["u"][0]
            elif path == "/authorize" and self.current is None:
                # No person chosen by a test: the tester picks one (tests/sso/serve.py).
                options = "".join(f"<option>{html.escape(k)}</option>" for k in self.people)
                body = (
                    "<!doctype html><html lang=da><head><title>Test-OIDC</title></head><body>"
                    "<h1>Test-OIDC: log ind</h1><form method=post action='/authorize/login'>"
                    f"<input type=hidden name=q value='{html.escape(query)}'>"
                    f"<label for=u>Bruger</label><select id=u name=u>{options}</select>"
                    "<button type=submit>Log ind hos test-OIDC</button></form></body></html>"
                )
                return send("200 OK", body, "text/html; charset=utf-8")
            else:
                who = self.current or ""
            if path in {"/authorize", "/authorize/login"}:
                from pyop.util import should_fragment_encode

                request = self.provider.parse_authentication_request(query)
                self.challenges.append(request.get("code_challenge", ""))
                person = self.people[who]
                self._userinfo[person.uuid] = {}
                response = self.provider.authorize(request, person.uuid)
                location = response.request(
                    request["redirect_uri"], should_fragment_encode(request)
                )
                return send("302 Found", b"", "text/plain", [("Location", location)])
            if path == "/token":
                size = int(environ.get("CONTENT_LENGTH") or 0)
                body = environ["wsgi.input"].read(size).decode()
                headers = {"Authorization": environ.get("HTTP_AUTHORIZATION", "")}
                response = self.provider.handle_token_request(
                    body, headers, extra_id_token_claims=self._claims
                )
                return send("200 OK", response.to_json())
            if path == "/logout":
                self.ended_sessions += 1
                target = parse_qs(query).get("post_logout_redirect_uri", [""])[0]
                return send("302 Found", b"", "text/plain", [("Location", target or "/")])
        except Exception as exc:
            return send(
                "400 Bad Request", json.dumps({"error": type(exc).__name__, "detail": str(exc)})
            )
        return send("404 Not Found", "{}")


__all__ = [
    "MAPPING_YAML",
    "ORG_NORD",
    "ORG_OEST",
    "OidcProvider",
    "Person",
    "SamlIdp",
    "bpp",
    "caseworker_person",
    "leader_person",
    "urlencode",
    "urlparse",
]
