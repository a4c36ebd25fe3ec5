"""Analysis runs: a researcher's (or a leader's team) analysis, run in the background."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jobtro.organisations.models import Municipality, ResearchProject, Staff, Team


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("I kø")
    RUNNING = "running", _("Kører")
    DONE = "done", _("Færdig")
    FAILED = "failed", _("Fejlede")


class AnalysisRun(models.Model):
    created_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="analysis_runs")
    created_at = models.DateTimeField(auto_now_add=True)
    # Exactly one scope: a research project, one municipality in it, or a leader's team.
    project = models.ForeignKey(ResearchProject, on_delete=models.PROTECT, null=True, blank=True)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, null=True, blank=True)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True)
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    step = models.PositiveSmallIntegerField(default=0)
    steps_total = models.PositiveSmallIntegerField(default=9)
    step_label = models.CharField(max_length=100, blank=True)
    error = models.TextField(blank=True)
    results = models.JSONField(null=True, blank=True)
    report_html = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("analysekørsel")
        verbose_name_plural = _("analysekørsler")
        constraints = [
            models.CheckConstraint(
                condition=Q(project__isnull=False) | Q(team__isnull=False),
                name="analysisrun_has_scope",
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope_label} ({self.created_at:%d.%m.%Y %H:%M})"

    @property
    def scope_label(self) -> str:
        if self.team_id:
            return str(self.team)
        if self.municipality_id:
            return f"{self.project} · {self.municipality.name}"
        return str(self.project)

    @property
    def percent(self) -> int:
        if self.status == RunStatus.DONE:
            return 100
        return min(99, round(100 * self.step / max(1, self.steps_total)))
