from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from jobtro.core import audit_actions


class DkfdsFormMixin:
    """Give every widget the design system's classes and link errors for screen readers."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            elif isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
                css = "form-checkbox"
            elif isinstance(widget, forms.FileInput):
                css = "form-file-input"
            else:
                css = "form-input"
            widget.attrs.setdefault("class", css)

    def full_clean(self) -> None:
        # Mark invalid fields for screen readers once validation has run (not in
        # __init__: subclasses set their querysets after this mixin's __init__).
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            if name in self.fields:  # type: ignore[attr-defined]
                attrs = self.fields[name].widget.attrs  # type: ignore[attr-defined]
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"id_{name}_error"


class LoginForm(DkfdsFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": _("Forkert brugernavn eller adgangskode. Bemærk store og små bogstaver."),
        "inactive": _("Denne konto er lukket."),
    }
    username = forms.CharField(label=_("Brugernavn"), max_length=150)
    password = forms.CharField(label=_("Adgangskode"), strip=False, widget=forms.PasswordInput)


class AuditSearchForm(DkfdsFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Bruger, handling, side eller borger"),
        required=False,
        max_length=100,
        help_text=_("En borger søges med sit pseudonym, fx B-7KQ2X4M."),
    )
    action = forms.ChoiceField(
        label=_("Handling"),
        required=False,
        choices=(),
        error_messages={"invalid_choice": _("Handlingen %(value)s findes ikke i revisionsloggen.")},
    )
    date_from = forms.DateField(
        label=_("Fra dato"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Til dato"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Built per form, so the descriptions follow the user's language.
        cast(forms.ChoiceField, self.fields["action"]).choices = [
            ("", _("Alle handlinger")),
            *audit_actions.choices(),
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("Fra-datoen ligger efter til-datoen."))
        return data


class ApiTokenForm(DkfdsFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Navn på nøglen"), max_length=100, help_text=_("Fx navnet på fagsystemet.")
    )


_T = TypeVar("_T")


def submit_form(
    request: HttpRequest,
    form: forms.Form,
    call: Callable[[dict[str, Any]], _T],
    success: str = "",
) -> _T | None:
    """A posted, valid form goes to its service: ``call(form.cleaned_data)``.

    Returns what the service returns (the saved record), with ``success`` as a message;
    or None, when nothing was posted, the form is invalid, or the service refused with a
    ValidationError — its messages then stand on the form (on the fields it names).
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = call(form.cleaned_data)
    except ValidationError as exc:
        form.add_error(None, exc)
        return None
    if success:
        messages.success(request, success)
    return result


def form_status(request: HttpRequest) -> int:
    """The status of a form page that is shown again: 422 after a refused POST."""
    return 422 if request.method == "POST" else 200
