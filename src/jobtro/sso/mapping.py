"""The rights mapping: which login rights give which Jobtro role, in which municipality and team.

The mapping is a YAML file the municipality's IT reads and changes (docs/sso.md). It is
validated in full when Jobtro starts and again when it is read; a broken file stops the
start with one Danish line. Its `version` is raised with every change, and each new
version that Jobtro meets is written to the audit log (services.record_mapping).

A login is turned into `Claims` (by saml.py or oidc.py), and `resolve` turns claims into
`Rights`: exactly the Role values and the municipality/team that a local user has, so a
login claim and a local role mean the same thing to the permission table.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import defusedxml.ElementTree as SafeET
import yaml
from django.utils.translation import gettext as _

from jobtro.errors import UserError
from jobtro.organisations.models import Role

BPP_NS = "http://itst.dk/oiosaml/basic_privilege_profile"
CVR_SCOPE_PREFIX = "urn:dk:gov:saml:cvrNumberIdentifier:"
ORG_UNIT_CONSTRAINT = "urn:dk:kombit:orgUnit"
# The bpp document is small; anything larger is refused before parsing.
MAX_BPP_BYTES = 64 * 1024

_TOP_KEYS = {"version", "municipalities", "teams", "roles"}
_MUNICIPALITY_KEYS = {"code", "cvr", "oidc_issuer"}
_TEAM_KEYS = {"municipality", "team", "org_unit", "oidc_group"}
_ROLE_KEYS = {"role", "privilege", "oidc_role"}


class MappingError(UserError):
    """The mapping file is missing or broken (one Danish line)."""


class ClaimsError(Exception):
    """The login's rights cannot be read or mean nothing unambiguous in Jobtro."""


@dataclass(frozen=True)
class PrivilegeGroup:
    """One OIOSAML bpp PrivilegeGroup: a municipality (CVR), org units and privileges."""

    cvr: str
    org_units: tuple[str, ...]
    privileges: tuple[str, ...]


@dataclass(frozen=True)
class Claims:
    """What a login says about the person, whichever protocol brought it."""

    provider: str  # "saml" or "oidc"
    issuer: str
    subject: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    privilege_groups: tuple[PrivilegeGroup, ...] = ()  # SAML
    oidc_roles: tuple[str, ...] = ()  # OIDC "roles" claim (Entra app roles)
    oidc_groups: tuple[str, ...] = ()  # OIDC "groups" claim (group object ids)


@dataclass(frozen=True)
class Rights:
    role: str
    municipality_code: str | None
    team_name: str | None


@dataclass(frozen=True)
class Mapping:
    version: int
    sha256: str
    text: str
    cvr_to_municipality: dict[str, str] = field(default_factory=dict)
    issuer_to_municipality: dict[str, str] = field(default_factory=dict)
    org_unit_to_team: dict[str, tuple[str, str]] = field(default_factory=dict)
    group_to_team: dict[str, tuple[str, str]] = field(default_factory=dict)
    # In file order: the first role a person holds wins.
    roles: tuple[tuple[str, str | None, str | None], ...] = ()

    def resolve(self, claims: Claims) -> Rights | None:
        """The person's Jobtro rights, or None when the login carries none that Jobtro knows."""
        if claims.provider == "saml":
            return self._resolve_saml(claims)
        return self._resolve_oidc(claims)

    def _resolve_saml(self, claims: Claims) -> Rights | None:
        for role, privilege, _oidc_role in self.roles:
            if privilege is None:
                continue
            groups = [
                g
                for g in claims.privilege_groups
                if privilege in g.privileges and g.cvr in self.cvr_to_municipality
            ]
            if not groups:
                continue
            municipalities = {self.cvr_to_municipality[g.cvr] for g in groups}
            if len(municipalities) > 1:
                raise ClaimsError(_("rettighederne gælder flere kommuner"))
            (municipality,) = municipalities
            teams = {
                self.org_unit_to_team[unit]
                for g in groups
                for unit in g.org_units
                if unit in self.org_unit_to_team and self.org_unit_to_team[unit][0] == municipality
            }
            return Rights(role, municipality, _one_team(teams))
        return None

    def _resolve_oidc(self, claims: Claims) -> Rights | None:
        municipality = self.issuer_to_municipality.get(claims.issuer.rstrip("/"))
        if municipality is None:
            return None
        for role, _privilege, oidc_role in self.roles:
            if oidc_role is None or oidc_role not in claims.oidc_roles:
                continue
            teams = {
                self.group_to_team[g]
                for g in claims.oidc_groups
                if g in self.group_to_team and self.group_to_team[g][0] == municipality
            }
            return Rights(role, municipality, _one_team(teams))
        return None


