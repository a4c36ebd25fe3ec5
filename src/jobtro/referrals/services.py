"""Writing referrals: plain, keyword-only, typed, atomic and audited."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobtro.citizens.models import Citizen
from jobtro.citizens.services import check_no_cpr_in_text
from jobtro.core import audit
from jobtro.organisations.models import Staff, Team

from . import policy
from .models import Referral, ReferralVersion


def _check_sections(*, resources: str, success_conditions: str, wishes: str) -> None:
    errors: dict[str, list[str]] = {}
    for field, text in (
        ("resources", resources),
        ("success_conditions", success_conditions),
        ("wishes", wishes),
    ):
        try:
            check_no_cpr_in_text(text, field=field)
        except ValidationError as exc:
            errors.update(exc.message_dict)
        if not text.strip():
            errors.setdefault(field, []).append(_("Skriv noget i feltet."))
    if errors:
        raise ValidationError(errors)


def _team_of(staff: Staff) -> Team | None:
    return staff.teams_on().order_by("name").first()


def _add_version(
    *, referral: Referral, number: int, author: Staff, resources: str, success_conditions: str,
    wishes: str,
) -> ReferralVersion:  # fmt: skip
    return ReferralVersion.objects.create(
        referral=referral,
        number=number,
        resources=resources,
        success_conditions=success_conditions,
        wishes=wishes,
        author=author,
        team=_team_of(author),
        created_at=timezone.now(),
    )


@transaction.atomic
def create_referral(
    *, author: Staff, citizen: Citizen, consultant: Staff, resources: str,
    success_conditions: str, wishes: str,
) -> Referral:  # fmt: skip
    """Write a referral to a company consultant; its text is version 1."""
    if not policy.may_write_referral(author.user, citizen):
        raise ValidationError(_("Kun borgerens sagsbehandler kan skrive en henvisning."))
    if not policy.company_consultants(citizen.municipality_id).filter(pk=consultant.pk).exists():
        raise ValidationError(
            {"consultant": _("Vælg en virksomhedskonsulent i borgerens kommune.")}
        )
    _check_sections(resources=resources, success_conditions=success_conditions, wishes=wishes)
    referral = Referral.objects.create(citizen=citizen, consultant=consultant, created_by=author)
    _add_version(
        referral=referral,
        number=1,
        author=author,
        resources=resources,
        success_conditions=success_conditions,
        wishes=wishes,
    )
    audit.log(
        actor=author,
        action="practice.referral.created",
        target=referral,
        citizen=citizen,
        detail={"version": 1, "consultant": consultant.pk},
    )
    return referral


@transaction.atomic
def revise_referral(
    *, author: Staff, referral: Referral, resources: str, success_conditions: str, wishes: str
) -> ReferralVersion:
    """Save an edited referral as its next version; the earlier versions stay."""
    if not policy.may_write_referral(author.user, referral.citizen):
        raise ValidationError(_("Kun borgerens sagsbehandler kan rette en henvisning."))
    _check_sections(resources=resources, success_conditions=success_conditions, wishes=wishes)
    Referral.objects.select_for_update().filter(pk=referral.pk).first()
    latest = referral.latest_version()
    if latest is not None and (latest.resources, latest.success_conditions, latest.wishes) == (
        resources,
        success_conditions,
        wishes,
    ):
        raise ValidationError(_("Henvisningen er ikke ændret."))
    version = _add_version(
        referral=referral,
        number=(latest.number if latest else 0) + 1,
        author=author,
        resources=resources,
        success_conditions=success_conditions,
        wishes=wishes,
    )
    audit.log(
        actor=author,
        action="practice.referral.revised",
        target=referral,
        citizen=referral.citizen,
        detail={"version": version.number},
    )
    return version
