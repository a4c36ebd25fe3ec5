"""Find deficit- and resource-oriented language about a citizen in Danish text.

>>> from jobtro.language import analyse
>>> result = analyse("Borgeren er umotiveret, men har erfaring med lager.")
>>> result.label, [(f.text, f.kind) for f in result.findings]
('deficit', [('umotiveret', 'deficit'), ('har erfaring med', 'resource')])
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from jobtro.language.lexicon import Kind, Lexicon, default_lexicon
from jobtro.language.matcher import CompiledLexicon, Rule
from jobtro.language.text import Prepared, Tokens, prepare, tokenise

Label = Literal["deficit", "resource", "neutral"]

# A hedged verdict ("virker umotiveret") still reads as a verdict, but weighs less.
HEDGE_FACTOR = 0.5
_HEDGE_NOTE = " Også med forbehold læses det som en samlet vurdering."


@dataclass(frozen=True, slots=True)
class Finding:
    """One phrase in the text, with offsets into the text exactly as given."""

    start: int
    end: int
    text: str
    kind: Kind
    category: str
    explanation: str
    suggestions: tuple[str, ...]
    rule: str
    hedged: bool = False
    weight: float = 1.0

    @property
    def prompt(self) -> str:
        """A reflection prompt for the inline coach, never an instruction."""
        if self.kind == "deficit" and self.suggestions:
            return f"Vil du beskrive det som »{self.suggestions[0]}«?"
        return self.explanation

    def to_dict(self) -> dict[str, Any]:
        """The finding in the `jobtro language check` line format (docs/contracts.md)."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind,
            "category": self.category,
            "explanation": self.explanation,
            "suggestions": list(self.suggestions),
        }


