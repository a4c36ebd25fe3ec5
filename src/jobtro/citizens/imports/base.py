"""What every import kind has in common: the planned record, the columns, audit in bulk."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.utils import timezone
from django.utils.translation import gettext as _

from jobtro.core import requestctx
from jobtro.core.models import AuditEvent
from jobtro.organisations.models import Municipality, Staff

from ..models import Citizen
from .cells import Cells, Issue, Lookup, Scope
from .reading import Row


@dataclass
class Planned:
    """One row that passed: what will be saved, and how it looks in the preview."""

    row: int
    record: Any
    preview: dict[str, str]
    extra: dict[str, Any] = field(default_factory=dict)


def day_text(value: dt.date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def period_text(start: dt.date, end: dt.date | None) -> str:
    return f"{day_text(start)}–{day_text(end) if end else _('nu')}"


class Kind:
    code: ClassVar[str]
    label: ClassVar[Any]
    required: ClassVar[tuple[str, ...]]
    optional: ClassVar[tuple[str, ...]]
    preview_columns: ClassVar[tuple[tuple[str, Any], ...]]

    def __init__(self, *, scope: Scope, actor: Any) -> None:
        self.scope = scope
        self.actor = actor
        self.warnings: list[Issue] = []
        self.today = timezone.localdate()
        # Set by the caller: a preview is built only for the first rows.
        self.want_preview = True
        self.counts: dict[str, int] = defaultdict(int)

    @classmethod
    def columns(cls) -> tuple[str, ...]:
        return (*cls.required, *cls.optional, "municipality")

    def prefetch(self, rows: list[Row]) -> None:
        """Fetch what the rows of one chunk refer to, in a few queries."""

    def check(self, cells: Cells) -> Planned | None:
        raise NotImplementedError

    def save(self, batch: list[Planned]) -> None:
        raise NotImplementedError

    # --- helpers shared by the kinds ---------------------------------------------

    def _audit_created(
        self, action: str, records: Iterable[Any], *, citizens: dict[int, Citizen] | None = None
    ) -> None:
        """One audit event per created record, as `audit.log` writes it, in one statement."""
        user = getattr(self.actor, "user", self.actor)
        has_user = getattr(user, "pk", None) is not None
        ctx = requestctx.current.get()
        events = []
        for record in records:
            citizen = (
                record if isinstance(record, Citizen) else (citizens or {}).get(record.citizen_id)
            )
            events.append(
                AuditEvent(
                    actor=user if has_user else None,
                    actor_username=user.get_username() if has_user else "system",
                    action=action,
                    municipality_id_ref=citizen.municipality_id if citizen else None,
                    citizen_id_ref=citizen.pk if citizen else None,
                    citizen_pseudonym=citizen.pseudonym if citizen else "",
                    target_type=record._meta.label_lower,
                    target_id=str(record.pk),
                    ip_address=ctx.ip_address,
                    via=ctx.via,
                    detail={"import": self.code},
                )
            )
        AuditEvent.objects.bulk_create(events)


class CitizenRefs:
    """Mixin: resolve citizen_id (and staff_id) to rows of the importing municipality."""

    def _init_refs(self) -> None:
        self.citizens = Lookup(Citizen.objects.all(), "pk", "pseudonym")
        self.staff = Lookup(Staff.objects.all(), "pk", "role")
        # staff_id may also be the login name in Jobtro, for staff created by hand.
        self.usernames = Lookup(Staff.objects.all(), "pk", "role", key="user__username")

    def _prefetch_refs(self, rows: list[Row], *, staff: bool) -> list[int]:
        """Resolve the chunk's ids; the primary keys of the citizens it names."""
        refs = [r.values.get("citizen_id", "").strip() for r in rows]
        self.citizens.prefetch(refs)
        if staff:
            staff_refs = [r.values.get("staff_id", "").strip() for r in rows]
            self.staff.prefetch(staff_refs)
            self.usernames.prefetch(staff_refs)
        return [value[0] for value in self.citizens.values_for(refs)]

    def _citizen(self, cells: Cells, municipality: Municipality | None) -> Citizen | None:
        ref = cells.text("citizen_id", required=True, max_length=64)
        if not ref or municipality is None:
            return None
        found = self.citizens.get(municipality, ref)
        if found is None:
            cells.error(
                "citizen_id",
                _(
                    "Ukendt borger: «%(ref)s» findes ikke i %(municipality)s. Importér borgerne først."
                )
                % {"ref": ref, "municipality": municipality.name},
            )
            return None
        pk, pseudonym = found
        # A light stand-in: the audit log needs pk, pseudonym and municipality only.
        return Citizen(
            pk=pk, pseudonym=pseudonym, municipality_id=municipality.pk, external_ref=ref
        )

    def _staff(self, cells: Cells, municipality: Municipality | None) -> tuple[int, str] | None:
        ref = cells.text("staff_id", required=True, max_length=64)
        if not ref or municipality is None:
            return None
        found = self.staff.get(municipality, ref) or self.usernames.get(municipality, ref)
        if found is None:
            cells.error(
                "staff_id",
                _("Ukendt medarbejder: «%(ref)s» findes ikke i %(municipality)s.")
                % {"ref": ref, "municipality": municipality.name},
            )
            return None
        return found


def is_duplicate(
    cells: Cells,
    key: tuple[Any, ...],
    column: str,
    *,
    seen: dict[tuple[Any, ...], int],
    existing: set[tuple[Any, ...]],
) -> bool:
    """Report a row that repeats an earlier row of the file or a record already stored."""
    if key in seen:
        cells.error(column, _("Rækken er en gentagelse af række %(row)s.") % {"row": seen[key]})
        return True
    if key in existing:
        cells.error(column, _("Det samme er allerede registreret for borgeren."))
        return True
    seen[key] = cells.number
    return False
