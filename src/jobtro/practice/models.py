"""Practice records: versioned "spilleregler" for the language coach and referrals to
the company consultant.

Both are append-only: a change is a new version row, never an edit (DESIGN.md:
"edits are versioned"). The database refuses an UPDATE (migration 0002).
"""

from __future__ import annotations

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
        """The one place that decides who reads a referral (see policy.py)."""
        from jobtro.practice.policy import visible_referrals

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
