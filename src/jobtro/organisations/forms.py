from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobtro.core.forms import DkfdsFormMixin

from .models import Function, Municipality, Role, Team

# An administrator creates the municipality's staff and its external partners' accounts
# (andre aktører, mentors, education providers: they see only citizens referred to them).
MUNICIPAL_ROLES = [(r.value, r.label) for r in Role if r != Role.RESEARCHER]


class StaffCreateForm(DkfdsFormMixin, forms.Form):
    username = forms.RegexField(
        label=_("Brugernavn"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        error_messages={"invalid": _("Brug kun bogstaver, tal og . @ + - _")},
    )
    first_name = forms.CharField(label=_("Fornavn"), max_length=150)
    last_name = forms.CharField(label=_("Efternavn"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False)
    role = forms.ChoiceField(label=_("Rolle"), choices=MUNICIPAL_ROLES)
    function = forms.ChoiceField(
        label=_("Funktion"), choices=[("", "—"), *Function.choices], required=False
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=150,
        required=False,
        help_text=_("Kun for eksterne samarbejdspartnere, fx «Mentorhuset ApS»."),
    )
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)
    start_date = forms.DateField(
        label=_("Startdato i teamet"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    password = forms.CharField(
        label=_("Adgangskode"),
        widget=forms.PasswordInput,
        strip=False,
        help_text=_("Mindst 10 tegn. Medarbejderen bør skifte den ved første login."),
    )

    def __init__(self, *args, municipality: Municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.filter(municipality=municipality)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("role") == Role.CASEWORKER and not data.get("function"):
            self.add_error("function", _("Vælg en funktion for beskæftigelsesmedarbejderen."))
        if data.get("role") == Role.EXTERNAL:
            if not (data.get("organisation") or "").strip():
                self.add_error(
                    "organisation",
                    _("Skriv navnet på den eksterne samarbejdspartners organisation."),
                )
            if data.get("team"):
                self.add_error("team", _("En ekstern samarbejdspartner er ikke med i et team."))
        elif data.get("organisation"):
            self.add_error(
                "organisation", _("Organisation udfyldes kun for eksterne samarbejdspartnere.")
            )
        if data.get("start_date") and data["start_date"] > timezone.localdate():
            self.add_error("start_date", _("Datoen må ikke ligge i fremtiden."))
        return data


class StaffEditForm(DkfdsFormMixin, forms.Form):
    team = forms.ModelChoiceField(
        label=_("Flyt til team"), queryset=Team.objects.none(), required=False
    )
    start_date = forms.DateField(
        label=_("Fra dato"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    deactivate = forms.BooleanField(
        label=_("Luk kontoen (medarbejderen er stoppet)"), required=False
    )

    def __init__(self, *args, municipality: Municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.filter(municipality=municipality)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("team") and not data.get("start_date"):
            self.add_error("start_date", _("Angiv hvornår medarbejderen skifter team."))
        if data.get("start_date") and data["start_date"] > timezone.localdate():
            self.add_error("start_date", _("Datoen må ikke ligge i fremtiden."))
        return data


class TeamForm(DkfdsFormMixin, forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=100)
    description = forms.CharField(
        label=_("Beskrivelse"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
