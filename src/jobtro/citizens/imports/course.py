"""Importing a citizen's course: caseworker assignments, contacts, actions and outcomes.

The rules are those of the services in `citizens.services`: not in the future, end
after start, no overlapping assignments and at most one open one per citizen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, ClassVar

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobtro.organisations.models import Role

from ..models import (
    Action,
    ActionKind,
    Assignment,
    Citizen,
    Contact,
    ContactForm,
    Outcome,
    OutcomeKind,
    Provider,
)
from .base import CitizenRefs, Kind, Planned, day_text, is_duplicate, period_text
from .cells import Cells, choices_of
from .reading import Row

# --- assignments ----------------------------------------------------------------------


@dataclass
class _Period:
    start: dt.date
    end: dt.date | None
    caseworker_id: int
    pk: int | None = None  # in the database
    row: int | None = None  # in the file

    def overlaps(self, start: dt.date, end: dt.date | None) -> bool:
        far = dt.date.max
        return self.start <= (end or far) and start <= (self.end or far)


class AssignmentsKind(CitizenRefs, Kind):
    code = "assignments"
    label = gettext_lazy("sagsbehandlertilknytninger")
    required = ("citizen_id", "staff_id", "start_date")
    optional = ("end_date",)
    preview_columns = (
        ("citizen_id", gettext_lazy("Sags-id")),
        ("staff_id", gettext_lazy("Sagsbehandler")),
        ("start_date", gettext_lazy("Fra")),
        ("end_date", gettext_lazy("Til")),
        ("note", gettext_lazy("Bemærkning")),
    )

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._init_refs()
        self.periods: dict[int, list[_Period]] = {}
        self.closures: list[tuple[int, dt.date, Citizen]] = []

    def prefetch(self, rows: list[Row]) -> None:
        pks = set(self._prefetch_refs(rows, staff=True)) - self.periods.keys()
        for pk in pks:
            self.periods[pk] = []
        for citizen_id, caseworker_id, start, end, pk in Assignment.objects.filter(
            citizen_id__in=pks
        ).values_list("citizen_id", "caseworker_id", "start_date", "end_date", "pk"):
            self.periods[citizen_id].append(_Period(start, end, caseworker_id, pk=pk))

    def check(self, cells: Cells) -> Planned | None:
        municipality = self.scope.municipality(cells)
        citizen = self._citizen(cells, municipality)
        staff = self._staff(cells, municipality)
        if staff is not None and staff[1] != Role.CASEWORKER:
            cells.error("staff_id", _("Medarbejderen er ikke sagsbehandler i borgerens kommune."))
        start = cells.date("start_date", required=True)
        end = cells.date("end_date")
        if start and end and end < start:
            cells.error("end_date", _("Slutdatoen ligger før startdatoen."))
        if cells.failed or citizen is None or staff is None or start is None:
            return None
        note = ""
        periods = self.periods[citizen.pk]
        closing: _Period | None = None
        for p in periods:
            if p.caseworker_id == staff[0] and p.start == start:
                cells.error(
                    "start_date",
                    _("Tilknytningen står allerede i række %(row)s.") % {"row": p.row}
                    if p.row
                    else _("Tilknytningen findes allerede."),
                )
                return None
        for p in periods:
            effective_end = p.end
            # The rule of services.assign_caseworker: the open assignment from before
            # ends the day before the new one starts.
            if p.pk is not None and p.end is None and p.start < start:
                if p.caseworker_id == staff[0] and end is None:
                    cells.error("staff_id", _("Borgeren har allerede denne sagsbehandler."))
                    return None
                closing = p
                effective_end = start - dt.timedelta(days=1)
            if _Period(p.start, effective_end, 0).overlaps(start, end):
                where = _(", række %(row)s") % {"row": p.row} if p.row else ""
                cells.error(
                    "start_date",
                    _("Perioden overlapper en anden tilknytning (%(period)s%(where)s).")
                    % {"period": period_text(p.start, effective_end), "where": where},
                )
                return None
        if closing is not None:
            closing.end = start - dt.timedelta(days=1)
            self.closures.append((closing.pk, closing.end, citizen))
            note = _("Den åbne tilknytning fra %(start)s afsluttes %(end)s.") % {
                "start": day_text(closing.start),
                "end": day_text(closing.end),
            }
        periods.append(_Period(start, end, staff[0], row=cells.number))
        record = Assignment(
            citizen_id=citizen.pk, caseworker_id=staff[0], start_date=start, end_date=end
        )
        preview = (
            {}
            if not self.want_preview
            else {
                "citizen_id": citizen.external_ref,
                "staff_id": cells.raw("staff_id"),
                "start_date": day_text(start),
                "end_date": day_text(end),
                "note": note,
            }
        )
        return Planned(cells.number, record, preview, {"citizen": citizen})

    def save(self, batch: list[Planned]) -> None:
        # Close the open assignments first: one open assignment per citizen is a constraint.
        for pk, end, citizen in self.closures:
            Assignment.objects.filter(pk=pk).update(end_date=end)
            event = Assignment(pk=pk, citizen_id=citizen.pk)
            self._audit_created(
                "citizens.assignment.ended", [event], citizens={citizen.pk: citizen}
            )
            self.counts["closed"] += 1
        self.closures = []
        created = Assignment.objects.bulk_create([p.record for p in batch])
        self._audit_created(
            "citizens.assignment.created",
            created,
            citizens={p.extra["citizen"].pk: p.extra["citizen"] for p in batch},
        )
        self.counts["created"] += len(created)


# --- contacts, actions, outcomes ---------------------------------------------------------


class _EventKind(CitizenRefs, Kind):
    """A dated record of a citizen; a second identical row (in the file or the database) is a duplicate."""

    model: ClassVar[type]
    key_fields: ClassVar[tuple[str, ...]]
    audit_action: ClassVar[str]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._init_refs()
        self.seen: dict[tuple[Any, ...], int] = {}
        self.existing: set[tuple[Any, ...]] = set()

    def prefetch(self, rows: list[Row]) -> None:
        pks = self._prefetch_refs(rows, staff="staff_id" in self.required)
        self.existing = set(
            self.model.objects.filter(citizen_id__in=pks).values_list(*self.key_fields)
        )

    def _duplicate(self, cells: Cells, key: tuple[Any, ...], column: str) -> bool:
        return is_duplicate(cells, key, column, seen=self.seen, existing=self.existing)

    def save(self, batch: list[Planned]) -> None:
        created = self.model.objects.bulk_create([p.record for p in batch])
        self._audit_created(
            self.audit_action,
            created,
            citizens={p.extra["citizen"].pk: p.extra["citizen"] for p in batch},
        )
        self.counts["created"] += len(created)


class ContactsKind(_EventKind):
    code = "contacts"
    label = gettext_lazy("samtaler")
    required = ("citizen_id", "staff_id", "date", "form")
    optional = ()
    model = Contact
    key_fields = ("citizen_id", "staff_id", "date", "form")
    audit_action = "citizens.contact.created"
    preview_columns = (
        ("citizen_id", gettext_lazy("Sags-id")),
        ("staff_id", gettext_lazy("Medarbejder")),
        ("date", gettext_lazy("Dato")),
        ("form", gettext_lazy("Form")),
    )
    forms = choices_of(
        ContactForm.choices,
        aliases={"fremmode": "fremmøde", "virksomhedsbesøg": "virksomhed", "hjemmebesøg": "hjem"},
    )

    def check(self, cells: Cells) -> Planned | None:
        municipality = self.scope.municipality(cells)
        citizen = self._citizen(cells, municipality)
        staff = self._staff(cells, municipality)
        date = cells.date("date", required=True)
        form = cells.code("form", self.forms, required=True, what=gettext_lazy("samtaleform"))
        if cells.failed or citizen is None or staff is None or date is None:
            return None
        if self._duplicate(cells, (citizen.pk, staff[0], date, form), "date"):
            return None
        record = Contact(citizen_id=citizen.pk, staff_id=staff[0], date=date, form=form)
        preview = (
            {}
            if not self.want_preview
            else {
                "citizen_id": citizen.external_ref,
                "staff_id": cells.raw("staff_id"),
                "date": day_text(date),
                "form": str(ContactForm(form).label),
            }
        )
        return Planned(cells.number, record, preview, {"citizen": citizen})


class ActionsKind(_EventKind):
    code = "actions"
    label = gettext_lazy("indsatser")
    required = ("citizen_id", "kind", "start_date")
    optional = ("end_date", "provider", "provider_name")
    model = Action
    key_fields = ("citizen_id", "kind_id", "start_date")
    audit_action = "citizens.action.created"
    preview_columns = (
        ("citizen_id", gettext_lazy("Sags-id")),
        ("kind", gettext_lazy("Indsats")),
        ("start_date", gettext_lazy("Fra")),
        ("end_date", gettext_lazy("Til")),
        ("provider", gettext_lazy("Udbyder")),
        ("provider_name", gettext_lazy("Udbyders navn")),
    )
    providers = choices_of(Provider.choices, aliases={"intern": "internal", "ekstern": "external"})

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.kinds: dict[str, ActionKind] = {}
        for kind in ActionKind.objects.filter(is_active=True):
            self.kinds[kind.code.lower()] = kind
            self.kinds[kind.name.lower()] = kind

    def check(self, cells: Cells) -> Planned | None:
        municipality = self.scope.municipality(cells)
        citizen = self._citizen(cells, municipality)
        kind = cells.code(
            "kind",
            self.kinds,
            required=True,
            what=gettext_lazy("indsatstype"),
            valid=[k.code for k in self.kinds.values()],
        )
        start = cells.date("start_date", required=True)
        end = cells.date("end_date", not_future=False)
        if start and end and end < start:
            cells.error("end_date", _("Slutdatoen ligger før startdatoen."))
        provider = cells.code("provider", self.providers, what=gettext_lazy("udbyder"))
        provider_name = cells.text("provider_name", max_length=150, free_text=True)
        if provider is None:
            provider = Provider.EXTERNAL if provider_name else Provider.INTERNAL
        if cells.failed or citizen is None or kind is None or start is None:
            return None
        if self._duplicate(cells, (citizen.pk, kind.pk, start), "start_date"):
            return None
        record = Action(
            citizen_id=citizen.pk,
            kind=kind,
            start_date=start,
            end_date=end,
            provider=provider,
            provider_name=provider_name,
        )
        preview = (
            {}
            if not self.want_preview
            else {
                "citizen_id": citizen.external_ref,
                "kind": kind.name,
                "start_date": day_text(start),
                "end_date": day_text(end),
                "provider": str(Provider(provider).label),
                "provider_name": provider_name,
            }
        )
        return Planned(cells.number, record, preview, {"citizen": citizen})


class OutcomesKind(_EventKind):
    code = "outcomes"
    label = gettext_lazy("udfald")
    required = ("citizen_id", "kind", "start_date")
    optional = ()
    model = Outcome
    key_fields = ("citizen_id", "kind", "start_date")
    audit_action = "citizens.outcome.created"
    preview_columns = (
        ("citizen_id", gettext_lazy("Sags-id")),
        ("kind", gettext_lazy("Udfald")),
        ("start_date", gettext_lazy("Dato")),
    )
    kinds = choices_of(
        OutcomeKind.choices,
        aliases={
            "job": "job",
            "ordinaert job": "job",
            "fleksjob": "flexjob",
            "uddannelse": "education",
            "andet": "other",
        },
    )

    def check(self, cells: Cells) -> Planned | None:
        municipality = self.scope.municipality(cells)
        citizen = self._citizen(cells, municipality)
        kind = cells.code("kind", self.kinds, required=True, what=gettext_lazy("udfald"))
        start = cells.date("start_date", required=True)
        if cells.failed or citizen is None or kind is None or start is None:
            return None
        if self._duplicate(cells, (citizen.pk, kind, start), "start_date"):
            return None
        record = Outcome(citizen_id=citizen.pk, kind=kind, start_date=start)
        preview = (
            {}
            if not self.want_preview
            else {
                "citizen_id": citizen.external_ref,
                "kind": str(OutcomeKind(kind).label),
                "start_date": day_text(start),
            }
        )
        return Planned(cells.number, record, preview, {"citizen": citizen})
