"""The lexicon: entries, word sets and exceptions as data, layered per municipality.

A lexicon is read from YAML (see `data/lexicon.da.yaml` and docs/language.md), checked
strictly, and compiled once into an index the analyser uses. A municipality or team
adds its own "spilleregler" as a second YAML file with the same schema, laid on top
with `base.extended(overlay)`.

Example
-------
>>> from jobtro.language.lexicon import Lexicon, default_lexicon
>>> team = Lexicon.from_text('''
... entries:
...   - id: team_klient
...     pattern: klient
...     category: label
...     explanation: Ordet gør borgeren til en sag.
...     suggestions: [borgeren]
... ''', name="spilleregler")
>>> lexicon = default_lexicon().extended(team)
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

import simplemma
import yaml

from jobtro.errors import UserError

if TYPE_CHECKING:
    from jobtro.language.matcher import CompiledLexicon

DATA = Path(__file__).parent / "data"
Kind = Literal["deficit", "resource"]
KINDS: tuple[Kind, ...] = ("deficit", "resource")

# How far (in words, within one clause) a condition, a negation or a hedge may stand
# from the phrase it qualifies. Three covers "er ikke længere misbruger".
DEFAULT_WINDOW = 3
MAX_WINDOW = 8
# Longer "words" (a pasted hash, a run of letters) are never in the lexicon; skipping
# them keeps compound splitting from going quadratic on a 1 MB run without spaces.
MAX_WORD = 60
# A gap ("...") in a pattern spans at most this many words.
GAP_MAX = 3


class LexiconError(UserError):
    """A lexicon file that cannot be used; the message says what is wrong, in Danish."""


@functools.lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The Danish lemma of a lower-cased word (simplemma, offline), cached."""
    if len(word) > MAX_WORD:
        return word
    return simplemma.lemmatize(word, lang="da")


# --- the data model --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Category:
    key: str
    kind: Kind
    title: str
    description: str


@dataclass(frozen=True, slots=True)
class Entry:
    """One rule: a pattern of words, what it means, and how to say it otherwise."""

    id: str
    patterns: tuple[str, ...]  # alternatives; any one matching is enough
    category: str
    explanation: str
    suggestions: tuple[str, ...] = ()
    # Conditions, each a tuple of word patterns; any one satisfies "when", any one
    # blocks under "unless".
    when_before: tuple[str, ...] = ()
    when_after: tuple[str, ...] = ()
    when_nearby: tuple[str, ...] = ()
    unless_before: tuple[str, ...] = ()
    unless_after: tuple[str, ...] = ()
    unless_nearby: tuple[str, ...] = ()
    unless_dated: bool = False
    window: int = DEFAULT_WINDOW
    negatable: bool = True
    weight: float = 1.0
    priority: int = 0
    source: str = ""


@dataclass(frozen=True, slots=True)
class Exemption:
    """Words that are never a finding, such as the name of a scheme ("ressourceforløb")."""

    id: str
    pattern: str
    note: str = ""
    source: str = ""


