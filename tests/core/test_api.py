from django.urls import reverse

from jobtro.core.models import ApiToken, AuditEvent


def test_openapi_document_is_served(client):
    doc = client.get("/api/openapi.json").json()
    assert "/api/v1/citizens" in doc["paths"]
    assert "/api/v1/citizens/{citizen_id}" in doc["paths"]


def test_citizen_list_is_paginated_with_items_and_count(client, caseworker, citizen):
    client.force_login(caseworker.user)
    body = client.get("/api/v1/citizens").json()
    assert body["count"] == 1
    assert body["items"][0]["id"] == citizen.pk
    assert body["items"][0]["name"] == "Testborger Ærø"


def test_researcher_gets_no_names_through_the_api(client, researcher, citizen):
    client.force_login(researcher.user)
    body = client.get("/api/v1/citizens").json()
    assert body["items"][0]["name"] is None
    detail = client.get(f"/api/v1/citizens/{citizen.pk}").json()
    assert detail["name"] is None


def test_outsider_gets_404_for_a_citizen_they_may_not_see(client, outsider, citizen):
    client.force_login(outsider.user)
    assert client.get(f"/api/v1/citizens/{citizen.pk}").status_code == 404
    assert client.get("/api/v1/citizens").json()["count"] == 0


def test_a_personal_token_works_and_a_revoked_one_does_not(client, caseworker, citizen):
    token, raw = ApiToken.issue(user=caseworker.user, name="Fagsystem")
    response = client.get(f"/api/v1/citizens/{citizen.pk}", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="citizens.citizen.viewed", via="api").exists()
    assert raw not in ApiToken.objects.values_list("token_hash", flat=True)
    token.revoked_at = token.created_at
    token.save()
    assert client.get("/api/v1/citizens", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert client.get("/api/v1/citizens", HTTP_AUTHORIZATION="Bearer nonsense").status_code == 401


def test_bad_query_parameters_are_refused_not_crashing(client, caseworker, citizen):
    client.force_login(caseworker.user)
    assert client.get("/api/v1/citizens", {"limit": "many"}).status_code == 422
    assert client.get("/api/v1/citizens", {"limit": 100000}).status_code == 422
    assert client.get("/api/v1/citizens/not-a-number").status_code in (404, 422)
    sqlish = client.get("/api/v1/citizens", {"q": "' OR 1=1 --"})
    assert sqlish.status_code == 200 and sqlish.json()["count"] == 0


def test_me_tells_role_and_teams(client, caseworker):
    client.force_login(caseworker.user)
    me = client.get("/api/v1/me").json()
    assert me["role"] == "caseworker"
    assert me["teams"] == ["Team Nord"]


def test_token_page_shows_a_new_token_once(client, caseworker):
    client.force_login(caseworker.user)
    response = client.post(reverse("core:api_tokens"), {"name": "Fagsystem"})
    import re

    raw = re.search(r'<code id="new-token">(jt_[\w-]+)</code>', response.content.decode()).group(1)
    assert ApiToken.objects.filter(user=caseworker.user).count() == 1
    again = client.get(reverse("core:api_tokens"))
    assert raw not in again.content.decode()
