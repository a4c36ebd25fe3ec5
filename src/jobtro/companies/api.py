"""Companies and placements in the API, under the same rules as the pages: the
municipality's caseworkers, leaders and administrators read its companies; a
citizen's placements follow the citizen (caseworker and leader), audit-logged."""

import datetime as dt

from django.db.models import Count, Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from jobtro.companies import policy
from jobtro.core import audit
from jobtro.core.api import Id, Page

from .models import Company, Placement

router = Router(tags=["companies"])


class CompanyOut(Schema):
    id: int
    name: str
    cvr: str
    industry: str
    address: str
    postal_code: str
    city: str
    n_functions: int


class CompanyContactOut(Schema):
    id: int
    name: str
    role: str
    phone: str
    email: str
    is_active: bool


class JobFunctionOut(Schema):
    id: int
    title: str
    task_tags: list[str]
    tasks: str
    requirements: str
    strength_keys: list[str]
    is_active: bool


class CompanyDetailOut(CompanyOut):
    contacts: list[CompanyContactOut]
    functions: list[JobFunctionOut]
    n_visits: int
    last_visit: dt.date | None


class PlacementOut(Schema):
    id: int
    citizen_id: int
    company_id: int
    company: str
    kind: str
    start_date: dt.date
    end_date: dt.date | None
    status: str
    contact_id: int | None


class CompanyFilter(Schema):
    q: str | None = Field(None, max_length=100, description="Søg i navn, CVR-nummer, branche")


def _companies(request: HttpRequest):
    return Company.objects.visible_to(request.user).annotate(
        n_functions=Count("functions", filter=Q(functions__is_active=True), distinct=True)
    )


@router.get("/companies", response=list[CompanyOut], summary="Kommunens virksomheder")
@paginate(Page)
def list_companies(request: HttpRequest, filters: Query[CompanyFilter]):
    companies = _companies(request)
    if filters.q:
        q = filters.q.strip()
        companies = companies.filter(Q(name__icontains=q) | Q(cvr=q) | Q(industry__icontains=q))
    return companies


@router.get("/companies/{company_id}", response=CompanyDetailOut, summary="Én virksomhed")
def get_company(request: HttpRequest, company_id: Id):
    company = get_object_or_404(_companies(request), pk=company_id)
    visits = company.visits.order_by("-date")
    return {
        **{f: getattr(company, f) for f in CompanyOut.model_fields},
        "contacts": list(company.contacts.all()),
        "functions": list(company.functions.all()),
        "n_visits": visits.count(),
        "last_visit": visits.values_list("date", flat=True).first(),
    }


@router.get(
    "/citizens/{citizen_id}/placements",
    response=list[PlacementOut],
    summary="En borgers praktikker og ansættelser",
)
def list_citizen_placements(request: HttpRequest, citizen_id: Id):
    citizen = get_object_or_404(policy.placement_citizens(request.user), pk=citizen_id)
    placements = list(
        policy.visible_placements(Placement.objects.filter(citizen=citizen), request.user)
        .select_related("company")
        .order_by("start_date", "id")
    )
    audit.log(
        actor=request.user,
        action="companies.placement.listed",
        citizen=citizen,
        detail={"placements": [p.pk for p in placements], "via": "api"},
    )
    return [
        {
            "id": p.pk,
            "citizen_id": p.citizen_id,
            "company_id": p.company_id,
            "company": p.company.name,
            "kind": p.kind,
            "start_date": p.start_date,
            "end_date": p.end_date,
            "status": p.status,
            "contact_id": p.contact_id,
        }
        for p in placements
    ]
