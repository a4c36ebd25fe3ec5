"""The API under careless and hostile callers (issue 12, part 3): bounded integers, token
writes without CSRF (session writes with it), 404 for a write on a citizen one may not
see, and a published document with unique schema names that the answers keep to."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from ninja import Router, Schema

from jobtro.api import JobtroAPI
from jobtro.core.api import BIGINT_MAX
from jobtro.core.models import ApiToken

HUGE = "99999999999999999999"


@pytest.fixture
def document(db):
    return Client().get("/api/openapi.json").json()


def _integer_schemas(schema, components, seen=()):
    """Every integer (sub)schema reachable from a parameter or a request body."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        if name not in seen:
            yield from _integer_schemas(components[name], components, (*seen, name))
        return
    if schema.get("type") == "integer":
        yield schema
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in schema.get(key, []):
            yield from _integer_schemas(sub, components, seen)
    for sub in schema.get("properties", {}).values():
        yield from _integer_schemas(sub, components, seen)
    if isinstance(schema.get("items"), dict):
        yield from _integer_schemas(schema["items"], components, seen)


def test_every_integer_an_api_caller_sends_is_bounded_to_the_database_range(document):
    components = document["components"]["schemas"]
    unbounded = []
    checked = 0
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            inputs = [(p["name"], p["schema"]) for p in operation.get("parameters", [])]
            body = operation.get("requestBody", {}).get("content", {})
            inputs += [("body", c["schema"]) for c in body.values()]
            for name, schema in inputs:
                for integer in _integer_schemas(schema, components):
                    checked += 1
                    low, high = integer.get("minimum"), integer.get("maximum")
                    if low is None or high is None or low < -BIGINT_MAX or high > BIGINT_MAX:
                        unbounded.append(f"{method.upper()} {path} {name}")
    assert checked > 20  # ids, limits and offsets of every list, the rating's value
    assert not unbounded, unbounded


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/citizens?offset={HUGE}",
        f"/api/v1/stories?offset={HUGE}",
        f"/api/v1/companies?offset={HUGE}",
        f"/api/v1/meetings?offset={HUGE}",
        f"/api/v1/meetings?project_id={HUGE}",
        f"/api/v1/stories?team_id={HUGE}",
        f"/api/v1/citizens/{HUGE}",
        f"/api/v1/citizens/{HUGE}/ratings",
        f"/api/v1/meetings/{HUGE}",
        "/api/v1/citizens/0",
        "/api/v1/experiments?offset=-1",
    ],
)
def test_a_huge_or_impossible_integer_is_a_422_never_a_500(client, caseworker, url):
    client.force_login(caseworker.user)
    response = client.get(url)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][0] in {"query", "path"}


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/citizens?offset={BIGINT_MAX}",
        f"/api/v1/meetings?project_id={BIGINT_MAX}&offset={BIGINT_MAX}",
        f"/api/v1/stories?team_id={BIGINT_MAX}",
    ],
)
def test_the_largest_allowed_integer_reaches_the_database_and_finds_nothing(
    client, caseworker, url
):
    # Runs on SQLite and (in CI) on PostgreSQL: the bound is each one's 64-bit integer.
    client.force_login(caseworker.user)
    response = client.get(url)
    assert response.status_code == 200
    assert response.json()["items"] == []
    assert client.get(f"/api/v1/citizens/{BIGINT_MAX}").status_code == 404


def _rate(client, citizen, **headers):
    return client.post(
        f"/api/v1/citizens/{citizen.pk}/ratings",
        {"value": 4},
        content_type="application/json",
        **headers,
    )


