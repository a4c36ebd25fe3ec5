"""Start the test SAML IdP and OIDC provider for the demo, so a tester can log in
through both flows in a browser (docs/sso.md, "Prøv det i demoen").

    python -m tests.sso.serve --dir /tmp/jobtro-sso --jobtro http://127.0.0.1:8000
    set -a; . /tmp/jobtro-sso/jobtro-sso.env; set +a; jobtro demo

Both providers listen on 127.0.0.1 at free ports until Ctrl-C. The persons are invented:
"sara" (caseworker) and "lis" (leader), both in the demo's Team Gudenå in Silkeborg.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from .idp import (
    CVR,
    ORG_NORD,
    ORG_OEST,
    PRIV_CASEWORKER,
    PRIV_LEADER,
    OidcProvider,
    SamlIdp,
    caseworker_person,
    leader_person,
    make_key_and_cert,
)

DEMO_MAPPING = f"""\
# Demoens rettighedsfil til test-IdP'erne (opdigtede værdier)
version: 1
municipalities:
  - code: "740"
    cvr: "{CVR}"
    oidc_issuer: "{{issuer}}"
teams:
  - municipality: "740"
    team: "Team Gudenå"
    org_unit: "{ORG_NORD}"
    oidc_group: "grp-team-nord"
  - municipality: "740"
    team: "Team Ungeindsats"
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, required=True)
    parser.add_argument("--jobtro", default="http://127.0.0.1:8000")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    jobtro = args.jobtro.rstrip("/")

    idp = SamlIdp(args.dir)
    op = OidcProvider(
        args.dir,
        client_id="jobtro-demo",
        client_secret="demo-hemmelighed",
        redirect_uri=f"{jobtro}/sso/oidc/callback/",
    )
    key, cert = make_key_and_cert(args.dir, "sp")
    mapping = args.dir / "rettigheder.yaml"
    mapping.write_text(DEMO_MAPPING.replace("{issuer}", op.base), encoding="utf-8")
    env = {
        "JOBTRO_SSO_BASE_URL": jobtro,
        "JOBTRO_SSO_MAPPING_FILE": str(mapping),
        "JOBTRO_SSO_SAML": "true",
        "JOBTRO_SSO_SAML_IDP_METADATA": str(idp.metadata_file),
        "JOBTRO_SSO_SAML_KEY_FILE": key,
        "JOBTRO_SSO_SAML_CERT_FILE": cert,
        "JOBTRO_SSO_OIDC": "true",
        "JOBTRO_SSO_OIDC_ISSUER": op.base,
        "JOBTRO_SSO_OIDC_CLIENT_ID": "jobtro-demo",
        "JOBTRO_SSO_OIDC_CLIENT_SECRET": "demo-hemmelighed",
        # Jobtro trusts the provider's certificate for 127.0.0.1 made here.
        "REQUESTS_CA_BUNDLE": op.tls_cert,
    }
    (args.dir / "jobtro-sso.env").write_text(
        "".join(f"{k}={v}\n" for k, v in env.items()), encoding="utf-8"
    )
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobtro.settings")
    import django

    django.setup()
    from jobtro.sso import saml

    idp.trust_sp(saml.metadata_xml())
    idp.people = {"sara": caseworker_person(), "lis": leader_person()}
    op.people = dict(idp.people)
    idp.http.start()
    op.http.start()
    print(f"SAML-IdP: {idp.base}   OIDC-udbyder: {op.base} ")
    print(f"Indstillinger: {args.dir / 'jobtro-sso.env'}")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        idp.http.stop()
        op.http.stop()


if __name__ == "__main__":
    main()
