"""Writing companies, visits, placements and job profiles; matching. Plain, keyword-only,
typed, atomic and audited (CONTRIBUTING.md, house style). Pages, the API, the import and the demo call these."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jobtro.citizens.models import Citizen
from jobtro.companies import policy
from jobtro.core import audit
from jobtro.core.guard import check_free_text, check_no_citizen_names
from jobtro.organisations.models import Municipality, Role, Staff, Team
from jobtro.strengths import catalogue

from .matching import normalise_tags
from .models import (
    Company,
    CompanyContact,
    CompanyNote,
    JobFunction,
    NoteTopic,
    Placement,
    PlacementKind,
    PlacementStatus,
    Visit,
    VisitPurpose,
    cvr_is_valid,
)

MAX_TAGS = 30
# A placement is planned at most this far ahead.
PLAN_AHEAD = dt.timedelta(days=366)
FINISHED = {PlacementStatus.COMPLETED, PlacementStatus.STOPPED, PlacementStatus.HIRED}


def clean_cvr(raw: str) -> str:
    """ "DK 12 34 56 78" → "12345678"; the check is cvr_is_valid."""
    text = "".join(raw.split()).upper()
    return text[2:] if text.startswith("DK") else text


def cvr_error(cvr: str) -> str | None:
    """The Danish message for an invalid CVR number, or None when it is valid (or empty)."""
    if not cvr:
        return None
    if len(cvr) != 8 or not cvr.isdigit():
        return _("Et CVR-nummer er 8 cifre.")
    if not cvr_is_valid(cvr):
        return _("CVR-nummeret %(cvr)s er ikke gyldigt (kontrolcifferet passer ikke).") % {
            "cvr": cvr
        }
    return None


def parse_tags(text: str) -> list[str]:
    """Tags typed as a comma- or line-separated list."""
    return normalise_tags(text.replace("\n", ",").split(","))


def _team_of(staff: Staff) -> Team | None:
    return staff.teams_on().order_by("name").first()


def _team_level_text(texts: dict[str, str], *, municipality_id: int, writer: Staff) -> None:
    """What the team knows about a workplace is shared widely: no CPR number and no
    citizen's full name (the CPR and name guard in core.guard)."""
    check_no_citizen_names(
        texts,
        municipality_ids=[municipality_id],
        name_message=_("Skriv uden borgeres fulde navne; viden om virksomheden deles med alle."),
        writer=writer,
    )


def check_about_citizen(citizen: Citizen, texts: dict[str, str]) -> None:
    """Text about a citizen that others read: no CPR number, not the citizen's full name."""
    check_free_text(
        texts, names=[citizen.name or ""], name_message=_("Skriv uden borgerens fulde navn.")
    )


def _require_editor(actor: Staff, company: Company | None = None) -> None:
    if not policy.may_edit_companies(actor.user):
        raise ValidationError(_("Kun beskæftigelsesmedarbejdere kan ændre virksomheder."))
    if company is not None and company.municipality_id != actor.municipality_id:
        raise ValidationError(_("Virksomheden hører ikke til din kommune."))


def _company_audit(actor: Any, action: str, target: Any, company: Company, **detail: Any) -> None:
    audit.log(
        actor=actor,
        action=action,
        target=target,
        municipality_id=company.municipality_id,
        detail=detail,
    )


# --- companies --------------------------------------------------------------------------

COMPANY_FIELDS = ("name", "cvr", "industry", "address", "postal_code", "city")


def _check_company(
    *, municipality: Municipality, data: dict[str, str], exclude: int | None
) -> None:
    errors: dict[str, list[str]] = {}
    if not data["name"].strip():
        errors["name"] = [_("Skriv virksomhedens navn.")]
    if message := cvr_error(data["cvr"]):
        errors["cvr"] = [message]
    elif data["cvr"]:
        taken = Company.objects.filter(municipality=municipality, cvr=data["cvr"]).exclude(
            pk=exclude
        )
        if found := taken.first():
            errors["cvr"] = [
                _("CVR-nummeret er allerede registreret for %(name)s.") % {"name": found.name}
            ]
    if data["postal_code"] and not (
        len(data["postal_code"]) == 4 and data["postal_code"].isdigit()
    ):
        errors["postal_code"] = [_("Et postnummer er 4 cifre.")]
    if errors:
        raise ValidationError(errors)