@dataclass(frozen=True)
class Lexicon:
    """A checked, layered lexicon. Build it with `load`, `from_text` or `extended`."""

    categories: Mapping[str, Category]
    sets: Mapping[str, frozenset[str]]
    entries: tuple[Entry, ...]
    exemptions: tuple[Exemption, ...]
    disabled: frozenset[str] = frozenset()
    sources: tuple[str, ...] = ()
    # The matching index, built on first use; a dict so that the frozen dataclass can cache.
    _compiled: dict[str, CompiledLexicon] = field(default_factory=dict, repr=False, compare=False)

    # -- construction --

    @classmethod
    def load(cls, path: str | Path, *, base: Lexicon | None = None) -> Lexicon:
        """Read a lexicon file; with `base`, the file is an overlay checked against it."""
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise LexiconError(f"Ordlistefilen findes ikke: {path}") from None
        except UnicodeDecodeError:
            raise LexiconError(f"Ordlistefilen er ikke UTF-8: {path}") from None
        except OSError as exc:
            raise LexiconError(f"Ordlistefilen kan ikke læses: {path} ({exc.strerror})") from None
        return cls.from_text(text, name=path.name, base=base)

    @classmethod
    def from_text(
        cls, text: str, *, name: str = "spilleregler", base: Lexicon | None = None
    ) -> Lexicon:
        """Parse and check YAML text; raises `LexiconError` naming what is wrong.

        A text with `categories` is a complete lexicon; one without is an overlay
        ("spilleregler") checked against `base`, by default the shipped lexicon.
        """
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            where = ""
            mark = getattr(exc, "problem_mark", None)
            if mark is not None:
                where = f" (linje {mark.line + 1}, kolonne {mark.column + 1})"
            problem = getattr(exc, "problem", None) or "ugyldig syntaks"
            raise LexiconError(f"{name}: filen er ikke gyldig YAML{where}: {problem}") from None
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise LexiconError(f"{name}: filen skal være en YAML-mapping med {_keys(_TOP_KEYS)}")
        if base is None and "categories" not in data:
            base = default_lexicon()
        lexicon = _parse(data, name=name, base=base)
        # Compiling finds problems now, when the file is saved, not at the first analysis.
        merged = base._merge(lexicon) if base is not None else lexicon
        merged.compiled()
        return lexicon

    def extended(self, overlay: Lexicon) -> Lexicon:
        """This lexicon with `overlay` on top: its entries replace same-id entries,
        its sets add words, its exceptions add, and `disable` switches entries off."""
        merged = self._merge(overlay)
        merged.compiled()
        return merged

    def _merge(self, overlay: Lexicon) -> Lexicon:
        categories = {**self.categories, **overlay.categories}
        sets = dict(self.sets)
        for key, words in overlay.sets.items():
            sets[key] = sets.get(key, frozenset()) | words
        by_id = {entry.id: entry for entry in self.entries}
        by_id.update({entry.id: entry for entry in overlay.entries})
        exemptions = {ex.id: ex for ex in self.exemptions}
        exemptions.update({ex.id: ex for ex in overlay.exemptions})
        disabled = (self.disabled | overlay.disabled) - {e.id for e in overlay.entries}
        unknown = overlay.disabled - by_id.keys() - exemptions.keys()
        if unknown:
            raise LexiconError(
                f"{overlay.sources[-1] if overlay.sources else 'spilleregler'}: "
                f"'disable' nævner regler, der ikke findes: {', '.join(sorted(unknown))}"
            )
        for entry in by_id.values():
            if entry.category not in categories:
                raise LexiconError(
                    f"{entry.source}: regel '{entry.id}' har ukendt kategori '{entry.category}'"
                )
        return Lexicon(
            categories=MappingProxyType(categories),
            sets=MappingProxyType(sets),
            entries=tuple(by_id.values()),
            exemptions=tuple(exemptions.values()),
            disabled=frozenset(disabled),
            sources=(*self.sources, *overlay.sources),
        )

    # -- use --

    def kind_of(self, category: str) -> Kind:
        return self.categories[category].kind

    def active_entries(self) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.id not in self.disabled)

    def compiled(self) -> CompiledLexicon:
        """The matching index, built on first use (see `jobtro.language.matcher`)."""
        compiled = self._compiled.get("index")
        if compiled is None:
            from jobtro.language.matcher import compile_lexicon

            compiled = compile_lexicon(self)
            self._compiled["index"] = compiled
        return compiled


@functools.cache
def default_lexicon() -> Lexicon:
    """The shipped Danish lexicon, loaded on first use (never at import time)."""
    return Lexicon.load(DATA / "lexicon.da.yaml")


