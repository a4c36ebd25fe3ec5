"""Labour-market knowledge: companies, their contact persons and job functions, the
team's dated notes about each workplace, company visits, placements, and the
citizen's job profile (competences, experience, wishes) that matching reads.

Tenancy: a company belongs to a municipality, not to a team. One workplace is one
record however many teams talk to it (company consultants work across teams, and a
CVR number is unique per municipality); what each team knows is kept as notes that
carry the author's team, so "shared across the team" holds without duplicate companies.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobtro.citizens.models import Citizen
from jobtro.core.appendonly import AppendOnlyModel
from jobtro.organisations.models import Municipality, Staff, Team

CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


def cvr_is_valid(value: str) -> bool:
    """Eight digits, no leading zero, and the modulus-11 check (weights 2,7,6,5,4,3,2,1).

    >>> cvr_is_valid("10150817"), cvr_is_valid("10150818"), cvr_is_valid("1234")
    (True, False, False)
    """
    if len(value) != 8 or not value.isdigit() or value[0] == "0":
        return False
    return sum(int(d) * w for d, w in zip(value, CVR_WEIGHTS, strict=True)) % 11 == 0


class CompanyQuerySet(models.QuerySet["Company"]):
    def visible_to(self, user) -> CompanyQuerySet:
        """The one place that decides which companies a user may see (policy.py)."""
        from jobtro.companies.policy import visible_companies

        return visible_companies(self, user)


class Company(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="companies", verbose_name=_("kommune")
    )
    name = models.CharField(_("navn"), max_length=200)
    cvr = models.CharField(_("CVR-nummer"), max_length=8, blank=True)
    industry = models.CharField(_("branche"), max_length=100, blank=True)
    address = models.CharField(_("adresse"), max_length=200, blank=True)
    postal_code = models.CharField(_("postnummer"), max_length=4, blank=True)
    city = models.CharField(_("by"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CompanyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("virksomhed")
        verbose_name_plural = _("virksomheder")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "cvr"], condition=~Q(cvr=""), name="company_unique_cvr"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CompanyContact(models.Model):
    """A contact person at the company (not a citizen)."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("navn"), max_length=200)
    role = models.CharField(_("stilling"), max_length=100, blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kontaktperson")
        verbose_name_plural = _("kontaktpersoner")

    def __str__(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name


class JobFunction(models.Model):
    """A concrete job function at the company, with its tasks as tags and free text."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="functions")
    title = models.CharField(_("jobfunktion"), max_length=150)
    task_tags = models.JSONField(_("opgaver (stikord)"), default=list, blank=True)
    tasks = models.TextField(_("opgaver"), blank=True)
    requirements = models.TextField(_("det kræver"), blank=True)
    # Keys of jobtro.strengths.catalogue.STRENGTHS that help in this job.
    strength_keys = models.JSONField(_("styrker der hjælper"), default=list, blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("jobfunktion")
        verbose_name_plural = _("jobfunktioner")

    def __str__(self) -> str:
        return self.title


class NoteTopic(models.TextChoices):
    CULTURE = "kultur", _("Kultur på arbejdspladsen")
    SUCCESS = "lykkes", _("Det skal der til for at lykkes")
    OTHER = "andet", _("Andet")


class CompanyNote(AppendOnlyModel):
    """What the team knows about the workplace: dated, signed, never edited or deleted
    (a changed view is a new note)."""

    change_refused = "En note kan ikke ændres; skriv en ny note"
    delete_refused = "En note kan ikke slettes"

    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="notes")
    topic = models.CharField(_("emne"), max_length=10, choices=NoteTopic.choices)
    text = models.TextField(_("tekst"))
    author = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("skrevet"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("viden om arbejdspladsen")
        verbose_name_plural = _("viden om arbejdspladsen")


class VisitPurpose(models.TextChoices):
    OUTREACH = "opsoegende", _("Opsøgende besøg")
    FUNCTIONS = "jobfunktioner", _("Afdække jobfunktioner og opgaver")
    PLACEMENT = "praktik", _("Aftale praktik eller ansættelse")
    FOLLOW_UP = "opfoelgning", _("Opfølgning på et forløb")
    OTHER = "andet", _("Andet")


class Visit(models.Model):
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="visits")
    date = models.DateField(_("dato"))
    purpose = models.CharField(_("formål"), max_length=20, choices=VisitPurpose.choices)
    learned = models.TextField(_("det lærte vi"))
    follow_up_on = models.DateField(_("opfølgning"), null=True, blank=True)
    participants = models.ManyToManyField(
        Staff, related_name="company_visits", verbose_name=_("deltagere")
    )
    created_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("virksomhedsbesøg")
        verbose_name_plural = _("virksomhedsbesøg")
        constraints = [
            models.CheckConstraint(
                condition=Q(follow_up_on__isnull=True) | Q(follow_up_on__gte=models.F("date")),
                name="visit_follow_up_after_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.company} {self.date:%d.%m.%Y}"


class PlacementKind(models.TextChoices):
    WORK_PLACEMENT = "virksomhedspraktik", _("Virksomhedspraktik")
    WAGE_SUBSIDY = "loentilskud", _("Løntilskud")
    ORDINARY_HOURS = "ordinaere_timer", _("Ordinære timer")
    FLEXJOB = "fleksjob", _("Fleksjob")


class PlacementStatus(models.TextChoices):
    PLANNED = "planlagt", _("Planlagt")
    ONGOING = "i_gang", _("I gang")
    COMPLETED = "gennemfoert", _("Gennemført")
    STOPPED = "afbrudt", _("Stoppet før tid")
    HIRED = "ansat", _("Førte til ansættelse")


class Placement(models.Model):
    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="placements")
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="placements")
    kind = models.CharField(_("type"), max_length=20, choices=PlacementKind.choices)
    start_date = models.DateField(_("fra"))
    end_date = models.DateField(_("til"), null=True, blank=True)
    contact = models.ForeignKey(
        CompanyContact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placements",
        verbose_name=_("kontaktperson"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PlacementStatus.choices, default=PlacementStatus.PLANNED
    )
    outcome = models.TextField(_("sådan gik det"), blank=True)
    created_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("praktik eller ansættelse")
        verbose_name_plural = _("praktikker og ansættelser")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="placement_end_after_start",
            )
        ]
        indexes = [models.Index(fields=["citizen", "start_date"], name="placement_citizen_start")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.company}"


class JobProfile(AppendOnlyModel):
    """The citizen's competences, experience and wishes, as tags and free text, written
    by the current caseworker. Each save is a new version; the newest is in force."""

    change_refused = "En profil kan ikke ændres; gem en ny version"
    delete_refused = "En profil kan ikke slettes"

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="job_profiles")
    number = models.PositiveIntegerField(_("version"))
    competences = models.JSONField(_("kompetencer"), default=list, blank=True)
    experience = models.JSONField(_("erfaring"), default=list, blank=True)
    wishes = models.JSONField(_("ønsker"), default=list, blank=True)
    text = models.TextField(_("uddybning"), blank=True)
    author = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("jobprofil")
        verbose_name_plural = _("jobprofiler")
        constraints = [
            models.UniqueConstraint(fields=["citizen", "number"], name="jobprofile_unique_number")
        ]

    @property
    def has_tags(self) -> bool:
        return bool(self.competences or self.experience or self.wishes)
