"""The current request's address, channel and page, and the citizens it has read.

`core.middleware.RequestContextMiddleware` sets `current` for every request. Outside a
request (the command line, background work) it holds the default: channel "cli" and no
`trail`, so nothing is collected and only the explicit audit events are written.
"""

from __future__ import annotations

import contextvars
from dataclasses import dataclass, field


@dataclass
class RequestTrail:
    """What one request has read, for the audit event written at its end.

    `Citizen.from_db` adds every citizen instance the ORM builds (also through
    select_related and prefetch_related); `audit.note_shown` adds citizens a page shows
    from `values()` without an instance. `audited` holds (event id, citizen id) for the
    explicit audit events the request wrote: those citizens are already accounted for.
    The event id is 0 for an event written outside a transaction (committed at once),
    None when the database gave no id back.
    """

    method: str = ""
    path: str = ""
    url_name: str = ""
    # citizen id → (pseudonym, municipality id, channel); the first two are None where
    # the query deferred the field.
    citizens: dict[int, tuple[str | None, int | None, str]] = field(default_factory=dict)
    audited: list[tuple[int | None, int]] = field(default_factory=list)

    def add(self, pk: int, pseudonym: str | None, municipality_id: int | None, via: str) -> None:
        known = self.citizens.get(pk)
        if known is None or None in known[:2]:
            self.citizens[pk] = (pseudonym, municipality_id, via)

    def take_citizens(self) -> dict[int, tuple[str | None, int | None, str]]:
        """The citizens noted so far; the trail starts over (for a streamed response)."""
        taken, self.citizens = self.citizens, {}
        return taken


@dataclass(frozen=True)
class RequestContext:
    ip_address: str | None = None
    via: str = "cli"
    trail: RequestTrail | None = None


current: contextvars.ContextVar[RequestContext] = contextvars.ContextVar(
    "jobtro_request_context",
    default=RequestContext(),  # noqa: B039 - frozen, immutable
)


def citizen_loaded(pk: int, pseudonym: str | None, municipality_id: int | None) -> None:
    """Note a citizen read from the database during the current request (if any)."""
    ctx = current.get()
    if ctx.trail is not None:
        ctx.trail.add(pk, pseudonym, municipality_id, ctx.via)