# --- parsing and checking ----------------------------------------------------------

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")
_TOP_KEYS = {
    "name",
    "version",
    "language",
    "categories",
    "sets",
    "entries",
    "exceptions",
    "disable",
}
_ENTRY_KEYS = {
    "id", "pattern", "category", "explanation", "suggestions", "when", "unless",
    "window", "negatable", "weight", "priority", "note",
}  # fmt: skip
_WHEN_KEYS = {"before", "after", "nearby"}
_UNLESS_KEYS = {"before", "after", "nearby", "dated"}
_CATEGORY_KEYS = {"kind", "title", "description"}
_EXCEPTION_KEYS = {"id", "pattern", "note"}
_PLACEHOLDER_RE = re.compile(r"\{([a-z0-9_]+)\}")
_CAPTURE_RE = re.compile(r"^<?\{([a-z0-9_]+)(?::[^}]*)?\}\??>?$")


def _parse(data: object, *, name: str, base: Lexicon | None) -> Lexicon:
    if not isinstance(data, dict):
        raise LexiconError(
            f"{name}: filen skal være en YAML-mapping med nøglerne {_keys(_TOP_KEYS)}"
        )
    _only(data, _TOP_KEYS, f"{name}: ")
    categories = _parse_categories(data.get("categories", {}), name)
    known_categories = {**(base.categories if base else {}), **categories}
    sets = _parse_sets(data.get("sets", {}), name)
    known_sets = {*(base.sets if base else {}), *sets}
    entries = _parse_entries(data.get("entries", []), name, known_categories, known_sets)
    exemptions = _parse_exemptions(data.get("exceptions", []), name, known_sets)
    disable = data.get("disable", [])
    if not isinstance(disable, list) or not all(isinstance(d, str) for d in disable):
        raise LexiconError(f"{name}: 'disable' skal være en liste af regel-id'er")
    return Lexicon(
        categories=MappingProxyType(categories),
        sets=MappingProxyType(sets),
        entries=tuple(entries),
        exemptions=tuple(exemptions),
        disabled=frozenset(disable),
        sources=(name,),
    )


def _keys(keys: Iterable[str]) -> str:
    return ", ".join(f"'{k}'" for k in sorted(keys))


def _only(mapping: dict[Any, Any], allowed: set[str], where: str) -> None:
    unknown = [str(k) for k in mapping if k not in allowed]
    if unknown:
        raise LexiconError(
            f"{where}ukendt felt {_keys(unknown)} (tilladte felter: {_keys(allowed)})"
        )


