"""The measurement instrument (stored from its data file), ratings, citizen links and
the caseworkers' general belief.

A rating is an immutable event (docs/contracts.md, promises about data): it is never edited or deleted;
a correction is a new rating that supersedes the mistaken one, and both are kept.
"""

from __future__ import annotations

import hashlib
import secrets

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jobtro.citizens.models import Citizen
from jobtro.core.appendonly import AppendOnlyModel, AppendOnlyQuerySet
from jobtro.organisations.models import Staff


class RaterType(models.TextChoices):
    CASEWORKER = "caseworker", _("Sagsbehandler")
    CITIZEN = "citizen", _("Borger")
    EXTERNAL = "external", _("Ekstern samarbejdspartner")


class Context(models.TextChoices):
    ROUTINE = "routine", _("Almindelig runde")
    BEFORE_SPARRING = "before_sparring", _("Før sparring")
    AFTER_SPARRING = "after_sparring", _("Efter sparring")
    EXPERIMENT = "experiment", _("I et eksperiment")
    # The citizen's answers through a link made after a meeting (CitizenLink.contact).
    AFTER_CONTACT = "after_contact", _("Efter en samtale")


class Source(models.TextChoices):
    WEB = "web", _("Jobtro")
    API = "api", _("API")
    IMPORT = "import", _("Import")
    LINK = "link", _("Borgerens link")
    DEMO = "demo", _("Demodata")


