"""Text preparation: normalise for matching, tokenise, and map offsets back.

Matching works on a normalised copy of the text (NFC, invisible characters removed,
HTML markup blanked), but every finding must point into the text the user wrote.
`Prepared.span()` maps a span of the normalised copy back to the original.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Invisible characters that pasted text often carries inside words (zero-width space,
# joiners, word joiner, byte-order mark, soft hyphen). A reader sees the letters
# joined, so matching must too.
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")

# Markup is blanked with spaces of the same length, so offsets stay put and words
# inside tags or scripts never become findings. The bounded repetition keeps the
# regex linear on a text with a stray "<".
_MARKUP_RE = re.compile(
    r"<(script|style)\b[^>]{0,500}>.*?</\1\s*>"
    r"|<[a-zA-Z/!][^<>]{0,500}>"
    r"|&(?:[a-zA-Z]{2,10}|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});",
    re.IGNORECASE | re.DOTALL,
)

# A word: letters and digits, with inner hyphens or apostrophes ("AMU-kursus").
_WORD_RE = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")

# Punctuation between two words that ends a clause (negation and context windows
# stop there) or a sentence (patterns never cross it).
_CLAUSE_PUNCT = frozenset(",;:()[]{}–—\"“”«»")
_SENTENCE_END_RE = re.compile(r"[.!?…]\s|\n|\r|•")

_MONTHS = (
    "jan|januar|feb|februar|mar|marts|apr|april|maj|jun|juni|jul|juli|aug|august"
    "|sep|sept|september|okt|oktober|nov|november|dec|december"
)
_WEEKDAYS = "mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag"
# A dated single event ("udeblev den 3. marts", "på tirsdag", "4/5") is a fact, not a
# pattern of behaviour; rules marked `dated: true` in the lexicon yield to it.
_DATE_RE = re.compile(
    rf"\b\d{{1,2}}\.\s?(?:{_MONTHS})\b"
    rf"|\b\d{{1,2}}[/.-]\d{{1,2}}(?:[/.-]\d{{2,4}})?\b"
    rf"|\b(?:{_WEEKDAYS})(?:s|en)?\b"
    r"|\bi (?:går|forgårs|morges|formiddags|eftermiddags)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Prepared:
    """A text ready for matching, with the way back to the original offsets."""

    original: str
    normalised: str
    # starts[i]/ends[i]: the original span that produced normalised[i]; None when
    # the normalised text is the original (the common, fast case).
    starts: tuple[int, ...] | None
    ends: tuple[int, ...] | None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the normalised text to a span of the original text."""
        if self.starts is None or self.ends is None:
            return start, end
        if end <= start:
            position = self.starts[start] if start < len(self.starts) else len(self.original)
            return position, position
        return self.starts[start], self.ends[end - 1]


def prepare(text: str) -> Prepared:
    """Normalise `text` for matching (NFC, no invisible characters, markup blanked)."""
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None
    normalised = text
    if _INVISIBLE_RE.search(text) or not unicodedata.is_normalized("NFC", text):
        normalised, starts, ends = _normalise_with_offsets(text)
    if "<" in normalised or "&" in normalised:
        normalised = _MARKUP_RE.sub(lambda m: " " * (m.end() - m.start()), normalised)
    return Prepared(original=text, normalised=normalised, starts=starts, ends=ends)


def _normalise_with_offsets(text: str) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
    # NFC only ever composes a base character with the combining marks that follow it,
    # so normalising cluster by cluster gives the same text as normalising it whole,
    # and each output character knows which original cluster it came from.
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    combining = unicodedata.combining
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in _INVISIBLE:
            i += 1
            continue
        j = i + 1
        while j < n and (combining(text[j]) or text[j] in _INVISIBLE):
            j += 1
        cluster = "".join(c for c in text[i:j] if c not in _INVISIBLE)
        composed = unicodedata.normalize("NFC", cluster)
        out.append(composed)
        starts.extend([i] * len(composed))
        ends.extend([j] * len(composed))
        i = j
    return "".join(out), tuple(starts), tuple(ends)


@dataclass(frozen=True, slots=True)
class Tokens:
    """The words of a prepared text as parallel lists (cheaper than one object a word)."""

    words: list[str]  # lower-cased surface forms
    starts: list[int]  # offsets into the normalised text
    ends: list[int]
    sentence: list[int]  # sentence number of each word
    clause: list[int]  # clause number of each word (a sentence holds one or more)
    dated_sentences: frozenset[int]


def tokenise(prepared: Prepared) -> Tokens:
    """Split the normalised text into words, sentences and clauses."""
    text = prepared.normalised
    words: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    sentence: list[int] = []
    clause: list[int] = []
    sent_no = clause_no = 0
    previous_end = 0
    for match in _WORD_RE.finditer(text):
        start = match.start()
        gap = text[previous_end:start]
        if words and gap != " ":
            if _is_sentence_break(gap, match.group()):
                sent_no += 1
                clause_no += 1
            elif any(c in _CLAUSE_PUNCT or c == "." for c in gap):
                clause_no += 1
        words.append(match.group().lower())
        starts.append(start)
        ends.append(match.end())
        sentence.append(sent_no)
        clause.append(clause_no)
        previous_end = match.end()
    dated = frozenset(_dated_sentences(text, starts, sentence)) if words else frozenset()
    return Tokens(words, starts, ends, sentence, clause, dated)


def _is_sentence_break(gap: str, next_word: str) -> bool:
    if "\n" in gap or "\r" in gap or "•" in gap:
        return True
    if not _SENTENCE_END_RE.search(gap + " "):
        return False
    # "den 3. marts" and "kl. 10" keep going: a full stop ends a sentence only when
    # the next word starts with a capital letter (or the gap holds ! or ?).
    return next_word[:1].isupper() or "!" in gap or "?" in gap


def _dated_sentences(text: str, starts: list[int], sentence: list[int]) -> set[int]:
    from bisect import bisect_right

    dated: set[int] = set()
    for match in _DATE_RE.finditer(text):
        index = max(bisect_right(starts, match.start()) - 1, 0)
        dated.add(sentence[index])
    return dated
