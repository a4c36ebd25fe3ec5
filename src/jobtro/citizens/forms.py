from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobtro.core.forms import DkfdsFormMixin

from .models import ContactForm, TargetGroup


class CitizenSearchForm(DkfdsFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Søg"), required=False, max_length=100, help_text=_("Pseudonym, sags-id eller navn")
    )
    target_group = forms.ModelChoiceField(
        label=_("Målgruppe"),
        required=False,
        queryset=TargetGroup.objects.filter(is_active=True),
        to_field_name="code",
        empty_label=_("Alle"),
    )
    mine = forms.BooleanField(label=_("Kun mine borgere"), required=False)
    active = forms.TypedChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle")), ("1", _("I forløb")), ("0", _("Afsluttet"))],
        coerce=lambda v: v == "1",
        empty_value=None,
    )


class ContactCreateForm(DkfdsFormMixin, forms.Form):
    date = forms.DateField(label=_("Dato"), widget=forms.DateInput(attrs={"type": "date"}))
    form = forms.ChoiceField(label=_("Form"), choices=ContactForm.choices)

    def clean_date(self) -> dt.date:
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Datoen må ikke ligge i fremtiden."))
        if day < dt.date(2000, 1, 1):
            raise forms.ValidationError(_("Datoen ligger for langt tilbage."))
        return day
