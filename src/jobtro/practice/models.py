"""Practice records: versioned "spilleregler" for the language coach and referrals to
the company consultant.

Both are append-only: a change is a new version row, never an edit (docs/contracts.md:
"edits are versioned"). The database refuses an UPDATE (migration 0002).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobtro.citizens.models import Citizen
from jobtro.core.appendonly import AppendOnlyError, AppendOnlyModel
from jobtro.organisations.models import Municipality, Staff, Team

# Kept under its old name for callers; a saved version is never changed or deleted.
ImmutableError = AppendOnlyError


class _AppendOnly(AppendOnlyModel):
    change_refused = "En gemt version kan ikke ændres; gem en ny version"
    delete_refused = "En gemt version kan ikke slettes"

    class Meta:
        abstract = True


class RulesVersion(_AppendOnly):
    """One saved version of a municipality's or a team's own lexicon overlay (YAML).

    A row without a team is the municipality's; with a team, the team's. The newest
    version that still builds is in force (see `practice.lexicons`).
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="rules_versions"
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="rules_versions"
    )
    number = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("spilleregler (YAML)"), blank=True)
    note = models.CharField(_("bemærkning"), max_length=200, blank=True)
    author = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("gemt"), default=timezone.now)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("spilleregler (version)")
        verbose_name_plural = _("spilleregler (versioner)")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "number"],
                condition=Q(team__isnull=True),
                name="rules_unique_municipality_number",
            ),
            models.UniqueConstraint(
                fields=["team", "number"],
                condition=Q(team__isnull=False),
                name="rules_unique_team_number",
            ),
        ]

    def __str__(self) -> str:
        scope = self.team.name if self.team_id else self.municipality.name
        return f"{scope} v{self.number}"


class ReferralQuerySet(models.QuerySet["Referral"]):
    def visible_to(self, user: Any) -> ReferralQuerySet:
        """The one place that decides who reads a referral (see core.access)."""
        from jobtro.core.access import visible_referrals

        return visible_referrals(self, user)


class Referral(models.Model):
    """A "Henvisning til virksomhedskonsulent": one referral, its text in versions."""

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="referrals")
    consultant = models.ForeignKey(
        Staff,
        on_delete=models.PROTECT,
        related_name="referrals_received",
        verbose_name=_("virksomhedskonsulent"),
    )
    created_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("henvisning til virksomhedskonsulent")
        verbose_name_plural = _("henvisninger til virksomhedskonsulent")

    def __str__(self) -> str:
        return f"Henvisning {self.pk} ({self.citizen})"

    def latest_version(self) -> ReferralVersion | None:
        return self.versions.order_by("-number").first()


class ReferralVersion(_AppendOnly):
    """The referral's text as saved once; an edit adds the next number."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    resources = models.TextField(_("Ressourcer og erfaring"))
    success_conditions = models.TextField(_("Det skal der til, for at borgeren lykkes"))
    wishes = models.TextField(_("Ønsker og mål"))
    author = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    # The author's team when writing: the team language picture counts the text there,
    # even after the author moves on.
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    SECTIONS = ("resources", "success_conditions", "wishes")

    class Meta:
        ordering = ["-number"]
        verbose_name = _("version af henvisning")
        verbose_name_plural = _("versioner af henvisninger")
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "number"], name="referral_version_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.referral} v{self.number}"

    @property
    def full_text(self) -> str:
        """All sections as one text (for the language picture)."""
        return "\n\n".join(getattr(self, name) for name in self.SECTIONS)


# --- Sparring: "flere øjne på sagen" -------------------------------------------------


class SparringMethod(models.TextChoices):
    REFLECTING_TEAM = "reflecting_team", _("Reflekterende team")
    RESOURCE_ROUND = "resource_round", _("Ressourcefokuseret runde")
    SOLUTION_ROUND = "solution_round", _("Løsningsfokuseret runde")
    RETELLING = "retelling", _("Dekonstruktion og genforfatning")


class SparringQuerySet(models.QuerySet["Sparring"]):
    def visible_to(self, user: Any) -> SparringQuerySet:
        """The one place that decides who reads a sparring case (see core.access)."""
        from jobtro.core.access import visible_sparring

        return visible_sparring(self, user)


class Sparring(models.Model):
    """One sparring session on one citizen: asked for by the citizen's caseworker (the
    case owner), held with colleagues, closed with perspectives and next steps.

    The owner's belief before and after are ordinary belief ratings (contexts
    before_sparring / after_sparring), linked here so the pair is never guessed.
    """

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="sparring_sessions")
    owner = models.ForeignKey(
        Staff, on_delete=models.PROTECT, related_name="sparring_owned", verbose_name=_("sagsejer")
    )
    # The owner's team when asking: the team's aggregates count the session there.
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="sparring_sessions"
    )
    method = models.CharField(_("metode"), max_length=30, choices=SparringMethod.choices)
    description = models.TextField(_("sagsfremstilling"))
    participants = models.ManyToManyField(
        Staff, related_name="sparring_sessions", verbose_name=_("deltagere")
    )
    requested_at = models.DateTimeField(_("bedt om"), default=timezone.now)
    held_on = models.DateField(_("afholdt"), null=True, blank=True)
    perspectives = models.TextField(_("perspektiver"), blank=True)
    next_steps = models.TextField(_("nye veje at gå"), blank=True)
    follow_up_on = models.DateField(_("opfølgning"), null=True, blank=True)
    before_rating = models.ForeignKey(
        "belief.Rating", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    after_rating = models.ForeignKey(
        "belief.Rating", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("afsluttet"), null=True, blank=True)
    # The owner marks the follow-up as done: the day they looked again, and what came of it.
    followed_up_on = models.DateField(_("fulgt op"), null=True, blank=True)
    follow_up_note = models.CharField(_("hvad kom der ud af det"), max_length=500, blank=True)

    objects = SparringQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("sparring")
        verbose_name_plural = _("sparringer")
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(held_on__isnull=False),
                name="sparring_closed_has_date",
            ),
            models.CheckConstraint(
                condition=Q(followed_up_on__isnull=True) | Q(closed_at__isnull=False),
                name="sparring_followed_up_when_closed",
            ),
        ]

    def __str__(self) -> str:
        return f"Sparring {self.pk} ({self.citizen})"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def is_followed_up(self) -> bool:
        return self.followed_up_on is not None

    def follow_up_overdue(self, today: dt.date) -> bool:
        """A follow-up date that has passed without the follow-up being marked done."""
        return (
            self.follow_up_on is not None and not self.is_followed_up and self.follow_up_on < today
        )
