"""The audit log: every read and write of a citizen's data, append-only.

Call `audit.log(...)` from services and views explicitly (CONTRIBUTING.md: no signals).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models

from jobtro.core import requestctx
from jobtro.core.models import AuditEvent


def log(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    citizen: Any = None,
    municipality_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit event; `actor` is a User, a Staff or None (system)."""
    user = getattr(actor, "user", actor)
    ctx = requestctx.current.get()
    if citizen is not None and municipality_id is None:
        municipality_id = citizen.municipality_id
    return AuditEvent.objects.create(
        actor=user if getattr(user, "pk", None) else None,
        actor_username=user.get_username() if getattr(user, "pk", None) else "system",
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
    *, actor: Any, action: str, citizens: Iterable[Any], detail: dict | None = None
) -> None:
    """One event per citizen shown in a list, written in one statement."""
    user = getattr(actor, "user", actor)
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
