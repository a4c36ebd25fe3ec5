"""The citizen's job profile (versioned) and the matching service that reads it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from jobtro.citizens.models import Citizen
from jobtro.companies import policy
from jobtro.core import audit
from jobtro.organisations.models import Staff
from jobtro.strengths.services import citizen_strengths

from .matching import CitizenTerms, FunctionTerms, Suggestion, normalise_tags, suggest
from .models import JobFunction, JobProfile
from .services import MAX_TAGS, check_about_citizen, lock_citizen


def latest_profile(citizen: Citizen) -> JobProfile | None:
    return JobProfile.objects.filter(citizen=citizen).order_by("-number").first()


@transaction.atomic
def save_job_profile(
    *, author: Staff, citizen: Citizen, competences: Iterable[str], experience: Iterable[str],
    wishes: Iterable[str], text: str = "",
) -> JobProfile:  # fmt: skip
    """Save the citizen's competences, experience and wishes as the profile's next version."""
    if not policy.may_work_on_citizen(author.user, citizen):
        raise ValidationError(_("Kun borgerens sagsbehandler kan skrive profilen."))
    lists = {
        "competences": normalise_tags(competences),
        "experience": normalise_tags(experience),
        "wishes": normalise_tags(wishes),
    }
    errors = {
        k: [_("Højst %(n)s stikord.") % {"n": MAX_TAGS}]
        for k, v in lists.items()
        if len(v) > MAX_TAGS
    }
    if errors:
        raise ValidationError(errors)
    check_about_citizen(citizen, {"text": text, **{k: " ".join(v) for k, v in lists.items()}})
    lock_citizen(citizen)
    latest = latest_profile(citizen)
    if latest is not None and (
        latest.competences,
        latest.experience,
        latest.wishes,
        latest.text,
    ) == (lists["competences"], lists["experience"], lists["wishes"], text):
        raise ValidationError(_("Profilen er ikke ændret."))
    number = (JobProfile.objects.filter(citizen=citizen).aggregate(n=Max("number"))["n"] or 0) + 1
    profile = JobProfile.objects.create(
        citizen=citizen, number=number, author=author, text=text, **lists
    )
    audit.log(
        actor=author,
        action="companies.profile.created",
        target=profile,
        citizen=citizen,
        detail={"version": number},
    )
    return profile


@dataclass(frozen=True)
class MatchResult:
    suggestions: list[Suggestion]
    profile: JobProfile | None
    strengths: list[Any]
    n_functions: int
    missing: list[str] = field(default_factory=list)  # what to add, when nothing to match on

    @property
    def needs_words(self) -> bool:
        return bool(self.missing)


def citizen_terms(
    citizen: Citizen, profile: JobProfile | None, strengths: list[Any]
) -> CitizenTerms:
    return CitizenTerms(
        competences=tuple(profile.competences) if profile else (),
        experience=tuple(profile.experience) if profile else (),
        wishes=tuple(profile.wishes) if profile else (),
        text=profile.text if profile else "",
        strengths=tuple((s.key, s.label) for s in strengths),
    )


def function_terms(municipality_id: int) -> list[FunctionTerms]:
    rows = JobFunction.objects.filter(
        company__municipality_id=municipality_id, is_active=True
    ).values_list("company_id", "company__name", "pk", "title", "task_tags", "strength_keys")
    return [
        FunctionTerms(company, name, pk, title, tuple(tags or ()), tuple(keys or ()))
        for company, name, pk, title, tags, keys in rows.order_by("company_id", "pk")
    ]


def match_citizen(*, user: Any, citizen: Citizen) -> MatchResult:
    """Suggest workplaces to talk to, each with the reasons; audited as a read."""
    profile = latest_profile(citizen)
    strengths = citizen_strengths(citizen)
    terms = citizen_terms(citizen, profile, strengths)
    functions = function_terms(citizen.municipality_id)
    audit.log(
        actor=user,
        action="companies.matching.viewed",
        target=profile,
        citizen=citizen,
        detail={"functions": len(functions)},
    )
    if not terms.has_words:
        missing = [
            _("ønsker til arbejdet, fx »lager«, »køkken«, »kundeservice«"),
            _("kompetencer, fx »truckkort«, »kørekort B«, »kasseapparat«"),
            _("erfaring, fx »rengøring«, »pakning«, »pasning af dyr«"),
        ]
        return MatchResult([], profile, strengths, len(functions), missing)
    return MatchResult(suggest(terms, functions), profile, strengths, len(functions))
