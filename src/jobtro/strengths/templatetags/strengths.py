"""Strengths blocks for pages owned by other apps: the citizen page and the referral."""

from __future__ import annotations

from typing import Any

from django import template

from jobtro.core import audit
from jobtro.strengths import policy

from .. import services

register = template.Library()


@register.inclusion_tag("strengths/_panel.html", takes_context=True)
def strengths_citizen_block(context: dict[str, Any], citizen: Any) -> dict[str, Any]:
    """The citizen's strengths on the citizen page: for the current caseworker only."""
    user = context["request"].user
    if not policy.strengths_citizens(user).filter(pk=citizen.pk).exists():
        return {"show": False}
    profile = services.strengths_profile(citizen)
    audit.log(
        actor=user,
        action="strengths.profile.viewed",
        target=citizen,
        citizen=citizen,
        detail={"where": "citizen_page"},
    )
    return {"show": True, "citizen": citizen, "p": profile, "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("strengths/_referral_help.html", takes_context=True)
def strengths_referral_help(context: dict[str, Any], citizen: Any) -> dict[str, Any]:
    """Beside "Ressourcer og erfaring": the strengths as a help for the referral's writer
    and its reader (the company consultant)."""
    user = context["request"].user
    if not policy.may_see_strengths_beside_referral(user, citizen):
        return {"show": False}
    profile = services.strengths_profile(citizen)
    audit.log(
        actor=user,
        action="strengths.profile.viewed",
        target=citizen,
        citizen=citizen,
        detail={"where": "referral"},
    )
    may_manage = policy.strengths_citizens(user).filter(pk=citizen.pk).exists()
    return {"show": True, "citizen": citizen, "p": profile, "may_manage": may_manage}
