"""Practice pieces for any page: the inline coach's textarea, and the referral block on
the citizen page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.forms import BoundField
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from jobtro.companies.models import Visit
from jobtro.core import access
from jobtro.core.access import Permission
from jobtro.referrals import policy
from jobtro.referrals.models import Referral
from jobtro.sparring import policy as sparring_policy
from jobtro.sparring.models import Sparring

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


@register.inclusion_tag("referrals/_block.html", takes_context=True)
def practice_referral_block(context: dict[str, Any], citizen: Any) -> dict[str, Any]:
    """Referrals to the company consultant on the citizen page: for the citizen's
    current caseworker only (others see nothing here)."""
    user = context["request"].user
    may_write = policy.may_write_referral(user, citizen)
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
    return sparring_policy.may_request_sparring(context["request"].user, citizen)


@register.inclusion_tag("practice/_reminders.html", takes_context=True)
def practice_reminders(context: dict[str, Any]) -> dict[str, Any]:
    """The caseworker's home page: what is waiting — sparring follow-ups that are due,
    sparring they are asked to take part in, and company visits to follow up."""
    staff = access.staff_of(context["request"].user)
    if staff is None or not access.has(staff, Permission.CASEWORK):
        return {"show": False}
    today = timezone.localdate()
    mine = Sparring.objects.visible_to(context["request"].user)
    follow_ups = mine.filter(
        owner=staff, closed_at__isnull=False, followed_up_on__isnull=True, follow_up_on__lte=today
    ).count()
    invited = mine.filter(participants=staff, closed_at__isnull=True).count()
    # The same window as "Mine virksomhedsbesøg": follow-ups from the last 30 days.
    visits = Visit.objects.filter(
        participants=staff,
        company__municipality_id=staff.municipality_id,
        follow_up_on__gte=today - dt.timedelta(days=30),
        follow_up_on__lte=today,
    ).count()
    return {
        "show": bool(follow_ups or invited or visits),
        "follow_ups": follow_ups,
        "invited": invited,
        "visits": visits,
    }