def _company_data(values: dict[str, Any]) -> dict[str, str]:
    data = {k: " ".join(str(values.get(k) or "").split()) for k in COMPANY_FIELDS}
    data["cvr"] = clean_cvr(data["cvr"])
    return data


@transaction.atomic
def create_company(*, actor: Staff, **values: Any) -> Company:
    """Register a company in the actor's municipality (CVR optional, checked when given)."""
    _require_editor(actor)
    municipality = actor.municipality
    # Lock the municipality so that two registrations of one CVR number cannot both pass.
    Municipality.objects.select_for_update().filter(pk=municipality.pk).first()
    data = _company_data(values)
    _check_company(municipality=municipality, data=data, exclude=None)
    company = Company.objects.create(municipality=municipality, created_by=actor, **data)
    _company_audit(actor, "companies.company.created", company, company)
    return company


@transaction.atomic
def update_company(*, actor: Staff, company: Company, **values: Any) -> Company:
    """Change the company's facts; the audit log keeps the earlier values."""
    _require_editor(actor, company)
    Municipality.objects.select_for_update().filter(pk=company.municipality_id).first()
    data = _company_data(values)
    _check_company(municipality=company.municipality, data=data, exclude=company.pk)
    changed = {k: [getattr(company, k), v] for k, v in data.items() if getattr(company, k) != v}
    if not changed:
        return company
    for key, value in data.items():
        setattr(company, key, value)
    company.save()
    _company_audit(actor, "companies.company.updated", company, company, changed=changed)
    return company


@transaction.atomic
def save_contact(
    *, actor: Staff, company: Company, contact: CompanyContact | None = None, name: str,
    role: str = "", phone: str = "", email: str = "", is_active: bool = True,
) -> CompanyContact:  # fmt: skip
    """Add or change a contact person at the company."""
    _require_editor(actor, company)
    if not name.strip():
        raise ValidationError({"name": _("Skriv kontaktpersonens navn.")})
    if contact is None:
        contact = CompanyContact(company=company)
    elif contact.company_id != company.pk:
        raise ValidationError(_("Kontaktpersonen hører til en anden virksomhed."))
    new = contact.pk is None
    contact.name, contact.role, contact.phone, contact.email = name.strip(), role, phone, email
    contact.is_active = is_active
    contact.save()
    action = "companies.contact.created" if new else "companies.contact.updated"
    _company_audit(actor, action, contact, company)
    return contact


def strength_choices() -> list[tuple[str, str]]:
    return [(s.key, s.display_label) for s in catalogue.STRENGTHS]


@transaction.atomic
def save_job_function(
    *, actor: Staff, company: Company, function: JobFunction | None = None, title: str,
    task_tags: Iterable[str], tasks: str = "", requirements: str = "",
    strength_keys: Iterable[str] = (), is_active: bool = True,
) -> JobFunction:  # fmt: skip
    """Add or change a job function with its tasks and the strengths that help in it."""
    _require_editor(actor, company)
    tags = normalise_tags(task_tags)
    keys = list(dict.fromkeys(strength_keys))
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [_("Skriv jobfunktionens navn.")]
    if not tags:
        errors["task_tags"] = [_("Skriv mindst én opgave som stikord, fx »pakning«.")]
    elif len(tags) > MAX_TAGS:
        errors["task_tags"] = [_("Højst %(n)s stikord.") % {"n": MAX_TAGS}]
    if unknown := [k for k in keys if k not in catalogue.KEYS]:
        errors["strength_keys"] = [_("Ukendt styrke: %(keys)s.") % {"keys": ", ".join(unknown)}]
    if errors:
        raise ValidationError(errors)
    _team_level_text(
        {"tasks": tasks, "requirements": requirements},
        municipality_id=company.municipality_id,
        writer=actor,
    )
    if function is None:
        function = JobFunction(company=company)
    elif function.company_id != company.pk:
        raise ValidationError(_("Jobfunktionen hører til en anden virksomhed."))
    new = function.pk is None
    function.title, function.task_tags, function.tasks = title.strip(), tags, tasks
    function.requirements, function.strength_keys, function.is_active = (
        requirements,
        keys,
        is_active,
    )
    function.save()
    action = "companies.function.created" if new else "companies.function.updated"
    _company_audit(actor, action, function, company)
    return function


