from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobtro.core.forms import DkfdsFormMixin
from jobtro.organisations.models import Staff

from .models import (
    Company,
    CompanyContact,
    NoteTopic,
    PlacementKind,
    PlacementStatus,
    VisitPurpose,
)
from .services import parse_tags, strength_choices, visit_colleagues

MAX_TEXT = 10_000
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TagsField(forms.CharField):
    """Tags typed as a comma-separated list; cleaned to a list of tags."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 2000)
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        return ", ".join(value) if isinstance(value, list | tuple) else value

    def clean(self, value: Any) -> list[str]:  # type: ignore[override]
        return parse_tags(super().clean(value) or "")


class CompanyForm(DkfdsFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Navn"), max_length=200, error_messages={"required": _("Skriv virksomhedens navn.")}
    )
    cvr = forms.CharField(
        label=_("CVR-nummer"),
        required=False,
        max_length=20,
        help_text=_("8 cifre. Kan udelades, fx for en forening."),
    )
    industry = forms.CharField(
        label=_("Branche"), required=False, max_length=100, help_text=_("Fx »lager og logistik«.")
    )
    address = forms.CharField(label=_("Adresse"), required=False, max_length=200)
    postal_code = forms.CharField(label=_("Postnummer"), required=False, max_length=4)
    city = forms.CharField(label=_("By"), required=False, max_length=100)


class ContactForm(DkfdsFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Navn"),
        max_length=200,
        error_messages={"required": _("Skriv kontaktpersonens navn.")},
    )
    role = forms.CharField(label=_("Stilling"), required=False, max_length=100)
    phone = forms.CharField(label=_("Telefon"), required=False, max_length=30)
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        error_messages={"invalid": _("Skriv en gyldig e-mailadresse.")},
    )
    is_active = forms.BooleanField(label=_("Aktiv kontaktperson"), required=False, initial=True)


class JobFunctionForm(DkfdsFormMixin, forms.Form):
    title = forms.CharField(
        label=_("Jobfunktion"),
        max_length=150,
        help_text=_("Fx »Lagermedarbejder« eller »Køkkenhjælp«."),
        error_messages={"required": _("Skriv jobfunktionens navn.")},
    )
    task_tags = TagsField(
        label=_("Opgaver (stikord)"),
        help_text=_("Adskil med komma, fx »pakning, truckkørsel, varemodtagelse«."),
    )
    tasks = forms.CharField(
        label=_("Opgaverne beskrevet"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    requirements = forms.CharField(
        label=_("Det kræver jobbet"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Fx arbejdstider, fysiske krav, kørekort."),
    )
    strength_keys = forms.MultipleChoiceField(
        label=_("Styrker, der hjælper i jobbet"),
        required=False,
        choices=[],
        widget=forms.CheckboxSelectMultiple,
    )
    is_active = forms.BooleanField(label=_("Aktiv jobfunktion"), required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["strength_keys"].choices = strength_choices()


class NoteForm(DkfdsFormMixin, forms.Form):
    topic = forms.ChoiceField(label=_("Emne"), choices=NoteTopic.choices)
    text = forms.CharField(
        label=_("Det ved vi om arbejdspladsen"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Fx kultur, omgangstone, og hvad der skal til for at lykkes. Gemmes med dato og dit navn."
        ),
        error_messages={"required": _("Skriv noten.")},
    )


class VisitForm(DkfdsFormMixin, forms.Form):
    date = forms.DateField(
        label=_("Dato for besøget"),
        widget=DATE,
        error_messages={"required": _("Skriv datoen."), "invalid": _("Skriv en gyldig dato.")},
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("Deltagere"),
        queryset=Staff.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Vælg mindst én deltager.")},
    )
    purpose = forms.ChoiceField(
        label=_("Formål"),
        choices=VisitPurpose.choices,
        widget=forms.RadioSelect(attrs={"class": "form-radio"}),
    )
    learned = forms.CharField(
        label=_("Det lærte vi"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Opgaver, kultur, hvem der er god at tale med, muligheder for praktik."),
        error_messages={"required": _("Skriv, hvad I lærte om arbejdspladsen.")},
    )
    follow_up_on = forms.DateField(
        label=_("Opfølgningsdato"),
        required=False,
        widget=DATE,
        error_messages={"invalid": _("Skriv en gyldig dato.")},
    )

    def __init__(self, *args: Any, author: Staff, companies: Any = None, **kwargs: Any) -> None:
        """With `companies` (from "Mine virksomhedsbesøg"), the form asks which company first."""
        kwargs.setdefault("initial", {"date": timezone.localdate(), "participants": [author.pk]})
        super().__init__(*args, **kwargs)
        if companies is not None:
            self.fields = {"company": _company_field(companies), **self.fields}
        field = self.fields["participants"]
        field.queryset = visit_colleagues(author).order_by("user__first_name", "user__last_name")
        field.label_from_instance = lambda staff: staff.display_name


def _company_field(companies: Any) -> forms.ModelChoiceField:
    field = forms.ModelChoiceField(
        label=_("Virksomhed"),
        queryset=companies,
        error_messages={
            "required": _("Vælg virksomheden."),
            "invalid_choice": _("Vælg en virksomhed fra listen."),
        },
    )
    field.empty_label = _("(vælg virksomhed)")
    return field


def _contact_field() -> forms.ModelChoiceField:
    field = forms.ModelChoiceField(
        label=_("Kontaktperson"), required=False, queryset=CompanyContact.objects.none()
    )
    field.empty_label = _("(ingen valgt)")
    return field


class PlacementForm(DkfdsFormMixin, forms.Form):
    company = forms.ModelChoiceField(
        label=_("Virksomhed"),
        queryset=Company.objects.none(),
        error_messages={"required": _("Vælg en virksomhed.")},
    )
    kind = forms.ChoiceField(
        label=_("Type"),
        choices=PlacementKind.choices,
        widget=forms.RadioSelect(attrs={"class": "form-radio"}),
    )
    start_date = forms.DateField(
        label=_("Fra"),
        widget=DATE,
        error_messages={"required": _("Skriv startdatoen."), "invalid": _("Skriv en gyldig dato.")},
    )
    end_date = forms.DateField(
        label=_("Til"),
        required=False,
        widget=DATE,
        help_text=_("Kan udelades, hvis slutdatoen ikke er kendt."),
        error_messages={"invalid": _("Skriv en gyldig dato.")},
    )
    contact = _contact_field()
    status = forms.ChoiceField(label=_("Status"), choices=PlacementStatus.choices)
    outcome = forms.CharField(
        label=_("Sådan gik det"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Skriv uden borgerens navn og CPR-nummer."),
    )

    def __init__(self, *args: Any, companies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = companies
        self.fields["contact"].queryset = CompanyContact.objects.filter(
            company__in=companies, is_active=True
        ).select_related("company")
        self.fields["contact"].label_from_instance = lambda c: f"{c} · {c.company.name}"


class PlacementUpdateForm(DkfdsFormMixin, forms.Form):
    end_date = PlacementForm.base_fields["end_date"]
    contact = _contact_field()
    status = forms.ChoiceField(label=_("Status"), choices=PlacementStatus.choices)
    outcome = PlacementForm.base_fields["outcome"]

    def __init__(self, *args: Any, company: Company, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = company.contacts.filter(is_active=True)


class JobProfileForm(DkfdsFormMixin, forms.Form):
    wishes = TagsField(
        label=_("Ønsker til arbejdet"),
        help_text=_("Stikord adskilt med komma, fx »lager, udendørs, dyr«."),
    )
    competences = TagsField(
        label=_("Kompetencer"),
        help_text=_("Fx »truckkort, kørekort B, engelsk«."),
    )
    experience = TagsField(
        label=_("Erfaring"),
        help_text=_("Fx »rengøring, pakning, kundeservice«."),
    )
    text = forms.CharField(
        label=_("Uddybning"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Med borgerens egne ord: hvad giver energi, hvad er gået godt før? Skriv uden navn og CPR-nummer."
        ),
    )
