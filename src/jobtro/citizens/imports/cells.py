"""Reading one row's cells into typed values, with a Danish message per mistake.

Every message names the row (as in the spreadsheet, header = row 1) and the column,
so that the administrator can find and fix it in the file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from jobtro.core.cpr import find_cpr_numbers
from jobtro.organisations.models import Municipality

from .limits import short
from .reading import Row

_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DANISH_DATE = re.compile(r"^(\d{1,2})[-.](\d{1,2})[-.](\d{4})$")
EARLIEST = dt.date(1900, 1, 1)


@dataclass(frozen=True)
class Issue:
    """An error or warning; row None is about the file, column "" about the whole row."""

    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        if self.row is None:
            where = (
                _("Kolonne «%(column)s»") % {"column": short(self.column)}
                if self.column
                else _("Filen")
            )
        elif self.column:
            where = _("Række %(row)s, kolonne «%(column)s»") % {
                "row": self.row,
                "column": short(self.column),
            }
        else:
            where = _("Række %(row)s") % {"row": self.row}
        return f"{where}: {self.message}"


def parse_date(text: str) -> dt.date | None:
    """YYYY-MM-DD, DD-MM-YYYY or DD.MM.YYYY; None when it is not a date."""
    text = text.strip()
    if text.endswith(" 00:00:00"):  # a date exported from a spreadsheet as a datetime
        text = text[: -len(" 00:00:00")]
    if match := _ISO_DATE.match(text):
        year, month, day = match.groups()
    elif match := _DANISH_DATE.match(text):
        day, month, year = match.groups()
    else:
        return None
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


class Cells:
    """One row's values; each getter records a Danish message when the cell is wrong."""

    def __init__(self, row: Row, issues: list[Issue], *, today: dt.date) -> None:
        self.row = row
        self.today = today
        self.issues = issues
        self.failed = False

    @property
    def number(self) -> int:
        return self.row.number

    def error(self, column: str, message: str) -> None:
        self.failed = True
        self.issues.append(Issue(self.row.number, column, message))

    def raw(self, column: str) -> str:
        return self.row.values.get(column, "").strip()

    def text(
        self, column: str, *, required: bool = False, max_length: int = 0, free_text: bool = False
    ) -> str:
        value = self.raw(column)
        if not value:
            if required:
                self.error(column, _("Feltet skal udfyldes."))
            return ""
        if max_length and len(value) > max_length:
            self.error(
                column,
                _("Teksten er for lang (%(length)s tegn). Højst %(max)s tegn.")
                % {"length": len(value), "max": max_length},
            )
            return ""
        # docs/contracts.md: free text is checked for CPR numbers before it is saved.
        if free_text and find_cpr_numbers(value):
            self.error(column, _("Teksten ser ud til at indeholde et CPR-nummer. Fjern det."))
            return ""
        return value

    def date(
        self, column: str, *, required: bool = False, not_future: bool = True
    ) -> dt.date | None:
        value = self.raw(column)
        if not value:
            if required:
                self.error(column, _("Feltet skal udfyldes."))
            return None
        day = parse_date(value)
        if day is None:
            self.error(
                column,
                _(
                    "«%(value)s» er ikke en gyldig dato. Brug ÅÅÅÅ-MM-DD, DD-MM-ÅÅÅÅ eller DD.MM.ÅÅÅÅ."
                )
                % {"value": value[:40]},
            )
            return None
        if day < EARLIEST:
            self.error(column, _("Datoen ligger før 1900."))
            return None
        if not_future and day > self.today:
            self.error(column, _("Datoen må ikke ligge i fremtiden."))
            return None
        return day

    def integer(self, column: str, *, required: bool = False, low: int, high: int) -> int | None:
        value = self.raw(column)
        if not value:
            if required:
                self.error(column, _("Feltet skal udfyldes."))
            return None
        try:
            number = int(value)
        except ValueError:
            self.error(column, _("«%(value)s» er ikke et helt tal.") % {"value": value[:40]})
            return None
        if not low <= number <= high:
            self.error(
                column,
                _("%(value)s ligger uden for det tilladte (%(low)s–%(high)s).")
                % {"value": number, "low": low, "high": high},
            )
            return None
        return number

    def code(
        self,
        column: str,
        choices: dict[str, Any],
        *,
        required: bool = False,
        what: Any,
        valid: Iterable[str] = (),
    ) -> Any:
        """Look the cell up (case-insensitively) among codes and names; None if absent or unknown."""
        value = self.raw(column)
        if not value:
            if required:
                self.error(column, _("Feltet skal udfyldes."))
            return None
        found = choices.get(value.lower())
        if found is None:
            codes = ", ".join(sorted(set(valid) or {str(v) for v in choices.values()}))
            self.error(
                column,
                _("Ukendt %(what)s «%(value)s». Gyldige koder: %(codes)s.")
                % {"what": what, "value": value[:60], "codes": codes},
            )
        return found