@dataclass(frozen=True, slots=True)
class Analysis:
    """The result for one text: its findings in text order, a label and a score.

    `score` runs from -1 (only deficit language) to +1 (only resource language);
    0 means no findings or a balance. The label is "deficit" as soon as deficit
    phrases weigh at least as much as resource phrases, because a deficit phrase
    is worth a prompt even beside a resource phrase.
    """

    label: Label
    score: float
    findings: tuple[Finding, ...]

    @property
    def deficits(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.kind == "deficit")

    @property
    def resources(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.kind == "resource")

    def to_dict(self, id: str | None = None) -> dict[str, Any]:
        """The line format of `jobtro language check` (docs/contracts.md)."""
        return {
            "id": id,
            "label": self.label,
            "score": self.score,
            "findings": [f.to_dict() for f in self.findings],
        }


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of the text for display: plain, or the words of one finding."""

    text: str
    finding: Finding | None = None


def segments(text: str, analysis: Analysis) -> list[Segment]:
    """Cut `text` into plain pieces and findings, in order, for a template to render.

    The pieces join back to `text` exactly; the template escapes each piece as usual,
    so markup in a citizen's text stays inert.
    """
    pieces: list[Segment] = []
    position = 0
    for finding in analysis.findings:
        if finding.start > position:
            pieces.append(Segment(text[position : finding.start]))
        pieces.append(Segment(text[finding.start : finding.end], finding))
        position = finding.end
    if position < len(text):
        pieces.append(Segment(text[position:]))
    return pieces


def analyse(text: str, *, lexicon: Lexicon | None = None) -> Analysis:
    """Find deficit and resource phrases in `text` (any length; linear time)."""
    return _analyse(text, lexicon or default_lexicon())[0]


def _analyse(text: str, lexicon: Lexicon) -> tuple[Analysis, int]:
    """The analysis and the number of words (for the language picture)."""
    if not isinstance(text, str):
        raise TypeError(f"analyse() needs a str, not {type(text).__name__}")
    index = lexicon.compiled()
    prepared = prepare(text)
    tokens = tokenise(prepared)
    words = tokens.words
    if not words:
        return Analysis(label="neutral", score=0.0, findings=()), 0

    exempt = bytearray(len(words))
    matches: list[tuple[int, int, int, Rule, dict[str, int]]] = []
    for i, word in enumerate(words):
        candidates = index.candidates(word)
        if not candidates:
            continue
        for rule_id in candidates:
            rule = index.rules[rule_id]
            found = index.match_at(rule, i, tokens)
            if found is None:
                continue
            end, report_start, report_end, captures = found
            if rule.entry is None:
                # A word inside a scheme's name ("ressourceforløb") is never part of a
                # finding, whichever rule reaches it.
                exempt[i:end] = b"\x01" * (end - i)
                continue
            if not index.context_ok(rule, i, end, tokens):
                continue
            matches.append((report_start, report_end, rule.entry.priority, rule, captures))

    # Leftmost, then longest, then highest priority wins; overlapping rivals drop out.
    matches.sort(key=lambda m: (m[0], -(m[1] - m[0]), -m[2]))
    findings: list[Finding] = []
    taken_until = 0
    for start, end, _priority, rule, captures in matches:
        if start < taken_until or any(exempt[start:end]):
            continue
        taken_until = end
        findings.append(_finding(prepared, tokens, index, rule, start, end, captures))
    return _summarise(findings), len(words)


def _finding(
    prepared: Prepared, tokens: Tokens, index: CompiledLexicon, rule: Rule, start: int,
    end: int, captures: dict[str, int],
) -> Finding:  # fmt: skip
    entry = rule.entry
    assert entry is not None  # exemptions never become findings
    char_start, char_end = prepared.span(tokens.starts[start], tokens.ends[end - 1])
    matched = prepared.original[char_start:char_end]
    hedged = rule.kind == "deficit" and index.hedged(start, tokens)
    values = {}
    for name, position in captures.items():
        s, e = prepared.span(tokens.starts[position], tokens.ends[position])
        values[name] = prepared.original[s:e]
    suggestions = tuple(_fill(s, values, capital=matched[:1].isupper()) for s in entry.suggestions)
    return Finding(
        start=char_start,
        end=char_end,
        text=matched,
        kind="deficit" if rule.kind == "deficit" else "resource",
        category=entry.category,
        explanation=entry.explanation + (_HEDGE_NOTE if hedged else ""),
        suggestions=suggestions,
        rule=entry.id,
        hedged=hedged,
        weight=entry.weight * (HEDGE_FACTOR if hedged else 1.0),
    )


def _fill(template: str, values: dict[str, str], *, capital: bool) -> str:
    text = template
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    if capital and text[:1].islower():
        text = text[0].upper() + text[1:]
    return text


def _summarise(findings: list[Finding]) -> Analysis:
    deficit = sum(f.weight for f in findings if f.kind == "deficit")
    resource = sum(f.weight for f in findings if f.kind == "resource")
    if not findings:
        return Analysis(label="neutral", score=0.0, findings=())
    score = round((resource - deficit) / (resource + deficit), 4)
    label: Label = "deficit" if deficit and deficit >= resource else "resource"
    return Analysis(label=label, score=score, findings=tuple(findings))


# --- a team's language picture ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LanguagePicture:
    """Aggregate counts over many texts (for a team's monthly trend). No text, no
    author: the caller decides the grouping and suppresses small groups."""

    n_texts: int
    n_words: int
    n_deficit: int
    n_resource: int
    texts_with_deficit: int
    texts_with_resource: int
    by_category: dict[str, int] = field(default_factory=dict)

    @property
    def deficit_share(self) -> float:
        """Deficit phrases as a share of all phrases found (0 when none)."""
        total = self.n_deficit + self.n_resource
        return self.n_deficit / total if total else 0.0

    @property
    def resource_share(self) -> float:
        total = self.n_deficit + self.n_resource
        return self.n_resource / total if total else 0.0

    @property
    def deficit_per_1000_words(self) -> float:
        return 1000 * self.n_deficit / self.n_words if self.n_words else 0.0

    @property
    def resource_per_1000_words(self) -> float:
        return 1000 * self.n_resource / self.n_words if self.n_words else 0.0


def language_picture(texts: Iterable[str], *, lexicon: Lexicon | None = None) -> LanguagePicture:
    """Count deficit and resource phrases over `texts` (streams; nothing is kept)."""
    lexicon = lexicon or default_lexicon()
    n_texts = n_words = n_deficit = n_resource = with_deficit = with_resource = 0
    categories: Counter[str] = Counter()
    for text in texts:
        result, words = _analyse(text, lexicon)
        n_texts += 1
        n_words += words
        deficits = sum(1 for f in result.findings if f.kind == "deficit")
        resources = len(result.findings) - deficits
        n_deficit += deficits
        n_resource += resources
        with_deficit += deficits > 0
        with_resource += resources > 0
        categories.update(f.category for f in result.findings)
    return LanguagePicture(
        n_texts=n_texts,
        n_words=n_words,
        n_deficit=n_deficit,
        n_resource=n_resource,
        texts_with_deficit=with_deficit,
        texts_with_resource=with_resource,
        by_category=dict(categories),
    )
