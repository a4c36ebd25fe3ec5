"""The citizen's strengths in the API, under the same rules as the pages.

GET /v1/strengths: the catalogue (any signed-in staff member).
GET /v1/citizens/{id}/strengths: the citizen's current caseworker reads the profile;
everyone else gets a 404, as on the pages.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from jobtro.core import audit
from jobtro.core.api import Id
from jobtro.strengths import policy

from . import catalogue, services

router = Router(tags=["strengths"])


class StrengthOut(Schema):
    key: str
    group: str
    label: str
    description: str
    label_en: str
    description_en: str


class CitizenStrengthOut(Schema):
    key: str
    label: str
    description: str
    chosen_by_citizen: bool
    seen_by_network: int = Field(..., description="Antal svar fra netværket, der ser styrken")


class SentenceOut(Schema):
    relation: str = Field(..., description="Fornavn eller relation, som borgeren skrev det")
    text: str
    answered_on: dt.date


class ProfileOut(Schema):
    citizen_id: int
    strengths: list[CitizenStrengthOut]
    own_words: str
    citizen_answered_on: dt.date | None
    network_answers: int
    sentences: list[SentenceOut]


@router.get(
    "/strengths", response=list[StrengthOut], summary="Listen over styrker", url_name="strengths"
)
def strengths(request: HttpRequest) -> list[dict]:
    return [
        {
            "key": s.key,
            "group": s.group,
            "label": s.label,
            "description": s.description,
            "label_en": s.label_en,
            "description_en": s.description_en,
        }
        for s in catalogue.STRENGTHS
    ]


@router.get(
    "/citizens/{citizen_id}/strengths",
    response=ProfileOut,
    summary="Én borgers styrker (borgerens nuværende sagsbehandler)",
    url_name="citizen_strengths",
)
def citizen_strengths(request: HttpRequest, citizen_id: Id) -> dict:
    citizen = get_object_or_404(policy.strengths_citizens(request.user), pk=citizen_id)
    profile = services.strengths_profile(citizen)
    audit.log(
        actor=request.user, action="strengths.profile.viewed", target=citizen, citizen=citizen
    )
    return {
        "citizen_id": citizen.pk,
        "strengths": [vars(s) for s in profile.strengths],
        "own_words": profile.own_words,
        "citizen_answered_on": profile.citizen_answered_on,
        "network_answers": profile.network_answers,
        "sentences": [vars(q) for q in profile.sentences],
    }
