from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jobtro.core.forms import DkfdsFormMixin
from jobtro.organisations.models import Staff

from . import policy

MAX_SECTION_CHARS = 10_000


class ReferralForm(DkfdsFormMixin, forms.Form):
    consultant = forms.ModelChoiceField(
        label=_("Virksomhedskonsulent"), queryset=Staff.objects.none(), empty_label=None
    )
    resources = forms.CharField(
        label=_("Ressourcer og erfaring"),
        max_length=MAX_SECTION_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Hvad kan borgeren, og hvad har borgeren erfaring med?"),
    )
    success_conditions = forms.CharField(
        label=_("Det skal der til, for at borgeren lykkes"),
        max_length=MAX_SECTION_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Rammer, støtte og hensyn, der gør et job muligt."),
    )
    wishes = forms.CharField(
        label=_("Ønsker og mål"),
        max_length=MAX_SECTION_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Borgerens egne ønsker til job og fremtid. Skriv aldrig CPR-numre."),
    )

    def __init__(
        self, *args: Any, municipality_id: int, with_consultant: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if with_consultant:
            self.fields["consultant"].queryset = policy.company_consultants(municipality_id)
        else:
            del self.fields["consultant"]

    @property
    def lacks_consultant(self) -> bool:
        """True when the municipality has no company consultant to address."""
        field = self.fields.get("consultant")
        return field is not None and not field.queryset.exists()
