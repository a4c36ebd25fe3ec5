"""The rights mapping file: validated in full, one Danish line when broken, and a
broken IdP metadata file or mapping stops `jobtro` at start-up with exit code 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from jobtro.sso.mapping import (
    Claims,
    ClaimsError,
    MappingError,
    PrivilegeGroup,
    load_mapping,
    parse_bpp,
)

from .idp import CVR, MAPPING_YAML, ORG_NORD, ORG_OEST, PRIV_CASEWORKER, PRIV_LEADER, bpp


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "rettigheder.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def good(tmp_path):
    return load_mapping(write(tmp_path, MAPPING_YAML.replace("{issuer}", "https://op.example")))


def saml_claims(*groups: PrivilegeGroup) -> Claims:
    return Claims(provider="saml", issuer="idp", subject="s", privilege_groups=groups)


def test_a_caseworker_privilege_in_an_org_unit_gives_the_team(tmp_path):
    rights = good(tmp_path).resolve(
        saml_claims(PrivilegeGroup(CVR, (ORG_NORD,), (PRIV_CASEWORKER,)))
    )
    assert (rights.role, rights.municipality_code, rights.team_name) == (
        "caseworker",
        "740",
        "Team Nord",
    )


def test_the_first_role_in_the_file_wins_when_a_person_holds_two(tmp_path):
    rights = good(tmp_path).resolve(
        saml_claims(PrivilegeGroup(CVR, (ORG_NORD,), (PRIV_CASEWORKER, PRIV_LEADER)))
    )
    assert rights.role == "leader"


def test_a_privilege_from_another_municipality_gives_nothing(tmp_path):
    assert (
        good(tmp_path).resolve(saml_claims(PrivilegeGroup("87654321", (), (PRIV_LEADER,)))) is None
    )


def test_two_teams_in_one_login_are_refused_rather_than_guessed(tmp_path):
    with pytest.raises(ClaimsError, match="flere teams"):
        good(tmp_path).resolve(
            saml_claims(PrivilegeGroup(CVR, (ORG_NORD, ORG_OEST), (PRIV_CASEWORKER,)))
        )


def test_oidc_roles_and_groups_map_through_the_issuer(tmp_path):
    claims = Claims(
        provider="oidc",
        issuer="https://op.example/",
        subject="s",
        oidc_roles=("Jobtro.Medarbejder",),
        oidc_groups=("grp-team-oest", "grp-ukendt"),
    )
    rights = good(tmp_path).resolve(claims)
    assert (rights.role, rights.team_name) == ("caseworker", "Team Øst")


def test_bpp_is_read_from_base64_xml():
    groups = parse_bpp(bpp((CVR, [ORG_NORD.upper()], [PRIV_LEADER])))
    assert groups == (PrivilegeGroup(CVR, (ORG_NORD,), (PRIV_LEADER,)),)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.replace("version: 1", "version: nul"), "version skal være et positivt heltal"),
        (lambda t: t.replace("role: leader", "role: chef"), "rolle 'chef' findes ikke"),
        (lambda t: t.replace('cvr: "12345678"', 'cvr: "1234"'), "otte cifre"),
        (
            lambda t: t.replace('team: "Team Øst"', 'team: "Team Øst"\n    farve: blå'),
            "ukendte felter: farve",
        ),
        (lambda t: t.replace(ORG_OEST, ORG_NORD), "står to gange"),
        (
            lambda t: t.replace(
                '  - municipality: "740"\n    team: "Team Øst"',
                '  - municipality: "751"\n    team: "Team Øst"',
            ),
            "kommune 751",
        ),
        (lambda t: t + "\n  - [ikke: gyldig", "ikke gyldig YAML"),
        (lambda t: "roles: []\nversion: 2\n", "roles er tom"),
    ],
)
def test_a_broken_mapping_is_one_danish_line(tmp_path, change, message):
    text = change(MAPPING_YAML.replace("{issuer}", "https://op.example"))
    with pytest.raises(MappingError) as caught:
        load_mapping(write(tmp_path, text))
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def _jobtro(tmp_path, env_extra: dict[str, str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JOBTRO_SSO")}
    env.pop("DATABASE_URL", None)
    env.update(env_extra)
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2] / "src")
    return subprocess.run(
        [sys.executable, "-m", "jobtro.cli", "manage", "--data-dir", str(tmp_path / "d"), "check"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.mark.parametrize("metadata", ["<md:EntityDescriptor", "", "ikke xml &&&"])
def test_broken_idp_metadata_at_startup_is_one_line_and_exit_2(tmp_path, metadata):
    from .idp import make_key_and_cert

    key, cert = make_key_and_cert(tmp_path, "sp")
    meta = tmp_path / "idp.xml"
    meta.write_text(metadata, encoding="utf-8")
    result = _jobtro(
        tmp_path,
        {
            "JOBTRO_SSO_SAML": "true",
            "JOBTRO_SSO_BASE_URL": "https://jobtro.example",
            "JOBTRO_SSO_SAML_KEY_FILE": key,
            "JOBTRO_SSO_SAML_CERT_FILE": cert,
            "JOBTRO_SSO_SAML_IDP_METADATA": str(meta),
            "JOBTRO_SSO_MAPPING_FILE": write(tmp_path, MAPPING_YAML.replace("{issuer}", "x")),
        },
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("jobtro: IdP-metadata")


def test_a_broken_mapping_at_startup_is_one_line_and_exit_2(tmp_path):
    result = _jobtro(
        tmp_path,
        {"JOBTRO_SSO_OIDC": "true", "JOBTRO_SSO_MAPPING_FILE": write(tmp_path, "version: [")},
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "rettighedsfilen" in result.stderr and "ikke gyldig YAML" in result.stderr


def test_the_shipped_example_mapping_is_valid():
    from jobtro.sso import mapping

    example = Path(mapping.__file__).parent / "data" / "rettigheder.example.yaml"
    loaded = load_mapping(str(example))
    assert [role for role, _p, _o in loaded.roles] == ["administrator", "leader", "caseworker"]
