"""The six import kinds: their columns, the rules for one row, and how a batch is saved.

Each kind checks a row with exactly the rules of the matching service in
`citizens.services` / `organisations.services` (not in the future, end after start,
one open assignment per citizen and no overlaps, CPR only as a keyed hash, …), against
the database and against the rows earlier in the same file. Saving happens only after
every row has passed, in batches (`bulk_create`), with one audit event per record as
the services write them.
"""

from __future__ import annotations

from .base import Kind, Planned
from .course import ActionsKind, AssignmentsKind, ContactsKind, OutcomesKind
from .people import CitizensKind, StaffKind

__all__ = ["KINDS", "Kind", "Planned"]

KINDS: dict[str, type[Kind]] = {
    k.code: k
    for k in (CitizensKind, StaffKind, AssignmentsKind, ContactsKind, ActionsKind, OutcomesKind)
}


def _register_ratings() -> None:
    # Ratings belong to the belief app, built on this import framework.
    from jobtro.belief.imports import RatingsKind

    KINDS[RatingsKind.code] = RatingsKind


_register_ratings()


def _register_companies() -> None:
    # Companies belong to the companies app, built on this import framework.
    from jobtro.companies.imports import CompaniesKind

    KINDS[CompaniesKind.code] = CompaniesKind


_register_companies()
