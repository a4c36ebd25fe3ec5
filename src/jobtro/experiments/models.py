"""Action-learning experiments ("Hvad sker der med troen, når …?") with their PDSA
cycles and logbook, and the catalogue of "små greb" (practices) that grow out of them.

Experiments are team-level: no record here points at a citizen, and no page shows a
citizen's name. Measurement is read from the belief ratings of the participants.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobtro.core.appendonly import AppendOnlyError, AppendOnlyModel
from jobtro.organisations.models import Municipality, Staff, Team


class Theme(models.TextChoices):
    """The practice-research project's eight analysis themes (our own wording)."""

    MINDSET = "mindset", _("Fra tro til forventninger og tankesæt")
    LANGUAGE = "language", _("Sprog og fortællinger om borgerne")
    MEETING = "meeting", _("Forventninger i mødet med borgeren")
    SPARRING = "sparring", _("Ny tro gennem kollegial sparring")
    PHYSICAL = "physical", _("Kræver overførsel af forventninger det fysiske møde?")
    BALANCE = "balance", _("At balancere forventninger")
    EXTERNAL = "external", _("Forventninger i samarbejdet med eksterne parter")
    ACTION = "action", _("Fra forventning til handling i borgerens sag")


class Lever(models.TextChoices):
    """The project's four levers for strengthening belief."""

    COMMUNICATION = "communication", _("Kommunikation om borgeren")
    RELATION = "relation", _("Relation og samarbejde med borgeren")
    SPARRING = "sparring", _("Sparringskultur og ledelse")
    LABOUR_MARKET = "labour_market", _("Kendskab til arbejdsmarkedet")


class Status(models.TextChoices):
    RUNNING = "running", _("I gang")
    COMPLETED = "completed", _("Afsluttet")


class Decision(models.TextChoices):
    ADOPT = "adopt", _("Fasthold")
    ADAPT = "adapt", _("Justér")
    ABANDON = "abandon", _("Stop")


class ExperimentQuerySet(models.QuerySet["Experiment"]):
    def visible_to(self, user: Any) -> ExperimentQuerySet:
        """The one place that decides who sees an experiment (see policy.py)."""
        from jobtro.experiments.policy import visible_experiments

        return visible_experiments(self, user)


