"""The catalogue of strengths: a positive list in plain Danish, kept as data.

The list is written for Jobtro in our own words (never a licensed inventory); see
data/strengths.da.yaml. `label` and `description` are the Danish texts (the matching
reads them); `display_label` and `display_description` follow the active language.

>>> STRENGTHS[0].key
'reliable'
>>> by_key("calm").label
'Rolig'
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import get_language

DATA = Path(__file__).resolve().parent / "data" / "strengths.da.yaml"
SCHEMA = "jobtro-strengths/1"


def _english() -> bool:
    return (get_language() or "da").startswith("en")


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    label_en: str

    @property
    def display_label(self) -> str:
        return self.label_en if _english() else self.label


@dataclass(frozen=True)
class Strength:
    key: str
    label: str
    description: str
    group: str = ""
    label_en: str = ""
    description_en: str = ""

    @property
    def display_label(self) -> str:
        return self.label_en if _english() and self.label_en else self.label

    @property
    def display_description(self) -> str:
        return self.description_en if _english() and self.description_en else self.description


def _text(node: Any, where: str) -> tuple[str, str]:
    if not isinstance(node, dict) or not str(node.get("da") or "").strip():
        raise ValueError(f"{DATA.name}: {where} needs a Danish text (da)")
    return str(node["da"]).strip(), str(node.get("en") or "").strip()


@functools.cache
def _load() -> tuple[tuple[Group, ...], tuple[Strength, ...]]:
    raw = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    if raw.get("schema") != SCHEMA:
        raise ValueError(f"{DATA.name}: schema must be {SCHEMA}")
    groups: list[Group] = []
    strengths: list[Strength] = []
    for g in raw["groups"]:
        g_da, g_en = _text(g.get("label"), f"group {g.get('key')}")
        groups.append(Group(key=g["key"], label=g_da, label_en=g_en))
        for s in g["strengths"]:
            label, label_en = _text(s.get("label"), f"strength {s.get('key')}")
            description, description_en = _text(s.get("description"), f"strength {s.get('key')}")
            strengths.append(
                Strength(
                    key=s["key"],
                    label=label,
                    description=description,
                    group=g["key"],
                    label_en=label_en,
                    description_en=description_en,
                )
            )
    keys = [s.key for s in strengths]
    if len(keys) != len(set(keys)):
        raise ValueError(f"{DATA.name}: a strength key is used twice")
    return tuple(groups), tuple(strengths)


GROUPS: tuple[Group, ...] = _load()[0]
STRENGTHS: tuple[Strength, ...] = _load()[1]
KEYS: frozenset[str] = frozenset(s.key for s in STRENGTHS)
_BY_KEY = {s.key: s for s in STRENGTHS}
_POSITION = {s.key: i for i, s in enumerate(STRENGTHS)}


def by_key(key: str) -> Strength | None:
    """The strength with this key, or None for a key no longer in the catalogue."""
    return _BY_KEY.get(key)


def position(key: str) -> int:
    """The catalogue order (unknown keys last)."""
    return _POSITION.get(key, len(_POSITION))


def grouped() -> list[tuple[Group, list[Strength]]]:
    """The strengths under their group headings, in catalogue order."""
    return [(g, [s for s in STRENGTHS if s.group == g.key]) for g in GROUPS]
