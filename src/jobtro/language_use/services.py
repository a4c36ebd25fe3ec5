"""Saving "spilleregler": plain, keyword-only, typed, atomic and audited."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from jobtro.core import audit
from jobtro.language import Lexicon, LexiconError, default_lexicon
from jobtro.organisations.models import Municipality, Staff, Team

from .lexicons import lexicon_in_force, rules_name
from .models import RulesVersion

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
