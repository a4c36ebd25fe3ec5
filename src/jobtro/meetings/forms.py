from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jobtro.core import access
from jobtro.core.forms import DkfdsFormMixin
from jobtro.meetings import policy
from jobtro.organisations.models import Municipality, ResearchProject, Role, Staff

from .models import LOCAL_KINDS, ActionStatus, MeetingKind
from .names import names_shown
from .services import MAX_ACTION_TEXT, MAX_STATUS_NOTE, MAX_TEXT

DATE_ERRORS = {"required": _("Skriv en dato."), "invalid": _("Skriv en gyldig dato.")}


def _staff_label(staff: Staff) -> str:
    where = staff.municipality.name if staff.municipality_id else str(staff.get_role_display())
    return f"{staff.display_name} ({where})"


class MeetingForm(DkfdsFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Mødetype"),
        choices=MeetingKind.choices,
        error_messages={
            "required": _("Vælg en mødetype."),
            "invalid_choice": _("Vælg en mødetype fra listen."),
        },
    )
    municipality = forms.ModelChoiceField(
        label=_("Kommune"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("Ingen — tværkommunalt møde"),
        help_text=_("Lokale møder hører til én kommune; tværkommunale møder til ingen."),
        error_messages={"invalid_choice": _("Vælg en kommune i projektet.")},
    )
    date = forms.DateField(
        label=_("Dato"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages=DATE_ERRORS,
    )
    place = forms.CharField(
        label=_("Sted"), max_length=200, error_messages={"required": _("Skriv, hvor mødet holdes.")}
    )
    agenda = forms.CharField(
        label=_("Dagsorden"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Skriv dagsordenen.")},
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("Deltagere"),
        queryset=Staff.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Vælg mindst én deltager."),
            "invalid_choice": _("Vælg deltagere fra listen."),
            "invalid_pk_value": _("Vælg deltagere fra listen."),
        },
    )
    notes = forms.CharField(
        label=_("Referat"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Skrives, når mødet er holdt. Mødenoter handler om projektet, ikke om enkelte borgere."
        ),
    )
    decisions = forms.CharField(
        label=_("Beslutninger"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, user: Any, project: ResearchProject, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff = access.staff_of(user)
        municipalities = project.municipalities.all()
        if not policy.may_create_cross_meetings(user):
            self.fields["kind"].choices = [(k.value, k.label) for k in LOCAL_KINDS]
            municipalities = municipalities.filter(pk=staff.municipality_id if staff else None)
            self.fields["municipality"].required = True
            self.fields["municipality"].empty_label = None
        self.fields["municipality"].queryset = municipalities
        # Every candidate of the project; the service checks them against the meeting's
        # municipality (a local meeting takes only its own municipality's staff).
        participants = self.fields["participants"]
        participants.queryset = policy.meeting_staff(project, None)
        participants.label_from_instance = _staff_label


class ActionForm(DkfdsFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Handling"),
        max_length=MAX_ACTION_TEXT,
        error_messages={
            "required": _("Skriv, hvad der skal gøres."),
            "max_length": _("Skriv højst 500 tegn."),
        },
    )
    responsible = forms.ModelChoiceField(
        label=_("Ansvarlig"),
        queryset=Staff.objects.none(),
        required=False,  # the service says "Vælg en ansvarlig" (same message from every caller)
        empty_label=_("Vælg en ansvarlig"),
        error_messages={"invalid_choice": _("Vælg en ansvarlig fra listen.")},
    )
    due_on = forms.DateField(
        label=_("Frist"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages=DATE_ERRORS,
    )

    def __init__(self, *args: Any, meeting: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        responsible = self.fields["responsible"]
        candidates = policy.meeting_staff(meeting.project, meeting.municipality)
        shown = names_shown(user, meeting) if user is not None else None
        if shown is not None:
            # A researcher gives actions to those who took part (and to researchers):
            # the list would otherwise name staff they never met (names.py).
            candidates = candidates.filter(Q(pk__in=shown) | Q(role=Role.RESEARCHER))
        responsible.queryset = candidates
        responsible.label_from_instance = _staff_label


class StatusForm(DkfdsFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Ny status"),
        choices=ActionStatus.choices,
        error_messages={
            "required": _("Vælg en status."),
            "invalid_choice": _("Vælg en status fra listen."),
        },
    )
    note = forms.CharField(
        label=_("Bemærkning"),
        required=False,
        max_length=MAX_STATUS_NOTE,
        help_text=_("Skriv kort, hvorfor, hvis handlingen droppes."),
        error_messages={"max_length": _("Skriv højst 300 tegn.")},
    )
