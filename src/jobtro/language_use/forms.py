from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jobtro.core.forms import DkfdsFormMixin

from .services import MAX_RULES_CHARS


class RulesForm(DkfdsFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Spilleregler (YAML)"),
        required=False,
        max_length=MAX_RULES_CHARS,
        strip=False,
        widget=forms.Textarea(
            attrs={"rows": 18, "spellcheck": "false", "class": "form-input rules-text"}
        ),
        help_text=_(
            "Samme format som grundordlisten, uden 'categories'. Gemmes som en ny version; "
            "en fil med fejl afvises, og den gældende version bliver stående."
        ),
    )
    note = forms.CharField(label=_("Hvad er ændret?"), required=False, max_length=200)
