"""Citizens and their course: caseworker assignments, contacts, actions and outcomes.

These records arrive from the case-management system by import (docs/contracts.md: Jobtro
sits beside it). A citizen is pseudonymised: a CPR number is never stored, only a
keyed hash for matching register imports.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobtro.core import requestctx
from jobtro.organisations.models import Municipality, Staff

PSEUDONYM_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud safely


def new_pseudonym() -> str:
    return "B-" + "".join(secrets.choice(PSEUDONYM_ALPHABET) for _ in range(7))


class TargetGroup(models.Model):
    """Configurable list (målgruppe), seeded with the usual Danish groups."""

    code = models.SlugField(_("kode"), max_length=50, unique=True)
    name = models.CharField(_("navn"), max_length=100)
    name_en = models.CharField(_("navn (engelsk)"), max_length=100, blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("målgruppe")
        verbose_name_plural = _("målgrupper")

    def __str__(self) -> str:
        return self.name


class ActionKind(models.Model):
    """Configurable list of kinds of indsats."""

    code = models.SlugField(_("kode"), max_length=50, unique=True)
    name = models.CharField(_("navn"), max_length=100)
    name_en = models.CharField(_("navn (engelsk)"), max_length=100, blank=True)
    job_oriented = models.BooleanField(
        _("jobrettet"), default=False, help_text=_("Virksomhedsrettet eller jobrettet indsats.")
    )
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("indsatstype")
        verbose_name_plural = _("indsatstyper")

    def __str__(self) -> str:
        return self.name


class Gender(models.TextChoices):
    FEMALE = "k", _("Kvinde")
    MALE = "m", _("Mand")
    UNKNOWN = "", _("Ikke oplyst")


class Education(models.TextChoices):
    BASIC = "grundskole", _("Grundskole")
    UPPER_SECONDARY = "gymnasial", _("Gymnasial uddannelse")
    VOCATIONAL = "erhvervsfaglig", _("Erhvervsfaglig uddannelse")
    HIGHER = "videregaaende", _("Videregående uddannelse")
    UNKNOWN = "ukendt", _("Ukendt")


class CitizenQuerySet(models.QuerySet["Citizen"]):
    def visible_to(self, user) -> CitizenQuerySet:
        """The one place that decides which citizens a user may see (see policy.py)."""
        from jobtro.citizens.policy import visible_citizens

        return visible_citizens(self, user)

    def active_on(self, day: dt.date) -> CitizenQuerySet:
        ended = Outcome.objects.filter(citizen=OuterRef("pk"), start_date__lte=day)
        return self.filter(enrolled_on__lte=day).exclude(Exists(ended))

    def with_current_caseworker(self) -> CitizenQuerySet:
        """Annotate the open assignment's caseworker id and name: one query, no extra objects."""
        open_assignment = Assignment.objects.filter(citizen=OuterRef("pk"), end_date__isnull=True)
        return self.annotate(
            current_caseworker_id=Subquery(open_assignment.values("caseworker_id")[:1]),
            current_caseworker_name=Subquery(
                open_assignment.annotate(
                    full=Concat(
                        "caseworker__user__first_name",
                        Value(" "),
                        "caseworker__user__last_name",
                        output_field=models.CharField(),
                    )
                ).values("full")[:1]
            ),
        )


class Citizen(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="citizens", verbose_name=_("kommune")
    )
    pseudonym = models.CharField(
        _("pseudonym"), max_length=12, unique=True, default=new_pseudonym, editable=False
    )
    # Optional: many job centres prefer to work with the pseudonym only.
    name = models.CharField(_("navn"), max_length=200, blank=True)
    # HMAC-SHA256 of the CPR number with settings.CPR_HASH_KEY (core.cpr); never the number.
    cpr_hash = models.CharField(max_length=64, blank=True, editable=False)
    external_ref = models.CharField(
        _("sags-id i fagsystemet"), max_length=64, blank=True, db_index=True
    )
    birth_year = models.PositiveSmallIntegerField(_("fødselsår"))
    gender = models.CharField(_("køn"), max_length=1, choices=Gender.choices, blank=True)
    target_group = models.ForeignKey(
        TargetGroup, on_delete=models.PROTECT, related_name="citizens", verbose_name=_("målgruppe")
    )
    education = models.CharField(
        _("uddannelse"), max_length=20, choices=Education.choices, default=Education.UNKNOWN
    )
    enrolled_on = models.DateField(_("forløb startet"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CitizenQuerySet.as_manager()

    class Meta:
        ordering = ["pseudonym"]
        verbose_name = _("borger")
        verbose_name_plural = _("borgere")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "cpr_hash"],
                condition=~Q(cpr_hash=""),
                name="citizen_unique_cpr_hash",
            ),
            models.UniqueConstraint(
                fields=["municipality", "external_ref"],
                condition=~Q(external_ref=""),
                name="citizen_unique_external_ref",
            ),
            models.CheckConstraint(
                condition=Q(birth_year__gte=1900) & Q(birth_year__lte=2100),
                name="citizen_birth_year_range",
            ),
        ]

    def __str__(self) -> str:
        return self.pseudonym

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any) -> Citizen:
        # Every citizen the ORM loads during a request is noted, also through
        # select_related and prefetch_related: the request middleware writes one audit
        # event naming those its response showed (docs/adgang-og-sikkerhed.md).
        instance = super().from_db(db, field_names, values)
        loaded = instance.__dict__
        requestctx.citizen_loaded(
            instance.pk, loaded.get("pseudonym"), loaded.get("municipality_id")
        )
        return instance

    def label_for(self, *, show_name: bool) -> str:
        if show_name and self.name:
            return f"{self.name} ({self.pseudonym})"
        return self.pseudonym

    @property
    def current_caseworker(self) -> Staff | None:
        assignment = (
            self.assignments.filter(end_date__isnull=True)
            .select_related("caseworker__user")
            .first()
        )
        return assignment.caseworker if assignment else None


