"""Ratings import: the research schema's `ratings` table as an import kind.

Columns (docs/contracts.md): citizen_id, rater_id, rater_type, item_id, value, rated_on,
instrument — plus the usual optional `municipality` and an optional `context`.
The kind plugs into the all-or-nothing import framework (citizens.imports): register
it with `KINDS["ratings"] = RatingsKind` at the end of citizens/imports/kinds.py.

Each row is checked with the rules of `services.record_ratings`: a known instrument
and item that this kind of rater answers, a value on the item's scale, a date not in
the future, and a caseworker who was the citizen's caseworker on that day (ratings are
never inherited). A repeated row, in the file or in the database, is an error.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobtro.citizens.imports.base import CitizenRefs, Kind, Planned, is_duplicate
from jobtro.citizens.imports.cells import Cells, choices_of
from jobtro.citizens.imports.reading import Row
from jobtro.citizens.models import Assignment
from jobtro.organisations.models import Role

from .instruments import DEFAULT_INSTRUMENT
from .models import Context, Instrument, Item, RaterType, Rating, Source
from .services import default_instrument


def _day(value: dt.date) -> str:
    return value.strftime("%d.%m.%Y")


class RatingsKind(CitizenRefs, Kind):
    code = "ratings"
    label = gettext_lazy("vurderinger")
    required = ("citizen_id", "item_id", "value", "rated_on")
    optional = ("rater_id", "rater_type", "instrument", "context")
    preview_columns = (
        ("citizen_id", gettext_lazy("Sags-id")),
        ("rater_id", gettext_lazy("Vurderer")),
        ("rater_type", gettext_lazy("Type")),
        ("item_id", gettext_lazy("Spørgsmål")),
        ("value", gettext_lazy("Vurdering")),
        ("rated_on", gettext_lazy("Dato")),
        ("instrument", gettext_lazy("Instrument")),
    )
    rater_types = choices_of(
        RaterType.choices, aliases={"sagsbehandler": "caseworker", "borger": "citizen"}
    )
    contexts = choices_of(Context.choices)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._init_refs()
        self.seen: dict[tuple[Any, ...], int] = {}
        self.existing: set[tuple[Any, ...]] = set()
        default_instrument()
        self.items: dict[tuple[str, str], Item] = {
            (i.instrument.code, i.code): i
            for i in Item.objects.filter(general=False).select_related("instrument")
        }
        self.instruments = set(Instrument.objects.values_list("code", flat=True))
        self.periods: dict[int, list[tuple[int, dt.date, dt.date | None]]] = defaultdict(list)

    def prefetch(self, rows: list[Row]) -> None:
        refs = [r.values.get("citizen_id", "").strip() for r in rows]
        self.citizens.prefetch(refs)
        staff_refs = [r.values.get("rater_id", "").strip() for r in rows]
        self.staff.prefetch(staff_refs)
        self.usernames.prefetch(staff_refs)
        pks = [value[0] for value in self.citizens.values_for(refs)]
        self.existing = {
            (c, s, i, timezone.localdate(at))
            for c, s, i, at in Rating.objects.filter(citizen_id__in=pks).values_list(
                "citizen_id", "rater_id", "item_id", "rated_at"
            )
        }
        for citizen_id, staff_id, start, end in Assignment.objects.filter(
            citizen_id__in=pks
        ).values_list("citizen_id", "caseworker_id", "start_date", "end_date"):
            self.periods[citizen_id].append((staff_id, start, end))

    def _rater(self, cells: Cells, municipality: Any, rater_type: str) -> int | None:
        ref = cells.text("rater_id", max_length=64)
        if rater_type == RaterType.CITIZEN:
            return None
        if not ref:
            cells.error("rater_id", _("Feltet skal udfyldes for en medarbejders vurdering."))
            return None
        # External partners work across municipalities (no municipality of their own).
        place = None if rater_type == RaterType.EXTERNAL else municipality.pk
        found = self.staff.found.get((place, ref)) or self.usernames.found.get((place, ref))
        expected = Role.EXTERNAL if rater_type == RaterType.EXTERNAL else Role.CASEWORKER
        if found is None or found[1] != expected:
            cells.error(
                "rater_id",
                _("Ukendt vurderer «%(ref)s» af typen %(type)s.")
                % {"ref": ref, "type": RaterType(rater_type).label},
            )
            return None
        return found[0]

    def check(self, cells: Cells) -> Planned | None:
        municipality = self.scope.municipality(cells)
        citizen = self._citizen(cells, municipality)
        rater_type = (
            cells.code("rater_type", self.rater_types, what=_("vurderertype"))
            or RaterType.CASEWORKER
        )
        rater_id = self._rater(cells, municipality, rater_type) if municipality else None
        code = cells.text("instrument", max_length=50) or DEFAULT_INSTRUMENT
        if code not in self.instruments:
            cells.error("instrument", _("Ukendt instrument «%(id)s».") % {"id": code})
        item_id = cells.text("item_id", required=True, max_length=50)
        item = self.items.get((code, item_id))
        if item_id and code in self.instruments and item is None:
            cells.error(
                "item_id",
                _("Spørgsmålet «%(id)s» findes ikke i %(instrument)s.")
                % {"id": item_id, "instrument": code},
            )
        elif item is not None and rater_type not in item.raters:
            cells.error(
                "item_id",
                _("Spørgsmålet «%(id)s» besvares ikke af denne type vurderer.") % {"id": item_id},
            )
        value = cells.integer("value", required=True, low=1, high=5)
        day = cells.date("rated_on", required=True)
        context = cells.code("context", self.contexts, what=_("sammenhæng")) or Context.ROUTINE
        if cells.failed or citizen is None or item is None or value is None or day is None:
            return None
        if rater_type == RaterType.CASEWORKER and not any(
            staff == rater_id and start <= day and (end is None or day <= end)
            for staff, start, end in self.periods.get(citizen.pk, [])
        ):
            cells.error(
                "rater_id",
                _("Medarbejderen var ikke borgerens sagsbehandler den %(day)s.")
                % {"day": _day(day)},
            )
            return None
        if self._duplicate(cells, (citizen.pk, rater_id, item.pk, day), "rated_on"):
            return None
        record = Rating(
            citizen_id=citizen.pk,
            rater_id=rater_id,
            rater_type=rater_type,
            item=item,
            value=value,
            rated_at=timezone.make_aware(dt.datetime.combine(day, dt.time(12))),
            context=context,
            source=Source.IMPORT,
        )
        preview = {
            "citizen_id": citizen.external_ref,
            "rater_id": cells.raw("rater_id"),
            "rater_type": str(RaterType(rater_type).label),
            "item_id": item.code,
            "value": str(value),
            "rated_on": _day(day),
            "instrument": code,
        }
        return Planned(cells.number, record, preview, {"citizen": citizen})

    def _duplicate(self, cells: Cells, key: tuple[Any, ...], column: str) -> bool:
        return is_duplicate(cells, key, column, seen=self.seen, existing=self.existing)

    def save(self, batch: list[Planned]) -> None:
        created = Rating.objects.bulk_create([p.record for p in batch])
        self._audit_created(
            "belief.rating.created",
            created,
            citizens={p.extra["citizen"].pk: p.extra["citizen"] for p in batch},
        )
        self.counts["created"] += len(created)
