"""Matching a citizen's words against the companies' job functions — plain data in,
ranked suggestions with their reasons out. No ORM here (services.py gathers the data).

The scoring is deliberately simple, so that every point can be explained in a sentence:

| the citizen's …            | found in the job function's … | points |
|----------------------------|-------------------------------|--------|
| wish (tag)                 | title or task tags            | 3      |
| competence (tag)           | title or task tags            | 3      |
| experience (tag)           | title or task tags            | 2      |
| strength (strengths profile)| strengths that help in the job| 2      |
| word in the free text      | title or task tags            | 1 (at most 3 words) |

Two words match when their Danish lemmas are equal, or when one begins the other
(compound words: "kunde" in "kundeservice", both at least 4 letters), or when a word of
at least 5 letters ends the other ("rengøring" in "hotelrengøring"). Small words such as
"og", "med", "arbejde" never match. A function is suggested only when at least one of
the citizen's own words matches; strengths add to a match, they do not make one.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from jobtro.language.lexicon import lemma

WEIGHTS = {"wish": 3, "competence": 3, "experience": 2, "strength": 2, "text": 1}
MAX_TEXT_WORDS = 3
MAX_SUGGESTIONS = 10
MAX_FUNCTIONS_SHOWN = 3

_WORD = re.compile(r"[a-zæøåéü]+")
STOP_WORDS = frozenset(
    [
        "og",
        "i",
        "at",
        "med",
        "på",
        "for",
        "til",
        "af",
        "en",
        "et",
        "den",
        "det",
        "de",
        "som",
        "er",
        "arbejde",
        "arbejd",
        "job",
        "gerne",
        "vil",
        "have",
        "kunne",
        "om",
        "fra",
        "der",
        "ved",
        "hos",
        "noget",
        "lidt",
        "meget",
        "også",
        "sig",
        "han",
        "hun",
        "borgeren",
        "borger",
        "ikke",
        "man",
        "skal",
        "kan",
        "eller",
        "men",
        "så",
        "har",
        "være",
    ]
)


@dataclass(frozen=True)
class CitizenTerms:
    competences: tuple[str, ...] = ()
    experience: tuple[str, ...] = ()
    wishes: tuple[str, ...] = ()
    text: str = ""
    strengths: tuple[tuple[str, str], ...] = ()  # (key, label)

    @property
    def has_words(self) -> bool:
        return bool(self.competences or self.experience or self.wishes or content_words(self.text))


@dataclass(frozen=True)
class FunctionTerms:
    company_id: int
    company_name: str
    function_id: int
    title: str
    task_tags: tuple[str, ...] = ()
    strength_keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reason:
    kind: str
    points: int
    text: str


@dataclass(frozen=True)
class FunctionMatch:
    function_id: int
    title: str
    score: int
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Suggestion:
    company_id: int
    company_name: str
    score: int
    functions: tuple[FunctionMatch, ...]

    @property
    def reasons(self) -> tuple[Reason, ...]:
        return self.functions[0].reasons


@functools.lru_cache(maxsize=4096)
def _lemma(word: str) -> str:
    return lemma(word)


def content_words(text: str) -> tuple[str, ...]:
    """The lemmas of the words that carry meaning, in order, without repeats."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(text.casefold()):
        if len(word) < 2 or word in STOP_WORDS:
            continue
        base = _lemma(word)
        if base not in STOP_WORDS:
            seen.setdefault(base, None)
    return tuple(seen)


def words_match(a: str, b: str) -> bool:
    """Equal lemmas, a shared beginning (≥ 4 letters) or a shared ending (≥ 5 letters).

    >>> words_match("kunde", "kundeservice"), words_match("rengøring", "hotelrengøring")
    (True, True)
    >>> words_match("bil", "billede")
    False
    """
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return (len(short) >= 4 and long.startswith(short)) or (
        len(short) >= 5 and long.endswith(short)
    )


def tags_match(a: str, b: str) -> bool:
    """Two tags match when a meaningful word of one matches a word of the other."""
    return any(words_match(x, y) for x in content_words(a) for y in content_words(b))


def normalise_tags(values: Iterable[str]) -> list[str]:
    """Trimmed, lower-case, without repeats, in the order given."""
    seen: dict[str, None] = {}
    for value in values:
        tag = " ".join(value.split()).casefold()
        if tag:
            seen.setdefault(tag[:60], None)
    return list(seen)


