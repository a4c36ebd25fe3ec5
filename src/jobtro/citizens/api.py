import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from jobtro.core import access, audit
from jobtro.core.api import Id, Page

from .models import Citizen
from .queries import search_citizens

router = Router(tags=["citizens"])


class CitizenOut(Schema):
    id: int
    pseudonym: str
    name: str | None = Field(None, description="Kun for roller, der må se navne")
    municipality: str
    birth_year: int
    gender: str
    target_group: str
    education: str
    enrolled_on: dt.date
    current_caseworker_id: int | None = None


class AssignmentOut(Schema):
    caseworker_id: int
    start_date: dt.date
    end_date: dt.date | None


class CitizenContactOut(Schema):
    staff_id: int
    date: dt.date
    form: str


class CitizenActionOut(Schema):
    kind: str
    start_date: dt.date
    end_date: dt.date | None
    provider: str


class OutcomeOut(Schema):
    kind: str
    start_date: dt.date


class CitizenDetailOut(CitizenOut):
    assignments: list[AssignmentOut]
    contacts: list[CitizenContactOut]
    actions: list[CitizenActionOut]
    outcomes: list[OutcomeOut]


class CitizenFilter(Schema):
    q: str | None = Field(None, max_length=100, description="Søg i pseudonym eller navn")
    target_group: str | None = Field(None, max_length=50)
    mine: bool = False
    active: bool | None = None


def _out(citizen: Citizen, *, show_names: bool) -> dict:
    caseworker_id = getattr(citizen, "current_caseworker_id", None)
    if caseworker_id is None and not hasattr(citizen, "current_caseworker_id"):
        caseworker = citizen.current_caseworker
        caseworker_id = caseworker.pk if caseworker else None
    return {
        "id": citizen.pk,
        "pseudonym": citizen.pseudonym,
        "name": (citizen.name or None) if show_names else None,
        "municipality": citizen.municipality.code,
        "birth_year": citizen.birth_year,
        "gender": citizen.gender,
        "target_group": citizen.target_group.code,
        "education": citizen.education,
        "enrolled_on": citizen.enrolled_on,
        "current_caseworker_id": caseworker_id,
    }


@router.get("/citizens", response=list[CitizenOut], summary="Borgere, du må se")
@paginate(Page)
def list_citizens(request: HttpRequest, filters: Query[CitizenFilter]):
    citizens = search_citizens(user=request.user, **filters.dict())
    return _LazyOut(citizens, request)


class _LazyOut:
    """Serialises only the page that the paginator slices, and audits exactly that page."""

    def __init__(self, queryset, request: HttpRequest) -> None:
        self.queryset = queryset
        self.request = request

    def __len__(self) -> int:
        return self.queryset.count()

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, item: slice) -> list[dict]:
        page = list(self.queryset[item])
        audit.log_many_reads(
            actor=self.request.user, action="citizens.citizen.listed", citizens=page
        )
        show = access.shows_names(self.request.user)
        return [_out(c, show_names=show) for c in page]


@router.get("/citizens/{citizen_id}", response=CitizenDetailOut, summary="Én borger")
def get_citizen(request: HttpRequest, citizen_id: Id) -> dict:
    citizen = get_object_or_404(
        Citizen.objects.visible_to(request.user).select_related("municipality", "target_group"),
        pk=citizen_id,
    )
    audit.log(actor=request.user, action="citizens.citizen.viewed", target=citizen, citizen=citizen)
    data = _out(citizen, show_names=access.shows_names(request.user))
    data["assignments"] = list(
        citizen.assignments.values("caseworker_id", "start_date", "end_date")
    )
    data["contacts"] = list(citizen.contacts.values("staff_id", "date", "form"))
    data["actions"] = [
        {
            "kind": a.kind.code,
            "start_date": a.start_date,
            "end_date": a.end_date,
            "provider": a.provider,
        }
        for a in citizen.actions.select_related("kind")
    ]
    data["outcomes"] = list(citizen.outcomes.values("kind", "start_date"))
    return data
