"""Sparring services: ask for sparring, close it with the belief after, mark the
follow-up done. Keyword-only, atomic, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobtro.belief.models import Context, Rating
from jobtro.belief.services import NotAllowed, record_rating
from jobtro.citizens.models import Citizen
from jobtro.core import audit
from jobtro.core.guard import check_free_text
from jobtro.organisations.models import Staff, Team

from . import policy
from .models import Sparring, SparringMethod

BELIEF_ITEM = "belief_job_1y"


def _check_pseudonymous(citizen: Citizen, texts: dict[str, str]) -> None:
    """A sparring case is written without CPR numbers and without the citizen's name."""
    check_free_text(texts, names=[citizen.name or ""])


def _belief_rating(*, owner: Staff, citizen: Citizen, value: int, context: str, key: str) -> Rating:
    try:
        return record_rating(
            citizen=citizen, rater=owner, item=BELIEF_ITEM, value=value, context=context,
            idempotency_key=key,
        )  # fmt: skip
    except NotAllowed as exc:
        raise ValidationError(_("Kun borgerens sagsbehandler kan vurdere troen.")) from exc


def _team_of(staff: Staff) -> Team | None:
    """The team a session counts in: the owner's first team today (as for referrals)."""
    return staff.teams_on().order_by("name").first()


@transaction.atomic
def request_sparring(
    *, owner: Staff, citizen: Citizen, method: str, description: str,
    participants: Iterable[Staff], belief_before: int,
) -> Sparring:  # fmt: skip
    """Ask colleagues for sparring on one's own citizen; belief before is a rating."""
    if not policy.may_request_sparring(owner.user, citizen):
        raise ValidationError(_("Kun borgerens sagsbehandler kan bede om sparring."))
    if method not in SparringMethod.values:
        raise ValidationError({"method": _("Vælg en metode fra listen.")})
    if not description.strip():
        raise ValidationError({"description": _("Beskriv sagen.")})
    _check_pseudonymous(citizen, {"description": description})
    participants = list(participants)
    allowed = set(policy.sparring_colleagues(owner).values_list("pk", flat=True))
    if not participants:
        raise ValidationError({"participants": _("Vælg mindst én kollega.")})
    if any(p.pk not in allowed for p in participants):
        raise ValidationError({"participants": _("Vælg kolleger i din egen kommune.")})
    sparring = Sparring.objects.create(
        citizen=citizen, owner=owner, team=_team_of(owner), method=method, description=description
    )
    sparring.participants.set(participants)
    sparring.before_rating = _belief_rating(
        owner=owner,
        citizen=citizen,
        value=belief_before,
        context=Context.BEFORE_SPARRING,
        key=f"sparring-{sparring.pk}-before",
    )
    sparring.save(update_fields=["before_rating"])
    audit.log(
        actor=owner,
        action="practice.sparring.created",
        target=sparring,
        citizen=citizen,
        detail={"method": method, "participants": sorted(p.pk for p in participants)},
    )
    return sparring


@transaction.atomic
def close_sparring(
    *, owner: Staff, sparring: Sparring, held_on: dt.date, perspectives: str, next_steps: str,
    belief_after: int, follow_up_on: dt.date | None = None,
) -> Sparring:  # fmt: skip
    """Record what the session gave and the owner's belief after it; closed once."""
    Sparring.objects.select_for_update().filter(pk=sparring.pk).first()
    sparring.refresh_from_db()
    if sparring.owner_id != owner.pk:
        raise ValidationError(_("Kun sagsejeren kan afslutte sparringen."))
    if sparring.is_closed:
        raise ValidationError(_("Sparringen er allerede afsluttet."))
    if not policy.may_request_sparring(owner.user, sparring.citizen):
        raise ValidationError(_("Du er ikke længere borgerens sagsbehandler."))
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if held_on < timezone.localdate(sparring.requested_at):
        errors["held_on"] = [_("Sparringen kan ikke være holdt, før der blev bedt om den.")]
    elif held_on > today:
        errors["held_on"] = [_("Datoen ligger i fremtiden.")]
    if follow_up_on is not None and follow_up_on < held_on:
        errors["follow_up_on"] = [_("Opfølgningen skal ligge efter sparringen.")]
    if not next_steps.strip():
        errors["next_steps"] = [_("Skriv mindst ét nyt skridt.")]
    if errors:
        raise ValidationError(errors)
    _check_pseudonymous(sparring.citizen, {"perspectives": perspectives, "next_steps": next_steps})
    sparring.after_rating = _belief_rating(
        owner=owner,
        citizen=sparring.citizen,
        value=belief_after,
        context=Context.AFTER_SPARRING,
        key=f"sparring-{sparring.pk}-after",
    )
    sparring.held_on = held_on
    sparring.perspectives = perspectives
    sparring.next_steps = next_steps
    sparring.follow_up_on = follow_up_on
    sparring.closed_at = timezone.now()
    sparring.save()
    audit.log(
        actor=owner,
        action="practice.sparring.closed",
        target=sparring,
        citizen=sparring.citizen,
        detail={"follow_up_on": follow_up_on.isoformat() if follow_up_on else None},
    )
    return sparring


MAX_FOLLOW_UP_NOTE = 500


@transaction.atomic
def mark_followed_up(
    *, owner: Staff, sparring: Sparring, followed_up_on: dt.date, note: str
) -> Sparring:
    """The owner marks the follow-up as done: the day, and a short note on what came of
    the new ways to go. Marked once."""
    Sparring.objects.select_for_update().filter(pk=sparring.pk).first()
    sparring.refresh_from_db()
    if sparring.owner_id != owner.pk:
        raise ValidationError(_("Kun sagsejeren kan markere opfølgningen som gjort."))
    if not sparring.is_closed:
        raise ValidationError(_("Afslut sparringen, før du følger op på den."))
    if sparring.is_followed_up:
        raise ValidationError(_("Opfølgningen er allerede markeret som gjort."))
    if not policy.may_request_sparring(owner.user, sparring.citizen):
        raise ValidationError(_("Du er ikke længere borgerens sagsbehandler."))
    errors: dict[str, list[str]] = {}
    if followed_up_on < sparring.held_on:
        errors["followed_up_on"] = [_("Opfølgningen kan ikke ligge før sparringen.")]
    elif followed_up_on > timezone.localdate():
        errors["followed_up_on"] = [_("Datoen ligger i fremtiden.")]
    note = note.strip()
    if not note:
        errors["note"] = [_("Skriv kort, hvad der kom ud af opfølgningen.")]
    elif len(note) > MAX_FOLLOW_UP_NOTE:
        errors["note"] = [_("Skriv højst 500 tegn.")]
    if errors:
        raise ValidationError(errors)
    _check_pseudonymous(sparring.citizen, {"note": note})
    sparring.followed_up_on = followed_up_on
    sparring.follow_up_note = note
    sparring.save(update_fields=["followed_up_on", "follow_up_note"])
    audit.log(
        actor=owner,
        action="practice.sparring.followed_up",
        target=sparring,
        citizen=sparring.citizen,
        detail={"followed_up_on": followed_up_on.isoformat()},
    )
    return sparring
