"""Whose name a reader sees on a meeting's pages.

The rule (docs/adgang-og-sikkerhed.md): a researcher sees the names of the staff who
took part in the meeting, and of researchers; anyone else on the staff is shown to a
researcher as "a member of staff who did not take part in the meeting", also as the
person responsible for an action or as the one who changed its status. The staff of
the municipality read their meetings with every name, as before.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from jobtro.core import access
from jobtro.organisations.models import Role, Staff

from .models import Meeting


def names_shown(user: Any, meeting: Meeting | None) -> frozenset[int] | None:
    """The staff whose names the user sees in connection with this meeting; None: all."""
    staff = access.staff_of(user)
    if staff is None or staff.role != Role.RESEARCHER:
        return None
    if meeting is None:
        return frozenset()
    return frozenset(meeting.participants.values_list("pk", flat=True))


def staff_name(staff: Staff | None, shown: frozenset[int] | None) -> str:
    if staff is None:
        return ""
    if shown is None or staff.pk in shown or staff.role == Role.RESEARCHER:
        return staff.display_name
    return _("en medarbejder, der ikke deltog i mødet")
