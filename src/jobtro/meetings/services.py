"""Writing project meetings and their actions. Keyword-only, typed, atomic, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobtro.core import access, audit
from jobtro.core.access import Permission
from jobtro.core.guard import check_no_citizen_names
from jobtro.meetings import policy
from jobtro.organisations.models import Municipality, ResearchProject, Staff

from .models import (
    CROSS_KINDS,
    ActionStatus,
    ActionStatusChange,
    Meeting,
    MeetingAction,
    MeetingKind,
)
from .timeline import project_end

MAX_TEXT = 20_000
MAX_ACTION_TEXT = 500
MAX_STATUS_NOTE = 300


def _guard(
    project: ResearchProject, municipality: Municipality | None, texts: dict, *, writer: Staff
) -> None:
    """Meeting notes are not about citizens, but a CPR number or a citizen's full name
    is caught all the same (the sparring guard)."""
    if municipality is not None:
        ids = [municipality.pk]
    else:
        ids = list(project.municipalities.values_list("pk", flat=True))
    check_no_citizen_names(
        texts,
        municipality_ids=ids,
        writer=writer,
        name_message=_(
            "Skriv uden borgeres fulde navne; mødenoter handler ikke om enkelte borgere."
        ),
    )


def _check_meeting(
    *, actor: Staff, project: ResearchProject, kind: str, municipality: Municipality | None,
    date: dt.date, place: str, agenda: str, notes: str, decisions: str,
    participants: list[Staff],
) -> None:  # fmt: skip
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if kind not in MeetingKind.values:
        add("kind", _("Vælg en mødetype fra listen."))
    elif kind in CROSS_KINDS:
        if municipality is not None:
            add("municipality", _("Et tværkommunalt møde hører ikke til én kommune."))
        if not policy.may_create_cross_meetings(actor.user):
            add("kind", _("Tværkommunale møder oprettes af forskerne."))
    elif municipality is None:
        add("municipality", _("Vælg kommunen for et lokalt møde."))
    elif not project.municipalities.filter(pk=municipality.pk).exists():
        add("municipality", _("Kommunen deltager ikke i projektet."))
    elif (
        not access.has(actor, Permission.MEETINGS_RESEARCH)
        and municipality.pk != actor.municipality_id
    ):
        add("municipality", _("Du kan kun oprette møder i din egen kommune."))
    start, end = project.start_date, project_end(project)
    if start is not None and date < start:
        add("date", _("Mødet ligger før projektets start (%(d)s).") % {"d": f"{start:%d.%m.%Y}"})
    if end is not None and date > end + dt.timedelta(days=92):
        add(
            "date",
            _("Mødet ligger mere end tre måneder efter projektets afslutning (%(d)s).")
            % {"d": f"{end:%d.%m.%Y}"},
        )
    if date > timezone.localdate() and (notes.strip() or decisions.strip()):
        add("notes", _("Referat og beslutninger skrives, når mødet er holdt."))
    if not place.strip():
        add("place", _("Skriv, hvor mødet holdes."))
    if not agenda.strip():
        add("agenda", _("Skriv dagsordenen."))
    for field, text in (("agenda", agenda), ("notes", notes), ("decisions", decisions)):
        if len(text) > MAX_TEXT:
            add(field, _("Teksten er for lang (højst 20.000 tegn)."))
    if not participants:
        add("participants", _("Vælg mindst én deltager."))
    elif not errors.get("municipality") and not errors.get("kind"):
        allowed = set(policy.meeting_staff(project, municipality).values_list("pk", flat=True))
        strangers = [p for p in participants if p.pk not in allowed]
        if strangers:
            add(
                "participants",
                _("%(names)s hører ikke til mødets kommune eller projektet.")
                % {"names": ", ".join(p.display_name for p in strangers)},
            )
    if errors:
        raise ValidationError(errors)
    texts = {"place": place, "agenda": agenda, "notes": notes, "decisions": decisions}
    _guard(project, municipality, texts, writer=actor)


@transaction.atomic
def create_meeting(
    *, actor: Staff, project: ResearchProject, kind: str, municipality: Municipality | None,
    date: dt.date, place: str, agenda: str, participants: Iterable[Staff], notes: str = "",
    decisions: str = "",
) -> Meeting:  # fmt: skip
    """Plan (or document) a project meeting."""
    if not policy.meeting_edit_projects(actor.user).filter(pk=project.pk).exists():
        raise ValidationError(_("Kun ledere og forskere i projektet kan oprette møder."))
    participants = list(participants)
    _check_meeting(
        actor=actor, project=project, kind=kind, municipality=municipality, date=date,
        place=place, agenda=agenda, notes=notes, decisions=decisions, participants=participants,
    )  # fmt: skip
    meeting = Meeting.objects.create(
        project=project, kind=kind, municipality=municipality, date=date, place=place.strip(),
        agenda=agenda, notes=notes, decisions=decisions, created_by=actor,
    )  # fmt: skip
    meeting.participants.set(participants)
    audit.log(
        actor=actor,
        action="meetings.meeting.created",
        target=meeting,
        municipality_id=municipality.pk if municipality else None,
        detail={"kind": kind, "date": date.isoformat(), "participants": len(participants)},
    )
    return meeting


@transaction.atomic
def update_meeting(
    *, actor: Staff, meeting: Meeting, kind: str, municipality: Municipality | None,
    date: dt.date, place: str, agenda: str, participants: Iterable[Staff], notes: str = "",
    decisions: str = "",
) -> Meeting:  # fmt: skip
    """Edit a meeting: agenda before it, notes and decisions after it."""
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    if not policy.may_edit_meeting(actor.user, meeting):
        raise ValidationError(_("Du kan ikke rette dette møde."))
    participants = list(participants)
    _check_meeting(
        actor=actor, project=meeting.project, kind=kind, municipality=municipality, date=date,
        place=place, agenda=agenda, notes=notes, decisions=decisions, participants=participants,
    )  # fmt: skip
    new = {
        "kind": kind,
        "municipality_id": municipality.pk if municipality else None,
        "date": date,
        "place": place.strip(),
        "agenda": agenda,
        "notes": notes,
        "decisions": decisions,
    }
    changed = sorted(k for k, v in new.items() if getattr(meeting, k) != v)
    before = set(meeting.participants.values_list("pk", flat=True))
    if before != {p.pk for p in participants}:
        changed.append("participants")
    if not changed:
        return meeting
    for field, value in new.items():
        setattr(meeting, field, value)
    meeting.updated_at = timezone.now()
    meeting.save()
    meeting.participants.set(participants)
    audit.log(
        actor=actor,
        action="meetings.meeting.updated",
        target=meeting,
        municipality_id=meeting.municipality_id,
        detail={"changed": changed},
    )
    return meeting


@transaction.atomic
def add_action(
    *, actor: Staff, meeting: Meeting, text: str, responsible: Staff | None, due_on: dt.date
) -> MeetingAction:
    """Record an action agreed at the meeting: what, who is responsible, by when."""
    if not policy.may_edit_meeting(actor.user, meeting):
        raise ValidationError(_("Du kan ikke tilføje handlinger til dette møde."))
    errors: dict[str, list[str]] = {}
    text = text.strip()
    if not text:
        errors["text"] = [_("Skriv, hvad der skal gøres.")]
    elif len(text) > MAX_ACTION_TEXT:
        errors["text"] = [_("Skriv højst 500 tegn.")]
    if responsible is None:
        errors["responsible"] = [_("Vælg en ansvarlig.")]
    elif (
        not policy.meeting_staff(meeting.project, meeting.municipality)
        .filter(pk=responsible.pk)
        .exists()
    ):
        errors["responsible"] = [_("Den ansvarlige skal høre til mødets kommune eller projektet.")]
    if due_on < meeting.date:
        errors["due_on"] = [_("Fristen kan ikke ligge før mødet.")]
    if errors:
        raise ValidationError(errors)
    _guard(meeting.project, meeting.municipality, {"text": text}, writer=actor)
    action = MeetingAction.objects.create(
        meeting=meeting, text=text, responsible=responsible, due_on=due_on, created_by=actor
    )
    audit.log(
        actor=actor,
        action="meetings.action.created",
        target=action,
        municipality_id=meeting.municipality_id,
        detail={"meeting": meeting.pk, "responsible": responsible.pk, "due_on": due_on.isoformat()},
    )
    return action


@transaction.atomic
def change_action_status(
    *, actor: Staff, action: MeetingAction, status: str, note: str = ""
) -> ActionStatusChange:
    """Set an action's status (open, done, dropped); the change is kept as history."""
    MeetingAction.objects.select_for_update().filter(pk=action.pk).first()
    action.refresh_from_db()
    if not policy.may_change_action_status(actor.user, action):
        raise ValidationError(
            _("Kun den ansvarlige og mødets ledere og forskere kan ændre status.")
        )
    errors: dict[str, list[str]] = {}
    note = note.strip()
    if status not in ActionStatus.values:
        errors["status"] = [_("Vælg en status fra listen.")]
    elif status == action.status:
        errors["status"] = [_("Handlingen har allerede den status.")]
    elif status == ActionStatus.DROPPED and not note:
        errors["note"] = [_("Skriv kort, hvorfor handlingen droppes.")]
    if len(note) > MAX_STATUS_NOTE:
        errors["note"] = [_("Skriv højst 300 tegn.")]
    if errors:
        raise ValidationError(errors)
    _guard(action.meeting.project, action.meeting.municipality, {"note": note}, writer=actor)
    change = ActionStatusChange.objects.create(
        action=action, old_status=action.status, new_status=status, note=note, changed_by=actor
    )
    old = action.status
    action.status = status
    action.save(update_fields=["status"])
    audit.log(
        actor=actor,
        action="meetings.action.status_changed",
        target=action,
        municipality_id=action.meeting.municipality_id,
        detail={"from": old, "to": status},
    )
    return change
