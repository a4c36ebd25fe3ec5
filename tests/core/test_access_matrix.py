"""Every URL, for every role: a new page or endpoint cannot be added without a rule.

The table below is the access policy written out. The walk over Django's URL resolver
fails when it finds a route that the table does not mention.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.policies import (
    ADMIN_ONLY,
    API_ALL,
    ROLES,
    STAFF_ALL,
    area_policies,
    area_value_makers,
    row,
)

POLICY: dict[str, dict[str, int]] = {
    "healthz": row(200, 200, 200, 200, 200, 200, 200, 200),
    "login": row(200, 302, 302, 302, 302, 302, 302, 302),
    "logout": row(405, 405, 405, 405, 405, 405, 405, 405),
    "set_language": row(302, 302, 302, 302, 302, 302, 302, 302),
    "core:home": STAFF_ALL,
    "core:audit": ADMIN_ONLY,
    "core:audit_export": ADMIN_ONLY,
    "core:api_tokens": STAFF_ALL,
    "citizens:list": row(302, 200, 200, 200, 200, 404, 200, 200),
    # The citizen belongs to the caseworker and is referred to the external partner.
    "citizens:detail": row(302, 200, 404, 200, 200, 404, 200, 404),
    "citizens:add_contact": row(302, 405, 405, 405, 405, 405, 405, 405),
    "citizens:import": ADMIN_ONLY,
    # Only the administrator who started that import may poll it: a stranger token is 404.
    "citizens_import:status": row(302, 404, 404, 404, 404, 404, 404, 404),
    "organisations:teams": row(302, 200, 200, 200, 404, 200, 404, 200),
    "organisations:team": row(302, 200, 200, 200, 404, 200, 404, 404),
    "organisations:team_create": ADMIN_ONLY,
    "organisations:staff_list": ADMIN_ONLY,
    "organisations:staff_create": ADMIN_ONLY,
    "organisations:staff_edit": ADMIN_ONLY,
    "research:index": row(302, 404, 404, 200, 200, 404, 404, 404),
    "research:export": row(302, 404, 404, 404, 200, 404, 404, 404),
    "research:run": row(302, 404, 404, 404, 200, 404, 404, 404),
    "research:run_status": row(302, 404, 404, 404, 200, 404, 404, 404),
    # The run in the matrix is finished: report and results are there for its project.
    "research:report": row(302, 404, 404, 404, 200, 404, 404, 404),
    "research:results": row(302, 404, 404, 404, 200, 404, 404, 404),
    # Belief: only the caseworker (and the referred external partner) rates the citizen;
    # a leader never sees one caseworker's or one citizen's rating (team aggregates only).
    "belief:mine": row(302, 200, 200, 404, 404, 404, 404, 200),
    "belief:general": row(302, 200, 200, 404, 404, 404, 404, 200),
    "belief:team": row(302, 404, 404, 200, 404, 404, 404, 404),
    "belief:rate": row(302, 200, 404, 404, 404, 404, 200, 404),
    # The caseworker's belief before sparring (the sparring fixture) is a rating: the
    # saved page and the correction open. The external partner has no rating yet and is
    # sent to the form.
    "belief:rated": row(302, 200, 404, 404, 404, 404, 302, 404),
    "belief:correct": row(302, 200, 404, 404, 404, 404, 302, 404),
    "belief:create_link": row(302, 405, 405, 405, 405, 405, 405, 405),
    # The citizen's link needs no login; an unknown token is a friendly 404 for everyone.
    "belief:answer": row(404, 404, 404, 404, 404, 404, 404, 404),
    "api:api-root": row(404, 404, 404, 404, 404, 404, 404, 404),
    "api:openapi-json": row(200, 200, 200, 200, 200, 200, 200, 200),
    "api:openapi-view": row(200, 200, 200, 200, 200, 200, 200, 200),
    "api:list_citizens": API_ALL,
    "api:get_citizen": row(401, 200, 404, 200, 200, 404, 200, 404),
    "api:me": API_ALL,
    "api:teams": API_ALL,
    "api:citizen_ratings": row(401, 200, 404, 404, 200, 404, 200, 404),
    # Referrals: the citizen's caseworker writes; the colleague is the company consultant
    # the referral is addressed to and reads it; everyone else gets a 404.
    "citizens:referrals": row(302, 200, 200, 404, 404, 404, 404, 200),
    "citizens:referral_create": row(302, 200, 404, 404, 404, 404, 404, 404),
    "citizens:referral_detail": row(302, 200, 200, 404, 404, 404, 404, 404),
    "citizens:referral_print": row(302, 200, 200, 404, 404, 404, 404, 404),
    "citizens:referral_pdf": row(302, 200, 200, 404, 404, 404, 404, 404),
    "citizens:referral_edit": row(302, 200, 404, 404, 404, 404, 404, 404),
    # Practice: the coach is an htmx POST; rules for leaders (team) and administrators
    # (municipality); the language picture for the team's leader and members.
    "practice:index": row(302, 200, 200, 200, 200, 200, 404, 200),
    "practice:coach": row(302, 405, 405, 405, 405, 405, 405, 405),
    "practice:rules": row(302, 404, 404, 200, 404, 200, 404, 404),
    "practice:rules_municipality": ADMIN_ONLY,
    "practice:rules_team": row(302, 404, 404, 200, 404, 404, 404, 404),
    "practice:pictures": row(302, 200, 200, 200, 404, 404, 404, 200),
    "practice:picture": row(302, 200, 200, 200, 404, 404, 404, 404),
    # Sparring: the case is read by its owner (the caseworker) and its participant (the
    # colleague); only the owner closes it; the leader sees the team's aggregates only.
    "practice:sparring_list": row(302, 200, 200, 404, 404, 404, 404, 200),
    "practice:sparring_create": row(302, 200, 404, 404, 404, 404, 404, 404),
    "practice:sparring_detail": row(302, 200, 200, 404, 404, 404, 404, 404),
    "practice:sparring_close": row(302, 200, 404, 404, 404, 404, 404, 404),
    "practice:sparring_team": row(302, 404, 404, 200, 404, 404, 404, 404),
}
# The newer areas keep their rules in tests/policies/<area>.py.
for _name, _expected in area_policies().items():
    assert _name not in POLICY, f"{_name} has a rule here and in tests/policies"
    POLICY[_name] = _expected

# Routes outside the walk: Django's own admin (its own staff-only login) and static files.
SKIPPED_NAMESPACES = {"admin"}
SKIPPED_NAMES = {"javascript-catalog"}


@pytest.fixture
def finished_run(researcher):
    from jobtro.organisations.models import ResearchProject
    from jobtro.research.models import AnalysisRun

    return AnalysisRun.objects.create(
        created_by=researcher,
        project=ResearchProject.objects.get(slug="troen"),
        status="done",
        results={"schema": "jobtro-results/1"},
        report_html="<!doctype html><p>rapport</p>",
    )


@pytest.fixture
def referral(personas, referred_citizen):
    """A referral about the caseworker's citizen, addressed to the colleague, who is
    the company consultant."""
    from jobtro.organisations.models import Function
    from jobtro.referrals.services import create_referral

    consultant = personas.colleague
    consultant.function = Function.COMPANY_CONSULTANT
    consultant.save(update_fields=["function"])
    return create_referral(
        author=personas.caseworker,
        citizen=referred_citizen,
        consultant=consultant,
        resources="Har erfaring med lager.",
        success_conditions="En fast kontaktperson.",
        wishes="Arbejde med hænderne.",
    )


@pytest.fixture
def sparring(personas, referred_citizen):
    """An open sparring session the caseworker asked for, with the colleague taking part."""
    from jobtro.sparring.services import request_sparring

    return request_sparring(
        owner=personas.caseworker,
        citizen=referred_citizen,
        method="resource_round",
        description="Borgeren har svært ved at se sig selv i et job.",
        participants=[personas.colleague],
        belief_before=2,
    )


def walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace
            if ns in SKIPPED_NAMESPACES:
                continue
            yield from walk(p.url_patterns, f"{prefix}{ns}:" if ns else prefix)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{prefix}{p.name}", p


def all_route_names() -> set[str]:
    return {name for name, _ in walk(get_resolver().url_patterns) if name not in SKIPPED_NAMES}


def test_every_route_has_a_rule():
    missing = sorted(all_route_names() - set(POLICY))
    assert not missing, f"Routes without an access rule in POLICY: {missing}"


def test_no_rule_for_a_route_that_does_not_exist():
    assert not sorted(set(POLICY) - all_route_names())


def _kwargs(pattern, *, citizen, team, caseworker, run, referral=None, sparring=None, extra=None):
    values = {
        **(extra or {}),
        "referral_id": referral.pk if referral else 0,
        "sparring_id": sparring.pk if sparring else 0,
        "citizen_id": citizen.pk,
        "team_id": team.pk,
        "staff_id": caseworker.pk,
        "run_id": run.pk,
        # The citizen's one-time link with a token that was never issued.
        "token": "ukendt-link",
    }
    return {k: values[k] for k in pattern.pattern.converters}


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(role, personas, referred_citizen, team, finished_run, referral, sparring):
    ctx = SimpleNamespace(personas=personas, citizen=referred_citizen, team=team)
    extra: dict = {}
    for make in area_value_makers():
        extra.update(make(ctx))
    client = Client()
    if role != "anonymous":
        client.force_login(getattr(personas, role).user)
    failures = []
    for name, pattern in walk(get_resolver().url_patterns):
        if name in SKIPPED_NAMES:
            continue
        url = reverse(
            name,
            kwargs=_kwargs(
                pattern,
                citizen=referred_citizen,
                team=team,
                caseworker=personas.caseworker,
                run=finished_run,
                referral=referral,
                sparring=sparring,
                extra=extra,
            ),
        )
        status = client.get(url).status_code
        expected = POLICY[name][role]
        if status != expected:
            failures.append(f"{name} {url}: expected {expected}, got {status}")
    assert not failures, "\n".join(failures)


def test_django_admin_is_closed_to_every_role(personas, client):
    for role in ROLES[1:]:
        client.force_login(getattr(personas, role).user)
        response = client.get("/admin/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
