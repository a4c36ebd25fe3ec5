"""Word patterns: their grammar, and the compiled index the analyser walks.

A pattern is words separated by spaces; each word may be

=========== ============================================================================
``kan``     the word or any inflection of it (same lemma): "kan", "kunne"
``=kan``    exactly this form
``@person`` any word of the lexicon's word set ``person`` (exact forms)
``~svag``   a compound ending in the word: "ressourcesvag", "ressourcesvage"
``misbrug*`` any word that starts so: "misbrugscentret"
``a|b``     either (each side as above)
``{v}``     any one word, captured for the suggestions as ``{v}``
``{v:x|y}`` a word that x|y accepts, captured as ``{v}``
``...``     up to three words of any kind
``x?``      the word may be absent
``<x y>``   only the words between < and > are reported; the rest is context
``^``/``$`` (in conditions only) the clause starts here / ends here
``/re/``    (not first) a word matching the regular expression
=========== ============================================================================

Patterns never cross a sentence boundary. Everything is matched on lower-cased words.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from jobtro.language.lexicon import GAP_MAX, MAX_WINDOW, MAX_WORD, Entry, LexiconError, lemma

if TYPE_CHECKING:
    from jobtro.language.lexicon import Lexicon
    from jobtro.language.text import Tokens

# Atom kinds. Small ints, because the test runs for every candidate word.
LIT, EXACT, SET, HEAD, PREFIX, REGEX, START, END, ANY = range(9)

# Word sets the analyser itself relies on; a complete lexicon must define them.
REQUIRED_SETS = ("negation", "hedge", "scope_break", "no_capture")

_WORD_RE = re.compile(r"^[^\W_]+(?:[-'’][^\W_]+)*$")
_NAME_RE = re.compile(r"^[a-z0-9_]+$")
_STRIP = ",.;:!"
_MIN_AFFIX = 3  # shortest compound head or prefix: shorter ones match too much


class PatternError(ValueError):
    """A pattern that does not follow the grammar (message in Danish, completes a sentence)."""


@dataclass(frozen=True, slots=True)
class Atom:
    kind: int
    words: frozenset[str] = frozenset()
    text: str = ""
    regex: re.Pattern[str] | None = None


@dataclass(frozen=True, slots=True)
class Slot:
    atoms: tuple[Atom, ...] = ()
    optional: bool = False
    capture: str | None = None
    gap: bool = False
    focus_start: bool = False
    focus_end: bool = False
    # Filled in by the compiler: all exact words and all lemma words of the atoms in
    # one set each, so the common test is one or two set lookups.
    exact: frozenset[str] = frozenset()
    lit: frozenset[str] = frozenset()
    rest: tuple[Atom, ...] = ()


def parse_pattern(
    pattern: str, *, sets: set[str] | frozenset[str], anchor: bool = False, single: bool = False
) -> tuple[Slot, ...]:
    """Parse a pattern; `anchor` for rules (the first word must be indexable),
    `single` for one-word conditions. Raises PatternError."""
    slots: list[Slot] = []
    raw_tokens = pattern.split()
    focus_open = focus_seen = False
    for raw in raw_tokens:
        token = raw
        focus_start = focus_end = False
        if token.startswith("<") and len(token) > 1:
            if focus_open or focus_seen:
                raise PatternError("har mere end én <…>-markering")
            token, focus_start, focus_open = token[1:], True, True
        if token.endswith(">") and len(token) > 1 and not token.startswith("/"):
            if not focus_open:
                raise PatternError("har et > uden <")
            token, focus_end, focus_open, focus_seen = token[:-1], True, False, True
        if token != _GAP and not (token.startswith("/") and token.endswith("/")):
            token = token.strip(_STRIP)
        if not token:
            if focus_start or focus_end:
                raise PatternError("har en tom <…>-markering")
            continue
        slot = _parse_slot(token, sets)
        if focus_start or focus_end:
            slot = dataclasses.replace(slot, focus_start=focus_start, focus_end=focus_end)
        slots.append(slot)
    if focus_open:
        raise PatternError("har et < uden >")
    if not slots:
        raise PatternError("er tomt")
    if single:
        if len(slots) != 1 or slots[0].gap or slots[0].capture:
            raise PatternError("skal være ét ord (en betingelse)")
        return tuple(slots)
    for slot in slots:
        if any(a.kind in (START, END) for a in slot.atoms):
            raise PatternError("må kun bruge ^ og $ i betingelser")
    first = slots[0]
    if anchor and (first.gap or first.optional or first.capture):
        raise PatternError("skal begynde med et fast ord (ikke ..., {…} eller ?)")
    if anchor and any(a.kind == REGEX for a in first.atoms):
        raise PatternError("må ikke begynde med et /regulært udtryk/")
    if slots[-1].gap:
        raise PatternError("må ikke slutte med ...")
    if len(slots) > 12:
        raise PatternError("er for langt (højst 12 ord)")
    return tuple(slots)


_GAP = "..."


def _parse_slot(token: str, sets: set[str] | frozenset[str]) -> Slot:
    if token == _GAP:
        return Slot(gap=True)
    optional = False
    if token.endswith("?") and len(token) > 1 and not token.startswith("/"):
        token, optional = token[:-1], True
    if token.startswith("{") and token.endswith("}"):
        # {v} captures any word; {v:a|b} captures a word that the atoms a|b accept.
        name, _, spec = token[1:-1].partition(":")
        if not _NAME_RE.match(name):
            raise PatternError(f"har et ugyldigt fangenavn {token!r}")
        if not spec:
            return Slot(atoms=(Atom(ANY),), optional=optional, capture=name)
        atoms = tuple(_parse_atom(part, sets) for part in spec.split("|"))
        return Slot(atoms=atoms, optional=optional, capture=name)
    atoms = tuple(_parse_atom(part, sets) for part in token.split("|"))
    return Slot(atoms=atoms, optional=optional)


def _parse_atom(part: str, sets: set[str] | frozenset[str]) -> Atom:
    if part == "^":
        return Atom(START)
    if part == "$":
        return Atom(END)
    if len(part) > 2 and part.startswith("/") and part.endswith("/"):
        try:
            return Atom(REGEX, regex=re.compile(part[1:-1]))
        except re.error as exc:
            raise PatternError(f"har et ugyldigt regulært udtryk {part!r} ({exc})") from None
    if part.startswith("@"):
        name = part[1:]
        if name not in sets:
            raise PatternError(f"bruger den ukendte ordgruppe '@{name}'")
        return Atom(SET, text=name)
    word = part.lower()
    kind = LIT
    if word.startswith("="):
        word, kind = word[1:], EXACT
    elif word.startswith("~"):
        word, kind = word[1:], HEAD
    elif word.endswith("*"):
        word, kind = word[:-1], PREFIX
    if not _WORD_RE.match(word):
        raise PatternError(f"har et ugyldigt ord {part!r}")
    if kind in (HEAD, PREFIX) and len(word) < _MIN_AFFIX:
        raise PatternError(f"har {part!r}: ~ og * kræver mindst {_MIN_AFFIX} bogstaver")
    if kind == LIT:
        return Atom(LIT, words=frozenset({word, lemma(word)}))
    if kind == EXACT:
        return Atom(EXACT, words=frozenset({word}))
    return Atom(kind, text=word)


# --- compiling ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rule:
    slots: tuple[Slot, ...]
    entry: Entry | None  # None: an exemption
    kind: str
    when_before: tuple[Slot, ...]
    when_after: tuple[Slot, ...]
    when_nearby: tuple[Slot, ...]
    unless_before: tuple[Slot, ...]
    unless_after: tuple[Slot, ...]
    unless_nearby: tuple[Slot, ...] = ()
    # The slots between < and > (inclusive), or None when the whole match is reported.
    focus: tuple[int, int] | None = None
    # A plain pattern (no gap, no optional word) is tested word by word in a loop.
    plain: bool = False
    # A cheap first test: the first required word after the anchor, and how far after
    # the anchor it may stand. Most attempts fail here without a search.
    probe: tuple[Slot, int, int] | None = None


def _probe(slots: tuple[Slot, ...]) -> tuple[Slot, int, int] | None:
    low = high = 1
    for slot in slots[1:]:
        if slot.gap:
            high += GAP_MAX
            continue
        if slot.optional:
            high += 1
            continue
        if slot.rest and any(a.kind == ANY for a in slot.rest):
            return None  # a capture of any word tells nothing
        return slot, low, high
    return None


def _focus(slots: tuple[Slot, ...]) -> tuple[int, int] | None:
    marked = [j for j, slot in enumerate(slots) if slot.focus_start or slot.focus_end]
    if not marked:
        return None
    last = marked[-1] if slots[marked[-1]].focus_end else len(slots) - 1
    return marked[0], last


class CompiledLexicon:
    """The lexicon as an index from a word to the rules that may start at it."""

    def __init__(self, lexicon: Lexicon) -> None:
        missing = [name for name in REQUIRED_SETS if name not in lexicon.sets]
        if missing:
            raise LexiconError(
                "Ordlisten mangler ordgrupperne " + ", ".join(f"'{m}'" for m in missing)
            )
        self.sets = lexicon.sets
        self.negation = lexicon.sets["negation"]
        self.hedge = lexicon.sets["hedge"]
        self.scope_break = lexicon.sets["scope_break"]
        self.no_capture = lexicon.sets["no_capture"]
        self.rules: list[Rule] = []
        self._lit: dict[str, list[int]] = {}
        self._exact: dict[str, list[int]] = {}
        self._head: dict[str, list[int]] = {}
        self._prefix: dict[str, list[int]] = {}
        self._candidates: dict[str, tuple[int, ...]] = {}
        self._heads_of: dict[str, frozenset[str]] = {}
        names = frozenset(lexicon.sets)

        def slots(pattern: str, *, single: bool = False) -> tuple[Slot, ...]:
            try:
                parsed = parse_pattern(pattern, sets=names, anchor=not single, single=single)
            except PatternError as exc:
                raise LexiconError(f"Mønstret {pattern!r} {exc}") from None
            return tuple(self._resolve(slot) for slot in parsed)

        def conditions(patterns: tuple[str, ...]) -> tuple[Slot, ...]:
            return tuple(slots(p, single=True)[0] for p in patterns)

        for entry in lexicon.active_entries():
            for pattern in entry.patterns:
                parsed = slots(pattern)
                self._add(
                    Rule(
                        slots=parsed,
                        focus=_focus(parsed),
                        plain=not any(x.gap or x.optional for x in parsed),
                        probe=_probe(parsed),
                        entry=entry,
                        kind=lexicon.kind_of(entry.category),
                        when_before=conditions(entry.when_before),
                        when_after=conditions(entry.when_after),
                        when_nearby=conditions(entry.when_nearby),
                        unless_before=conditions(entry.unless_before),
                        unless_after=conditions(entry.unless_after),
                        unless_nearby=conditions(entry.unless_nearby),
                    )
                )
        for exemption in lexicon.exemptions:
            if exemption.id in lexicon.disabled:
                continue
            parsed = slots(exemption.pattern)
            plain = not any(x.gap or x.optional for x in parsed)
            self._add(
                Rule(parsed, None, "exemption", (), (), (), (), (), (), None, plain, _probe(parsed))
            )
        self._heads = frozenset(self._head)
        self._head_starts = frozenset(h[:_MIN_AFFIX] for h in self._heads)
        self._prefix_lengths = sorted({len(p) for p in self._prefix})

    def _resolve(self, slot: Slot) -> Slot:
        # Word sets become plain exact-word atoms, so a team's added words count at once.
        atoms = tuple(
            Atom(EXACT, words=self.sets[a.text]) if a.kind == SET else a for a in slot.atoms
        )
        exact: set[str] = set()
        lit: set[str] = set()
        for atom in atoms:
            if atom.kind == EXACT:
                exact |= atom.words
            elif atom.kind == LIT:
                lit |= atom.words
        rest = tuple(a for a in atoms if a.kind not in (EXACT, LIT))
        return dataclasses.replace(
            slot, atoms=atoms, exact=frozenset(exact), lit=frozenset(lit), rest=rest
        )

    def _add(self, rule: Rule) -> None:
        index = len(self.rules)
        self.rules.append(rule)
        for atom in rule.slots[0].atoms:
            if atom.kind == LIT:
                targets = [(self._lit, w) for w in atom.words]
            elif atom.kind == EXACT:
                targets = [(self._exact, w) for w in atom.words]
            elif atom.kind == HEAD:
                targets = [(self._head, atom.text)]
            elif atom.kind == PREFIX:
                targets = [(self._prefix, atom.text)]
            else:  # pragma: no cover - parse_pattern refuses other first atoms
                raise LexiconError("Et mønster kan ikke begynde sådan")
            for table, key in targets:
                bucket = table.setdefault(key, [])
                if index not in bucket:
                    bucket.append(index)

    # -- per word, cached: most words are seen many times and most start no rule --

    def candidates(self, word: str) -> tuple[int, ...]:
        found = self._candidates.get(word)
        if found is None:
            if len(word) > MAX_WORD:
                return ()
            ids: set[int] = set()
            ids.update(self._lit.get(word, ()))
            ids.update(self._lit.get(lemma(word), ()))
            ids.update(self._exact.get(word, ()))
            for head in self.heads_of(word):
                ids.update(self._head[head])
            for length in self._prefix_lengths:
                if length > len(word):
                    break
                ids.update(self._prefix.get(word[:length], ()))
            found = tuple(sorted(ids))
            if len(self._candidates) > 500_000:  # bound memory on endless unique words
                self._candidates.clear()
            self._candidates[word] = found
        return found

    def heads_of(self, word: str) -> frozenset[str]:
        """The compound heads in the lexicon that `word` ends with ("stofmisbrugere"
        → {"misbruger"}); the part before the head must be at least two letters."""
        found = self._heads_of.get(word)
        if found is None:
            heads: set[str] = set()
            if self._heads and len(word) <= MAX_WORD:
                for cut in range(2, len(word) - _MIN_AFFIX + 1):
                    rest = word[cut:]
                    if rest[:_MIN_AFFIX] not in self._head_starts:
                        continue
                    if rest in self._heads:
                        heads.add(rest)
                    else:
                        base = lemma(rest)
                        if base in self._heads:
                            heads.add(base)
            found = frozenset(heads)
            if len(self._heads_of) > 500_000:
                self._heads_of.clear()
            self._heads_of[word] = found
        return found

    def slot_accepts(self, slot: Slot, word: str) -> bool:
        if word in slot.exact:
            return True
        lit = slot.lit
        if lit and (word in lit or lemma(word) in lit):
            return True
        return bool(slot.rest) and any(self._atom_accepts(a, word) for a in slot.rest)

    def _atom_accepts(self, atom: Atom, word: str) -> bool:
        kind = atom.kind
        if kind == EXACT:
            return word in atom.words
        if kind == LIT:
            return word in atom.words or lemma(word) in atom.words
        if kind == HEAD:
            return atom.text in self.heads_of(word)
        if kind == PREFIX:
            return word.startswith(atom.text)
        if kind == REGEX:
            return atom.regex is not None and atom.regex.search(word) is not None
        if kind == ANY:
            return word not in self.no_capture
        return False  # ^ and $ are positions, checked by the context tests

    def match_at(
        self, rule: Rule, start: int, tokens: Tokens
    ) -> tuple[int, int, int, dict[str, int]] | None:
        """Match `rule` from word `start`: (match end, reported start, reported end,
        captured word positions), or None."""
        slots = rule.slots
        probe = rule.probe
        if probe is not None:
            words = tokens.words
            slot, low, high = probe
            stop = min(start + high, len(words) - 1)
            for k in range(start + low, stop + 1):
                if self.slot_accepts(slot, words[k]):
                    break
            else:
                return None
        if rule.plain:
            taken = self._match_plain(slots, start, tokens)
        else:
            taken = self._match_search(slots, start, tokens)
        if taken is None:
            return None
        end = max(taken) + 1
        captures = {
            slot.capture: taken[j] for j, slot in enumerate(slots) if slot.capture and taken[j] >= 0
        }
        report_start, report_end = start, end
        if rule.focus is not None:
            inside = [p for p in taken[rule.focus[0] : rule.focus[1] + 1] if p >= 0]
            if inside:
                report_start, report_end = inside[0], inside[-1] + 1
        return end, report_start, report_end, captures

    def _match_plain(self, slots: tuple[Slot, ...], start: int, tokens: Tokens) -> list[int] | None:
        # One word per slot, in order: a loop, no backtracking.
        words = tokens.words
        sentence = tokens.sentence
        last = start + len(slots) - 1
        if last >= len(words) or sentence[last] != sentence[start]:
            return None
        for j, slot in enumerate(slots):
            if not self.slot_accepts(slot, words[start + j]):
                return None
        return list(range(start, last + 1))

    def _match_search(
        self, slots: tuple[Slot, ...], start: int, tokens: Tokens
    ) -> list[int] | None:
        # Optional words and gaps: a small backtracking search. Optional words are tried
        # present first (longest match), gaps shortest first (tightest match).
        words = tokens.words
        sentence = tokens.sentence
        n = len(words)
        current = sentence[start]
        last = len(slots)
        taken = [-1] * last

        def walk(j: int, p: int) -> bool:
            if j == last:
                return True
            slot = slots[j]
            if slot.gap:
                for skip in range(GAP_MAX + 1):
                    q = p + skip
                    if q > n or (skip and sentence[q - 1] != current):
                        return False
                    if walk(j + 1, q):
                        return True
                return False
            if p < n and sentence[p] == current and self.slot_accepts(slot, words[p]):
                taken[j] = p
                if walk(j + 1, p + 1):
                    return True
                taken[j] = -1
            return slot.optional and walk(j + 1, p)

        return taken if walk(0, start) else None

    # -- the context around a match --

    def context_ok(self, rule: Rule, start: int, end: int, tokens: Tokens) -> bool:
        entry = rule.entry
        if entry is None:
            return True
        window = entry.window
        if rule.when_before and not self._any_before(rule.when_before, start, window, tokens):
            return False
        if rule.unless_before and self._any_before(rule.unless_before, start, window, tokens):
            return False
        if rule.when_after and not self._any_after(rule.when_after, end, window, tokens):
            return False
        if rule.unless_after and self._any_after(rule.unless_after, end, window, tokens):
            return False
        if rule.when_nearby and not self._any_nearby(rule.when_nearby, start, end, tokens):
            return False
        if rule.unless_nearby and self._any_nearby(rule.unless_nearby, start, end, tokens):
            return False
        if entry.unless_dated and tokens.sentence[start] in tokens.dated_sentences:
            return False
        return not (entry.negatable and self._preceded_by(self.negation, start, tokens))

    def hedged(self, start: int, tokens: Tokens) -> bool:
        return self._preceded_by(self.hedge, start, tokens)

    def _preceded_by(self, words: frozenset[str], start: int, tokens: Tokens) -> bool:
        # Negation and hedging reach back three words, never past "og", "men", a comma.
        clause = tokens.clause[start]
        for k in range(start - 1, max(start - 4, -1), -1):
            if tokens.clause[k] != clause:
                return False
            word = tokens.words[k]
            if word in words:
                return True
            if word in self.scope_break:
                return False
        return False

    def _any_before(self, slots: tuple[Slot, ...], start: int, window: int, tokens: Tokens) -> bool:
        clause = tokens.clause[start]
        at_start = start == 0 or tokens.clause[start - 1] != clause
        for slot in slots:
            if at_start and any(a.kind == START for a in slot.atoms):
                return True
        for k in range(start - 1, max(start - window - 1, -1), -1):
            if tokens.clause[k] != clause:
                break
            if any(self.slot_accepts(slot, tokens.words[k]) for slot in slots):
                return True
        return False

    def _any_after(self, slots: tuple[Slot, ...], end: int, window: int, tokens: Tokens) -> bool:
        n = len(tokens.words)
        clause = tokens.clause[end - 1]
        at_end = end == n or tokens.clause[end] != clause
        for slot in slots:
            if at_end and any(a.kind == END for a in slot.atoms):
                return True
        for k in range(end, min(end + window, n)):
            if tokens.clause[k] != clause:
                break
            if any(self.slot_accepts(slot, tokens.words[k]) for slot in slots):
                return True
        return False

    def _any_nearby(self, slots: tuple[Slot, ...], start: int, end: int, tokens: Tokens) -> bool:
        # "Nearby" is the same sentence, but bounded, so that a text without full
        # stops stays linear.
        sentence = tokens.sentence[start]
        n = len(tokens.words)
        for k in (*range(max(start - MAX_WINDOW, 0), start), *range(end, min(end + MAX_WINDOW, n))):
            if tokens.sentence[k] != sentence:
                continue
            if any(self.slot_accepts(slot, tokens.words[k]) for slot in slots):
                return True
        return False


def compile_lexicon(lexicon: Lexicon) -> CompiledLexicon:
    return CompiledLexicon(lexicon)
