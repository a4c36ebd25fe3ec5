"""Every response that shows a citizen leaves an audit event naming that citizen (issue 12).

The walk is the access matrix's (tests/core/test_access_matrix.py and tests/policies/):
every route, as every role. For each response, every citizen whose name or pseudonym is
in the body must be named by an audit event written during that request.
"""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import get_resolver, reverse
from django.utils.html import escape

from jobtro.citizens.models import Citizen
from jobtro.core.models import AuditEvent
from tests.core.test_access_matrix import SKIPPED_NAMES, _kwargs, walk
from tests.policies import ROLES, area_value_makers


def body_of(response) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode("utf-8", "replace")


def needles(citizen: Citizen) -> set[str]:
    found = {citizen.pseudonym}
    if citizen.name:
        found |= {citizen.name, escape(citizen.name), json.dumps(citizen.name)[1:-1]}
    return found


def shown_citizens(body: str, citizens: list[Citizen]) -> set[int]:
    return {c.pk for c in citizens if any(n in body for n in needles(c))}


def named_by(events) -> set[int]:
    named: set[int] = set()
    for event in events:
        if event.citizen_id_ref is not None:
            named.add(event.citizen_id_ref)
        named.update(getattr(event, "citizen_ids", None) or [])
    return named


# The audit pages show the log itself. Their own event (the search, the page, the
# time) names what they showed, since the log is append-only: listing every pseudonym
# of the log again in a new event would only copy the log into itself.
AUDIT_PAGES = {"core:audit": "core.audit.viewed", "core:audit_export": "core.audit.exported"}


def last_event_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def unaudited_reads(client: Client, url: str) -> tuple[int, set[int], list[AuditEvent]]:
    """GET the url; return its status, the citizens shown without an audit event naming
    them, and the events the request wrote."""
    before = last_event_id()
    response = client.get(url)
    body = body_of(response)
    events = list(AuditEvent.objects.filter(pk__gt=before))
    shown = shown_citizens(body, list(Citizen.objects.all()))
    return response.status_code, shown - named_by(events), events


@pytest.mark.parametrize("role", ROLES)
def test_every_page_that_shows_a_citizen_leaves_an_audit_event_naming_them(
    role, personas, referred_citizen, team, finished_run, referral, sparring
):
    ctx = SimpleNamespace(personas=personas, citizen=referred_citizen, team=team)
    extra: dict = {}
    for make in area_value_makers():
        extra.update(make(ctx))
    client = Client()
    if role != "anonymous":
        client.force_login(getattr(personas, role).user)
    failures = []
    walked = 0
    for name, pattern in walk(get_resolver().url_patterns):
        if name in SKIPPED_NAMES:
            continue
        values = {
            "citizen": referred_citizen,
            "team": team,
            "caseworker": personas.caseworker,
            "run": finished_run,
            "referral": referral,
            "sparring": sparring,
            "extra": extra,
        }
        url = reverse(name, kwargs=_kwargs(pattern, **values))
        status, missing, events = unaudited_reads(client, url)
        walked += 1
        if name in AUDIT_PAGES and status == 200:
            assert [e.action for e in events] == [AUDIT_PAGES[name]], name
            continue
        if missing:
            pseudonyms = sorted(Citizen.objects.filter(pk__in=missing).values_list("pseudonym"))
            failures.append(f"{name} {url} ({status}): no audit event for {pseudonyms}")
    assert walked > 100
    assert not failures, "\n".join(failures)
