"""Referrals to the company consultant ("Henvisning til virksomhedskonsulent"): one
referral, its text in versions. Append-only: a change is a new version row, never an
edit; the database refuses an UPDATE (practice migration 0002, same tables)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobtro.citizens.models import Citizen
from jobtro.core.appendonly import AppendOnlyError, AppendOnlyModel
from jobtro.organisations.models import Staff, Team

# Kept under its old name for callers; a saved version is never changed or deleted.
ImmutableError = AppendOnlyError


class _AppendOnly(AppendOnlyModel):
    change_refused = "En gemt version kan ikke ændres; gem en ny version"
    delete_refused = "En gemt version kan ikke slettes"

    class Meta:
        abstract = True


class ReferralQuerySet(models.QuerySet["Referral"]):
    def visible_to(self, user: Any) -> ReferralQuerySet:
        """The one place that decides who reads a referral (see policy.py)."""
        from jobtro.referrals.policy import visible_referrals

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
        # Table names from the practice app, where these rows were first kept.
        db_table = "practice_referral"
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
        db_table = "practice_referralversion"
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