class Assignment(models.Model):
    """Which caseworker a citizen has, from when to when; a new row is a change."""

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="assignments")
    caseworker = models.ForeignKey(
        Staff, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("sagsbehandler")
    )
    start_date = models.DateField(_("fra"))
    end_date = models.DateField(_("til"), null=True, blank=True)

    class Meta:
        ordering = ["start_date"]
        verbose_name = _("sagsbehandlertilknytning")
        verbose_name_plural = _("sagsbehandlertilknytninger")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="assignment_end_after_start",
            ),
            # At most one open assignment per citizen; full non-overlap is checked in
            # services.assign_caseworker (portable across SQLite and PostgreSQL).
            models.UniqueConstraint(
                fields=["citizen"],
                condition=Q(end_date__isnull=True),
                name="assignment_one_open_per_citizen",
            ),
        ]
        indexes = [models.Index(fields=["caseworker", "end_date"])]

    def __str__(self) -> str:
        return f"{self.citizen} → {self.caseworker}"

    def is_active(self, on: dt.date | None = None) -> bool:
        day = on or timezone.localdate()
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)

    def overlaps(self, start: dt.date, end: dt.date | None) -> bool:
        far = dt.date.max
        return self.start_date <= (end or far) and start <= (self.end_date or far)


class ContactForm(models.TextChoices):
    IN_PERSON = "fremmøde", _("Fremmøde")
    PHONE = "telefon", _("Telefon")
    VIDEO = "video", _("Video")
    COMPANY = "virksomhed", _("Virksomhedsbesøg")
    HOME = "hjem", _("Hjemmebesøg")
    OTHER = "andet", _("Andet")


class Contact(models.Model):
    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="contacts")
    staff = models.ForeignKey(
        Staff, on_delete=models.PROTECT, related_name="contacts", verbose_name=_("medarbejder")
    )
    date = models.DateField(_("dato"))
    form = models.CharField(_("form"), max_length=20, choices=ContactForm.choices)

    class Meta:
        ordering = ["date"]
        verbose_name = _("samtale")
        verbose_name_plural = _("samtaler")
        indexes = [models.Index(fields=["citizen", "date"])]

    def __str__(self) -> str:
        return f"{self.get_form_display()} {self.date:%d.%m.%Y}"


class Provider(models.TextChoices):
    INTERNAL = "internal", _("Intern")
    EXTERNAL = "external", _("Ekstern aktør")


class Action(models.Model):
    """An indsats: what the citizen takes part in, from when to when."""

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="actions")
    kind = models.ForeignKey(
        ActionKind, on_delete=models.PROTECT, related_name="actions", verbose_name=_("indsats")
    )
    start_date = models.DateField(_("fra"))
    end_date = models.DateField(_("til"), null=True, blank=True)
    provider = models.CharField(
        _("udbyder"), max_length=10, choices=Provider.choices, default=Provider.INTERNAL
    )
    provider_name = models.CharField(_("udbyders navn"), max_length=150, blank=True)
    # An external partner's account sees the citizens referred to them (policy.py).
    provider_staff = models.ForeignKey(
        Staff,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="provided_actions",
        verbose_name=_("ekstern kontaktperson"),
    )

    class Meta:
        ordering = ["start_date"]
        verbose_name = _("indsats")
        verbose_name_plural = _("indsatser")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="action_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return str(self.kind)


class OutcomeKind(models.TextChoices):
    JOB = "job", _("Ordinært job")
    FLEXJOB = "flexjob", _("Fleksjob")
    EDUCATION = "education", _("Uddannelse")
    OTHER = "other", _("Andet")


class Outcome(models.Model):
    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(_("udfald"), max_length=10, choices=OutcomeKind.choices)
    start_date = models.DateField(_("dato"))

    class Meta:
        ordering = ["start_date"]
        verbose_name = _("udfald")
        verbose_name_plural = _("udfald")
        constraints = [
            models.UniqueConstraint(fields=["citizen", "kind", "start_date"], name="outcome_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start_date:%d.%m.%Y}"
