"""Single sign-on: provisioning from claims, replay protection, SSO sessions, audit.

Audit actions written here (dotted, for the registry in core/audit.py):
sso.login.succeeded, sso.login.refused, sso.assertion.refused, sso.session.logged_out,
sso.session.ended, sso.provisioning.created, sso.provisioning.updated,
sso.provisioning.deactivated, sso.provisioning.reactivated, sso.rights.changed,
sso.mapping.changed, sso.totp.enrolled, sso.totp.verified, sso.totp.failed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobtro.core import audit
from jobtro.organisations.models import Municipality, Role, Staff, Team
from jobtro.organisations.services import add_membership, create_staff, deactivate_staff

from .mapping import Claims, ClaimsError, Mapping, Rights
from .models import MappingRevision, PendingRequest, SeenAssertion, SsoIdentity, SsoSession


class LoginRefused(Exception):
    """The login is valid but gives no access; `message` is shown to the user (Danish)."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason


@dataclass(frozen=True)
class Provisioned:
    staff: Staff
    identity: SsoIdentity
    rights: Rights


def record_mapping(*, mapping: Mapping) -> MappingRevision:
    """Remember this version of the mapping file; a new one is audited with its version."""
    revision = MappingRevision.objects.filter(sha256=mapping.sha256).first()
    if revision is not None:
        return revision
    previous = MappingRevision.objects.first()
    try:
        with transaction.atomic():
            revision = MappingRevision.objects.create(
                version=mapping.version, sha256=mapping.sha256, text=mapping.text
            )
    except IntegrityError:  # another process recorded it at the same moment
        return MappingRevision.objects.get(sha256=mapping.sha256)
    audit.log(
        actor=None,
        action="sso.mapping.changed",
        target=revision,
        detail={
            "version": mapping.version,
            "previous_version": previous.version if previous else None,
            "sha256": mapping.sha256,
        },
    )
    return revision


def refuse_assertion(*, provider: str, reason: str, issuer: str = "") -> None:
    """Audit a response that failed validation (no assertion content is logged)."""
    audit.log(
        actor=None,
        action="sso.assertion.refused",
        detail={"provider": provider, "reason": reason[:200], "issuer": issuer[:200]},
    )


def remember_assertion(*, assertion_id: str, issuer: str, expires_at: dt.datetime) -> bool:
    """Store the assertion id; False when it was seen before (a replay)."""
    SeenAssertion.objects.filter(expires_at__lt=timezone.now()).delete()
    try:
        with transaction.atomic():
            SeenAssertion.objects.create(
                assertion_id=assertion_id[:255], issuer=issuer[:500], expires_at=expires_at
            )
    except IntegrityError:
        return False
    return True


def _username(claims: Claims) -> str:
    digest = hashlib.sha256(f"{claims.provider}|{claims.issuer}|{claims.subject}".encode())
    return f"sso-{claims.provider}-{digest.hexdigest()[:16]}"


def _lookup_scope(rights: Rights) -> tuple[Municipality | None, Team | None]:
    municipality = None
    team = None
    if rights.municipality_code:
        municipality = Municipality.objects.filter(code=rights.municipality_code).first()
        if municipality is None:
            raise LoginRefused(
                _("Kommunen med kommunenummer %(code)s er ikke oprettet i Jobtro.")
                % {"code": rights.municipality_code},
                "unknown_municipality",
            )
    if rights.team_name and municipality is not None:
        team = Team.objects.filter(municipality=municipality, name=rights.team_name).first()
        if team is None:
            raise LoginRefused(
                _("Teamet »%(team)s« er ikke oprettet i Jobtro.") % {"team": rights.team_name},
                "unknown_team",
            )
    if rights.role in {Role.CASEWORKER, Role.LEADER, Role.ADMINISTRATOR} and municipality is None:
        raise LoginRefused(_("Rettigheden nævner ingen kommune."), "no_municipality")
    return municipality, team


def provision_staff(*, claims: Claims, mapping: Mapping) -> Provisioned:
    """Create or update the staff member from the login's claims (just-in-time).

    Rights that are gone deactivate the staff member (nothing they wrote is removed) and
    refuse the login (LoginRefused); changed rights change the role and team, each
    change audited.
    """
    outcome = _provision(claims=claims, mapping=mapping)
    if isinstance(outcome, LoginRefused):
        raise outcome  # after the deactivation is committed
    return outcome


def _clean_email(value: str) -> str:
    # An address the IdP sends that Django would refuse is dropped, not fatal.
    try:
        validate_email(value)
    except ValidationError:
        return ""
    return value


