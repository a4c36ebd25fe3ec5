"""The companies API: the same rules as the pages."""

from __future__ import annotations

from jobtro.core.models import AuditEvent


def test_caseworker_lists_the_municipalitys_companies(
    client, caseworker, company, job_function, odder_company
):
    client.force_login(caseworker.user)
    data = client.get("/api/v1/companies").json()
    assert data["count"] == 1
    assert data["items"][0]["name"] == "Demo Lager ApS" and data["items"][0]["n_functions"] == 1


def test_a_company_in_detail_has_contacts_and_job_functions(
    client, leader, company, contact, job_function
):
    client.force_login(leader.user)
    data = client.get(f"/api/v1/companies/{company.pk}").json()
    assert data["contacts"][0]["name"] == "Kim Eksempelsen"
    assert data["functions"][0]["task_tags"] == ["pakning", "truckkørsel", "varemodtagelse"]
    assert data["n_visits"] == 0 and data["last_visit"] is None


def test_outsider_gets_404_for_a_company_of_another_municipality(client, outsider, company):
    client.force_login(outsider.user)
    assert client.get(f"/api/v1/companies/{company.pk}").status_code == 404


def test_a_citizens_placements_are_read_as_on_the_page_and_logged(client, caseworker, placement):
    client.force_login(caseworker.user)
    data = client.get(f"/api/v1/citizens/{placement.citizen_id}/placements").json()
    assert [(p["kind"], p["company"]) for p in data] == [("virksomhedspraktik", "Demo Lager ApS")]
    assert AuditEvent.objects.filter(
        action="companies.placement.listed", citizen_id_ref=placement.citizen_id
    ).exists()


def test_colleague_and_researcher_get_404_for_a_citizens_placements(
    client, colleague, researcher, placement
):
    for person in (colleague, researcher):
        client.force_login(person.user)
        assert client.get(f"/api/v1/citizens/{placement.citizen_id}/placements").status_code == 404


def test_without_login_the_api_answers_401(client, company):
    assert client.get("/api/v1/companies").status_code == 401
