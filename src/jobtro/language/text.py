"""Text preparation: normalise for matching, tokenise, and map offsets back.

Matching works on a normalised copy of the text (NFC, invisible characters removed,
HTML markup blanked), but every finding must point into the text the user wrote.
`Prepared.span()` maps a span of the normalised copy back to the original.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from dataclasses import dataclass

# Invisible characters that pasted text often carries inside words (zero-width space,
# joiners, word joiner, byte-order mark, soft hyphen). A reader sees the letters
# joined, so matching must too.
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")

_CHUNK_RE = re.compile(r"\s+|\S+")

# Markup is blanked with spaces of the same length, so offsets stay put and words
# inside tags, scripts and styles never become findings. The bounded repetitions keep
# the regexes linear on a text full of stray "<".
_RAW_OPEN_RE = re.compile(r"<(script|style)\b[^<>]{0,500}>", re.IGNORECASE)
_RAW_CLOSE_RE = {name: re.compile(rf"</{name}\s*>", re.IGNORECASE) for name in ("script", "style")}
_BLOCK_TAG_RE = re.compile(r"</?(?:br|p|div|li|ul|ol|tr|td|th|h[1-6]|table|section)\b", re.I)
_MARKUP_RE = re.compile(
    r"<[a-zA-Z/!][^<>]{0,500}>|&(?:[a-zA-Z]{2,10}|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});"
)

# A word: letters and digits, with inner hyphens or apostrophes ("AMU-kursus").
WORD_RE = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")

# Punctuation between two words that ends a clause (negation and context windows
# stop there) or a sentence (patterns never cross it).
_CLAUSE_PUNCT = frozenset(',;:()[]{}–—"“”«»')
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
    starts: array[int] | None
    ends: array[int] | None

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
    starts: array[int] | None = None
    ends: array[int] | None = None
    normalised = text
    if _INVISIBLE_RE.search(text) or not unicodedata.is_normalized("NFC", text):
        normalised, starts, ends = _normalise_with_offsets(text)
    if "<" in normalised or "&" in normalised:
        normalised = _blank_markup(normalised)
    return Prepared(original=text, normalised=normalised, starts=starts, ends=ends)


def _blank_markup(text: str) -> str:
    def blank(match: re.Match[str]) -> str:
        # A block tag (<br>, <p>, <li> …) ends a sentence, as a line break would.
        size = match.end() - match.start()
        return "\n" + " " * (size - 1) if _BLOCK_TAG_RE.match(match.group()) else " " * size

    pieces: list[str] = []
    position = 0
    # Once a closing tag is missing, no later opening tag can find one either; giving
    # up then keeps a text full of unclosed "<script>" linear.
    closable = {"script": True, "style": True}
    for opening in _RAW_OPEN_RE.finditer(text):
        if opening.start() < position:
            continue
        name = opening.group(1).lower()
        closing = _RAW_CLOSE_RE[name].search(text, opening.end()) if closable[name] else None
        if closing is None:
            closable[name] = False
            continue  # the opening tag alone is blanked below, like any tag
        pieces.append(text[position : opening.start()])
        pieces.append(" " * (closing.end() - opening.start()))
        position = closing.end()
    pieces.append(text[position:])
    return _MARKUP_RE.sub(blank, "".join(pieces))


def _normalise_with_offsets(text: str) -> tuple[str, array[int], array[int]]:
    # NFC never composes across whitespace (a space is a starter that nothing combines
    # with), so the text can be normalised chunk by chunk, and the many chunks that are
    # already fine are copied with an identity map instead of walked letter by letter.
    out: list[str] = []
    starts: array[int] = array("q")
    ends: array[int] = array("q")
    for match in _CHUNK_RE.finditer(text):
        chunk = match.group()
        offset = match.start()
        if chunk.isascii() or (
            unicodedata.is_normalized("NFC", chunk) and not _INVISIBLE_RE.search(chunk)
        ):
            out.append(chunk)
            starts.extend(range(offset, offset + len(chunk)))
            ends.extend(range(offset + 1, offset + len(chunk) + 1))
            continue
        _normalise_chunk(chunk, offset, out, starts, ends)
    return "".join(out), starts, ends


def _normalise_chunk(
    chunk: str, offset: int, out: list[str], starts: array[int], ends: array[int]
) -> None:
    # NFC only composes a base character with the combining marks after it, so each
    # cluster is normalised alone and every output character knows its source cluster.
    combining = unicodedata.combining
    i, n = 0, len(chunk)
    while i < n:
        if chunk[i] in _INVISIBLE:
            i += 1
            continue
        j = i + 1
        while j < n and (combining(chunk[j]) or chunk[j] in _INVISIBLE):
            j += 1
        cluster = "".join(c for c in chunk[i:j] if c not in _INVISIBLE)
        composed = unicodedata.normalize("NFC", cluster)
        out.append(composed)
        starts.extend([offset + i] * len(composed))
        ends.extend([offset + j] * len(composed))
        i = j


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
    for match in WORD_RE.finditer(text):
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