class Experiment(models.Model):
    """One small experiment run by one or more teams in one municipality."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="experiments",
        verbose_name=_("kommune"),
    )
    title = models.CharField(_("titel"), max_length=200)
    question = models.CharField(_("spørgsmål"), max_length=300)
    hypothesis = models.TextField(_("hypotese"), blank=True)
    theme = models.CharField(_("tema"), max_length=20, choices=Theme.choices)
    lever = models.CharField(_("greb-område"), max_length=20, choices=Lever.choices)
    teams = models.ManyToManyField(Team, related_name="experiments", verbose_name=_("teams"))
    # Same municipality as the experiment, never one of its own teams (services.py).
    comparison_team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="compared_in_experiments",
        verbose_name=_("sammenligningsteam"),
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("slut"))
    participants = models.ManyToManyField(
        Staff, related_name="experiments", verbose_name=_("deltagere")
    )
    created_by = models.ForeignKey(
        Staff, on_delete=models.PROTECT, related_name="experiments_started"
    )
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RUNNING
    )
    completed_at = models.DateTimeField(_("afsluttet"), null=True, blank=True)
    source_practice = models.ForeignKey(
        "experiments.Practice",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="started_experiments",
        verbose_name=_("startet fra greb"),
    )
    template_key = models.CharField(_("skabelon"), max_length=40, blank=True)

    objects = ExperimentQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("eksperiment")
        verbose_name_plural = _("eksperimenter")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="experiment_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(status="completed") | Q(completed_at__isnull=True),
                name="experiment_completed_at_only_when_completed",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_running(self) -> bool:
        return self.status == Status.RUNNING


class Cycle(models.Model):
    """One plan–do–study–act cycle; its agreed actions open the next meeting."""

    experiment = models.ForeignKey(Experiment, on_delete=models.CASCADE, related_name="cycles")
    number = models.PositiveSmallIntegerField(_("nummer"))
    plan = models.TextField(_("plan"))
    started_on = models.DateField(_("startet"))
    ended_on = models.DateField(_("afsluttet"), null=True, blank=True)
    study = models.TextField(_("det så vi"), blank=True)
    decision = models.CharField(
        _("beslutning"), max_length=10, choices=Decision.choices, blank=True
    )
    decision_note = models.TextField(_("begrundelse"), blank=True)
    next_actions = models.TextField(_("aftalte handlinger til næste møde"), blank=True)
    created_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("PDSA-cyklus")
        verbose_name_plural = _("PDSA-cyklusser")
        constraints = [
            models.UniqueConstraint(fields=["experiment", "number"], name="cycle_unique_number"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="cycle_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, decision="")
                | Q(ended_on__isnull=False) & ~Q(decision=""),
                name="cycle_decided_when_ended",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.experiment} – cyklus {self.number}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


class EntryKind(models.TextChoices):
    OBSERVATION = "observation", _("Observation")
    REFLECTION = "reflection", _("Refleksion")


class LogbookEntry(models.Model):
    """A participant's dated note in the experiment's logbook; its text lives in
    append-only versions, so an edit by the author never loses what was written."""

    experiment = models.ForeignKey(
        Experiment, on_delete=models.CASCADE, related_name="logbook_entries"
    )
    cycle = models.ForeignKey(
        Cycle, on_delete=models.SET_NULL, null=True, blank=True, related_name="logbook_entries"
    )
    author = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("logbogsnotat")
        verbose_name_plural = _("logbogsnotater")

    def __str__(self) -> str:
        return f"Logbog {self.pk} ({self.experiment})"


class LogbookVersion(AppendOnlyModel):
    change_refused = "Et gemt logbogsnotat kan ikke ændres; gem en ny version"
    delete_refused = "Et gemt logbogsnotat kan ikke slettes"

    entry = models.ForeignKey(LogbookEntry, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    observed_on = models.DateField(_("dato"))
    kind = models.CharField(_("art"), max_length=20, choices=EntryKind.choices)
    text = models.TextField(_("tekst"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("version af logbogsnotat")
        verbose_name_plural = _("versioner af logbogsnotater")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "number"], name="logbook_version_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.entry} v{self.number}"


class PracticeQuerySet(models.QuerySet["Practice"]):
    def visible_to(self, user: Any) -> PracticeQuerySet:
        from jobtro.experiments.policy import visible_practices

        return visible_practices(self, user)


class Practice(models.Model):
    """A "greb": an experiment's learning, published so other municipalities can try it."""

    title = models.CharField(_("titel"), max_length=200)
    summary = models.TextField(_("hvad er grebet"))
    how_to = models.TextField(_("sådan prøver I det"))
    requirements = models.TextField(_("det kræver det"))
    evidence = models.TextField(_("det så vi i eksperimentet"))
    # The experiment's measured figures when published (run chart, difference-in-
    # differences): a snapshot, so the greb's evidence does not drift with later data.
    figures = models.JSONField(_("målte tal"), default=dict, blank=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="practices", verbose_name=_("kommune")
    )
    lever = models.CharField(_("greb-område"), max_length=20, choices=Lever.choices)
    theme = models.CharField(_("tema"), max_length=20, choices=Theme.choices)
    source_experiment = models.OneToOneField(
        Experiment,
        on_delete=models.PROTECT,
        related_name="published_practice",
        verbose_name=_("eksperiment"),
    )
    published_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(_("offentliggjort"), default=timezone.now)

    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("greb")
        verbose_name_plural = _("greb")

    def __str__(self) -> str:
        return self.title

    @property
    def measured_on(self) -> dt.date | None:
        """The day the figures were taken, when there are figures."""
        day = (self.figures or {}).get("measured_on")
        return dt.date.fromisoformat(day) if day else None


__all__ = [
    "AppendOnlyError",
    "Cycle",
    "Decision",
    "EntryKind",
    "Experiment",
    "Lever",
    "LogbookEntry",
    "LogbookVersion",
    "Practice",
    "Status",
    "Theme",
]