@transaction.atomic
def add_note(*, author: Staff, company: Company, topic: str, text: str) -> CompanyNote:
    """Add a dated, signed note on what it is like to work there; notes are never edited."""
    _require_editor(author, company)
    if topic not in NoteTopic.values:
        raise ValidationError({"topic": _("Vælg et emne fra listen.")})
    if not text.strip():
        raise ValidationError({"text": _("Skriv noten.")})
    _team_level_text({"text": text}, municipality_id=company.municipality_id, writer=author)
    note = CompanyNote.objects.create(
        company=company, topic=topic, text=text, author=author, team=_team_of(author)
    )
    _company_audit(author, "companies.note.created", note, company, topic=topic)
    return note


# --- visits -----------------------------------------------------------------------------


def visit_colleagues(staff: Staff) -> Any:
    """Who can have taken part in a visit: active caseworkers in the same municipality."""
    return Staff.objects.filter(
        municipality_id=staff.municipality_id, role=Role.CASEWORKER, is_active=True
    ).select_related("user")


@transaction.atomic
def log_visit(
    *, author: Staff, company: Company, date: dt.date, purpose: str, learned: str,
    participants: Iterable[Staff], follow_up_on: dt.date | None = None,
) -> Visit:  # fmt: skip
    """Log a company visit: who went, why, what was learned, and when to follow up."""
    _require_editor(author, company)
    people = list(participants)
    errors: dict[str, list[str]] = {}
    if date > timezone.localdate():
        errors["date"] = [
            _("Besøget kan ikke ligge i fremtiden. Skriv en opfølgningsdato i stedet.")
        ]
    if follow_up_on is not None and follow_up_on < date:
        errors["follow_up_on"] = [_("Opfølgningen skal ligge på eller efter besøget.")]
    if purpose not in VisitPurpose.values:
        errors["purpose"] = [_("Vælg et formål fra listen.")]
    if not learned.strip():
        errors["learned"] = [_("Skriv, hvad I lærte om arbejdspladsen.")]
    allowed = set(visit_colleagues(author).values_list("pk", flat=True))
    if not people:
        errors["participants"] = [_("Vælg mindst én deltager.")]
    elif any(p.pk not in allowed for p in people):
        errors["participants"] = [_("Vælg deltagere fra din egen kommune.")]
    if errors:
        raise ValidationError(errors)
    _team_level_text({"learned": learned}, municipality_id=company.municipality_id, writer=author)
    visit = Visit.objects.create(
        company=company,
        date=date,
        purpose=purpose,
        learned=learned,
        follow_up_on=follow_up_on,
        created_by=author,
    )
    visit.participants.set(people)
    _company_audit(
        author, "companies.visit.created", visit, company, participants=sorted(p.pk for p in people)
    )
    return visit


# --- placements -------------------------------------------------------------------------


