"""The CPR and name guard for free text that others read (sparring cases, follow-up
notes, project meeting notes). A CPR number or a citizen's full name is caught before
the text is saved, with a Danish message on the field."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from jobtro.core.cpr import find_cpr_numbers

# A run of two to four capitalised words ("Anna Marie Demosen") may be a full name.
_CAPITALISED = re.compile(r"[A-ZÆØÅÉÜÖÄ][\w'-]*")
_MAX_NAME_WORDS = 4


def _squash(text: str) -> str:
    return " ".join(text.split()).casefold()


def check_free_text(texts: dict[str, str], *, names: Iterable[str] = ()) -> None:
    """Raise a ValidationError per field holding a CPR number or one of `names`."""
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
                _("Skriv uden borgerens fulde navn; sagen fremlægges anonymt.")
            )
    if errors:
        raise ValidationError(errors)


def name_candidates(text: str) -> set[str]:
    """Runs of two to four capitalised words in `text`, as written and single-spaced.

    >>> sorted(name_candidates("Mødet med Anna Demosen og Bo gik godt."))
    ['Anna Demosen']
    """
    found: set[str] = set()
    for line in text.splitlines():
        words = line.replace(",", " ").replace(".", " ").split()
        run: list[str] = []
        for word in [*words, ""]:
            if word and _CAPITALISED.fullmatch(word):
                run.append(word)
                continue
            for start in range(len(run)):
                for size in range(2, _MAX_NAME_WORDS + 1):
                    if start + size <= len(run):
                        found.add(" ".join(run[start : start + size]))
            run = []
    return found


def check_no_citizen_names(texts: dict[str, str], *, municipality_ids: Iterable[int]) -> None:
    """The guard for text not about one citizen: no CPR number, and no full name of a
    citizen in the given municipalities (matched as written, capitalised)."""
    from jobtro.citizens.models import Citizen

    candidates = set().union(*(name_candidates(t) for t in texts.values()))
    names: list[str] = []
    if candidates:
        names = list(
            Citizen.objects.filter(municipality_id__in=list(municipality_ids), name__in=candidates)
            .values_list("name", flat=True)
            .distinct()
        )
    try:
        check_free_text(texts, names=names)
    except ValidationError as exc:
        # Said about a meeting: a citizen's name, not "the case".
        raise ValidationError(
            {
                field: [
                    _("Skriv uden borgeres fulde navne; mødenoter handler ikke om enkelte borgere.")
                    if "fulde navn" in str(m)
                    else m
                    for m in messages
                ]
                for field, messages in exc.message_dict.items()
            }
        ) from exc
