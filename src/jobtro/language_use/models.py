"""Versioned "spilleregler": a municipality's or a team's own words and explanations for
the language coach. Append-only: a change is a new version row, never an edit; the
database refuses an UPDATE (practice migration 0002, same table)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
    version that still builds is in force (see `language_use.lexicons`).
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
        # Table names from the practice app, where these rows were first kept.
        db_table = "practice_rulesversion"
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
