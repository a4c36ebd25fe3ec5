"""The current request's address and channel, for the audit log."""

from __future__ import annotations

import contextvars
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    ip_address: str | None = None
    via: str = "cli"


current: contextvars.ContextVar[RequestContext] = contextvars.ContextVar(
    "jobtro_request_context",
    default=RequestContext(),  # noqa: B039 - frozen, immutable
)
