"""Belief blocks for pages owned by other apps (home pages, the citizen page)."""

from __future__ import annotations

from typing import Any

from django import template

from jobtro.core import access
from jobtro.core.access import Permission

from .. import queries, services

register = template.Library()


@register.inclusion_tag("belief/_due_block.html", takes_context=True)
def belief_due_block(context: dict[str, Any]) -> dict[str, Any]:
    """The caseworker's due and overdue ratings, and the general-belief survey if due."""
    staff = access.staff_of(context["request"].user)
    if staff is None or not access.has(staff, Permission.CASEWORK):
        return {"show": False}
    due = queries.due_ratings(staff=staff)
    overdue = [d for d in due if d.overdue]
    return {
        "show": True,
        "due": due[:10],
        "n_due": len(due),
        "n_overdue": len(overdue),
        "general_due": queries.general_belief_due(staff=staff),
    }


@register.inclusion_tag("belief/_leader_block.html", takes_context=True)
def belief_leader_block(context: dict[str, Any]) -> dict[str, Any]:
    """Team belief figures for a leader: aggregates only, small cells suppressed."""
    staff = access.staff_of(context["request"].user)
    if staff is None or not access.has(staff, Permission.TEAMS_LEAD):
        return {"teams": []}
    return {"teams": [queries.team_belief(team=t) for t in access.led_teams(staff)]}


@register.inclusion_tag("belief/_citizen_block.html", takes_context=True)
def belief_citizen_block(context: dict[str, Any], citizen: Any) -> dict[str, Any]:
    """The rater's own latest rating and the citizen's own answers beside it.

    Only the citizen's current caseworker or a referred external partner sees it;
    a leader or a researcher sees no individual rating here.
    """
    staff = access.staff_of(context["request"].user)
    if staff is None or not access.has(staff, Permission.BELIEF_RATE):
        return {"show": False}
    may_rate = services.ratable_citizens(staff.user).filter(pk=citizen.pk).exists()
    if not may_rate:
        return {"show": False}
    block = queries.citizen_belief(citizen=citizen, staff=staff, may_rate=may_rate)
    return {"show": True, "citizen": citizen, "b": block, "csrf_token": context.get("csrf_token")}
