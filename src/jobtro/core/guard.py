"""The CPR and name guard for free text that others read (sparring cases, follow-up
notes, project meeting notes). A CPR number or a citizen's full name is caught before
the text is saved, with a Danish message on the field."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from jobtro.core.cpr import find_cpr_numbers

if TYPE_CHECKING:
    from jobtro.organisations.models import Staff

# A run of two to four words ("Anna Marie Demosen") may be a full name.
_MAX_NAME_WORDS = 4
_PUNCTUATION = ",.;:!?()[]\"'«»“”"


def _squash(text: str) -> str:
    return " ".join(text.split()).casefold()


def check_free_text(
    texts: dict[str, str], *, names: Iterable[str] = (), name_message: str | None = None
) -> None:
    """Raise a ValidationError per field holding a CPR number or one of `names`.

    `name_message` says why a name does not belong here (default: the sparring case,
    which is presented anonymously)."""
    wanted = [n for n in (_squash(name) for name in names) if n]
    errors: dict[str, list[str]] = {}
    for field, text in texts.items():
        if find_cpr_numbers(text):
            errors.setdefault(field, []).append(
                _("Teksten ser ud til at indeholde et CPR-nummer. Fjern det.")
            )
        squashed = _squash(text)
        if any(name in squashed for name in wanted):
            errors.setdefault(field, []).append(
                name_message or _("Skriv uden borgerens fulde navn; sagen fremlægges anonymt.")
            )
    if errors:
        raise ValidationError(errors)


def name_candidates(text: str) -> set[str]:
    """Every run of two to four words in `text` that could be a full name: as written and
    with capitals (names are stored capitalised, but people type "anna demosen"); a
    genitive ("Anna Demosens forløb") is also tried without its "s".

    >>> sorted(name_candidates("hjælp til anna demosen"))[:3]
    ['Anna Demosen', 'Hjælp Til', 'Hjælp Til Anna']
    >>> "Anna Demosen" in name_candidates("Anna Demosens forløb")
    True
    """
    found: set[str] = set()
    for line in text.splitlines():
        words = [w.strip(_PUNCTUATION) for w in line.split()]
        words = [w for w in words if w]
        for start in range(len(words)):
            for size in range(2, _MAX_NAME_WORDS + 1):
                if start + size <= len(words):
                    run = " ".join(words[start : start + size])
                    found.add(run)
                    found.add(_capitalised(run))
    return found | {c[:-1] for c in found if c.endswith("s")}


def _capitalised(run: str) -> str:
    return " ".join("-".join(p[:1].upper() + p[1:] for p in w.split("-")) for w in run.split())


def citizen_names_in(
    texts: Iterable[str], *, municipality_ids: Iterable[int], writer: Staff | None = None
) -> list[str]:
    """Full names of citizens in the municipalities that the texts may hold: one query
    with the candidate runs of words, never a scan of every name in Python.

    With a `writer` (a Staff), only citizens the writer may see are looked up, and none
    for a role that never sees names (researchers): otherwise the refusal itself would
    tell the writer whether a person they typed is a citizen of the job centre."""
    from jobtro.citizens.models import Citizen
    from jobtro.core import access

    candidates = set().union(*(name_candidates(t) for t in texts))
    if not candidates:
        return []
    citizens = Citizen.objects.all()
    if writer is not None:
        if not access.shows_names(writer.user):
            return []
        citizens = Citizen.objects.visible_to(writer.user)
    return list(
        citizens.filter(municipality_id__in=list(municipality_ids), name__in=candidates)
        .values_list("name", flat=True)
        .distinct()
    )


def check_no_citizen_names(
    texts: dict[str, str],
    *,
    municipality_ids: Iterable[int],
    name_message: str,
    writer: Staff | None = None,
) -> None:
    """The guard for text not about one citizen (meetings, experiments, stories): no CPR
    number, and no full name of a citizen in the given municipalities (as written or
    in lower case)."""
    names = citizen_names_in(texts.values(), municipality_ids=municipality_ids, writer=writer)
    check_free_text(texts, names=names, name_message=name_message)
