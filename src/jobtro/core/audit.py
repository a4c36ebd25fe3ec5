"""The audit log: every read and write of a citizen's data, append-only.

Writes and deliberate reads are logged explicitly from services and views with
`audit.log(...)` (CONTRIBUTING.md: no signals). Reads are also caught at the depth of the ORM:
every citizen loaded during a request is noted (`Citizen.from_db`), and the request
middleware calls `write_reads` once at the end, naming in one event the citizens the
response showed that no explicit event of the request named. Action names come from
`core.audit_actions`; an unknown one is refused.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models

from jobtro.core import requestctx
from jobtro.core.audit_actions import CITIZENS_SHOWN
from jobtro.core.models import AuditEvent

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from jobtro.citizens.models import Citizen
    from jobtro.core.access import Login, Who


def _login(actor: Who) -> User | None:
    """The User behind an actor (a Staff's login, or the login itself); None for the
    system (no actor) and for an anonymous visitor."""
    user = getattr(actor, "user", actor)
    return user if isinstance(user, get_user_model()) and user.pk is not None else None


def log(
    *,
    actor: Who,
    action: str,
    target: models.Model | None = None,
    citizen: Citizen | None = None,
    municipality_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit event; `actor` is a User, a Staff or None (system)."""
    user = _login(actor)
    ctx = requestctx.current.get()
    if citizen is not None and municipality_id is None:
        municipality_id = citizen.municipality_id
    return AuditEvent.objects.create(
        actor=user,
        actor_username=user.get_username() if user is not None else "system",
        action=action,
        municipality_id_ref=municipality_id,
        citizen_id_ref=citizen.pk if citizen is not None else None,
        citizen_pseudonym=citizen.pseudonym if citizen is not None else "",
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        ip_address=ctx.ip_address,
        via=ctx.via,
        detail=detail or {},
    )


def log_many_reads(
    *, actor: Who, action: str, citizens: Iterable[Citizen], detail: dict[str, Any] | None = None
) -> None:
    """One event per citizen shown in a list, written in one statement."""
    user = _login(actor)
    if user is None:
        raise ValueError("a list is shown to a logged-in user, not to the system or anonymously")
    ctx = requestctx.current.get()
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=user,
                actor_username=user.get_username(),
                action=action,
                municipality_id_ref=c.municipality_id,
                citizen_id_ref=c.pk,
                citizen_pseudonym=c.pseudonym,
                target_type="citizens.citizen",
                target_id=str(c.pk),
                ip_address=ctx.ip_address,
                via=ctx.via,
                detail=detail or {},
            )
            for c in citizens
        ]
    )


def note_shown(rows: Iterable[tuple[int, str, int]]) -> None:
    """Note citizens a page shows without loading a Citizen instance: (id, pseudonym,
    municipality id) each, e.g. from `values_list("pk", "pseudonym", "municipality_id")`.

    Instances need no call: `Citizen.from_db` notes them.
    """
    for pk, pseudonym, municipality_id in rows:
        requestctx.citizen_loaded(pk, pseudonym, municipality_id)


def _covered(trail: requestctx.RequestTrail, candidates: set[int]) -> set[int]:
    """The candidates that an explicit event of this request names, if the event is
    still there: one written in a transaction that rolled back names nobody."""
    claims = [(event_id, pk) for event_id, pk in trail.audited if pk in candidates]
    committed = {pk for event_id, pk in claims if event_id == 0}
    pending = {event_id for event_id, pk in claims if event_id and pk not in committed}
    if not pending:
        return committed
    kept = set(AuditEvent.objects.filter(pk__in=pending).values_list("pk", flat=True))
    return committed | {pk for event_id, pk in claims if event_id in kept}


def write_reads(*, actor: Login, trail: requestctx.RequestTrail, ip_address: str | None) -> int:
    """Write the request's read event(s) in one INSERT; return how many were written.

    One event per municipality and channel (nearly always exactly one), naming every
    citizen the request loaded that no explicit event of the request names.
    """
    citizens = trail.take_citizens()
    if not citizens:
        return 0
    for pk in _covered(trail, set(citizens)):
        del citizens[pk]
    if not citizens:
        return 0
    unknown = [pk for pk, (pseudonym, muni, _via) in citizens.items() if None in (pseudonym, muni)]
    if unknown:
        # By name: the core imports no app.
        filled = (
            apps.get_model("citizens", "Citizen")
            .objects.filter(pk__in=unknown)
            .values_list("pk", "pseudonym", "municipality_id")
        )
        for pk, pseudonym, muni in filled:
            citizens[pk] = (pseudonym, muni, citizens[pk][2])
    groups: dict[tuple[int | None, str], list[tuple[int, str]]] = defaultdict(list)
    for pk, (pseudonym, muni, via) in sorted(citizens.items()):
        groups[(muni, via)].append((pk, pseudonym or ""))
    user = _login(actor)
    events = [
        AuditEvent(
            actor=user,
            actor_username=user.get_username() if user is not None else "anonym",
            action=CITIZENS_SHOWN,
            municipality_id_ref=muni,
            # One citizen: also in the single-citizen columns, like an explicit event.
            citizen_id_ref=rows[0][0] if len(rows) == 1 else None,
            citizen_pseudonym=rows[0][1] if len(rows) == 1 else "",
            citizen_ids=[pk for pk, _p in rows],
            citizen_pseudonyms=[p for _pk, p in rows],
            target_type="citizens.citizen",
            ip_address=ip_address,
            via=via,
            detail={"count": len(rows)},
        )
        for (muni, via), rows in groups.items()
    ]
    AuditEvent.objects.bulk_create(events)
    return len(events)
