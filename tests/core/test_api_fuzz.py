"""Schema-based fuzzing of the JSON API (schemathesis) against the served demo.

The demo is built into the test database (SQLite, or PostgreSQL when DATABASE_URL points
there) and served by a live HTTP server; schemathesis reads /api/openapi.json and sends
generated calls (valid and invalid) to every operation, as every demo role, and checks
each answer: never a server error, a status code the document lists, a body that keeps
to the published schema, and invalid input refused with a 4xx.

Bounded: ``JOBTRO_FUZZ_EXAMPLES`` examples per operation, role and mode (default 8),
derandomised so that CI sees the same calls every run; about a minute on two cores.
Run it alone with ``pytest -m fuzz``; it prints the calls per role.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.test import Client

SESSION_COOKIE = django_settings.SESSION_COOKIE_NAME
EXAMPLES = int(os.environ.get("JOBTRO_FUZZ_EXAMPLES", "8"))
# A hard stop for the whole run, whatever EXAMPLES is: the suite must stay fast.
BUDGET_SECONDS = float(os.environ.get("JOBTRO_FUZZ_SECONDS", "600"))
DEMO_CITIZENS = 120

pytestmark = [
    pytest.mark.fuzz,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _sample_ids(user) -> dict[str, list[int]]:
    """Real ids for the path parameters: some the user may see, some they may not."""
    from jobtro.citizens.models import Citizen
    from jobtro.companies.models import Company
    from jobtro.experiments.models import Experiment
    from jobtro.meetings.models import Meeting
    from jobtro.stories.models import Story

    pools: dict[str, list[int]] = {}
    for param, model in (
        ("citizen_id", Citizen),
        ("company_id", Company),
        ("experiment_id", Experiment),
        ("meeting_id", Meeting),
        ("story_id", Story),
    ):
        visible = list(
            model.objects.visible_to(user).order_by("pk").values_list("pk", flat=True)[:3]
        )
        others = list(
            model.objects.exclude(pk__in=visible).order_by("-pk").values_list("pk", flat=True)[:2]
        )
        pools[param] = visible + others
    return pools


@dataclass(frozen=True)
class Caller:
    label: str
    headers: dict[str, str]
    cookies: dict[str, str]
    user: Any
    # Invalid input is refused before access is decided, so one way in per role is enough.
    negative: bool = True


def _callers() -> list[Caller]:
    """A personal token for each demo role; the caseworker once more with a browser
    session (the other way into the API); and no one at all."""
    from jobtro.core import tokens
    from jobtro.core.demo import logins
    from jobtro.core.demo.people import staff_plans

    User = get_user_model()
    callers = []
    for login in logins(staff_plans()):
        if any(c.label.startswith(login.role) for c in callers):
            continue
        user = User.objects.get(username=login.username)
        _token, raw = tokens.create_api_token(actor=None, user=user, name="Fuzz")
        callers.append(
            Caller(f"{login.role} (nøgle)", {"Authorization": f"Bearer {raw}"}, {}, user)
        )
        if login.role == "caseworker":
            browser = Client()
            browser.force_login(user)
            cookie = {SESSION_COOKIE: browser.cookies[SESSION_COOKIE].value}
            callers.append(Caller(f"{login.role} (session)", {}, cookie, user, negative=False))
    callers.append(Caller("anonym", {}, {}, None, negative=False))
    return callers


def _fuzz(strategy, check) -> None:
    """Draw EXAMPLES cases and check each; a failure is recorded, not shrunk."""
    from hypothesis import HealthCheck, Phase, given, settings

    @given(case=strategy)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        check(case)

    run()


def test_fuzzing_every_operation_as_every_role_finds_no_server_error_and_no_answer_outside_the_schema(
    live_server, monkeypatch, request
):
    # Django's test server sends headers and body in two writes; with Nagle's algorithm
    # on, each answer then waits some 40 ms for the client's delayed ACK.
    from django.core.servers.basehttp import WSGIRequestHandler

    monkeypatch.setattr(WSGIRequestHandler, "disable_nagle_algorithm", True)
    schemathesis = pytest.importorskip("schemathesis")
    from importlib import import_module

    import requests
    from django.apps import apps
    from hypothesis import strategies as st
    from schemathesis import GenerationMode
    from schemathesis.checks import not_a_server_error
    from schemathesis.core.failures import FailureGroup
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        negative_data_rejection,
        response_schema_conformance,
        status_code_conformance,
    )

    from jobtro.core.demo import build_demo

    # The lists the migration seeds (target groups, action kinds) may have been flushed
    # by a transactional test that ran before this one on the same xdist worker, when
    # no snapshot is there to restore them; the seed is idempotent.
    import_module("jobtro.citizens.migrations.0002_seed_lists").seed(apps, None)
    started = time.monotonic()
    build_demo(citizens=DEMO_CITIZENS)
    built = time.monotonic() - started

    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15

    checks = [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_schema_conformance,
    ]
    calls: Counter[str] = Counter()
    statuses: Counter[int] = Counter()
    failures: list[str] = []
    callers = _callers()
    sessions = {}
    for caller in callers:
        sessions[caller.label] = requests.Session()
        # Closed with the test: the live server is shared by the whole session, and a
        # kept-alive connection ending only when it stops would use the database from a
        # request thread after the server has stopped sharing it.
        request.addfinalizer(sessions[caller.label].close)
        sessions[caller.label].headers.update(caller.headers)
        sessions[caller.label].cookies.update(caller.cookies)
    pools = {c.label: _sample_ids(c.user) if c.user else {} for c in callers}

    # Operations outermost: if the time budget ever runs out, the report says where.
    for done, operation in enumerate(operations):
        if time.monotonic() - started > BUDGET_SECONDS:
            pytest.fail(
                f"the fuzzer ran out of its {BUDGET_SECONDS:.0f} s budget after {done} of "
                f"{len(operations)} operations ({sum(calls.values())} calls)"
            )
        path_names = [p.name for p in operation.path_parameters]
        for caller in callers:
            modes = [GenerationMode.POSITIVE] + [GenerationMode.NEGATIVE] * caller.negative
            for mode in modes:
                strategies = [operation.as_strategy(generation_mode=mode)]
                real_ids = pools[caller.label].get(path_names[0], []) if path_names else []
                if mode is GenerationMode.POSITIVE:
                    strategies += [
                        operation.as_strategy(path_parameters={path_names[0]: pk})
                        for pk in real_ids
                    ]
                mode_checks = [*checks, negative_data_rejection] if mode.is_negative else checks

                def check(case, label=caller.label, mode_checks=mode_checks):
                    response = case.call(base_url=live_server.url, session=sessions[label])
                    calls[label] += 1
                    statuses[response.status_code] += 1
                    try:
                        case.validate_response(response, checks=mode_checks)
                    except FailureGroup as group:  # keep going, report all at the end
                        titles = ", ".join(sorted({f.title for f in group.exceptions}))
                        curl = [ln.strip() for ln in str(group).splitlines() if "curl " in ln]
                        failures.append(f"{label} {case.operation.label}: {titles}: {curl[:1]}")

                _fuzz(st.one_of(strategies), check)

    took = time.monotonic() - started
    total = sum(calls.values())
    print(
        f"\nFuzz: demo built in {built:.1f} s; {total} calls in {took:.1f} s "
        f"({EXAMPLES} examples per operation, role and mode); per role: "
        + ", ".join(f"{role} {n}" for role, n in calls.items())
        + "; statuses: "
        + ", ".join(f"{code}×{n}" for code, n in sorted(statuses.items()))
        + f"; failures: {len(failures)}"
    )
    assert not failures, "\n".join(sorted(set(failures))[:30])
    assert statuses[500] == 0
    # Every caller reached real data, not only 404s and 422s.
    assert statuses[200] > total // 4
