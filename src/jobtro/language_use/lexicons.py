"""The lexicon in force: the shipped lexicon, then the municipality's "spilleregler",
then the team's — each the newest saved version that still builds.

Building a lexicon takes about 0.2 s, so a built one is cached per pair of versions;
versions are immutable, so a cached lexicon never goes stale. A version is keyed by
its id and its time of saving, so an id reused after a restore is a different key.
"""

from __future__ import annotations

import functools
from typing import Any

from jobtro.core import access
from jobtro.core.access import Permission
from jobtro.language import Lexicon, LexiconError, default_lexicon
from jobtro.organisations.models import Municipality, Team

from .models import RulesVersion

# Versions tried before falling back to the layer below (a version saved long ago may
# no longer build against a newer shipped lexicon).
MAX_FALLBACK = 20


def rules_name(*, municipality: Municipality, team: Team | None, number: int) -> str:
    """The name a LexiconError message starts with: "Team Nord, version 3"."""
    scope = team.name if team is not None else municipality.name
    return f"{scope}, version {number}"


VersionKey = tuple[int, str]  # (id, created_at in ISO format)


@functools.lru_cache(maxsize=128)
def _build(
    municipality_version: VersionKey | None, team_version: VersionKey | None
) -> Lexicon | None:
    """The lexicon for a pair of versions, or None when it does not build."""
    lexicon = default_lexicon()
    try:
        for key in (municipality_version, team_version):
            if key is None:
                continue
            version = RulesVersion.objects.select_related("municipality", "team").get(pk=key[0])
            name = rules_name(
                municipality=version.municipality, team=version.team, number=version.number
            )
            lexicon = lexicon.extended(Lexicon.from_text(version.text, name=name, base=lexicon))
    except (LexiconError, RulesVersion.DoesNotExist):
        return None
    return lexicon


def clear_cache() -> None:
    _build.cache_clear()


def _keys(versions: Any) -> list[VersionKey]:
    rows = versions.order_by("-number").values_list("pk", "created_at")[:MAX_FALLBACK]
    return [(pk, created_at.isoformat()) for pk, created_at in rows]


def _newest_that_builds(
    keys: list[VersionKey], *, below: VersionKey | None, as_team: bool
) -> VersionKey | None:
    for key in keys:
        pair = (below, key) if as_team else (key, None)
        if _build(*pair) is not None:
            return key
    return None


def versions_in_force(
    *, municipality_id: int, team_id: int | None
) -> tuple[VersionKey | None, VersionKey | None]:
    """The municipality's and the team's rules versions in force (None: none)."""
    own = RulesVersion.objects.filter(municipality_id=municipality_id, team__isnull=True)
    municipality_version = _newest_that_builds(_keys(own), below=None, as_team=False)
    team_version = None
    if team_id is not None:
        team_versions = RulesVersion.objects.filter(team_id=team_id)
        team_version = _newest_that_builds(
            _keys(team_versions), below=municipality_version, as_team=True
        )
    return municipality_version, team_version


def version_ids_in_force(
    *, municipality_id: int, team_id: int | None
) -> tuple[int | None, int | None]:
    """Ids of the versions in force, for pages that mark them."""
    m, t = versions_in_force(municipality_id=municipality_id, team_id=team_id)
    return (m[0] if m else None, t[0] if t else None)


def lexicon_in_force(*, municipality_id: int | None, team_id: int | None = None) -> Lexicon:
    """The lexicon for a municipality (and team): shipped, then their own rules."""
    if municipality_id is None:
        return default_lexicon()
    pair = versions_in_force(municipality_id=municipality_id, team_id=team_id)
    return _build(*pair) or default_lexicon()


def lexicon_for_staff(staff: Any) -> Lexicon:
    """The lexicon in force for a member of staff: their municipality, then their team
    (a leader's first led team; a caseworker's first current team)."""
    if staff is None or staff.municipality_id is None:
        return default_lexicon()
    team = (
        staff.teams_on().order_by("name").first()
        if not access.has(staff, Permission.ADMINISTER)
        else None
    )
    return lexicon_in_force(
        municipality_id=staff.municipality_id, team_id=team.pk if team else None
    )