def _check_placement(
    *, citizen: Citizen, company: Company, kind: str, start_date: dt.date,
    end_date: dt.date | None, contact: CompanyContact | None, status: str,
    exclude: int | None = None,
) -> None:  # fmt: skip
    errors: dict[str, list[str]] = {}
    if kind not in PlacementKind.values:
        errors["kind"] = [_("Vælg en type fra listen.")]
    if status not in PlacementStatus.values:
        errors["status"] = [_("Vælg en status fra listen.")]
    if end_date is not None and end_date < start_date:
        errors["end_date"] = [_("Slutdatoen ligger før startdatoen.")]
    if start_date > timezone.localdate() and status in FINISHED:
        errors["status"] = [_("Et forløb, der ikke er begyndt endnu, kan ikke være afsluttet.")]
    if start_date > timezone.localdate() + PLAN_AHEAD:
        errors["start_date"] = [_("Startdatoen ligger mere end et år ude i fremtiden.")]
    if company.municipality_id != citizen.municipality_id:
        errors["company"] = [_("Vælg en virksomhed i borgerens kommune.")]
    if contact is not None and contact.company_id != company.pk:
        errors["contact"] = [_("Kontaktpersonen skal være ansat i den valgte virksomhed.")]
    if errors:
        raise ValidationError(errors)
    far = dt.date.max
    overlapping = (
        Placement.objects.filter(citizen=citizen, start_date__lte=end_date or far)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start_date))
        .exclude(pk=exclude)
        .select_related("company")
        .first()
    )
    if overlapping is not None:
        raise ValidationError(
            _(
                "Borgeren har allerede %(kind)s hos %(company)s i perioden %(period)s. "
                "To forløb for samme borger må ikke overlappe."
            )
            % {
                "kind": overlapping.get_kind_display().lower(),
                "company": overlapping.company.name,
                "period": _period(overlapping.start_date, overlapping.end_date),
            }
        )


def _period(start: dt.date, end: dt.date | None) -> str:
    return f"{start:%d.%m.%Y}–{end:%d.%m.%Y}" if end else f"{start:%d.%m.%Y}–"


def lock_citizen(citizen: Citizen) -> None:
    # Two registrations at once for one citizen: the second waits here and then sees
    # the first one's placement in the overlap check (PostgreSQL; SQLite serialises writes).
    Citizen.objects.select_for_update().filter(pk=citizen.pk).first()


@transaction.atomic
def register_placement(
    *, author: Staff, citizen: Citizen, company: Company, kind: str, start_date: dt.date,
    end_date: dt.date | None = None, contact: CompanyContact | None = None,
    status: str = PlacementStatus.PLANNED, outcome: str = "",
) -> Placement:  # fmt: skip
    """Register a placement for one's own citizen; periods of one citizen never overlap."""
    if not policy.may_work_on_citizen(author.user, citizen):
        raise ValidationError(_("Kun borgerens sagsbehandler kan registrere et forløb."))
    lock_citizen(citizen)
    _check_placement(
        citizen=citizen, company=company, kind=kind, start_date=start_date, end_date=end_date,
        contact=contact, status=status,
    )  # fmt: skip
    check_about_citizen(citizen, {"outcome": outcome})
    placement = Placement.objects.create(
        citizen=citizen, company=company, kind=kind, start_date=start_date, end_date=end_date,
        contact=contact, status=status, outcome=outcome, created_by=author,
    )  # fmt: skip
    audit.log(
        actor=author,
        action="companies.placement.created",
        target=placement,
        citizen=citizen,
        detail={"company": company.pk, "kind": kind},
    )
    return placement


@transaction.atomic
def update_placement(
    *, author: Staff, placement: Placement, end_date: dt.date | None,
    contact: CompanyContact | None, status: str, outcome: str,
) -> Placement:  # fmt: skip
    """Record how it went: end date, contact person, status and outcome note."""
    citizen = placement.citizen
    if not policy.may_work_on_citizen(author.user, citizen):
        raise ValidationError(_("Kun borgerens sagsbehandler kan rette forløbet."))
    lock_citizen(citizen)
    _check_placement(
        citizen=citizen, company=placement.company, kind=placement.kind,
        start_date=placement.start_date, end_date=end_date, contact=contact, status=status,
        exclude=placement.pk,
    )  # fmt: skip
    check_about_citizen(citizen, {"outcome": outcome})
    before = {
        "end_date": placement.end_date.isoformat() if placement.end_date else None,
        "status": placement.status,
        "contact": placement.contact_id,
        "outcome_changed": placement.outcome != outcome,
    }
    placement.end_date, placement.contact, placement.status, placement.outcome = (
        end_date,
        contact,
        status,
        outcome,
    )
    placement.save()
    audit.log(
        actor=author,
        action="companies.placement.updated",
        target=placement,
        citizen=citizen,
        detail={"before": before},
    )
    return placement
