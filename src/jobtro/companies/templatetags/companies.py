"""The companies panel on the citizen page: placements, the job profile and matching."""

from __future__ import annotations

from typing import Any

from django import template

from jobtro.companies import policy
from jobtro.core import audit

from ..models import Placement
from ..profiles import latest_profile

register = template.Library()


@register.inclusion_tag("companies/_citizen_block.html", takes_context=True)
def companies_citizen_block(context: dict[str, Any], citizen: Any) -> dict[str, Any]:
    """Placements for those who may read them (caseworker, leader); profile and matching
    for the citizen's current caseworker."""
    user = context["request"].user
    if not policy.placement_citizens(user).filter(pk=citizen.pk).exists():
        return {"show": False}
    placements = list(
        policy.visible_placements(Placement.objects.filter(citizen=citizen), user).select_related(
            "company"
        )
    )
    if placements:
        audit.log(
            actor=user,
            action="companies.placement.listed",
            citizen=citizen,
            detail={"placements": [p.pk for p in placements]},
        )
    may_work = policy.may_work_on_citizen(user, citizen)
    return {
        "show": True,
        "citizen": citizen,
        "placements": placements,
        "may_work": may_work,
        "profile": latest_profile(citizen) if may_work else None,
    }
