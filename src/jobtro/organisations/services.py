"""Staff, teams and memberships: what an administrator manages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jobtro.core import audit

from .models import Municipality, Role, Staff, Team, TeamMembership


@transaction.atomic
def create_staff(
    *,
    actor: Any,
    username: str,
    first_name: str,
    last_name: str,
    email: str = "",
    role: str,
    municipality: Municipality | None,
    function: str = "",
    team: Team | None = None,
    start_date: dt.date | None = None,
    password: str | None = None,
    external_ref: str = "",
    organisation: str = "",
) -> Staff:
    """Create a login and its staff record, optionally as a member of a team."""
    User = get_user_model()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("Brugernavnet er allerede i brug.")})
    if role == Role.CASEWORKER and not function:
        function = "anden"
    if role != Role.CASEWORKER:
        function = ""
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    if password:
        validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    staff = Staff(
        user=user,
        municipality=municipality,
        role=role,
        function=function,
        external_ref=external_ref,
        organisation=organisation,
    )
    staff.full_clean()
    staff.save()
    if team is not None:
        add_membership(
            actor=actor, staff=staff, team=team, start_date=start_date or dt.date.today()
        )
    audit.log(
        actor=actor,
        action="organisations.staff.created",
        target=staff,
        municipality_id=municipality.pk if municipality else None,
        detail={"role": role},
    )
    return staff


@transaction.atomic
def add_membership(*, actor: Any, staff: Staff, team: Team, start_date: dt.date) -> TeamMembership:
    """Move the staff member into a team from start_date; an open membership ends the day before."""
    if staff.municipality_id != team.municipality_id:
        raise ValidationError({"team": _("Teamet hører til en anden kommune.")})
    for open_membership in staff.memberships.filter(end_date__isnull=True):
        if open_membership.team_id == team.pk:
            return open_membership
        if open_membership.start_date < start_date:
            open_membership.end_date = start_date - dt.timedelta(days=1)
        else:
            open_membership.end_date = open_membership.start_date
        open_membership.save(update_fields=["end_date"])
    membership = TeamMembership.objects.create(staff=staff, team=team, start_date=start_date)
    audit.log(
        actor=actor,
        action="organisations.membership.created",
        target=membership,
        municipality_id=team.municipality_id,
    )
    return membership


@transaction.atomic
def deactivate_staff(*, actor: Any, staff: Staff) -> Staff:
    """A leaver keeps their history but can no longer log in."""
    staff.is_active = False
    staff.save(update_fields=["is_active"])
    staff.user.is_active = False
    staff.user.save(update_fields=["is_active"])
    audit.log(
        actor=actor,
        action="organisations.staff.deactivated",
        target=staff,
        municipality_id=staff.municipality_id,
    )
    return staff


@transaction.atomic
def create_team(
    *, actor: Any, municipality: Municipality, name: str, description: str = ""
) -> Team:
    """Create a team in the municipality."""
    if Team.objects.filter(municipality=municipality, name__iexact=name).exists():
        raise ValidationError({"name": _("Der findes allerede et team med dette navn.")})
    team = Team.objects.create(municipality=municipality, name=name, description=description)
    audit.log(
        actor=actor,
        action="organisations.team.created",
        target=team,
        municipality_id=municipality.pk,
    )
    return team