def choices_of(
    pairs: Iterable[tuple[str, str]], *, aliases: dict[str, str] | None = None
) -> dict[str, str]:
    """Code and label (both lower-cased) → code, for Cells.code."""
    mapping: dict[str, str] = {}
    for code, label in pairs:
        mapping[str(code).lower()] = code
        mapping[str(label).lower()] = code
    for alias, code in (aliases or {}).items():
        mapping[alias] = code
    return mapping


class Scope:
    """Which municipality each row belongs to, and which ones the importer may write to."""

    def __init__(self, *, default: Municipality | None, only: Municipality | None) -> None:
        self.default = default
        self.only = only
        self._by_code: dict[str, Municipality | None] = {}

    def municipality(self, cells: Cells) -> Municipality | None:
        code = cells.raw("municipality")
        if not code:
            if self.default is None:
                cells.error("municipality", _("Kommunenummeret mangler."))
            return self.default
        code = code.zfill(3) if code.isdigit() else code
        if code not in self._by_code:
            self._by_code[code] = Municipality.objects.filter(code=code).first()
        municipality = self._by_code[code]
        if municipality is None:
            cells.error("municipality", _("Ukendt kommunenummer «%(code)s».") % {"code": code[:10]})
            return None
        if self.only is not None and municipality.pk != self.only.pk:
            cells.error(
                "municipality",
                _("Du kan kun importere til din egen kommune (%(name)s).")
                % {"name": self.only.name},
            )
            return None
        return municipality


class Lookup:
    """External ids (citizen_id, staff_id) → database values, fetched a chunk at a time."""

    def __init__(self, queryset: QuerySet[Any], *fields: str, key: str = "external_ref") -> None:
        self.queryset = queryset
        self.fields = fields
        self.key = key
        self.asked: set[str] = set()
        self.found: dict[tuple[int, str], tuple[Any, ...]] = {}
        self.by_ref: dict[str, list[tuple[Any, ...]]] = {}

    def prefetch(self, refs: Iterable[str]) -> None:
        new = sorted({ref for ref in refs if ref and ref not in self.asked})
        self.asked.update(new)
        for start in range(0, len(new), 500):
            batch = new[start : start + 500]
            rows = self.queryset.filter(**{f"{self.key}__in": batch}).values_list(
                "municipality_id", self.key, *self.fields
            )
            for municipality_id, ref, *rest in rows:
                self.found[(municipality_id, ref)] = tuple(rest)
                self.by_ref.setdefault(ref, []).append(tuple(rest))

    def get(self, municipality: Municipality, ref: str) -> tuple[Any, ...] | None:
        return self.found.get((municipality.pk, ref))

    def values_for(self, refs: Iterable[str]) -> list[tuple[Any, ...]]:
        """Everything found for these ids, in any municipality."""
        return [value for ref in set(refs) for value in self.by_ref.get(ref, ())]
