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
