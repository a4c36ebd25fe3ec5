from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobtro.core import access
from jobtro.core.forms import DkfdsFormMixin
from jobtro.experiments import policy
from jobtro.organisations.models import Staff, Team

from .models import Decision, EntryKind, Lever, Theme

MAX_TEXT = 10_000
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ExperimentForm(DkfdsFormMixin, forms.Form):
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        error_messages={"required": _("Giv eksperimentet en titel.")},
    )
    question = forms.CharField(
        label=_("Spørgsmål"),
        max_length=300,
        help_text=_("Hvad sker der med troen, når …?"),
        error_messages={"required": _("Skriv spørgsmålet: Hvad sker der med troen, når …?")},
    )
    hypothesis = forms.CharField(
        label=_("Hypotese"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Hvad tror I, der sker, og hvorfor? Skriv uden borgernavne og CPR-numre."),
    )
    theme = forms.ChoiceField(
        label=_("Tema"), choices=[("", "—"), *Theme.choices],
        error_messages={"required": _("Vælg et tema fra listen.")},
    )  # fmt: skip
    lever = forms.ChoiceField(
        label=_("Greb-område"), choices=[("", "—"), *Lever.choices],
        error_messages={"required": _("Vælg et greb-område fra listen.")},
    )  # fmt: skip
    teams = forms.ModelMultipleChoiceField(
        label=_("Teams i eksperimentet"),
        queryset=Team.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Vælg mindst ét team.")},
    )
    comparison_team = forms.ModelChoiceField(
        label=_("Sammenligningsteam"),
        queryset=Team.objects.none(),
        required=False,
        empty_label=_("Intet sammenligningsteam"),
        help_text=_(
            "Et team i kommunen, der arbejder som hidtil. Med det kan Jobtro beregne "
            "forskellen i forskellene i troen."
        ),
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("Deltagere"),
        queryset=Staff.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Medlemmer af eksperimentets teams. Deltagerne skriver i logbogen."),
        error_messages={"required": _("Vælg mindst én deltager.")},
    )
    start_date = forms.DateField(label=_("Start"), widget=DATE)
    end_date = forms.DateField(label=_("Slut"), widget=DATE)

    def __init__(self, *args: Any, leader: Staff, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        teams = policy.experiment_teams(leader.user).order_by("name")
        self.fields["teams"].queryset = teams
        self.fields["comparison_team"].queryset = Team.objects.filter(
            municipality_id=leader.municipality_id
        ).order_by("name")
        today = timezone.localdate()
        members = (
            access.current_team_staff(teams, day=today)
            .filter(is_active=True)
            .select_related("user")
            .distinct()
            .order_by("user__first_name", "user__last_name")
        )
        self.fields["participants"].queryset = members
        self.fields["participants"].label_from_instance = lambda s: s.display_name

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Slutdatoen ligger før startdatoen."))
        comparison, teams = data.get("comparison_team"), data.get("teams")
        if comparison is not None and teams is not None and comparison in teams:
            self.add_error(
                "comparison_team",
                _("Sammenligningsteamet må ikke være et af eksperimentets egne teams."),
            )
        return data


class CycleForm(DkfdsFormMixin, forms.Form):
    plan = forms.CharField(
        label=_("Plan"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Hvad gør vi i denne cyklus, hvem gør det, og hvad holder vi øje med?"),
        error_messages={"required": _("Skriv planen for cyklussen.")},
    )
    started_on = forms.DateField(label=_("Cyklussen begynder"), widget=DATE)


class DecisionForm(DkfdsFormMixin, forms.Form):
    ended_on = forms.DateField(label=_("Cyklussen sluttede"), widget=DATE)
    study = forms.CharField(
        label=_("Det så vi"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Skriv, hvad I så i cyklussen.")},
    )
    decision = forms.ChoiceField(
        label=_("Beslutning"),
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Vælg en beslutning: fasthold, justér eller stop.")},
    )
    decision_note = forms.CharField(
        label=_("Begrundelse"), required=False, max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
    next_actions = forms.CharField(
        label=_("Aftalte handlinger til næste møde"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Vises øverst, når I mødes næste gang."),
    )


class LogbookForm(DkfdsFormMixin, forms.Form):
    observed_on = forms.DateField(label=_("Dato"), widget=DATE)
    kind = forms.ChoiceField(
        label=_("Art"), choices=EntryKind.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Vælg observation eller refleksion.")},
    )  # fmt: skip
    text = forms.CharField(
        label=_("Notat"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Hvad så du, og hvad tænker du om det? Skriv uden borgernavne og CPR-numre."),
        error_messages={"required": _("Skriv din observation eller refleksion.")},
    )


class PracticeForm(DkfdsFormMixin, forms.Form):
    title = forms.CharField(label=_("Grebets titel"), max_length=200)
    summary = forms.CharField(
        label=_("Hvad er grebet?"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 4})
    )
    how_to = forms.CharField(
        label=_("Sådan prøver I det"), max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )  # fmt: skip
    requirements = forms.CharField(
        label=_("Det kræver det"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Tid, forberedelse, ledelse, samarbejdspartnere."),
    )  # fmt: skip
    evidence = forms.CharField(
        label=_("Det så vi"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Med egne ord; de målte tal gemmes automatisk sammen med grebet."),
    )  # fmt: skip


class CatalogueFilter(DkfdsFormMixin, forms.Form):
    lever = forms.ChoiceField(
        label=_("Greb-område"), required=False, choices=[("", _("Alle")), *Lever.choices]
    )
    theme = forms.ChoiceField(
        label=_("Tema"), required=False, choices=[("", _("Alle")), *Theme.choices]
    )
