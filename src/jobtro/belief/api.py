"""Ratings in the API, under the same rules as the pages.

GET: the citizen's caseworker reads their own ratings and the citizen's own answers;
an external partner their own; a researcher every rating, pseudonymised (no staff
identity, no free text). A leader, a colleague, an administrator: 404.
POST: the citizen's current caseworker (or a referred external partner) records a
rating, e.g. from a case-management system with a personal API token.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from jobtro.citizens.models import Citizen
from jobtro.core import access, audit
from jobtro.core.access import Permission
from jobtro.core.api import Id

from . import services
from .instruments import BELIEF_ITEM
from .models import Context, Instrument, Rating, Source
from .queries import citizen_ratings_for

router = Router(tags=["belief"])


class RatingOut(Schema):
    id: int
    citizen_id: int
    rater_id: str | None = Field(None, description="Medarbejder-id; pseudonym for forskere")
    rater_type: str
    instrument: str
    item_id: str
    value: int
    rated_at: dt.datetime
    rated_on: dt.date
    context: str
    supersedes_id: int | None = None
    superseded: bool
    reason: str | None = Field(None, description="Fritekst; aldrig til forskere")
    raise_belief: str | None = None


class RatingIn(Schema):
    item_id: str = Field(BELIEF_ITEM, max_length=50)
    value: int = Field(..., ge=1, le=5, description="1 (lavest) til 5 (højest)")
    instrument: str | None = Field(None, max_length=50, description="Standard: jobtro-2")
    context: str = Field(Context.ROUTINE, max_length=20)
    reason: str = Field("", max_length=1000)
    raise_belief: str = Field("", max_length=1000)
    idempotency_key: str = Field("", max_length=64, description="Samme nøgle igen: intet nyt")
    correct: bool = Field(False, description="Ret egen vurdering fra de seneste 24 timer")


def staff_pseudonym(staff_id: int | None) -> str | None:
    """A stable opaque id for a staff member in research output (keyed, not reversible)."""
    if staff_id is None:
        return None
    digest = hmac.new(settings.SECRET_KEY.encode(), f"staff:{staff_id}".encode(), hashlib.sha256)
    return "M-" + digest.hexdigest()[:10]


def _out(rating, *, research: bool) -> dict:
    return {
        "id": rating.pk,
        "citizen_id": rating.citizen_id,
        "rater_id": staff_pseudonym(rating.rater_id)
        if research
        else (str(rating.rater_id) if rating.rater_id else None),
        "rater_type": rating.rater_type,
        "instrument": rating.item.instrument.code,
        "item_id": rating.item.code,
        "value": rating.value,
        "rated_at": rating.rated_at,
        "rated_on": timezone.localdate(rating.rated_at),
        "context": rating.context,
        "supersedes_id": rating.supersedes_id,
        "superseded": rating.is_superseded,
        "reason": None if research else rating.reason,
        "raise_belief": None if research else rating.raise_belief,
    }


@router.get(
    "/citizens/{citizen_id}/ratings",
    response=list[RatingOut],
    summary="Vurderinger af én borger, som du må se",
    url_name="citizen_ratings",
)
def citizen_ratings(request: HttpRequest, citizen_id: Id) -> list[dict]:
    staff = access.staff_of(request.user)
    if staff is None or not access.has(staff, Permission.BELIEF_RATE, Permission.BELIEF_RESEARCH):
        raise Http404
    citizen = get_object_or_404(Citizen.objects.visible_to(request.user), pk=citizen_id)
    ratings = citizen_ratings_for(citizen=citizen, staff=staff).annotate(
        is_superseded=Exists(Rating.objects.filter(supersedes=OuterRef("pk")))
    )
    audit.log(actor=request.user, action="belief.ratings.viewed", target=citizen, citizen=citizen)
    research = not access.has(staff, Permission.STAFF_NAMES)
    return [_out(r, research=research) for r in ratings.order_by("rated_at", "id")]


@router.post(
    "/citizens/{citizen_id}/ratings",
    response={201: RatingOut},
    summary="Registrér en vurdering af en borger",
    url_name="citizen_ratings",
)
def create_rating(request: HttpRequest, citizen_id: Id, payload: RatingIn):
    staff = access.staff_of(request.user)
    if staff is None or services.rater_type_of(staff) is None:
        raise Http404
    citizen = get_object_or_404(services.ratable_citizens(request.user), pk=citizen_id)
    instrument = None
    if payload.instrument:
        instrument = Instrument.objects.filter(code=payload.instrument).first()
        if instrument is None:
            raise HttpError(422, f"Ukendt instrument «{payload.instrument}».")
    try:
        rating = services.record_ratings(
            citizen=citizen,
            rater=staff,
            values={payload.item_id: payload.value},
            context=payload.context,
            reason=payload.reason,
            raise_belief=payload.raise_belief,
            idempotency_key=payload.idempotency_key,
            instrument=instrument,
            source=Source.API,
            correct=payload.correct,
        )[0]
    except services.NotAllowed as exc:
        raise Http404 from exc
    except ValidationError as exc:
        raise HttpError(422, " ".join(exc.messages)) from exc
    rating.is_superseded = False
    return Status(201, _out(rating, research=False))
