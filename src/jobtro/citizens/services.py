"""Writing citizens and their course. Plain, keyword-only, atomic and audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobtro.core import access, audit
from jobtro.core.access import Permission
from jobtro.core.cpr import InvalidCpr, find_cpr_numbers, hash_cpr
from jobtro.organisations.models import Municipality, Staff

from .models import (
    Action,
    ActionKind,
    Assignment,
    Citizen,
    Contact,
    Education,
    Outcome,
    Provider,
    TargetGroup,
)


def check_not_future(day: dt.date, *, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("Datoen må ikke ligge i fremtiden.")})


def cpr_hash_or_error(cpr: str) -> str:
    try:
        return hash_cpr(cpr)
    except InvalidCpr as exc:
        raise ValidationError(
            {"cpr": _("Ugyldigt CPR-nummer: %(reason)s") % {"reason": exc}}
        ) from exc


def check_no_cpr_in_text(text: str, *, field: str) -> None:
    """docs/contracts.md: free text is checked for CPR numbers before it is saved."""
    if find_cpr_numbers(text):
        raise ValidationError(
            {field: _("Teksten ser ud til at indeholde et CPR-nummer. Fjern det.")}
        )


@transaction.atomic
def create_citizen(
    *,
    actor: Any,
    municipality: Municipality,
    birth_year: int,
    target_group: TargetGroup,
    enrolled_on: dt.date,
    gender: str = "",
    education: str = Education.UNKNOWN,
    name: str = "",
    cpr: str = "",
    external_ref: str = "",
) -> Citizen:
    """Create a citizen; a CPR number is validated and only its keyed hash is kept."""
    check_not_future(enrolled_on, field="enrolled_on")
    cpr_hash = cpr_hash_or_error(cpr) if cpr else ""
    if cpr_hash and Citizen.objects.filter(municipality=municipality, cpr_hash=cpr_hash).exists():
        raise ValidationError({"cpr": _("En borger med dette CPR-nummer findes allerede.")})
    citizen = Citizen(
        municipality=municipality,
        birth_year=birth_year,
        target_group=target_group,
        enrolled_on=enrolled_on,
        gender=gender,
        education=education,
        name=name,
        cpr_hash=cpr_hash,
        external_ref=external_ref,
    )
    citizen.full_clean()
    citizen.save()
    audit.log(actor=actor, action="citizens.citizen.created", target=citizen, citizen=citizen)
    return citizen


def overlapping_assignment(
    citizen: Citizen, start: dt.date, end: dt.date | None, *, exclude_pk: int | None = None
) -> Assignment | None:
    for assignment in citizen.assignments.exclude(pk=exclude_pk):
        if assignment.overlaps(start, end):
            return assignment
    return None


@transaction.atomic
def assign_caseworker(
    *,
    actor: Any,
    citizen: Citizen,
    caseworker: Staff,
    start_date: dt.date,
    end_date: dt.date | None = None,
    close_open: bool = True,
) -> Assignment:
    """Give the citizen a caseworker from start_date; the open assignment ends the day before.

    A new assignment is a change of caseworker — the research counts each one.
    """
    if (
        caseworker.role not in access.roles_with(Permission.CITIZENS_ASSIGNED)
        or caseworker.municipality_id != citizen.municipality_id
    ):
        raise ValidationError(
            {"caseworker": _("Medarbejderen er ikke sagsbehandler i borgerens kommune.")}
        )
    check_not_future(start_date, field="start_date")
    if end_date is not None and end_date < start_date:
        raise ValidationError({"end_date": _("Slutdatoen ligger før startdatoen.")})
    # Lock the citizen row so that two simultaneous changes cannot both pass the check.
    Citizen.objects.select_for_update().filter(pk=citizen.pk).first()
    if close_open:
        current = citizen.assignments.filter(end_date__isnull=True).first()
        if current is not None and current.start_date < start_date:
            if current.caseworker_id == caseworker.pk and end_date is None:
                raise ValidationError(
                    {"caseworker": _("Borgeren har allerede denne sagsbehandler.")}
                )
            current.end_date = start_date - dt.timedelta(days=1)
            current.save(update_fields=["end_date"])
            audit.log(
                actor=actor, action="citizens.assignment.ended", target=current, citizen=citizen
            )
    clash = overlapping_assignment(citizen, start_date, end_date)
    if clash is not None:
        raise ValidationError(
            {
                "start_date": _("Perioden overlapper en anden tilknytning (%(start)s–%(end)s).")
                % {
                    "start": clash.start_date.strftime("%d.%m.%Y"),
                    "end": clash.end_date.strftime("%d.%m.%Y") if clash.end_date else _("nu"),
                }
            }
        )
    assignment = Assignment.objects.create(
        citizen=citizen, caseworker=caseworker, start_date=start_date, end_date=end_date
    )
    audit.log(actor=actor, action="citizens.assignment.created", target=assignment, citizen=citizen)
    return assignment


@transaction.atomic
def record_contact(
    *, actor: Any, citizen: Citizen, staff: Staff, date: dt.date, form: str
) -> Contact:
    """Record one meeting with the citizen."""
    check_not_future(date, field="date")
    # The same meeting twice is a double submission, not two meetings.
    if Contact.objects.filter(citizen=citizen, staff=staff, date=date, form=form).exists():
        raise ValidationError(_("Samtalen er allerede registreret."))
    contact = Contact(citizen=citizen, staff=staff, date=date, form=form)
    contact.full_clean()
    contact.save()
    audit.log(actor=actor, action="citizens.contact.created", target=contact, citizen=citizen)
    return contact


@transaction.atomic
def record_action(
    *,
    actor: Any,
    citizen: Citizen,
    kind: ActionKind,
    start_date: dt.date,
    end_date: dt.date | None = None,
    provider: str = Provider.INTERNAL,
    provider_name: str = "",
    provider_staff: Staff | None = None,
) -> Action:
    """Record an indsats the citizen takes part in."""
    check_not_future(start_date, field="start_date")
    action = Action(
        citizen=citizen,
        kind=kind,
        start_date=start_date,
        end_date=end_date,
        provider=provider,
        provider_name=provider_name,
        provider_staff=provider_staff,
    )
    action.full_clean()
    action.save()
    audit.log(actor=actor, action="citizens.action.created", target=action, citizen=citizen)
    return action


@transaction.atomic
def record_outcome(*, actor: Any, citizen: Citizen, kind: str, start_date: dt.date) -> Outcome:
    """Record that the citizen started in job, flexjob, education or other."""
    check_not_future(start_date, field="start_date")
    outcome = Outcome(citizen=citizen, kind=kind, start_date=start_date)
    outcome.full_clean()
    outcome.save()
    audit.log(actor=actor, action="citizens.outcome.created", target=outcome, citizen=citizen)
    return outcome
