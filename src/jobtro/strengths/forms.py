"""Forms for the citizen's and the network's answers and the citizen's invitations.

The checks that matter (CPR numbers, positive words, known strengths) live in the
services, so that the API and the pages refuse the same things; the forms only shape
the input and give the Danish messages for an empty answer.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jobtro.core.forms import DkfdsFormMixin

from . import catalogue
from .services import OWN_WORDS_MAX, RELATION_MAX, SENTENCE_MAX


def _strengths_field(required_message: Any) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("Styrker"),
        choices=[(s.key, s.label) for s in catalogue.STRENGTHS],
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": required_message,
            "invalid_choice": _("Vælg kun blandt styrkerne på listen."),
        },
    )


class _StrengthsForm(DkfdsFormMixin, forms.Form):
    def groups(self) -> list[dict[str, Any]]:
        """The catalogue under its headings, with each box's checked state (the template
        draws the boxes itself so that every strength shows its description)."""
        if self.is_bound:
            picked = set(self.data.getlist("strengths"))
        else:
            picked = set(self.initial.get("strengths") or [])
        return [
            {
                "group": group,
                "strengths": [{"s": s, "checked": s.key in picked} for s in strengths],
            }
            for group, strengths in catalogue.grouped()
        ]


class CitizenStrengthsForm(_StrengthsForm):
    strengths = _strengths_field(_("Vælg mindst én styrke — den, der passer bedst på dig."))
    own_words = forms.CharField(
        label=_("Med dine egne ord: hvad er du god til?"),
        required=False,
        max_length=OWN_WORDS_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Fx noget, du har lavet, som du er glad for. Skriv ikke dit CPR-nummer."),
    )


class NetworkStrengthsForm(_StrengthsForm):
    strengths = _strengths_field(_("Vælg mindst én styrke, du ser hos personen."))
    sentence = forms.CharField(
        label=_("Vil du skrive én positiv sætning?"),
        required=False,
        max_length=SENTENCE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Fx noget, personen har gjort, som du satte pris på. Skriv ikke CPR-numre eller "
            "andre personlige oplysninger."
        ),
    )


class InviteForm(DkfdsFormMixin, forms.Form):
    relation = forms.CharField(
        label=_("Hvem vil du invitere?"),
        max_length=RELATION_MAX,
        help_text=_(
            "Kun et fornavn eller hvem personen er for dig, fx «Mor», «Sara» eller «Ali, "
            "tidligere kollega». Skriv ikke efternavn, telefonnummer eller mail."
        ),
        error_messages={"required": _("Skriv et fornavn eller hvem personen er for dig.")},
    )
