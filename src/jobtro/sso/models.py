"""Who logged in through which identity provider, which assertions were used, which
SSO sessions are open, and which versions of the rights mapping Jobtro has met."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jobtro.organisations.models import Staff


class Provider(models.TextChoices):
    SAML = "saml", "SAML"
    OIDC = "oidc", "OpenID Connect"


class SsoIdentity(models.Model):
    """The IdP's lasting id of a person, tied to the staff record it provisioned."""

    provider = models.CharField(_("protokol"), max_length=10, choices=Provider.choices)
    issuer = models.CharField(_("udsteder"), max_length=500)
    subject = models.CharField(_("id hos udstederen"), max_length=500)
    staff = models.ForeignKey(
        Staff,
        on_delete=models.PROTECT,
        related_name="sso_identities",
        verbose_name=_("medarbejder"),
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    last_login_at = models.DateTimeField(_("seneste log-ind"), null=True, blank=True)

    class Meta:
        verbose_name = _("SSO-identitet")
        verbose_name_plural = _("SSO-identiteter")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "issuer", "subject"], name="sso_identity_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.subject}"


class SeenAssertion(models.Model):
    """An assertion id already used; kept until the assertion itself expires.

    In the database (not in process memory), so a replay to another app process is
    refused too: the unique constraint decides, also between two simultaneous posts.
    """

    assertion_id = models.CharField(max_length=255, unique=True)
    issuer = models.CharField(max_length=500)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.assertion_id


class SsoSession(models.Model):
    """An open SSO login: ended by logout at either end, or when it expires."""

    session_key = models.CharField(max_length=40, unique=True)
    identity = models.ForeignKey(SsoIdentity, on_delete=models.CASCADE, related_name="sessions")
    name_id = models.TextField(blank=True)  # SAML NameID, serialised (saml2.ident.code)
    session_index = models.CharField(max_length=255, blank=True)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.identity} til {self.expires_at:%Y-%m-%d %H:%M}"


class MappingRevision(models.Model):
    """Each version of the rights mapping file that Jobtro has used, with its text."""

    version = models.PositiveIntegerField(_("version"))
    sha256 = models.CharField(max_length=64, unique=True)
    text = models.TextField(_("indhold"))
    first_seen_at = models.DateTimeField(_("først brugt"), auto_now_add=True)

    class Meta:
        ordering = ["-first_seen_at"]
        verbose_name = _("version af rettighedsfilen")
        verbose_name_plural = _("versioner af rettighedsfilen")

    def __str__(self) -> str:
        return f"v{self.version} ({self.sha256[:8]})"


class PendingRequest(models.Model):
    """An AuthnRequest sent to the IdP and not yet answered (used once, for InResponseTo).

    In the database rather than the session: the IdP posts its answer from another site,
    and a SameSite=Lax session cookie does not come along with that post.
    """

    request_id = models.CharField(max_length=255, unique=True)
    next_url = models.CharField(max_length=500, blank=True)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.request_id
