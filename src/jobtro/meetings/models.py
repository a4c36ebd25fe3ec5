"""Project meetings of the practice-research project: start-up meetings and half-yearly
local meetings in each municipality, and cross-municipal experience meetings after half
a year, after a year and at the end — with agenda, participants, notes, decisions and
actions whose status changes are kept as history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobtro.core.appendonly import AppendOnlyModel
from jobtro.organisations.models import Municipality, ResearchProject, Staff


class MeetingKind(models.TextChoices):
    STARTUP = "startup", _("Opstartsmøde")
    LOCAL = "local", _("Halvårligt lokalt møde")
    CROSS_HALF_YEAR = "cross_half_year", _("Tværkommunalt erfaringsmøde efter et halvt år")
    CROSS_YEAR = "cross_year", _("Tværkommunalt erfaringsmøde efter et år")
    CROSS_END = "cross_end", _("Tværkommunalt erfaringsmøde ved afslutningen")


LOCAL_KINDS = (MeetingKind.STARTUP, MeetingKind.LOCAL)
CROSS_KINDS = (MeetingKind.CROSS_HALF_YEAR, MeetingKind.CROSS_YEAR, MeetingKind.CROSS_END)


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def visible_to(self, user: Any) -> MeetingQuerySet:
        """The one place that decides who reads a meeting (see policy.py)."""
        from jobtro.meetings.policy import visible_meetings

        return visible_meetings(self, user)


class Meeting(models.Model):
    """One project meeting; a local one belongs to a municipality, a cross-municipal
    one to none."""

    project = models.ForeignKey(
        ResearchProject,
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name=_("projekt"),
    )
    kind = models.CharField(_("mødetype"), max_length=20, choices=MeetingKind.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="project_meetings",
        verbose_name=_("kommune"),
    )
    date = models.DateField(_("dato"))
    place = models.CharField(_("sted"), max_length=200)
    agenda = models.TextField(_("dagsorden"))
    notes = models.TextField(_("referat"), blank=True)
    decisions = models.TextField(_("beslutninger"), blank=True)
    participants = models.ManyToManyField(
        Staff, related_name="project_meetings", blank=True, verbose_name=_("deltagere")
    )
    created_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("projektmøde")
        verbose_name_plural = _("projektmøder")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind__in=[k.value for k in CROSS_KINDS], municipality__isnull=True)
                    | Q(kind__in=[k.value for k in LOCAL_KINDS], municipality__isnull=False)
                ),
                name="meeting_municipality_matches_kind",
            )
        ]
        indexes = [models.Index(fields=["project", "date"], name="meeting_project_date")]

    def __str__(self) -> str:
        return f"{self.title} {self.date:%d.%m.%Y}"

    @property
    def is_cross(self) -> bool:
        return self.kind in CROSS_KINDS

    @property
    def title(self) -> str:
        label = str(self.get_kind_display())
        return f"{label}, {self.municipality.name}" if self.municipality_id else label

    def is_planned(self, today: dt.date) -> bool:
        """A meeting later than today is planned; one on or before today is held."""
        return self.date > today


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Åben")
    DONE = "done", _("Gjort")
    DROPPED = "dropped", _("Droppet")


class MeetingAction(models.Model):
    """An action agreed at a meeting: what, who is responsible, by when, and its status
    (every change is kept in ActionStatusChange)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField(_("handling"), max_length=500)
    responsible = models.ForeignKey(
        Staff, on_delete=models.PROTECT, related_name="meeting_actions", verbose_name=_("ansvarlig")
    )
    due_on = models.DateField(_("frist"))
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    created_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("handling fra et møde")
        verbose_name_plural = _("handlinger fra møder")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["open", "done", "dropped"]),
                name="meeting_action_status_known",
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]

    def is_overdue(self, today: dt.date) -> bool:
        return self.status == ActionStatus.OPEN and self.due_on < today


class ActionStatusChange(AppendOnlyModel):
    """One change of an action's status: from, to, by whom, when, why. Never edited."""

    action = models.ForeignKey(
        MeetingAction, on_delete=models.CASCADE, related_name="status_changes"
    )
    old_status = models.CharField(max_length=10, choices=ActionStatus.choices)
    new_status = models.CharField(max_length=10, choices=ActionStatus.choices)
    note = models.CharField(_("bemærkning"), max_length=300, blank=True)
    changed_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    change_refused = "En statusændring kan ikke ændres"
    delete_refused = "En statusændring kan ikke slettes"

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("statusændring")
        verbose_name_plural = _("statusændringer")

    def __str__(self) -> str:
        return f"{self.action_id}: {self.old_status} → {self.new_status}"
