"""Writing practice records. Plain, keyword-only, typed, atomic and audited."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from jobtro.citizens.models import Citizen
from jobtro.citizens.services import check_no_cpr_in_text
from jobtro.core import audit
from jobtro.language import Lexicon, LexiconError, default_lexicon
from jobtro.organisations.models import Municipality, Staff, Team
from jobtro.practice import policy

from .lexicons import lexicon_in_force, rules_name
from .models import Referral, ReferralVersion, RulesVersion

# A file of rules is a few kilobytes; this bound keeps a paste accident out.
MAX_RULES_CHARS = 100_000


@transaction.atomic
def save_rules(
    *,
    author: Staff,
    municipality: Municipality,
    team: Team | None = None,
    text: str,
    note: str = "",
) -> RulesVersion:
    """Store the next version of a municipality's or team's rules, if it builds;
    a malformed file is refused (Danish message) and the version in force stays."""
    if team is not None and team.municipality_id != municipality.pk:
        raise ValidationError(_("Teamet hører ikke til kommunen."))
    if len(text) > MAX_RULES_CHARS:
        raise ValidationError({"text": _("Filen er for lang (højst 100.000 tegn).")})
    # Lock the scope so that two saves at once cannot take the same number.
    Municipality.objects.select_for_update().filter(pk=municipality.pk).first()
    versions = RulesVersion.objects.filter(municipality=municipality, team=team)
    number = (versions.aggregate(n=Max("number"))["n"] or 0) + 1
    # A team's rules lie on top of the municipality's rules in force.
    base = (
        lexicon_in_force(municipality_id=municipality.pk) if team is not None else default_lexicon()
    )
    name = rules_name(municipality=municipality, team=team, number=number)
    try:
        base.extended(Lexicon.from_text(text, name=name, base=base))
    except LexiconError as exc:
        raise ValidationError({"text": str(exc)}) from exc
    version = RulesVersion.objects.create(
        municipality=municipality, team=team, number=number, text=text, note=note, author=author
    )
    audit.log(
        actor=author,
        action="practice.rules.created",
        target=version,
        municipality_id=municipality.pk,
        detail={"team": team.pk if team else None, "number": number},
    )
    return version


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