@transaction.atomic
def _provision(*, claims: Claims, mapping: Mapping) -> Provisioned | LoginRefused:
    if not claims.subject or len(claims.subject) > 500 or len(claims.issuer) > 500:
        return LoginRefused(_("Log-in-tjenesten sendte ikke et brugbart bruger-id."), "bad_subject")
    claims = dataclasses.replace(claims, email=_clean_email(claims.email[:254]))
    record_mapping(mapping=mapping)
    identity = (
        SsoIdentity.objects.select_for_update()
        .select_related("staff__user")
        .filter(provider=claims.provider, issuer=claims.issuer, subject=claims.subject)
        .first()
    )
    try:
        rights = mapping.resolve(claims)
    except ClaimsError as exc:
        rights = None
        problem = str(exc)
    else:
        problem = _("ingen af rettighederne giver adgang til Jobtro")
    if rights is None:
        if identity is not None and identity.staff.is_active:
            deactivate_staff(actor=None, staff=identity.staff)
            audit.log(
                actor=None,
                action="sso.provisioning.deactivated",
                target=identity.staff,
                municipality_id=identity.staff.municipality_id,
                detail={"mapping_version": mapping.version, "reason": problem},
            )
        return LoginRefused(
            _("Dit log-in giver ikke adgang til Jobtro: %(problem)s.") % {"problem": problem},
            "no_rights",
        )
    municipality, team = _lookup_scope(rights)
    if identity is None:
        staff = create_staff(
            actor=None,
            username=_username(claims),
            first_name=claims.first_name[:150],
            last_name=claims.last_name[:150],
            email=claims.email[:254],
            role=rights.role,
            municipality=municipality,
            team=team,
            start_date=timezone.localdate(),
        )
        identity = SsoIdentity.objects.create(
            provider=claims.provider, issuer=claims.issuer, subject=claims.subject, staff=staff
        )
        audit.log(
            actor=None,
            action="sso.provisioning.created",
            target=staff,
            municipality_id=municipality.pk if municipality else None,
            detail={
                "provider": claims.provider,
                "role": rights.role,
                "team": rights.team_name,
                "mapping_version": mapping.version,
            },
        )
    else:
        _update_staff(identity.staff, claims, rights, municipality, team, mapping)
    identity.last_login_at = timezone.now()
    identity.save(update_fields=["last_login_at"])
    return Provisioned(staff=identity.staff, identity=identity, rights=rights)


def _update_staff(
    staff: Staff,
    claims: Claims,
    rights: Rights,
    municipality: Municipality | None,
    team: Team | None,
    mapping: Mapping,
) -> None:
    user = staff.user
    profile_changes = [
        name
        for name, value in (
            ("first_name", claims.first_name[:150]),
            ("last_name", claims.last_name[:150]),
            ("email", claims.email[:254]),
        )
        if value and getattr(user, name) != value
    ]
    for name in profile_changes:
        setattr(user, name, getattr(claims, name))
    if profile_changes:
        user.save(update_fields=profile_changes)
        audit.log(
            actor=None,
            action="sso.provisioning.updated",
            target=staff,
            municipality_id=staff.municipality_id,
            detail={"fields": profile_changes},
        )
    if not staff.is_active or not user.is_active:
        staff.is_active = True
        staff.save(update_fields=["is_active"])
        user.is_active = True
        user.save(update_fields=["is_active"])
        audit.log(
            actor=None,
            action="sso.provisioning.reactivated",
            target=staff,
            municipality_id=municipality.pk if municipality else None,
        )
    today = timezone.localdate()
    current_team = staff.teams_on(today).first()
    before = {
        "role": staff.role,
        "municipality": staff.municipality.code if staff.municipality else None,
        "team": current_team.name if current_team else None,
    }
    after = {
        "role": rights.role,
        "municipality": municipality.code if municipality else None,
        "team": team.name if team else None,
    }
    if before == after:
        return
    if staff.municipality_id != (municipality.pk if municipality else None) or team is None:
        # Memberships belong to a municipality: close them before moving or when the
        # login no longer names a team. The rows stay, so history is kept.
        for open_membership in staff.memberships.filter(end_date__isnull=True):
            open_membership.end_date = max(open_membership.start_date, today - dt.timedelta(days=1))
            open_membership.save(update_fields=["end_date"])
    staff.role = rights.role
    staff.municipality = municipality
    if rights.role == Role.CASEWORKER:
        staff.function = staff.function or "anden"
    else:
        staff.function = ""
    staff.full_clean()
    staff.save(update_fields=["role", "municipality", "function"])
    if team is not None and (current_team is None or current_team.pk != team.pk):
        add_membership(actor=None, staff=staff, team=team, start_date=today)
    audit.log(
        actor=None,
        action="sso.rights.changed",
        target=staff,
        municipality_id=municipality.pk if municipality else None,
        detail={"from": before, "to": after, "mapping_version": mapping.version},
    )


