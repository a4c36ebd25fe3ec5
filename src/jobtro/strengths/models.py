"""The citizen's strengths profile: one-time links, answers and the strengths marked.

The citizen answers through a link the caseworker creates; the citizen may then invite
people in their network through links of their own. Every answer is an event that is
never changed: a new round is a new answer, and the citizen's latest answer counts.
Only the SHA-256 of a link's token is stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobtro.citizens.models import Citizen
from jobtro.core.appendonly import AppendOnlyModel
from jobtro.organisations.models import Staff

# After answering, the citizen's own link shows their profile (to read, download and
# invite their network) for this long; then the caseworker makes a new link.
PROFILE_DAYS = 30


class Source(models.TextChoices):
    CITIZEN = "citizen", _("Borgeren selv")
    NETWORK = "network", _("Netværket")


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class StrengthsLink(models.Model):
    """A one-time link: the citizen's own (made by the caseworker) or a network person's
    (made by the citizen from their answered link)."""

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="strengths_links")
    kind = models.CharField(_("hvem svarer"), max_length=10, choices=Source.choices)
    created_by = models.ForeignKey(
        Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A network link belongs to the citizen's link it was made from.
    invited_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="invitations"
    )
    # Only a first name or a relation ("Mor", "Ali, tidligere kollega"); nothing else.
    relation = models.CharField(_("fornavn eller relation"), max_length=60, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("udløber"))
    used_at = models.DateTimeField(_("besvaret"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("spærret"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("styrkelink")
        verbose_name_plural = _("styrkelinks")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["citizen", "network"]), name="strengths_link_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(kind="citizen", created_by__isnull=False, invited_from__isnull=True)
                | Q(kind="network", invited_from__isnull=False),
                name="strengths_link_origin",
            ),
        ]
        indexes = [
            models.Index(
                fields=["citizen", "kind", "created_at"], name="strengths_link_citizen_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.citizen} {self.kind} {self.created_at:%Y-%m-%d}"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(24)

    def profile_until(self) -> dt.datetime | None:
        return self.used_at + dt.timedelta(days=PROFILE_DAYS) if self.used_at else None

    def state(self, now: dt.datetime | None = None) -> str:
        """open, answered (the citizen's profile is still shown), used, revoked or expired."""
        now = now or timezone.now()
        if self.revoked_at is not None:
            return "revoked"
        if self.used_at is not None:
            if self.kind == Source.CITIZEN and now < self.used_at + dt.timedelta(days=PROFILE_DAYS):
                return "answered"
            return "used"
        if self.expires_at <= now:
            return "expired"
        return "open"


class StrengthsAnswer(AppendOnlyModel):
    """One person's answer through one link: the citizen's own or a network person's."""

    link = models.OneToOneField(StrengthsLink, on_delete=models.PROTECT, related_name="answer")
    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="strengths_answers")
    source = models.CharField(_("kilde"), max_length=10, choices=Source.choices)
    # The citizen's own words, or the network person's one positive sentence.
    text = models.TextField(_("med egne ord"), blank=True)
    answered_at = models.DateTimeField(_("besvaret"), default=timezone.now, db_index=True)

    change_refused = "Et svar kan ikke ændres; borgeren kan svare igen via et nyt link"
    delete_refused = "Et svar kan ikke slettes"

    class Meta:
        ordering = ["answered_at", "id"]
        verbose_name = _("styrkesvar")
        verbose_name_plural = _("styrkesvar")
        constraints = [
            models.CheckConstraint(
                condition=Q(source__in=["citizen", "network"]),
                name="strengths_answer_source_known",
            ),
        ]
        indexes = [
            models.Index(
                fields=["citizen", "source", "answered_at"], name="strengths_answer_citizen_src"
            )
        ]

    def __str__(self) -> str:
        return f"{self.citizen} {self.source} {self.answered_at:%Y-%m-%d}"


class StrengthMark(AppendOnlyModel):
    """One strength marked in one answer (a key from the catalogue)."""

    answer = models.ForeignKey(StrengthsAnswer, on_delete=models.PROTECT, related_name="marks")
    key = models.CharField(_("styrke"), max_length=40)

    change_refused = "Et svar kan ikke ændres"
    delete_refused = "Et svar kan ikke slettes"

    class Meta:
        ordering = ["answer", "id"]
        verbose_name = _("markeret styrke")
        verbose_name_plural = _("markerede styrker")
        constraints = [
            models.UniqueConstraint(fields=["answer", "key"], name="strength_mark_once"),
        ]

    def __str__(self) -> str:
        return self.key
