from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jobtro.belief.models import Item
from jobtro.core.forms import DkfdsFormMixin
from jobtro.organisations.models import Staff
from jobtro.referrals.forms import MAX_SECTION_CHARS

from . import policy
from .models import SparringMethod
from .services import MAX_FOLLOW_UP_NOTE


def _steps(item: Item) -> list[tuple[int, str]]:
    return [(s["value"], f"{s['value']} · {s['label']}") for s in item.steps()]


def _belief_field(label: Any) -> forms.TypedChoiceField:
    # The choices are the instrument's own steps (set in the form's __init__).
    return forms.TypedChoiceField(
        label=label,
        choices=[],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Vælg et svar."),
            "invalid_choice": _("Vælg et af svarene på skalaen (1–5)."),
        },
    )


class SparringRequestForm(DkfdsFormMixin, forms.Form):
    method = forms.ChoiceField(
        label=_("Metode"),
        choices=SparringMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Vælg en metode.")},
    )
    description = forms.CharField(
        label=_("Sagsfremstilling"),
        max_length=MAX_SECTION_CHARS,
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=_(
            "Beskriv sagen uden navn og CPR-nummer: hvor står borgeren, hvad er prøvet, "
            "og hvad gør det svært at se en vej frem?"
        ),
        error_messages={"required": _("Beskriv sagen.")},
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("Deltagere"),
        queryset=Staff.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kolleger i din kommune, der skal give sparring."),
        error_messages={"required": _("Vælg mindst én kollega.")},
    )
    belief_before = _belief_field(
        _("Hvor meget tror du lige nu på, at borgeren er i job eller uddannelse om et år?")
    )

    def __init__(self, *args: Any, owner: Staff, item: Item, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["belief_before"].choices = _steps(item)
        participants = self.fields["participants"]
        participants.queryset = policy.sparring_colleagues(owner)
        participants.label_from_instance = lambda staff: staff.display_name


class SparringCloseForm(DkfdsFormMixin, forms.Form):
    held_on = forms.DateField(
        label=_("Sparringen blev holdt"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    perspectives = forms.CharField(
        label=_("Perspektiver fra kollegerne"),
        required=False,
        max_length=MAX_SECTION_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    next_steps = forms.CharField(
        label=_("Nye veje at gå"),
        max_length=MAX_SECTION_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("De næste skridt, I blev enige om."),
        error_messages={"required": _("Skriv mindst ét nyt skridt.")},
    )
    belief_after = _belief_field(
        _("Hvor meget tror du nu på, at borgeren er i job eller uddannelse om et år?")
    )
    follow_up_on = forms.DateField(
        label=_("Opfølgning"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Hvornår vil du se på, om de nye veje er prøvet?"),
    )

    def __init__(self, *args: Any, item: Item, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["belief_after"].choices = _steps(item)


class SparringFollowUpForm(DkfdsFormMixin, forms.Form):
    followed_up_on = forms.DateField(
        label=_("Jeg fulgte op den"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Skriv datoen for opfølgningen."),
            "invalid": _("Skriv en gyldig dato."),
        },
    )
    note = forms.CharField(
        label=_("Hvad kom der ud af det?"),
        max_length=MAX_FOLLOW_UP_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Kort: hvilke af de nye veje er prøvet, og hvad skete der? Uden navn og CPR-nummer."
        ),
        error_messages={
            "required": _("Skriv kort, hvad der kom ud af opfølgningen."),
            "max_length": _("Skriv højst 500 tegn."),
        },
    )
