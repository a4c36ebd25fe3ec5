from django.http import HttpRequest
from ninja import Router, Schema

from jobtro.core import access

router = Router(tags=["organisation"])


class MeOut(Schema):
    username: str
    name: str
    role: str | None
    municipality: str | None
    teams: list[str]


@router.get("/me", response=MeOut, summary="Den indloggede bruger")
def me(request: HttpRequest) -> dict:
    staff = access.staff_of(request.user)
    return {
        "username": request.user.get_username(),
        "name": request.user.get_full_name(),
        "role": staff.role if staff else None,
        "municipality": staff.municipality.code if staff and staff.municipality else None,
        "teams": [t.name for t in staff.teams_on()] if staff else [],
    }


class TeamOut(Schema):
    id: int
    name: str
    municipality: str


@router.get("/teams", response=list[TeamOut], summary="Teams, du må se")
def teams(request: HttpRequest) -> list[dict]:
    return [
        {"id": t.pk, "name": t.name, "municipality": t.municipality.code}
        for t in access.visible_teams(request.user).select_related("municipality")
    ]
