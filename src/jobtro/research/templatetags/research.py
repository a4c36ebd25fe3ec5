from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def pct(value: float | None) -> str:
    """A share as a Danish percentage: 0.083 → "8,3 %"."""
    if value is None:
        return "—"
    return f"{number_format(100 * float(value), 1, use_l10n=True)} %"
