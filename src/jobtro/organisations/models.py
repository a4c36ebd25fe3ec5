"""Municipalities, teams, staff with their roles, team memberships and research projects."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Municipality(models.Model):
    code = models.CharField(
        _("kommunenummer"),
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^\d{3}$", _("Kommunenummeret skal være tre cifre."))],
    )
    name = models.CharField(_("navn"), max_length=100, unique=True)
    rating_interval_days = models.PositiveSmallIntegerField(
        _("dage mellem vurderinger"), default=91
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")

    def __str__(self) -> str:
        # Labelled: "Frederiksberg (147)" in a picker reads as a count (issue 19).
        return _("%(name)s (kommunekode %(code)s)") % {"name": self.name, "code": self.code}


class Team(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="teams", verbose_name=_("kommune")
    )
    name = models.CharField(_("navn"), max_length=100)
    description = models.TextField(_("beskrivelse"), blank=True)

    class Meta:
        ordering = ["municipality__name", "name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="team_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Beskæftigelsesmedarbejder")
    LEADER = "leader", _("Leder")
    RESEARCHER = "researcher", _("Forsker")
    ADMINISTRATOR = "administrator", _("Administrator")
    EXTERNAL = "external", _("Ekstern samarbejdspartner")


class Function(models.TextChoices):
    CASE_OFFICER = "myndighedssagsbehandler", _("Myndighedssagsbehandler")
    COMPANY_CONSULTANT = "virksomhedskonsulent", _("Virksomhedskonsulent")
    MENTOR = "mentor", _("Mentor")
    OTHER = "anden", _("Anden")


class StaffQuerySet(models.QuerySet["Staff"]):
    def in_municipality(self, municipality: Municipality) -> StaffQuerySet:
        return self.filter(municipality=municipality)

    def caseworkers(self) -> StaffQuerySet:
        return self.filter(role=Role.CASEWORKER)


class Staff(models.Model):
    """A person who works in Jobtro; one per login."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="staff"
    )
    # Researchers and external partners may work across municipalities: nullable.
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="staff",
        null=True,
        blank=True,
        verbose_name=_("kommune"),
    )
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices)
    function = models.CharField(_("funktion"), max_length=30, choices=Function.choices, blank=True)
    organisation = models.CharField(
        _("organisation"), max_length=150, blank=True, help_text=_("For eksterne partnere.")
    )
    external_ref = models.CharField(
        _("medarbejder-id i fagsystemet"), max_length=64, blank=True, db_index=True
    )
    is_active = models.BooleanField(_("aktiv"), default=True)

    objects = StaffQuerySet.as_manager()

    class Meta:
        ordering = ["user__first_name", "user__last_name"]
        verbose_name = _("medarbejder")
        verbose_name_plural = _("medarbejdere")
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=["researcher", "external"]) | Q(municipality__isnull=False),
                name="staff_municipality_required",
            ),
            models.UniqueConstraint(
                fields=["municipality", "external_ref"],
                condition=~Q(external_ref=""),
                name="staff_unique_external_ref",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.user.get_full_name() or self.user.get_username()

    def teams_on(self, day: dt.date | None = None) -> models.QuerySet[Team]:
        day = day or timezone.localdate()
        # One filter() call: all conditions must hold for the same membership row.
        return Team.objects.filter(
            Q(memberships__end_date__isnull=True) | Q(memberships__end_date__gte=day),
            memberships__staff=self,
            memberships__start_date__lte=day,
        ).distinct()


class TeamMembership(models.Model):
    """Membership over time: a move between teams ends one row and starts another."""

    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="memberships")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="memberships")
    start_date = models.DateField(_("fra"))
    end_date = models.DateField(_("til"), null=True, blank=True)

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("teammedlemskab")
        verbose_name_plural = _("teammedlemskaber")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff} i {self.team}"

    def is_active(self, on: dt.date | None = None) -> bool:
        day = on or timezone.localdate()
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


class ResearchProject(models.Model):
    name = models.CharField(_("navn"), max_length=200, unique=True)
    slug = models.SlugField(_("kort navn"), max_length=50, unique=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    municipalities = models.ManyToManyField(
        Municipality, related_name="research_projects", verbose_name=_("deltagende kommuner")
    )
    researchers = models.ManyToManyField(
        Staff,
        related_name="research_projects",
        blank=True,
        limit_choices_to={"role": Role.RESEARCHER},
        verbose_name=_("forskere"),
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("slut"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("forskningsprojekt")
        verbose_name_plural = _("forskningsprojekter")

    def __str__(self) -> str:
        return self.name
