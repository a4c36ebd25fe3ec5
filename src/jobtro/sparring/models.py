"""Sparring ("flere øjne på sagen"): a caseworker asks colleagues to look at one citizen's
case with them, and the belief before and after is measured as ordinary ratings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobtro.citizens.models import Citizen
from jobtro.organisations.models import Staff, Team


class SparringMethod(models.TextChoices):
    REFLECTING_TEAM = "reflecting_team", _("Reflekterende team")
    RESOURCE_ROUND = "resource_round", _("Ressourcefokuseret runde")
    SOLUTION_ROUND = "solution_round", _("Løsningsfokuseret runde")
    RETELLING = "retelling", _("Dekonstruktion og genforfatning")


class SparringQuerySet(models.QuerySet["Sparring"]):
    def visible_to(self, user: Any) -> SparringQuerySet:
        """The one place that decides who reads a sparring case (see policy.py)."""
        from jobtro.sparring.policy import visible_sparring

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
        Staff,
        related_name="sparring_sessions",
        verbose_name=_("deltagere"),
        db_table="practice_sparring_participants",
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
        # The table keeps the name it had in the practice app: the move was state-only.
        db_table = "practice_sparring"
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