@transaction.atomic
def open_session(
    *,
    request: Any,
    provisioned: Provisioned,
    expires_at: dt.datetime,
    name_id: str = "",
    session_index: str = "",
) -> SsoSession:
    """Log the user in, remember the SSO session and audit the login."""
    from django.contrib.auth import login

    login(request, provisioned.staff.user, backend="jobtro.sso.backends.SsoBackend")
    request.session["sso_provider"] = provisioned.identity.provider
    request.session["sso_expires_at"] = expires_at.isoformat()
    request.session.save()
    SsoSession.objects.filter(expires_at__lt=timezone.now()).delete()
    sso_session = SsoSession.objects.create(
        session_key=request.session.session_key,
        identity=provisioned.identity,
        name_id=name_id,
        session_index=session_index,
        expires_at=expires_at,
    )
    audit.log(
        actor=provisioned.staff,
        action="sso.login.succeeded",
        target=provisioned.staff,
        municipality_id=provisioned.staff.municipality_id,
        detail={"provider": provisioned.identity.provider, "role": provisioned.rights.role},
    )
    return sso_session


def refuse_login(*, claims: Claims, refused: LoginRefused) -> None:
    """Audit a login that was valid but gave no access."""
    audit.log(
        actor=None,
        action="sso.login.refused",
        detail={"provider": claims.provider, "reason": refused.reason, "issuer": claims.issuer},
    )


@transaction.atomic
def end_sessions_for(*, provider: str, name_id: str) -> int:
    """End every open Jobtro session of this SAML NameID (IdP-initiated logout)."""
    sessions = list(
        SsoSession.objects.filter(identity__provider=provider, name_id=name_id).select_related(
            "identity__staff"
        )
    )
    for s in sessions:
        Session.objects.filter(session_key=s.session_key).delete()
        audit.log(
            actor=s.identity.staff,
            action="sso.session.ended",
            target=s.identity.staff,
            municipality_id=s.identity.staff.municipality_id,
            detail={"provider": provider, "by": "idp"},
        )
        s.delete()
    return len(sessions)


def log_out(*, request: Any, reason: str = "user") -> SsoSession | None:
    """End the Jobtro session (the IdP is told by the caller); returns the SSO session row."""
    from django.contrib.auth import logout

    key = request.session.session_key
    sso_session = (
        SsoSession.objects.filter(session_key=key).select_related("identity").first()
        if key
        else None
    )
    if request.user.is_authenticated:
        audit.log(
            actor=request.user,
            action="sso.session.logged_out" if reason == "user" else "sso.session.ended",
            detail={"provider": request.session.get("sso_provider", ""), "reason": reason},
        )
    if sso_session is not None:
        SsoSession.objects.filter(pk=sso_session.pk).delete()
    logout(request)
    return sso_session


PENDING_MINUTES = 10


def remember_request(*, request_id: str, next_url: str) -> None:
    """Keep an AuthnRequest id until the IdP answers (at most ten minutes)."""
    now = timezone.now()
    PendingRequest.objects.filter(expires_at__lt=now).delete()
    PendingRequest.objects.create(
        request_id=request_id,
        next_url=next_url[:500],
        expires_at=now + dt.timedelta(minutes=PENDING_MINUTES),
    )


def pending_requests() -> dict[str, str]:
    """The unanswered AuthnRequests, as pysaml2's `outstanding` wants them."""
    return dict(
        PendingRequest.objects.filter(expires_at__gte=timezone.now()).values_list(
            "request_id", "next_url"
        )
    )


def consume_request(*, request_id: str | None) -> str:
    """Use up the answered request (no second answer to it); returns where to go next."""
    pending = PendingRequest.objects.filter(request_id=request_id or "").first()
    if pending is None:
        return ""
    PendingRequest.objects.filter(pk=pending.pk).delete()
    return pending.next_url


@transaction.atomic
def totp_device_for(*, user: Any):
    """The user's TOTP device; a new unconfirmed one when they have none yet."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Jobtro", confirmed=False)
    return device


@transaction.atomic
def verify_totp(*, request: Any, token: str) -> bool:
    """Check the six digits; the first right code also confirms a new device."""
    import django_otp

    device = totp_device_for(user=request.user)
    if not device.verify_token(token):
        audit.log(actor=request.user, action="sso.totp.failed")
        return False
    if not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit.log(actor=request.user, action="sso.totp.enrolled", target=device)
    django_otp.login(request, device)
    audit.log(actor=request.user, action="sso.totp.verified")
    return True