def test_a_write_with_a_valid_token_needs_no_csrf_token(caseworker, citizen):
    _token, raw = ApiToken.issue(user=caseworker.user, name="Fagsystem")
    response = _rate(Client(enforce_csrf_checks=True), citizen, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 201
    assert response.json()["value"] == 4


def test_a_write_with_a_session_still_needs_the_csrf_token(caseworker, citizen):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(caseworker.user)
    refused = _rate(browser, citizen)
    assert refused.status_code == 403
    assert refused.json() == {"detail": "CSRF check Failed"}
    browser.get("/")  # the pages set the CSRF cookie
    token = browser.cookies["csrftoken"].value
    assert _rate(browser, citizen, HTTP_X_CSRFTOKEN=token).status_code == 201


def test_a_session_cannot_borrow_an_invalid_token_to_skip_csrf(caseworker, citizen):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(caseworker.user)
    response = _rate(browser, citizen, HTTP_AUTHORIZATION="Bearer jt_not-a-token")
    assert response.status_code == 403


def test_a_write_with_neither_session_nor_token_is_a_401(citizen):
    assert _rate(Client(enforce_csrf_checks=True), citizen).status_code == 401


@pytest.mark.parametrize(
    "persona", ["colleague", "leader", "researcher", "administrator", "external", "outsider"]
)
def test_a_write_on_a_citizen_the_caller_may_not_rate_is_a_404_as_reads_are(
    personas, citizen, persona
):
    _token, raw = ApiToken.issue(user=getattr(personas, persona).user, name="Fagsystem")
    response = _rate(Client(enforce_csrf_checks=True), citizen, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 404
    assert not citizen.ratings.exists()


def test_every_schema_name_in_the_document_is_unique_and_the_citizen_points_at_its_own(
    document,
):
    schemas = document["components"]["schemas"]
    detail = schemas["CitizenDetailOut"]["properties"]
    contact = schemas[detail["contacts"]["items"]["$ref"].rsplit("/", 1)[1]]
    action = schemas[detail["actions"]["items"]["$ref"].rsplit("/", 1)[1]]
    assert set(contact["properties"]) == {"staff_id", "date", "form"}
    assert set(action["properties"]) == {"kind", "start_date", "end_date", "provider"}
    for name in ("ContactOut", "ActionOut", "Input"):
        assert name not in schemas


def test_two_schemas_with_one_name_are_refused_when_the_document_is_built(db):
    def make(field: str) -> type[Schema]:
        return type("ContactOut", (Schema,), {"__annotations__": {field: int}})

    first, second = make("staff_id"), make("phone")
    router = Router()
    router.get("/a", response=first)(lambda request: {"staff_id": 1})
    router.get("/b", response=second)(lambda request: {"phone": 1})
    api = JobtroAPI(urls_namespace="clash-test")
    api.add_router("/", router)
    with pytest.raises(ImproperlyConfigured, match="ContactOut"):
        api.get_openapi_schema(path_prefix="/")


def test_error_answers_are_documented_on_every_operation(document):
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert "401" in responses, (method, path)
            if "{" in path:
                assert "404" in responses, (method, path)
            if operation.get("parameters") or operation.get("requestBody"):
                assert "422" in responses, (method, path)
            for status, answer in responses.items():
                if status >= "400":
                    ref = answer["content"]["application/json"]["schema"]["$ref"]
                    assert ref.endswith("/ApiError")


def test_the_citizen_detail_answer_keeps_to_its_published_schema(
    client, caseworker, citizen, document
):
    from jobtro.citizens.models import ActionKind, ContactForm, Provider
    from jobtro.citizens.services import record_action, record_contact

    from ..conftest import DAY0

    record_contact(
        actor=None, citizen=citizen, staff=caseworker, date=DAY0, form=ContactForm.values[0]
    )
    record_action(
        actor=None,
        citizen=citizen,
        kind=ActionKind.objects.get_or_create(code="mentor", defaults={"name": "Mentor"})[0],
        start_date=DAY0,
        provider=Provider.values[0],
    )
    client.force_login(caseworker.user)
    body = client.get(f"/api/v1/citizens/{citizen.pk}").json()
    schemas = document["components"]["schemas"]
    for key, schema_name in (("contacts", "CitizenContactOut"), ("actions", "CitizenActionOut")):
        assert body[key], key
        assert set(body[key][0]) == set(schemas[schema_name]["properties"])


def test_a_refused_value_is_explained_in_danish_with_where_and_what(client, caseworker, citizen):
    client.force_login(caseworker.user)
    body = client.get("/api/v1/citizens", {"offset": HUGE, "limit": "mange"}).json()
    by_field = {entry["loc"][-1]: entry for entry in body["detail"]}
    assert by_field["offset"]["msg"] == f"Må højst være {BIGINT_MAX}."
    assert by_field["offset"]["type"] == "less_than_equal"
    assert by_field["limit"]["msg"] == "Skal være et helt tal."
    _token, raw = ApiToken.issue(user=caseworker.user, name="Fagsystem")
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    rating = client.post(
        f"/api/v1/citizens/{citizen.pk}/ratings", {"value": 9}, "application/json", **bearer
    )
    assert rating.status_code == 422
    assert rating.json()["detail"][0]["msg"] == "Må højst være 5."
    broken = client.post(
        f"/api/v1/citizens/{citizen.pk}/ratings", "{", "application/json", **bearer
    )
    assert broken.status_code in (400, 422)
    assert not citizen.ratings.exists()
