"""The audit log and personal API tokens."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.db import connections, models
from django.utils.translation import gettext_lazy as _

from jobtro.core import audit_actions, requestctx
from jobtro.core.appendonly import AppendOnlyModel, AppendOnlyQuerySet

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class AuditEventQuerySet(AppendOnlyQuerySet["AuditEvent"]):
    def bulk_create(
        self, objs: Iterable[AuditEvent], *args: Any, **kwargs: Any
    ) -> list[AuditEvent]:
        objs = list(objs)
        for event in objs:
            event.prepare()
        created = super().bulk_create(objs, *args, **kwargs)
        for event in created:
            event.note_in_request()
        return created


AuditEventManager = models.Manager.from_queryset(AuditEventQuerySet)


class AuditEvent(AppendOnlyModel):
    """One read or write of citizen data (or another audited action); append-only.

    The database refuses UPDATE on this table (a trigger, see migration 0002), and the
    model refuses save() of an existing row and delete(). Every write, however it is
    made (`audit.log`, a bulk insert of an import), checks the action against
    `core.audit_actions` and, inside a request, records the page it came from.
    """

    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    # Kept as text so that the record survives the user's deletion.
    actor_username = models.CharField(_("bruger"), max_length=150, blank=True)
    action = models.CharField(_("handling"), max_length=100, db_index=True)
    municipality_id_ref = models.IntegerField(null=True, blank=True, db_index=True)
    citizen_id_ref = models.BigIntegerField(_("borger-id"), null=True, blank=True, db_index=True)
    citizen_pseudonym = models.CharField(_("borger"), max_length=12, blank=True)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-adresse"), null=True, blank=True)
    via = models.CharField(_("kanal"), max_length=20, blank=True)
    detail = models.JSONField(_("detaljer"), default=dict, blank=True)
    # The page (or API endpoint) of the request; a one-time link's token is masked.
    method = models.CharField(_("metode"), max_length=10, blank=True)
    path = models.CharField(_("side"), max_length=300, blank=True)
    url_name = models.CharField(_("sidenavn"), max_length=100, blank=True, db_index=True)
    # A list event names all the citizens one response showed (citizens.citizen.shown).
    citizen_ids = models.JSONField(_("borger-id'er"), default=list, blank=True)
    citizen_pseudonyms = models.JSONField(_("borgere"), default=list, blank=True)

    objects: ClassVar[AuditEventManager[AuditEvent]] = AuditEventManager()

    change_refused: ClassVar[str] = "Revisionsloggen kan ikke ændres"
    delete_refused: ClassVar[str] = "Revisionsloggen kan ikke slettes"

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("revisionslog-hændelse")
        verbose_name_plural = _("revisionslog")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        adding = self._state.adding
        if adding:
            self.prepare()
        super().save(*args, **kwargs)
        if adding:
            self.note_in_request()

    def prepare(self) -> None:
        """Refuse an unknown action; fill in the request's page where none is given."""
        audit_actions.require(self.action)
        trail = requestctx.current.get().trail
        if trail is not None and not self.path:
            self.method, self.path, self.url_name = trail.method, trail.path, trail.url_name

    def note_in_request(self) -> None:
        """Tell the request that this event names its citizens (no read event needed)."""
        trail = requestctx.current.get().trail
        if trail is not None:
            # Written outside any transaction: committed, it cannot be rolled back.
            in_transaction = connections[self._state.db or "default"].in_atomic_block
            event_id = self.pk if in_transaction else 0
            ids = [self.citizen_id_ref, *self.citizen_ids]
            trail.audited.extend((event_id, pk) for pk in ids if pk is not None)

    @property
    def description(self) -> str:
        return audit_actions.describe(self.action)

    @property
    def all_citizen_pseudonyms(self) -> list[str]:
        if self.citizen_pseudonyms:
            return list(self.citizen_pseudonyms)
        return [self.citizen_pseudonym] if self.citizen_pseudonym else []


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A personal API token for integrations; only its SHA-256 is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("navn"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=8, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API-nøgle")
        verbose_name_plural = _("API-nøgler")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, *, user: User, name: str) -> tuple[ApiToken, str]:
        raw = "jt_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, token_hash=hash_token(raw), prefix=raw[:8])
        return token, raw
