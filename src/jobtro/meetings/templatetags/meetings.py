from __future__ import annotations

from django import template

from jobtro.meetings import names

register = template.Library()


@register.filter
def staff_name(staff, shown):
    """A staff member's name, or a neutral stand-in where the reader may not see it."""
    return names.staff_name(staff, shown)
