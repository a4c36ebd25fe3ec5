from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobtro.core.forms import DkfdsFormMixin
from jobtro.experiments.models import Lever, Theme
from jobtro.organisations.models import Team
from jobtro.stories import policy

from .models import Difference, Sharing, Story, TagKind
from .services import MAX_TEXT_CHARS, TEXT_REQUIRED


def _text(label: Any, hint: Any, field: str, rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=MAX_TEXT_CHARS,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=hint,
        error_messages={
            "required": TEXT_REQUIRED[field],
            "max_length": _("Teksten er for lang (højst 5.000 tegn)."),
        },
    )


class StoryForm(DkfdsFormMixin, forms.Form):
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.none(),
        empty_label=None,
        help_text=_("Det team, hvis møde historien blev fortalt på."),
        error_messages={
            "required": _("Vælg et team."),
            "invalid_choice": _("Vælg et team, du selv er med i eller leder."),
        },
    )
    meeting_date = forms.DateField(
        label=_("Dato for teammødet"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Skriv datoen for teammødet."),
            "invalid": _("Skriv datoen som ÅÅÅÅ-MM-DD."),
        },
    )
    what_happened = _text(
        _("Hvad skete der?"),
        _("Fortæl forløbet kort. Skriv uden navn og CPR-nummer, så borgeren ikke kan genkendes."),
        "what_happened",
        rows=6,
    )
    what_made_difference = _text(
        _("Hvad gjorde forskellen?"),
        _("Hvad gjorde I, borgeren eller andre, der flyttede noget?"),
        "what_made_difference",
    )
    what_we_learn = _text(
        _("Hvad lærer vi?"),
        _("Hvad kan teamet tage med sig til andre forløb?"),
        "what_we_learn",
    )
    levers = forms.MultipleChoiceField(
        label=_("Greb-områder"),
        choices=Lever.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Vælg mindst ét greb-område."),
            "invalid_choice": _("Vælg fra listen."),
        },
    )
    themes = forms.MultipleChoiceField(
        label=_("Temaer"),
        choices=Theme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Vælg fra listen.")},
    )
    differences = forms.MultipleChoiceField(
        label=_("Hvilken slags forskel?"),
        choices=Difference.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Vælg mindst én slags forskel."),
            "invalid_choice": _("Vælg fra listen."),
        },
    )
    sharing = forms.ChoiceField(
        label=_("Hvem må læse historien?"),
        choices=Sharing.choices,
        initial=Sharing.TEAM,
        widget=forms.RadioSelect,
        help_text=_(
            "Hele projektet betyder medarbejdere i de andre kommuner i projektet og "
            "projektets forskere."
        ),
        error_messages={
            "required": _("Vælg, hvem historien må deles med."),
            "invalid_choice": _("Vælg, hvem historien må deles med."),
        },
    )
    experiment = forms.ModelChoiceField(
        label=_("Hører historien til et eksperiment?"),
        queryset=Team.objects.none(),
        required=False,
        empty_label=_("Intet eksperiment"),
        error_messages={"invalid_choice": _("Vælg et eksperiment, du kan se.")},
    )

    def __init__(self, *args: Any, user: Any, story: Story | None = None, **kwargs: Any) -> None:
        if story is not None:
            kwargs.setdefault("initial", initial_from(story))
        else:
            kwargs.setdefault("initial", {"meeting_date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        if story is not None:
            del self.fields["team"]  # a story stays with the team whose meeting heard it
        else:
            self.fields["team"].queryset = policy.story_teams(user).order_by("name")
        self.fields["experiment"].queryset = policy.story_experiments(user).order_by("title")
        if not self.fields["experiment"].queryset.exists():
            del self.fields["experiment"]


def initial_from(story: Story) -> dict[str, Any]:
    return {
        "meeting_date": story.meeting_date,
        "what_happened": story.what_happened,
        "what_made_difference": story.what_made_difference,
        "what_we_learn": story.what_we_learn,
        "levers": story.tag_values(TagKind.LEVER),
        "themes": story.tag_values(TagKind.THEME),
        "differences": story.tag_values(TagKind.DIFFERENCE),
        "sharing": story.sharing,
        "experiment": story.experiment_id,
    }


def _choice(label: Any, choices: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=[("", _("Alle")), *choices], required=False)


class StoryFilterForm(DkfdsFormMixin, forms.Form):
    """The feed's filter, a plain GET form (htmx refreshes the list when present)."""

    greb = _choice(_("Greb-område"), Lever.choices)
    tema = _choice(_("Tema"), Theme.choices)
    forskel = _choice(_("Slags forskel"), Difference.choices)

    FILTERS = (("greb", TagKind.LEVER), ("tema", TagKind.THEME), ("forskel", TagKind.DIFFERENCE))

    def apply(self, stories: Any) -> Any:
        if not self.is_valid():
            return stories.none()
        for field, kind in self.FILTERS:
            if self.cleaned_data.get(field):
                stories = stories.tagged(kind=kind, value=self.cleaned_data[field])
        return stories
