"""The citizen's strengths: reading a profile, links, the citizen's and the network's answers.

Plain, keyword-only, typed, atomic and audited (CONTRIBUTING.md, house style). Pages, the API and the demo
call these functions. `citizen_strengths()` is the stable interface for other apps (the
matching, the referral); it reads only, and the caller audits its own page.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobtro.citizens.models import Citizen
from jobtro.core import audit
from jobtro.core.cpr import find_cpr_numbers
from jobtro.language import analyse
from jobtro.organisations.models import Staff
from jobtro.strengths import policy

from . import catalogue
from .models import Source, StrengthMark, StrengthsAnswer, StrengthsLink, hash_token

CITIZEN_LINK_DAYS = 14
NETWORK_LINK_DAYS = 14
MAX_INVITATIONS = 10
OWN_WORDS_MAX = 500
SENTENCE_MAX = 300
RELATION_MAX = 60


@dataclass(frozen=True)
class CitizenStrength:
    key: str
    label: str
    chosen_by_citizen: bool
    seen_by_network: int


def _latest_citizen_answer(citizen: Citizen) -> StrengthsAnswer | None:
    return (
        StrengthsAnswer.objects.filter(citizen=citizen, source=Source.CITIZEN)
        .order_by("-answered_at", "-id")
        .first()
    )


def citizen_strengths(citizen: Citizen) -> list[CitizenStrength]:
    """The citizen's strengths: those the citizen chose in their latest answer, and those
    people in their network see (counted per network answer). Strengths nobody marked are
    left out. Order: chosen by the citizen first, then by how many in the network see them,
    then catalogue order. `label` is the Danish label (the matching reads Danish)."""
    return strengths_of([citizen.pk])[citizen.pk]


def strengths_of(citizen_ids: Iterable[int]) -> dict[int, list[CitizenStrength]]:
    """`citizen_strengths` for many citizens in three queries (for lists and matching)."""
    ids = sorted(set(citizen_ids))
    latest: dict[int, int] = {}
    for citizen_id, answer_id in (
        StrengthsAnswer.objects.filter(citizen_id__in=ids, source=Source.CITIZEN)
        .order_by("answered_at", "id")
        .values_list("citizen_id", "pk")
    ):
        latest[citizen_id] = answer_id  # the last one wins
    chosen: dict[int, set[str]] = defaultdict(set)
    for citizen_id, key in StrengthMark.objects.filter(answer_id__in=latest.values()).values_list(
        "answer__citizen_id", "key"
    ):
        chosen[citizen_id].add(key)
    seen: dict[int, Counter[str]] = defaultdict(Counter)
    for citizen_id, key in StrengthMark.objects.filter(
        answer__citizen_id__in=ids, answer__source=Source.NETWORK
    ).values_list("answer__citizen_id", "key"):
        seen[citizen_id][key] += 1
    return {c: _ordered(chosen[c], seen[c]) for c in ids}


def _ordered(chosen: set[str], seen: Counter[str]) -> list[CitizenStrength]:
    result = []
    for key in sorted(
        chosen | set(seen), key=lambda k: (k not in chosen, -seen[k], catalogue.position(k))
    ):
        strength = catalogue.by_key(key)
        if strength is not None:  # a key no longer in the catalogue is not shown
            result.append(
                CitizenStrength(
                    key=key,
                    label=strength.label,
                    chosen_by_citizen=key in chosen,
                    seen_by_network=seen[key],
                )
            )
    return result


# --- the whole profile, for the caseworker's pages and the citizen's own page -----------


@dataclass(frozen=True)
class ShownStrength:
    key: str
    label: str
    description: str
    chosen_by_citizen: bool
    seen_by_network: int


@dataclass(frozen=True)
class NetworkSentence:
    relation: str
    text: str
    answered_on: dt.date


@dataclass(frozen=True)
class StrengthsProfile:
    citizen: Citizen
    strengths: tuple[ShownStrength, ...]
    own_words: str
    citizen_answered_on: dt.date | None
    network_answers: int
    sentences: tuple[NetworkSentence, ...]

    @property
    def is_empty(self) -> bool:
        return not self.strengths and not self.own_words and not self.network_answers


def strengths_profile(citizen: Citizen) -> StrengthsProfile:
    """Everything the profile shows, in the active language (reads only; the caller audits)."""
    latest = _latest_citizen_answer(citizen)
    network = list(
        StrengthsAnswer.objects.filter(citizen=citizen, source=Source.NETWORK)
        .select_related("link")
        .order_by("-answered_at", "-id")
    )
    shown = []
    for s in citizen_strengths(citizen):
        entry = catalogue.by_key(s.key)
        assert entry is not None  # citizen_strengths keeps catalogue keys only
        shown.append(
            ShownStrength(
                key=s.key,
                label=entry.display_label,
                description=entry.display_description,
                chosen_by_citizen=s.chosen_by_citizen,
                seen_by_network=s.seen_by_network,
            )
        )
    return StrengthsProfile(
        citizen=citizen,
        strengths=tuple(shown),
        own_words=latest.text if latest else "",
        citizen_answered_on=timezone.localdate(latest.answered_at) if latest else None,
        network_answers=len(network),
        sentences=tuple(
            NetworkSentence(
                relation=a.link.relation, text=a.text, answered_on=timezone.localdate(a.answered_at)
            )
            for a in network
            if a.text
        ),
    )


# --- links --------------------------------------------------------------------------------


class NotAllowed(Exception):
    """The staff member may not make links for this citizen (pages answer 404)."""


class LinkClosed(Exception):
    """The link is unknown, used, expired or revoked (a friendly page, never a traceback)."""

    def __init__(self, state: str) -> None:
        self.state = state
        super().__init__(state)


def find_link(raw_token: str, *, kind: str) -> StrengthsLink | None:
    if not raw_token or len(raw_token) > 100:
        return None
    return (
        StrengthsLink.objects.select_related("citizen", "invited_from")
        .filter(token_hash=hash_token(raw_token), kind=kind)
        .first()
    )


def _locked(raw_token: str, *, kind: str, states: tuple[str, ...]) -> StrengthsLink:
    """The link, locked for this transaction, if it is in one of `states`."""
    found = find_link(raw_token, kind=kind)
    if found is None:
        raise LinkClosed("unknown")
    # Lock the row: two submissions from two tabs must not both pass.
    link = StrengthsLink.objects.select_for_update().select_related("citizen").get(pk=found.pk)
    state = link.state()
    if state not in states:
        raise LinkClosed(state)
    return link


@transaction.atomic
def create_citizen_link(
    *, citizen: Citizen, staff: Staff, days_valid: int = CITIZEN_LINK_DAYS
) -> tuple[StrengthsLink, str]:
    """A new one-time link for the citizen; earlier unanswered links for the citizen close."""
    if not policy.strengths_citizens(staff.user).filter(pk=citizen.pk).exists():
        raise NotAllowed
    now = timezone.now()
    StrengthsLink.objects.filter(
        citizen=citizen, kind=Source.CITIZEN, used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    raw = StrengthsLink.new_token()
    link = StrengthsLink.objects.create(
        citizen=citizen,
        kind=Source.CITIZEN,
        created_by=staff,
        token_hash=hash_token(raw),
        created_at=now,
        expires_at=now + dt.timedelta(days=days_valid),
    )
    audit.log(actor=staff, action="strengths.citizen_link.created", target=link, citizen=citizen)
    return link, raw


@transaction.atomic
def revoke_link(*, link: StrengthsLink, staff: Staff) -> StrengthsLink:
    """The caseworker closes a link (the citizen's own, or an invitation to the network)."""
    if not policy.strengths_citizens(staff.user).filter(pk=link.citizen_id).exists():
        raise NotAllowed
    link = StrengthsLink.objects.select_for_update().get(pk=link.pk)
    if link.state() not in ("open", "answered"):
        raise ValidationError(_("Linket er allerede lukket."))
    link.revoked_at = timezone.now()
    link.save(update_fields=["revoked_at"])
    # Closing the citizen's link closes the invitations made from it that are still
    # open: a leaked link must not keep producing "network" answers.
    closed = link.invitations.filter(used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=link.revoked_at
    )
    audit.log(
        actor=staff,
        action="strengths.link.revoked",
        target=link,
        citizen=link.citizen,
        detail={"kind": link.kind, "invitations_closed": closed},
    )
    return link


# --- what the citizen and the network write ------------------------------------------------


def _checked_keys(keys: Iterable[str], *, empty_message: str) -> list[str]:
    chosen = list(dict.fromkeys(k for k in keys if k))
    if not chosen:
        raise ValidationError({"strengths": empty_message})
    unknown = [k for k in chosen if k not in catalogue.KEYS]
    if unknown:
        raise ValidationError({"strengths": _("Vælg kun blandt styrkerne på listen.")})
    return chosen


def _checked_text(text: str, *, field: str, limit: int, positive_hint: str) -> str:
    text = " ".join((text or "").split())
    if len(text) > limit:
        raise ValidationError(
            {field: _("Teksten er for lang. Skriv højst %(max)s tegn.") % {"max": limit}}
        )
    # docs/contracts.md: free text is checked for CPR numbers before it is saved.
    if find_cpr_numbers(text):
        raise ValidationError(
            {field: _("Teksten ser ud til at indeholde et CPR-nummer. Fjern det, og prøv igen.")}
        )
    # The profile is positive only: a sentence the language analysis reads as a deficit
    # is sent back with a friendly word (never saved).
    deficits = analyse(text).deficits if text else ()
    if deficits:
        raise ValidationError({field: positive_hint % {"words": deficits[0].text}})
    return text


def check_relation(relation: str) -> str:
    """A first name or a relation, and nothing that identifies the person further."""
    relation = " ".join((relation or "").split())
    if not relation:
        raise ValidationError({"relation": _("Skriv et fornavn eller hvem personen er for dig.")})
    if len(relation) > RELATION_MAX:
        raise ValidationError(
            {"relation": _("Skriv højst %(max)s tegn — et fornavn er nok.") % {"max": RELATION_MAX}}
        )
    if find_cpr_numbers(relation) or "@" in relation or sum(c.isdigit() for c in relation) >= 4:
        raise ValidationError(
            {
                "relation": _(
                    "Skriv kun et fornavn eller en relation — ikke telefonnummer, mail "
                    "eller CPR-nummer."
                )
            }
        )
    return relation


@transaction.atomic
def record_citizen_answer(
    *, raw_token: str, keys: Iterable[str], own_words: str = ""
) -> StrengthsAnswer:
    """Store the citizen's own strengths through their link; the link then shows the profile."""
    link = _locked(raw_token, kind=Source.CITIZEN, states=("open",))
    chosen = _checked_keys(
        keys, empty_message=_("Vælg mindst én styrke — den, der passer bedst på dig.")
    )
    own_words = _checked_text(
        own_words,
        field="own_words",
        limit=OWN_WORDS_MAX,
        positive_hint=_(
            "Her skriver du det, du er god til. «%(words)s» lyder mere som noget, der er "
            "svært — det kan du tale med din sagsbehandler om en anden gang."
        ),
    )
    answer = _store(link=link, keys=chosen, text=own_words)
    audit.log(
        actor=None,
        action="strengths.citizen_answer.created",
        target=answer,
        citizen=link.citizen,
        detail={"strengths": len(chosen), "own_words": bool(own_words)},
    )
    return answer


@transaction.atomic
def record_network_answer(
    *, raw_token: str, keys: Iterable[str], sentence: str = ""
) -> StrengthsAnswer:
    """Store what a person in the citizen's network sees; the link then closes."""
    link = _locked(raw_token, kind=Source.NETWORK, states=("open",))
    chosen = _checked_keys(keys, empty_message=_("Vælg mindst én styrke, du ser hos personen."))
    sentence = _checked_text(
        sentence,
        field="sentence",
        limit=SENTENCE_MAX,
        positive_hint=_(
            "Skriv gerne kun det positive — det, du ser som en styrke. «%(words)s» lyder "
            "mere som noget, der er svært."
        ),
    )
    answer = _store(link=link, keys=chosen, text=sentence)
    audit.log(
        actor=None,
        action="strengths.network_answer.created",
        target=answer,
        citizen=link.citizen,
        detail={"strengths": len(chosen), "sentence": bool(sentence)},
    )
    return answer


def _store(*, link: StrengthsLink, keys: list[str], text: str) -> StrengthsAnswer:
    now = timezone.now()
    answer = StrengthsAnswer(
        link=link, citizen=link.citizen, source=link.kind, text=text, answered_at=now
    )
    answer.save()
    StrengthMark.objects.bulk_create([StrengthMark(answer=answer, key=k) for k in keys])
    link.used_at = now
    link.save(update_fields=["used_at"])
    return answer


# --- the citizen's network ---------------------------------------------------------------


def invitations(link: StrengthsLink) -> list[StrengthsLink]:
    """The network links made from the citizen's link, newest first."""
    return list(link.invitations.select_related("answer").order_by("-created_at", "-id"))


@transaction.atomic
def invite_network(*, raw_token: str, relation: str) -> tuple[StrengthsLink, str]:
    """A one-time link for a person in the citizen's network (only a first name or a
    relation is stored); made by the citizen from their answered link."""
    link = _locked(raw_token, kind=Source.CITIZEN, states=("answered",))
    relation = check_relation(relation)
    if link.invitations.count() >= MAX_INVITATIONS:
        raise ValidationError(
            {
                "relation": _(
                    "Du har lavet %(max)s invitationer. Spørg din sagsbehandler, hvis du vil "
                    "invitere flere."
                )
                % {"max": MAX_INVITATIONS}
            }
        )
    now = timezone.now()
    raw = StrengthsLink.new_token()
    invitation = StrengthsLink.objects.create(
        citizen=link.citizen,
        kind=Source.NETWORK,
        invited_from=link,
        relation=relation,
        token_hash=hash_token(raw),
        created_at=now,
        expires_at=now + dt.timedelta(days=NETWORK_LINK_DAYS),
    )
    audit.log(
        actor=None,
        action="strengths.network_link.created",
        target=invitation,
        citizen=link.citizen,
    )
    return invitation, raw


@transaction.atomic
def revoke_invitation(*, raw_token: str, invitation_id: int) -> StrengthsLink:
    """The citizen closes one of their own invitations (another citizen's is unknown)."""
    link = _locked(raw_token, kind=Source.CITIZEN, states=("answered",))
    invitation = (
        StrengthsLink.objects.select_for_update()
        .filter(pk=invitation_id, invited_from=link, kind=Source.NETWORK)
        .first()
    )
    if invitation is None:
        raise LinkClosed("unknown")
    if invitation.state() != "open":
        raise ValidationError(_("Invitationen er allerede brugt eller lukket."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit.log(
        actor=None,
        action="strengths.link.revoked",
        target=invitation,
        citizen=link.citizen,
        detail={"kind": invitation.kind, "by": "citizen"},
    )
    return invitation
