from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jobtro.core import access
from jobtro.core.forms import DkfdsFormMixin
from jobtro.organisations.models import Municipality, ResearchProject, Staff


class ProjectRunForm(DkfdsFormMixin, forms.Form):
    project = forms.ModelChoiceField(label=_("Projekt"), queryset=ResearchProject.objects.none())
    municipality = forms.ModelChoiceField(
        label=_("Kun én kommune"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("Alle"),
    )

    def __init__(self, *args, staff: Staff, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        projects = ResearchProject.objects.filter(researchers=staff)
        self.fields["project"].queryset = projects
        if len(projects) == 1:
            self.fields["project"].initial = projects[0].pk
        self.fields["municipality"].queryset = access.research_municipalities(staff)


class TeamRunForm(DkfdsFormMixin, forms.Form):
    team = forms.ModelChoiceField(label=_("Team"), queryset=None)

    def __init__(self, *args, staff: Staff, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        teams = access.led_teams(staff)
        self.fields["team"].queryset = teams
        if len(teams) == 1:
            self.fields["team"].initial = teams[0].pk


class ExportForm(DkfdsFormMixin, forms.Form):
    """A researcher's export: project, the enrolment cohort, formats and label language."""

    project = forms.ModelChoiceField(label=_("Projekt"), queryset=ResearchProject.objects.none())
    enrolled_from = forms.DateField(
        label=_("Indskrevet fra"),
        required=False,
        help_text=_(
            "Tom = fra projektets begyndelse. Skriv datoen som 31.01.2025 eller 2025-01-31."
        ),
        input_formats=["%d.%m.%Y", "%Y-%m-%d", "%d-%m-%Y"],
    )
    enrolled_to = forms.DateField(
        label=_("Indskrevet til og med"),
        required=False,
        help_text=_("Tom = til i dag."),
        input_formats=["%d.%m.%Y", "%Y-%m-%d", "%d-%m-%Y"],
    )
    formats = forms.MultipleChoiceField(
        label=_("Formater ud over CSV"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            ("parquet", "Parquet"),
            ("dta", _("Stata (.dta) med etiketter")),
            ("sav", _("SPSS (.sav) med etiketter")),
        ],
        help_text=_("CSV-filerne kommer altid med; det er dem, Jobtros analyse læser."),
    )
    lang = forms.ChoiceField(
        label=_("Sprog i etiketter"),
        choices=[("da", _("Dansk")), ("en", _("Engelsk"))],
        initial="da",
    )

    def __init__(self, *args, staff: Staff, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        projects = ResearchProject.objects.filter(researchers=staff)
        self.fields["project"].queryset = projects
        if len(projects) == 1:
            self.fields["project"].initial = projects[0].pk

    def clean(self):
        data = super().clean()
        start, end = data.get("enrolled_from"), data.get("enrolled_to")
        if start and end and start > end:
            raise forms.ValidationError(_("Periodens start ligger efter dens slutning."))
        return data
