"""Writing expectations across meeting forms: the short questions after a meeting.

After a meeting (a Contact) the caseworker can make a one-time link with one or two
short questions (instrument ``jobtro-samtale-1``): did the citizen feel that the
caseworker believes in them? The answers are Ratings with ``rater_type = citizen`` and
``context = after_contact``, tied to the meeting through ``CitizenLink.contact``.
Reading lives in :mod:`jobtro.belief.expectations.queries`.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jobtro.citizens.models import Action, Citizen, Contact, Provider
from jobtro.core import access, audit
from jobtro.core.access import Permission
from jobtro.organisations.models import Role, Staff

from ..instruments import AFTER_CONTACT_INSTRUMENT, packaged_instrument
from ..models import CitizenLink, Instrument, hash_link_token
from ..services import LINK_DAYS_VALID, NotAllowed, install_instrument, ratable_citizens

# "Our conversation" must still be fresh in mind: a link only for recent meetings.
RECENT_CONTACT_DAYS = 14


def after_contact_instrument() -> Instrument:
    """The packaged after-meeting questions, stored on first use."""
    found = Instrument.objects.filter(code=AFTER_CONTACT_INSTRUMENT).first()
    if found is not None:
        return found
    try:
        return install_instrument(actor=None, spec=packaged_instrument(AFTER_CONTACT_INSTRUMENT))
    except IntegrityError:  # installed by another process at the same moment
        return Instrument.objects.get(code=AFTER_CONTACT_INSTRUMENT)


def askable_contacts(staff: Staff):
    """The staff member's own recent meetings with their current citizens."""
    since = timezone.localdate() - dt.timedelta(days=RECENT_CONTACT_DAYS)
    return Contact.objects.filter(
        staff=staff, date__gte=since, citizen__in=ratable_citizens(staff.user)
    )


@transaction.atomic
def create_after_contact_link(
    *, contact: Contact, staff: Staff, days_valid: int = LINK_DAYS_VALID
) -> tuple[CitizenLink, str]:
    """A one-time link with the after-meeting questions; earlier open after-meeting links
    for the citizen are revoked (the newest meeting is the one the citizen thinks of)."""
    if not access.has(staff, Permission.CASEWORK) or contact.staff_id != staff.pk:
        raise NotAllowed
    if not ratable_citizens(staff.user).filter(pk=contact.citizen_id).exists():
        raise NotAllowed
    if contact.date < timezone.localdate() - dt.timedelta(days=RECENT_CONTACT_DAYS):
        raise ValidationError(
            _(
                "Samtalen er mere end %(days)s dage gammel. Spørg borgeren efter jeres "
                "næste samtale, mens den er frisk i erindringen."
            )
            % {"days": RECENT_CONTACT_DAYS}
        )
    # Lock the meeting before revoke-and-create: a double click must not leave two open
    # links for one meeting (the citizen could answer twice). Not the citizen row:
    # answering locks the link and then the citizen, so citizen-then-link would deadlock.
    Contact.objects.select_for_update().filter(pk=contact.pk).first()
    if CitizenLink.objects.filter(contact=contact, used_at__isnull=False).exists():
        raise ValidationError(_("Borgeren har allerede svaret på spørgsmålene efter samtalen."))
    now = timezone.now()
    CitizenLink.objects.filter(
        citizen_id=contact.citizen_id,
        contact__isnull=False,
        used_at__isnull=True,
        revoked_at__isnull=True,
    ).update(revoked_at=now)
    raw = CitizenLink.new_token()
    link = CitizenLink.objects.create(
        citizen_id=contact.citizen_id,
        created_by=staff,
        instrument=after_contact_instrument(),
        contact=contact,
        token_hash=hash_link_token(raw),
        expires_at=now + dt.timedelta(days=days_valid),
    )
    audit.log(
        actor=staff,
        action="belief.after_contact_link.created",
        target=link,
        citizen=contact.citizen,
        detail={"contact": contact.pk, "form": contact.form},
    )
    return link, raw


# --- external partners -------------------------------------------------------------------


def partner_accounts(staff: Staff):
    """Active external partner accounts a caseworker may refer to: those the
    municipality's administrator created, and partners working across municipalities."""
    return (
        Staff.objects.filter(role=Role.EXTERNAL, is_active=True, user__is_active=True)
        .filter(Q(municipality_id=staff.municipality_id) | Q(municipality__isnull=True))
        .select_related("user")
        .order_by("organisation", "user__first_name", "user__last_name")
    )


def referable_actions(citizen: Citizen):
    """The citizen's actions that are running or planned (a finished one is history)."""
    today = timezone.localdate()
    return (
        Action.objects.filter(citizen=citizen)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("kind", "provider_staff__user")
        .order_by("start_date")
    )


@transaction.atomic
def refer_to_partner(*, action: Action, partner: Staff, staff: Staff) -> Action:
    """Name the external partner who provides the action: from now on the partner sees
    the citizen (citizens.policy) and can rate belief with the same item."""
    if not access.has(staff, Permission.CASEWORK) or not (
        ratable_citizens(staff.user).filter(pk=action.citizen_id).exists()
    ):
        raise NotAllowed
    if not partner_accounts(staff).filter(pk=partner.pk).exists():
        raise ValidationError(_("Vælg en aktiv ekstern samarbejdspartner."))
    if not referable_actions(action.citizen).filter(pk=action.pk).exists():
        raise ValidationError(_("Indsatsen er afsluttet. Vælg en indsats, der er i gang."))
    if action.provider_staff_id == partner.pk:
        raise ValidationError(_("Borgeren er allerede henvist til denne samarbejdspartner."))
    Action.objects.filter(pk=action.pk).update(
        provider=Provider.EXTERNAL,
        provider_name=partner.organisation or partner.display_name,
        provider_staff=partner,
    )
    action.refresh_from_db()
    audit.log(
        actor=staff,
        action="citizens.action.referred_to_partner",
        target=action,
        citizen=action.citizen,
        detail={"partner": partner.pk, "organisation": partner.organisation},
    )
    return action