def _text(value: object, where: str, *, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise LexiconError(f"{where} skal være en ikke-tom tekst")
    return value.strip()


def _parse_categories(raw: object, name: str) -> dict[str, Category]:
    if not isinstance(raw, dict):
        raise LexiconError(f"{name}: 'categories' skal være en mapping fra nøgle til kategori")
    categories: dict[str, Category] = {}
    for key, spec in raw.items():
        where = f"{name}: kategori '{key}'"
        if not isinstance(key, str) or not _ID_RE.match(key):
            raise LexiconError(f"{where}: nøglen skal være små bogstaver, tal og _")
        if not isinstance(spec, dict):
            raise LexiconError(f"{where} skal være en mapping med {_keys(_CATEGORY_KEYS)}")
        _only(spec, _CATEGORY_KEYS, f"{where}: ")
        kind = spec.get("kind")
        if kind not in KINDS:
            raise LexiconError(f"{where}: 'kind' skal være 'deficit' eller 'resource'")
        categories[key] = Category(
            key=key,
            kind=kind,
            title=_text(spec.get("title"), f"{where}: 'title'"),
            description=_text(spec.get("description"), f"{where}: 'description'", required=False),
        )
    return categories


def _parse_sets(raw: object, name: str) -> dict[str, frozenset[str]]:
    if not isinstance(raw, dict):
        raise LexiconError(f"{name}: 'sets' skal være en mapping fra navn til liste af ord")
    sets: dict[str, frozenset[str]] = {}
    for key, words in raw.items():
        where = f"{name}: ordgruppen '{key}'"
        if not isinstance(key, str) or not _ID_RE.match(key):
            raise LexiconError(f"{where}: navnet skal være små bogstaver, tal og _")
        if not isinstance(words, list) or not words:
            raise LexiconError(f"{where} skal være en ikke-tom liste af ord")
        clean: set[str] = set()
        for word in words:
            if isinstance(word, int) and not isinstance(word, bool):
                word = str(word)  # YAML reads 37 as a number; it is a word here
            if not isinstance(word, str) or not word.strip() or " " in word.strip():
                raise LexiconError(f"{where}: {word!r} er ikke ét ord")
            clean.add(word.strip().lower())
        sets[key] = frozenset(clean)
    return sets


def _str_list(value: object, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise LexiconError(f"{where} skal være en liste af tekster")
    for number, item in enumerate(value, start=1):
        if isinstance(item, dict):
            # The usual YAML trap: "det skal der til: …" reads as a key and a value.
            raise LexiconError(
                f"{where}: nr. {number} blev læst som 'nøgle: værdi' — sæt citationstegn "
                "om en tekst, der indeholder ': '"
            )
        if not isinstance(item, str) or not item.strip():
            raise LexiconError(f"{where}: nr. {number} skal være en ikke-tom tekst")
    return tuple(v.strip() for v in value)


def _parse_entries(
    raw: object, name: str, categories: Mapping[str, Category], sets: set[str]
) -> list[Entry]:
    if not isinstance(raw, list):
        raise LexiconError(f"{name}: 'entries' skal være en liste af regler")
    entries: list[Entry] = []
    seen: set[str] = set()
    for number, spec in enumerate(raw, start=1):
        where = f"{name}: regel nr. {number}"
        if not isinstance(spec, dict):
            raise LexiconError(f"{where} skal være en mapping med 'id', 'pattern', 'category' …")
        if isinstance(spec.get("id"), str):
            where = f"{where} ('{spec['id']}')"
        _only(spec, _ENTRY_KEYS, f"{where}: ")
        for required in ("id", "pattern", "category", "explanation"):
            if required not in spec:
                raise LexiconError(f"{where}: feltet '{required}' mangler")
        entry_id = spec["id"]
        if not isinstance(entry_id, str) or not _ID_RE.match(entry_id):
            raise LexiconError(f"{where}: 'id' skal være små bogstaver, tal, _ . og -")
        if entry_id in seen:
            raise LexiconError(f"{where}: id'et '{entry_id}' findes allerede i filen")
        seen.add(entry_id)
        category = spec["category"]
        if category not in categories:
            raise LexiconError(
                f"{where}: ukendt kategori {category!r} (kendte: {_keys(categories)})"
            )
        raw_patterns = spec["pattern"]
        if isinstance(raw_patterns, str):
            raw_patterns = [raw_patterns]
        if not isinstance(raw_patterns, list) or not raw_patterns:
            raise LexiconError(f"{where}: 'pattern' skal være et mønster eller en liste af mønstre")
        patterns = tuple(_text(p, f"{where}: 'pattern'") for p in raw_patterns)
        for pattern in patterns:
            _check_pattern(pattern, where, sets, anchor=True)
        suggestions = _str_list(spec.get("suggestions"), f"{where}: 'suggestions'")
        kind = categories[category].kind
        if kind == "deficit" and not 1 <= len(suggestions) <= 3:
            raise LexiconError(f"{where}: en underskudsregel skal have 1-3 forslag i 'suggestions'")
        if len(suggestions) > 3:
            raise LexiconError(f"{where}: højst 3 forslag i 'suggestions'")
        # A placeholder must be filled whichever of the patterns matched.
        captures = set.intersection(
            *({m.group(1) for t in p.split() if (m := _CAPTURE_RE.match(t))} for p in patterns)
        )
        for suggestion in suggestions:
            for placeholder in _PLACEHOLDER_RE.findall(suggestion):
                if placeholder not in captures:
                    raise LexiconError(
                        f"{where}: forslaget {suggestion!r} bruger {{{placeholder}}}, "
                        "som mønstret ikke fanger"
                    )
        when = spec.get("when") or {}
        unless = spec.get("unless") or {}
        if not isinstance(when, dict) or not isinstance(unless, dict):
            raise LexiconError(f"{where}: 'when' og 'unless' skal være mappings")
        _only(when, _WHEN_KEYS, f"{where}: when: ")
        _only(unless, _UNLESS_KEYS, f"{where}: unless: ")
        conditions = {}
        for label, source in (("when", when), ("unless", unless)):
            for key in ("before", "after", "nearby"):
                if key in source:
                    words = _str_list(source[key], f"{where}: {label}.{key}")
                    for word in words:
                        _check_pattern(word, f"{where}: {label}.{key}", sets, single=True)
                    conditions[f"{label}_{key}"] = words
        dated = unless.get("dated", False)
        if not isinstance(dated, bool):
            raise LexiconError(f"{where}: unless.dated skal være true eller false")
        window = spec.get("window", DEFAULT_WINDOW)
        if not isinstance(window, int) or isinstance(window, bool) or not 1 <= window <= MAX_WINDOW:
            raise LexiconError(f"{where}: 'window' skal være et heltal fra 1 til {MAX_WINDOW}")
        negatable = spec.get("negatable", True)
        if not isinstance(negatable, bool):
            raise LexiconError(f"{where}: 'negatable' skal være true eller false")
        weight = spec.get("weight", 1.0)
        if isinstance(weight, bool) or not isinstance(weight, int | float) or not 0 < weight <= 5:
            raise LexiconError(f"{where}: 'weight' skal være et tal over 0 og højst 5")
        priority = spec.get("priority", 0)
        if not isinstance(priority, int) or isinstance(priority, bool):
            raise LexiconError(f"{where}: 'priority' skal være et heltal")
        entries.append(
            Entry(
                id=entry_id,
                patterns=patterns,
                category=category,
                explanation=_text(spec["explanation"], f"{where}: 'explanation'"),
                suggestions=suggestions,
                when_before=conditions.get("when_before", ()),
                when_after=conditions.get("when_after", ()),
                when_nearby=conditions.get("when_nearby", ()),
                unless_before=conditions.get("unless_before", ()),
                unless_after=conditions.get("unless_after", ()),
                unless_nearby=conditions.get("unless_nearby", ()),
                unless_dated=dated,
                window=window,
                negatable=negatable,
                weight=float(weight),
                priority=priority,
                source=name,
            )
        )
    return entries


def _parse_exemptions(raw: object, name: str, sets: set[str]) -> list[Exemption]:
    if not isinstance(raw, list):
        raise LexiconError(f"{name}: 'exceptions' skal være en liste")
    exemptions: list[Exemption] = []
    seen: set[str] = set()
    for number, spec in enumerate(raw, start=1):
        where = f"{name}: undtagelse nr. {number}"
        if isinstance(spec, str):
            spec = {"pattern": spec}
        if not isinstance(spec, dict):
            raise LexiconError(f"{where} skal være et mønster eller en mapping med 'pattern'")
        _only(spec, _EXCEPTION_KEYS, f"{where}: ")
        pattern = _text(spec.get("pattern"), f"{where}: 'pattern'")
        _check_pattern(pattern, where, sets, anchor=True)
        ex_id = spec.get("id") or "x:" + pattern
        if not isinstance(ex_id, str):
            raise LexiconError(f"{where}: 'id' skal være en tekst")
        if ex_id in seen:
            raise LexiconError(f"{where}: undtagelsen '{ex_id}' står to gange")
        seen.add(ex_id)
        exemptions.append(
            Exemption(
                id=ex_id,
                pattern=pattern,
                note=_text(spec.get("note"), f"{where}: 'note'", required=False),
                source=name,
            )
        )
    return exemptions


def _check_pattern(
    pattern: str, where: str, sets: set[str], *, anchor: bool = False, single: bool = False
) -> None:
    # The full grammar lives in matcher.parse_slot; this turns its complaints into
    # messages that name the rule.
    from jobtro.language.matcher import PatternError, parse_pattern

    try:
        parse_pattern(pattern, sets=sets, anchor=anchor, single=single)
    except PatternError as exc:
        raise LexiconError(f"{where}: mønstret {pattern!r} {exc}") from None
