"""Forms built from the instrument's items: one radio group per item, anchors beside."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jobtro.core.cpr import find_cpr_numbers
from jobtro.core.forms import DkfdsFormMixin

from .instruments import BELIEF_ITEM
from .models import Context, Item

CPR_MESSAGE = _("Teksten ser ud til at indeholde et CPR-nummer. Fjern det, før du gemmer.")


def _no_cpr(text: str) -> str:
    if find_cpr_numbers(text):
        raise forms.ValidationError(CPR_MESSAGE)
    return text


class _ItemsForm(DkfdsFormMixin, forms.Form):
    """A field `item_<code>` per item; `required` names the items that must be answered."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args: Any, items: list[Item], required: set[str], **kwargs: Any) -> None:
        self.items = items
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)
        for item in items:
            self.fields[f"item_{item.code}"] = forms.TypedChoiceField(
                label=item.localized_text,
                choices=[(s["value"], s["label"]) for s in item.steps()],
                coerce=int,
                required=item.code in required,
                empty_value=None,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Vælg et svar."),
                    "invalid_choice": _("Vælg et af svarene på skalaen (1–5)."),
                },
            )

    def groups(self) -> list[dict[str, Any]]:
        """Each item with its bound field and steps, for the template's radio groups."""
        return [
            {"item": item, "field": self[f"item_{item.code}"], "steps": item.steps()}
            for item in self.items
        ]

    def values(self) -> dict[str, int]:
        return {
            item.code: self.cleaned_data[f"item_{item.code}"]
            for item in self.items
            if self.cleaned_data.get(f"item_{item.code}") is not None
        }


class RatingForm(_ItemsForm):
    context = forms.ChoiceField(
        label=_("Sammenhæng"), choices=Context.choices, initial=Context.ROUTINE
    )
    reason = forms.CharField(
        label=_("Hvad bygger din tro på?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Skriv aldrig CPR-numre."),
    )
    raise_belief = forms.CharField(
        label=_("Hvad skal der til, for at min tro på borgerens jobchance stiger?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, items: list[Item], **kwargs: Any) -> None:
        super().__init__(*args, items=items, required={BELIEF_ITEM}, **kwargs)

    def clean_reason(self) -> str:
        return _no_cpr(self.cleaned_data["reason"])

    def clean_raise_belief(self) -> str:
        return _no_cpr(self.cleaned_data["raise_belief"])


class CitizenAnswerForm(_ItemsForm):
    comment = forms.CharField(
        label=_("Hvad er du god til?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Skriv ikke dit CPR-nummer."),
    )

    def __init__(self, *args: Any, items: list[Item], **kwargs: Any) -> None:
        # The first citizen item (their own belief in a job) must be answered.
        super().__init__(*args, items=items, required={items[0].code} if items else set(), **kwargs)

    def clean_comment(self) -> str:
        return _no_cpr(self.cleaned_data["comment"])


class AfterContactAnswerForm(_ItemsForm):
    """The one or two short questions after a meeting; the first must be answered."""

    def __init__(self, *args: Any, items: list[Item], **kwargs: Any) -> None:
        super().__init__(*args, items=items, required={items[0].code} if items else set(), **kwargs)


class GeneralBeliefForm(_ItemsForm):
    def __init__(self, *args: Any, items: list[Item], **kwargs: Any) -> None:
        super().__init__(*args, items=items, required={i.code for i in items}, **kwargs)


class PartnerReferralForm(DkfdsFormMixin, forms.Form):
    """Name the external partner who provides one of the citizen's running actions."""

    action = forms.ModelChoiceField(
        label=_("Indsats"),
        queryset=Item.objects.none(),
        error_messages={"required": _("Vælg en indsats."), "invalid_choice": _("Vælg en indsats.")},
    )
    partner = forms.ModelChoiceField(
        label=_("Ekstern samarbejdspartner"),
        queryset=Item.objects.none(),
        error_messages={
            "required": _("Vælg en samarbejdspartner."),
            "invalid_choice": _("Vælg en samarbejdspartner fra listen."),
        },
    )

    def __init__(self, *args: Any, actions: Any, partners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = actions
        self.fields["action"].label_from_instance = lambda a: (
            f"{a.kind.name} ({a.start_date:%d.%m.%Y})"
        )
        self.fields["partner"].queryset = partners
        self.fields["partner"].label_from_instance = lambda s: (
            f"{s.display_name}, {s.organisation}" if s.organisation else s.display_name
        )
