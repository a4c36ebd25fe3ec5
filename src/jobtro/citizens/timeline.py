"""The citizen page's timeline: assignments, contacts, actions and outcomes in date order."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import Citizen


@dataclass(frozen=True)
class TimelineEntry:
    date: dt.date
    kind: str  # assignment, contact, action, outcome
    title: str
    detail: str = ""
    end: dt.date | None = None


def citizen_timeline(citizen: Citizen) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = [
        TimelineEntry(
            citizen.enrolled_on, "enrolled", _("Forløb startet"), str(citizen.target_group)
        )
    ]
    for i, a in enumerate(citizen.assignments.select_related("caseworker__user")):
        title = _("Sagsbehandler") if i == 0 else _("Skift af sagsbehandler")
        entries.append(
            TimelineEntry(a.start_date, "assignment", title, a.caseworker.display_name, a.end_date)
        )
    for c in citizen.contacts.select_related("staff__user"):
        entries.append(
            TimelineEntry(
                c.date,
                "contact",
                _("Samtale: %(form)s") % {"form": c.get_form_display()},
                c.staff.display_name,
            )
        )
    for x in citizen.actions.select_related("kind"):
        detail = x.provider_name or x.get_provider_display()
        entries.append(
            TimelineEntry(
                x.start_date,
                "action",
                _("Indsats: %(kind)s") % {"kind": x.kind},
                detail,
                x.end_date,
            )
        )
    for o in citizen.outcomes.all():
        entries.append(TimelineEntry(o.start_date, "outcome", o.get_kind_display()))
    order = {"enrolled": 0, "assignment": 1, "action": 2, "contact": 3, "outcome": 4}
    return sorted(entries, key=lambda e: (e.date, order[e.kind]), reverse=True)
