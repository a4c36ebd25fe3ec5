"""Practice pieces for any page: the inline coach's textarea, and the referral block on
the citizen page."""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import BoundField
from django.urls import reverse
from django.utils.safestring import SafeString

from jobtro.core import access

from ..models import Referral

register = template.Library()


@register.simple_tag
def coach_textarea(field: BoundField) -> SafeString:
    """The field's own widget with the htmx wiring of the inline coach added."""
    described = [f"{field.auto_id}_coach"]
    if field.help_text:
        described.insert(0, f"{field.auto_id}_hint")
    if field.errors:
        described.insert(0, f"{field.auto_id}_error")
    attrs = {
        "hx-post": f"{reverse('practice:coach')}?felt={field.html_name}",
        "hx-trigger": "input changed delay:600ms, load",
        "hx-target": f"#{field.auto_id}_coach",
        "hx-swap": "innerHTML",
        "hx-sync": "this:replace",
        "aria-describedby": " ".join(described),
    }
    return field.as_widget(attrs=attrs)


@register.inclusion_tag("practice/_referral_block.html", takes_context=True)
def practice_referral_block(context: dict[str, Any], citizen: Any) -> dict[str, Any]:
    """Referrals to the company consultant on the citizen page: for the citizen's
    current caseworker only (others see nothing here)."""
    user = context["request"].user
    may_write = access.may_write_referral(user, citizen)
    if not may_write:
        return {"show": False}
    referrals = (
        Referral.objects.visible_to(user)
        .filter(citizen=citizen)
        .select_related("consultant__user")
        .prefetch_related("versions")
    )
    return {"show": True, "citizen": citizen, "referrals": referrals, "may_write": may_write}


@register.simple_tag(takes_context=True)
def may_request_sparring(context: dict[str, Any], citizen: Any) -> bool:
    """For the "Bed om sparring" link: the citizen's current caseworker only."""
    return access.may_request_sparring(context["request"].user, citizen)