def _one_team(teams: set[tuple[str, str]]) -> str | None:
    # A staff member has one team at a time (organisations.TeamMembership): two teams in
    # one login cannot be honoured, and guessing one would be a silent rights change.
    if len(teams) > 1:
        raise ClaimsError(_("rettighederne peger på flere teams"))
    return next(iter(teams))[1] if teams else None


def parse_bpp(value: str) -> tuple[PrivilegeGroup, ...]:
    """Decode an OIOSAML basic privilege profile attribute (base64 XML) safely."""
    try:
        raw = base64.b64decode(value.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ClaimsError("privilegierne er ikke gyldig base64") from exc
    if len(raw) > MAX_BPP_BYTES:
        raise ClaimsError("privilegierne fylder for meget")
    try:
        # defusedxml: no DTDs, no entity expansion, no external entities.
        root = SafeET.fromstring(raw, forbid_dtd=True)
    except Exception as exc:
        raise ClaimsError("privilegierne er ikke gyldig XML") from exc
    if root.tag not in {f"{{{BPP_NS}}}PrivilegeList", "PrivilegeList"}:
        raise ClaimsError("privilegierne er ikke en PrivilegeList")
    groups = []
    for group in root:
        if _local(group.tag) != "PrivilegeGroup":
            continue
        scope = group.get("Scope", "")
        cvr = scope.removeprefix(CVR_SCOPE_PREFIX) if scope.startswith(CVR_SCOPE_PREFIX) else ""
        units = tuple(
            (c.text or "").strip().lower()
            for c in group
            if _local(c.tag) == "Constraint" and c.get("Name") == ORG_UNIT_CONSTRAINT
        )
        privileges = tuple((p.text or "").strip() for p in group if _local(p.tag) == "Privilege")
        groups.append(PrivilegeGroup(cvr=cvr, org_units=units, privileges=privileges))
    return tuple(groups)


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _fail(path: Path, what: str) -> MappingError:
    return MappingError(f"rettighedsfilen {path} er ugyldig: {what}")


def _entries(data: dict, key: str, path: Path, allowed: set[str]) -> list[dict]:
    entries = data.get(key) or []
    if not isinstance(entries, list):
        raise _fail(path, f"{key} skal være en liste")
    for i, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise _fail(path, f"{key} nr. {i} skal være en tabel")
        unknown = set(entry) - allowed
        if unknown:
            raise _fail(path, f"{key} nr. {i} har ukendte felter: {', '.join(sorted(unknown))}")
        for k, v in entry.items():
            if not isinstance(v, str | int) or isinstance(v, bool) or str(v).strip() == "":
                raise _fail(path, f"{key} nr. {i}: {k} skal være tekst")
    return entries


def _unique(path: Path, seen: dict, key: str, value: Any, what: str) -> None:
    if value in seen:
        raise _fail(path, f"{what} {value} står to gange")
    seen[value] = key


def load_mapping(path_text: str) -> Mapping:
    """Read and validate the whole file; any fault is one Danish line (MappingError)."""
    path = Path(path_text)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise MappingError(f"rettighedsfilen {path} kan ikke læses: {exc.strerror}") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (linje {mark.line + 1})" if mark else ""
        raise _fail(path, f"ikke gyldig YAML{where}") from exc
    if not isinstance(data, dict):
        raise _fail(path, "filen skal være en YAML-tabel")
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise _fail(path, f"ukendte felter: {', '.join(sorted(map(str, unknown)))}")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _fail(path, "version skal være et positivt heltal")

    cvr_map: dict[str, str] = {}
    issuer_map: dict[str, str] = {}
    codes: set[str] = set()
    for m in _entries(data, "municipalities", path, _MUNICIPALITY_KEYS):
        code = str(m.get("code", "")).zfill(3)
        if not code.isdigit() or len(code) != 3:
            raise _fail(path, f"kommunenummer {m.get('code')!r} skal være tre cifre")
        if code in codes:
            raise _fail(path, f"kommunenummer {code} står to gange")
        codes.add(code)
        if "cvr" in m:
            cvr = str(m["cvr"])
            if not (cvr.isdigit() and len(cvr) == 8):
                raise _fail(path, f"CVR-nummer {cvr!r} skal være otte cifre")
            _unique(path, cvr_map, code, cvr, "CVR-nummer")
            cvr_map[cvr] = code
        if "oidc_issuer" in m:
            issuer = str(m["oidc_issuer"]).rstrip("/")
            _unique(path, issuer_map, code, issuer, "OIDC-udsteder")
            issuer_map[issuer] = code

    unit_map: dict[str, tuple[str, str]] = {}
    group_map: dict[str, tuple[str, str]] = {}
    for i, t in enumerate(_entries(data, "teams", path, _TEAM_KEYS), start=1):
        code = str(t.get("municipality", "")).zfill(3)
        if code not in codes:
            raise _fail(
                path, f"teams nr. {i} nævner kommune {code}, som ikke står i municipalities"
            )
        if "team" not in t:
            raise _fail(path, f"teams nr. {i} mangler team")
        if "org_unit" not in t and "oidc_group" not in t:
            raise _fail(path, f"teams nr. {i} skal have org_unit eller oidc_group")
        target = (code, str(t["team"]))
        if "org_unit" in t:
            unit = str(t["org_unit"]).strip().lower()
            _unique(path, unit_map, code, unit, "org_unit")
            unit_map[unit] = target
        if "oidc_group" in t:
            group = str(t["oidc_group"]).strip()
            _unique(path, group_map, code, group, "oidc_group")
            group_map[group] = target

    roles: list[tuple[str, str | None, str | None]] = []
    seen_privileges: dict[str, str] = {}
    seen_oidc: dict[str, str] = {}
    valid_roles = {r.value for r in Role}
    for i, r in enumerate(_entries(data, "roles", path, _ROLE_KEYS), start=1):
        role = str(r.get("role", ""))
        if role not in valid_roles:
            raise _fail(
                path,
                f"roles nr. {i}: rolle {role!r} findes ikke ({', '.join(sorted(valid_roles))})",
            )
        if "privilege" not in r and "oidc_role" not in r:
            raise _fail(path, f"roles nr. {i} skal have privilege eller oidc_role")
        privilege = str(r["privilege"]) if "privilege" in r else None
        oidc_role = str(r["oidc_role"]) if "oidc_role" in r else None
        if privilege:
            _unique(path, seen_privileges, role, privilege, "privilegiet")
            seen_privileges[privilege] = role
        if oidc_role:
            _unique(path, seen_oidc, role, oidc_role, "OIDC-rollen")
            seen_oidc[oidc_role] = role
        roles.append((role, privilege, oidc_role))
    if not roles:
        raise _fail(path, "roles er tom: ingen kan logge ind")

    return Mapping(
        version=version,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        text=text,
        cvr_to_municipality=cvr_map,
        issuer_to_municipality=issuer_map,
        org_unit_to_team=unit_map,
        group_to_team=group_map,
        roles=tuple(roles),
    )


@functools.cache
def _cached(path_text: str, mtime_ns: int) -> Mapping:
    return load_mapping(path_text)


def current_mapping() -> Mapping:
    """The mapping file as it is now (re-read when the file changes)."""
    from django.conf import settings

    path_text = settings.SSO_MAPPING_FILE
    if not path_text:
        raise MappingError(
            "JOBTRO_SSO_MAPPING_FILE er ikke sat: single sign-on kræver en rettighedsfil"
        )
    try:
        mtime = Path(path_text).stat().st_mtime_ns
    except OSError as exc:
        raise MappingError(f"rettighedsfilen {path_text} kan ikke læses: {exc.strerror}") from exc
    return _cached(path_text, mtime)
