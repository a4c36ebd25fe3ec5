"""The citizen page's panel "Forventninger og handling" (for the citizen's current
caseworker only: a leader sees team aggregates, never one citizen's ratings)."""

from __future__ import annotations

from typing import Any

from django import template

from jobtro.core import access, audit
from jobtro.core.access import Permission

from .. import services
from ..expectations import services as expectations
from ..expectations.queries import citizen_course, recent_meetings
from ..forms import PartnerReferralForm

register = template.Library()


@register.inclusion_tag("belief/_expectations_block.html", takes_context=True)
def expectations_citizen_block(context: dict[str, Any], citizen: Any) -> dict[str, Any]:
    staff = access.staff_of(context["request"].user)
    if staff is None or not access.has(staff, Permission.CASEWORK):
        return {"show": False}
    if not services.ratable_citizens(staff.user).filter(pk=citizen.pk).exists():
        return {"show": False}
    audit.log(actor=staff, action="belief.expectations.viewed", target=citizen, citizen=citizen)
    actions = expectations.referable_actions(citizen)
    partners = expectations.partner_accounts(staff)
    referral_form = None
    if actions.exists() and partners.exists():
        referral_form = PartnerReferralForm(actions=actions, partners=partners)
    return {
        "show": True,
        "referral_form": referral_form,
        "referred": [a for a in actions if a.provider_staff_id],
        "citizen": citizen,
        "meetings": recent_meetings(citizen=citizen, staff=staff),
        "course": citizen_course(citizen=citizen, staff=staff),
        "csrf_token": context.get("csrf_token"),
    }