class Instrument(models.Model):
    """One version of an instrument, as loaded from its data file; never changed after."""

    code = models.CharField(_("id"), max_length=50, unique=True)
    name = models.CharField(_("navn"), max_length=200)
    name_en = models.CharField(_("navn (engelsk)"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    previous = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_versions",
        verbose_name=_("forrige version"),
    )
    # The file as loaded, so that a research centre can always see the exact wording.
    source = models.JSONField(_("kilde"), default=dict)
    loaded_at = models.DateTimeField(_("indlæst"), auto_now_add=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instrumenter")

    def __str__(self) -> str:
        return self.code


class Item(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="items")
    code = models.CharField(_("id"), max_length=50)
    position = models.PositiveSmallIntegerField(default=0)
    raters = models.JSONField(_("besvares af"), default=list)
    indicator = models.CharField(_("indikator"), max_length=50)
    general = models.BooleanField(_("generel tro"), default=False)
    text = models.TextField(_("tekst"))
    text_en = models.TextField(_("tekst (engelsk)"))
    # [{"value", "label_da", "label_en", "anchor_da", "anchor_en"}, ...]
    scale = models.JSONField(_("skala"), default=list)
    maps_to = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mapped_from",
        verbose_name=_("svarer til (forrige version)"),
    )

    class Meta:
        ordering = ["instrument", "position"]
        verbose_name = _("spørgsmål")
        verbose_name_plural = _("spørgsmål")
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="item_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.instrument.code}/{self.code}"

    @property
    def localized_text(self) -> str:
        return self.text_en if (get_language() or "da").startswith("en") else self.text

    def steps(self) -> list[dict]:
        english = (get_language() or "da").startswith("en")
        return [
            {
                "value": s["value"],
                "label": s["label_en"] if english else s["label_da"],
                "anchor": s["anchor_en"] if english else s["anchor_da"],
            }
            for s in self.scale
        ]

    def label_of(self, value: int) -> str:
        return next((s["label"] for s in self.steps() if s["value"] == value), str(value))

    def allows(self, value: int) -> bool:
        return any(s["value"] == value for s in self.scale)

    def root(self) -> Item:
        """The earliest version of this item (mapping followed back)."""
        item = self
        while item.maps_to_id is not None:
            item = item.maps_to  # type: ignore[assignment]
        return item


class RatingQuerySet(AppendOnlyQuerySet):
    def current(self) -> RatingQuerySet:
        """Ratings that no correction has superseded."""
        return self.filter(superseded_by__isnull=True)

    def belief(self) -> RatingQuerySet:
        """The caseworker's belief in the job chance (any instrument version)."""
        return self.filter(item__indicator="belief_job", rater_type=RaterType.CASEWORKER)


class Rating(AppendOnlyModel):
    """One answer to one item about one citizen, by one rater, at one moment."""

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="ratings")
    # Null for the citizen's own answers through a link.
    rater = models.ForeignKey(
        Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="ratings"
    )
    rater_type = models.CharField(_("hvem vurderer"), max_length=20, choices=RaterType.choices)
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="ratings")
    value = models.PositiveSmallIntegerField(_("vurdering"))
    rated_at = models.DateTimeField(_("tidspunkt"), default=timezone.now, db_index=True)
    context = models.CharField(
        _("sammenhæng"), max_length=20, choices=Context.choices, default=Context.ROUTINE
    )
    reason = models.TextField(_("hvad troen bygger på"), blank=True)
    raise_belief = models.TextField(
        _("Hvad skal der til, for at min tro på borgerens jobchance stiger?"), blank=True
    )
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("retter"),
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.WEB)
    # A form or an integration sends the same key again on a double submission.
    idempotency_key = models.CharField(max_length=64, blank=True)
    link = models.ForeignKey(
        "CitizenLink", on_delete=models.PROTECT, null=True, blank=True, related_name="answers"
    )

    objects = RatingQuerySet.as_manager()
    change_refused = "En vurdering kan ikke ændres; giv en ny vurdering i stedet"
    delete_refused = "En vurdering kan ikke slettes"

    class Meta:
        ordering = ["rated_at", "id"]
        verbose_name = _("vurdering")
        verbose_name_plural = _("vurderinger")
        constraints = [
            models.CheckConstraint(condition=Q(value__range=(1, 5)), name="rating_value_1_to_5"),
            models.CheckConstraint(
                condition=Q(rater_type__in=["caseworker", "citizen", "external"]),
                name="rating_rater_type_known",
            ),
            models.CheckConstraint(
                condition=Q(rater_type="citizen") | Q(rater__isnull=False),
                name="rating_staff_rater_required",
            ),
            models.UniqueConstraint(
                fields=["rater", "item", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="rating_unique_idempotency_key",
            ),
        ]
        indexes = [
            models.Index(fields=["citizen", "rater", "rated_at"]),
            models.Index(fields=["rater", "rated_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.citizen} {self.item.code}={self.value}"

    @property
    def value_label(self) -> str:
        return self.item.label_of(self.value)


def hash_link_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class CitizenLink(models.Model):
    """A one-time link for the citizen's own answers; only the token's SHA-256 is kept."""

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="belief_links")
    created_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("udløber"))
    used_at = models.DateTimeField(_("brugt"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("spærret"), null=True, blank=True)
    # Set for the short questions after one meeting; empty for the citizen's own profile.
    contact = models.ForeignKey(
        "citizens.Contact",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="belief_links",
        verbose_name=_("samtale"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("borgerlink")
        verbose_name_plural = _("borgerlinks")

    def __str__(self) -> str:
        return f"{self.citizen} {self.created_at:%Y-%m-%d}"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(24)

    def state(self, now=None) -> str:
        now = now or timezone.now()
        if self.used_at is not None:
            return "used"
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= now:
            return "expired"
        return "open"


class GeneralBeliefAnswer(AppendOnlyModel):
    """A caseworker's answer to one general-belief item (the half-yearly survey)."""

    staff = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="general_belief")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="general_answers")
    value = models.PositiveSmallIntegerField(_("svar"))
    answered_at = models.DateTimeField(_("tidspunkt"), default=timezone.now, db_index=True)
    idempotency_key = models.CharField(max_length=64, blank=True)

    change_refused = "Et svar kan ikke ændres"
    delete_refused = "Et svar kan ikke slettes"

    class Meta:
        ordering = ["answered_at", "id"]
        verbose_name = _("svar om generel tro")
        verbose_name_plural = _("svar om generel tro")
        constraints = [
            models.CheckConstraint(
                condition=Q(value__range=(0, 10)), name="general_belief_value_0_to_10"
            ),
            models.UniqueConstraint(
                fields=["staff", "item", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="general_belief_unique_idempotency_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff_id} {self.item.code}={self.value}"
