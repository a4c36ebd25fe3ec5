"""Companies, visits, placements and matching (issue 7).

A company is the municipality's: its caseworkers, leaders and administrators read it,
its caseworkers write it; the outsider (another municipality) gets a 404 for it. A
placement is citizen data: the citizen's caseworker and the team's leader read it;
only the current caseworker registers one, keeps the job profile and asks for matching.
"""

from __future__ import annotations

import datetime as dt

from tests.policies import API_ALL, row

COMPANY_READ = row(302, 200, 200, 200, 404, 200, 404, 404)
COMPANY_WRITE = row(302, 200, 200, 404, 404, 404, 404, 404)
OWN_CITIZEN = row(302, 200, 404, 404, 404, 404, 404, 404)

POLICY = {
    "companies:list": row(302, 200, 200, 200, 404, 200, 404, 200),
    "companies:create": row(302, 200, 200, 404, 404, 404, 404, 200),
    "companies:detail": COMPANY_READ,
    "companies:edit": COMPANY_WRITE,
    "companies:contact_create": COMPANY_WRITE,
    "companies:contact_edit": COMPANY_WRITE,
    "companies:function_create": COMPANY_WRITE,
    "companies:function_edit": COMPANY_WRITE,
    "companies:note_create": COMPANY_WRITE,
    "companies:visit_create": COMPANY_WRITE,
    "companies:visits": row(302, 200, 200, 404, 404, 404, 404, 200),
    "companies:visit_create_any": row(302, 200, 200, 404, 404, 404, 404, 200),
    "companies:placement_create": OWN_CITIZEN,
    "companies:placement": row(302, 200, 404, 200, 404, 404, 404, 404),
    "companies:profile": OWN_CITIZEN,
    "companies:matching": OWN_CITIZEN,
    "api:list_companies": API_ALL,
    "api:get_company": row(401, 200, 200, 200, 404, 200, 404, 404),
    "api:list_citizen_placements": row(401, 200, 404, 200, 404, 404, 404, 404),
}


def url_values(ctx) -> dict:
    from jobtro.companies import services

    caseworker = ctx.personas.caseworker
    company = services.create_company(actor=caseworker, name="Demo Lager ApS", cvr="10150817")
    contact = services.save_contact(actor=caseworker, company=company, name="Kim Eksempelsen")
    function = services.save_job_function(
        actor=caseworker, company=company, title="Lagermedarbejder", task_tags=["pakning"]
    )
    placement = services.register_placement(
        author=caseworker,
        citizen=ctx.citizen,
        company=company,
        kind="virksomhedspraktik",
        start_date=dt.date(2025, 3, 3),
        end_date=dt.date(2025, 4, 25),
        contact=contact,
    )
    return {
        "company_id": company.pk,
        "company_contact_id": contact.pk,
        "job_function_id": function.pk,
        "placement_id": placement.pk,
    }