def _same(tag: str, task: str) -> bool:
    return tag.casefold() == task.casefold()


def _vocabulary(function: FunctionTerms) -> tuple[str, ...]:
    return (*function.task_tags, function.title)


def match_function(citizen: CitizenTerms, function: FunctionTerms) -> FunctionMatch | None:
    """The reasons one job function fits the citizen; None when none of the citizen's
    own words match."""
    reasons: list[Reason] = []
    vocabulary = _vocabulary(function)

    def first_hit(tag: str) -> str | None:
        return next((task for task in vocabulary if tags_match(tag, task)), None)

    for tag in citizen.wishes:
        if task := first_hit(tag):
            reasons.append(
                Reason(
                    "wish",
                    WEIGHTS["wish"],
                    (
                        _("Opgaver der passer til borgerens ønske om »%(tag)s«.")
                        if _same(tag, task)
                        else _("Opgaver der passer til borgerens ønske om »%(tag)s«: »%(task)s«.")
                    )
                    % {"tag": tag, "task": task},
                )
            )
    for tag in citizen.competences:
        if task := first_hit(tag):
            reasons.append(
                Reason(
                    "competence",
                    WEIGHTS["competence"],
                    (
                        _("Borgerens kompetence »%(tag)s« bruges i jobbet.")
                        if _same(tag, task)
                        else _("Borgerens kompetence »%(tag)s« kan bruges i »%(task)s«.")
                    )
                    % {"tag": tag, "task": task},
                )
            )
    for tag in citizen.experience:
        if task := first_hit(tag):
            reasons.append(
                Reason(
                    "experience",
                    WEIGHTS["experience"],
                    (
                        _("Borgerens erfaring med »%(tag)s« passer til opgaverne.")
                        if _same(tag, task)
                        else _("Borgerens erfaring med »%(tag)s« passer til »%(task)s«.")
                    )
                    % {"tag": tag, "task": task},
                )
            )
    tagged = {
        w
        for t in (*citizen.wishes, *citizen.competences, *citizen.experience)
        for w in content_words(t)
    }
    text_hits = 0
    for word in content_words(citizen.text):
        if text_hits >= MAX_TEXT_WORDS or word in tagged:
            continue
        if task := first_hit(word):
            text_hits += 1
            reasons.append(
                Reason(
                    "text",
                    WEIGHTS["text"],
                    _("Ordet »%(word)s« fra beskrivelsen af borgeren går igen i »%(task)s«.")
                    % {"word": word, "task": task},
                )
            )
    if not reasons:
        return None
    for key, label in citizen.strengths:
        if key in function.strength_keys:
            reasons.append(
                Reason(
                    "strength",
                    WEIGHTS["strength"],
                    _("Borgerens styrke »%(label)s« passer til jobbet som %(title)s.")
                    % {"label": label, "title": function.title},
                )
            )
    reasons.sort(key=lambda r: -r.points)
    return FunctionMatch(
        function_id=function.function_id,
        title=function.title,
        score=sum(r.points for r in reasons),
        reasons=tuple(reasons),
    )


def suggest(
    citizen: CitizenTerms, functions: Sequence[FunctionTerms], *, limit: int = MAX_SUGGESTIONS
) -> list[Suggestion]:
    """Companies ranked by their best-matching job function (ties: more matching
    functions first, then the name).

    >>> citizen = CitizenTerms(wishes=("lager",))
    >>> f = FunctionTerms(1, "Lageret A/S", 7, "Lagermedarbejder", ("pakning",))
    >>> [(s.company_name, s.score) for s in suggest(citizen, [f])]
    [('Lageret A/S', 3)]
    """
    by_company: dict[int, list[FunctionMatch]] = {}
    names: dict[int, str] = {}
    for function in functions:
        found = match_function(citizen, function)
        if found is not None:
            by_company.setdefault(function.company_id, []).append(found)
            names[function.company_id] = function.company_name
    suggestions = [
        Suggestion(
            company_id=company_id,
            company_name=names[company_id],
            score=max(m.score for m in matches),
            functions=tuple(
                sorted(matches, key=lambda m: (-m.score, m.title))[:MAX_FUNCTIONS_SHOWN]
            ),
        )
        for company_id, matches in by_company.items()
    ]
    suggestions.sort(key=lambda s: (-s.score, -len(s.functions), s.company_name.casefold()))
    return suggestions[:limit]
