"""Writing belief: instruments, ratings and corrections, citizen links, general belief.

Plain, keyword-only, typed, atomic and audited (CONTRIBUTING.md, house style). Views, the API, imports and
commands call these functions; none of them writes a rating any other way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from jobtro.citizens.models import Assignment, Citizen, CitizenQuerySet
from jobtro.core import access, audit
from jobtro.core.access import Permission
from jobtro.core.cpr import find_cpr_numbers
from jobtro.organisations.models import Role, Staff

from .instruments import DEFAULT_INSTRUMENT, InstrumentSpec, packaged_instrument
from .models import (
    CitizenLink,
    Context,
    GeneralBeliefAnswer,
    Instrument,
    Item,
    RaterType,
    Rating,
    Source,
    hash_link_token,
)

CORRECTION_WINDOW = dt.timedelta(hours=24)
# The same rating by the same rater within this window is a double submission.
DOUBLE_SUBMIT_WINDOW = dt.timedelta(minutes=1)
LINK_DAYS_VALID = 7
TEXT_MAX = 1000


class NotAllowed(Exception):
    """The staff member may not rate this citizen (pages and the API answer 404)."""


# --- instruments -------------------------------------------------------------------


@transaction.atomic
def install_instrument(*, actor: Any, spec: InstrumentSpec) -> Instrument:
    """Store a checked instrument version; an existing version is never changed."""
    existing = Instrument.objects.filter(code=spec.id).first()
    if existing is not None:
        if existing.source != spec.source:
            raise ValidationError(
                _(
                    "Instrumentet «%(id)s» findes allerede med en anden ordlyd. "
                    "Giv den nye ordlyd et nyt id og angiv det gamle i «previous»."
                )
                % {"id": spec.id}
            )
        return existing
    previous = None
    if spec.previous:
        previous = Instrument.objects.filter(code=spec.previous).first()
        if previous is None:
            raise ValidationError(
                _("Den tidligere version «%(id)s» er ikke indlæst. Indlæs den først.")
                % {"id": spec.previous}
            )
    instrument = Instrument.objects.create(
        code=spec.id,
        name=spec.name_da,
        name_en=spec.name_en,
        description=spec.description_da,
        previous=previous,
        source=spec.source,
    )
    earlier = {i.code: i for i in previous.items.all()} if previous else {}
    for position, item in enumerate(spec.items):
        mapped = None
        if item.maps_to:
            mapped = earlier.get(item.maps_to)
            if mapped is None:
                raise ValidationError(
                    _("Spørgsmålet «%(id)s» peger på «%(to)s», som ikke findes i «%(prev)s».")
                    % {"id": item.id, "to": item.maps_to, "prev": spec.previous}
                )
        Item.objects.create(
            instrument=instrument,
            code=item.id,
            position=position,
            raters=list(item.raters),
            indicator=item.indicator,
            general=item.general,
            text=item.text_da,
            text_en=item.text_en,
            scale=[
                {
                    "value": s.value,
                    "label_da": s.label_da,
                    "label_en": s.label_en,
                    "anchor_da": s.anchor_da,
                    "anchor_en": s.anchor_en,
                }
                for s in item.steps
            ],
            maps_to=mapped,
        )
    audit.log(
        actor=actor,
        action="belief.instrument.installed",
        target=instrument,
        detail={"instrument": spec.id, "items": len(spec.items)},
    )
    return instrument


def default_instrument() -> Instrument:
    """The packaged default instrument, stored on first use (after its earlier versions)."""
    return _packaged(DEFAULT_INSTRUMENT)


def _packaged(code: str) -> Instrument:
    found = Instrument.objects.filter(code=code).first()
    if found is not None:
        return found
    spec = packaged_instrument(code)
    if spec.previous:
        _packaged(spec.previous)
    try:
        with transaction.atomic():
            return install_instrument(actor=None, spec=spec)
    except IntegrityError:  # another process installed it at the same moment
        return Instrument.objects.get(code=code)


# --- who may rate whom --------------------------------------------------------------


def rater_type_of(staff: Staff | None) -> str | None:
    if staff is None:
        return None
    return {Role.CASEWORKER: RaterType.CASEWORKER, Role.EXTERNAL: RaterType.EXTERNAL}.get(
        staff.role
    )


def ratable_citizens(user: Any) -> CitizenQuerySet:
    """Citizens the user may rate: the caseworker's current citizens, or an external
    partner's referred citizens. Everyone else rates nobody (a 404)."""
    staff = access.staff_of(user)
    visible = Citizen.objects.visible_to(user)
    if staff is None:
        return visible.none()
    if access.has(staff, Permission.CASEWORK):
        current = Assignment.objects.filter(
            citizen=OuterRef("pk"), caseworker=staff, end_date__isnull=True
        )
        return visible.filter(Exists(current))
    if access.has(staff, Permission.BELIEF_RATE):
        return visible
    return visible.none()


def _check_text(text: str, *, field: str) -> str:
    text = (text or "").strip()
    if len(text) > TEXT_MAX:
        raise ValidationError(
            {field: _("Teksten er for lang. Højst %(max)s tegn.") % {"max": TEXT_MAX}}
        )
    # docs/contracts.md: free text is checked for CPR numbers before it is saved.
    if find_cpr_numbers(text):
        raise ValidationError(
            {field: _("Teksten ser ud til at indeholde et CPR-nummer. Fjern det, før du gemmer.")}
        )
    return text


def _items_for(instrument: Instrument, codes: list[str], *, rater_type: str) -> dict[str, Item]:
    items = {i.code: i for i in instrument.items.filter(code__in=codes, general=False)}
    for code in codes:
        item = items.get(code)
        if item is None:
            raise ValidationError(
                {
                    "item": _("Spørgsmålet «%(id)s» findes ikke i %(instrument)s.")
                    % {"id": code, "instrument": instrument.code}
                }
            )
        if rater_type not in item.raters:
            raise ValidationError(
                {
                    "item": _("Spørgsmålet «%(id)s» besvares ikke af denne type vurderer.")
                    % {"id": code}
                }
            )
    return items


def _check_value(item: Item, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not item.allows(value):
        raise ValidationError(
            {
                "value": _("Vurderingen skal være et helt tal fra 1 til 5, fik «%(value)s».")
                % {"value": value}
            }
        )
    return value


# --- ratings --------------------------------------------------------------------------


@transaction.atomic
def record_ratings(
    *,
    citizen: Citizen,
    rater: Staff,
    values: Mapping[str, int],
    context: str = Context.ROUTINE,
    reason: str = "",
    raise_belief: str = "",
    idempotency_key: str = "",
    instrument: Instrument | None = None,
    source: str = Source.WEB,
    rated_at: dt.datetime | None = None,
    correct: bool = False,
) -> list[Rating]:
    """Store one round of ratings of one citizen; a changed opinion is a new rating.

    With `correct=True` each rating supersedes the rater's own current rating of the
    same item given within the last 24 hours (both are kept). A repeated idempotency
    key, or the same values again within a minute, returns the ratings already stored.
    """
    rater_type = rater_type_of(rater)
    if rater_type is None or not ratable_citizens(rater.user).filter(pk=citizen.pk).exists():
        raise NotAllowed
    if not values:
        raise ValidationError({"value": _("Giv mindst én vurdering.")})
    if context not in Context.values:
        raise ValidationError({"context": _("Ukendt sammenhæng «%(value)s».") % {"value": context}})
    reason = _check_text(reason, field="reason")
    raise_belief = _check_text(raise_belief, field="raise_belief")
    instrument = instrument or default_instrument()
    items = _items_for(instrument, list(values), rater_type=rater_type)
    checked = {code: _check_value(items[code], value) for code, value in values.items()}
    idempotency_key = (idempotency_key or "")[:64]
    # Serialise ratings of one citizen (PostgreSQL row lock; SQLite locks on write).
    Citizen.objects.select_for_update().filter(pk=citizen.pk).first()
    if idempotency_key:
        earlier = list(Rating.objects.filter(rater=rater, idempotency_key=idempotency_key))
        if earlier:
            return earlier
    now = timezone.now()
    if not correct:
        repeat = _repeat_of(
            citizen=citizen, rater=rater, items=items, values=checked, now=now, context=context
        )
        if repeat:
            return repeat
    replaced: dict[str, Rating] = {}
    if correct:
        replaced = _correctable(citizen=citizen, rater=rater, items=items.values(), now=now)
        if not replaced:
            raise ValidationError(
                _("Der er ingen vurdering fra de seneste 24 timer at rette. Giv en ny vurdering.")
            )
    ratings: list[Rating] = []
    main = next(iter(checked))
    try:
        with transaction.atomic():
            for code, value in checked.items():
                item = items[code]
                rating = Rating(
                    citizen=citizen,
                    rater=rater,
                    rater_type=rater_type,
                    item=item,
                    value=value,
                    rated_at=rated_at or now,
                    context=context,
                    # The free text belongs to the round; it is kept on its first item.
                    reason=reason if code == main else "",
                    raise_belief=raise_belief if code == main else "",
                    supersedes=replaced.get(code),
                    source=source,
                    idempotency_key=idempotency_key,
                )
                rating.save()
                ratings.append(rating)
    except IntegrityError:
        # A concurrent double submission with the same key won the race.
        earlier = list(Rating.objects.filter(rater=rater, idempotency_key=idempotency_key))
        if idempotency_key and earlier:
            return earlier
        raise ValidationError(
            _("Vurderingen er allerede rettet af en anden handling. Genindlæs siden.")
        ) from None
    for rating in ratings:
        audit.log(
            actor=rater,
            action="belief.rating.created",
            target=rating,
            citizen=citizen,
            detail={"item": rating.item.code, "instrument": instrument.code, "source": source},
        )
        if rating.supersedes_id is not None:
            audit.log(
                actor=rater,
                action="belief.rating.corrected",
                target=rating,
                citizen=citizen,
                detail={"supersedes": rating.supersedes_id, "item": rating.item.code},
            )
    return ratings


def record_rating(
    *,
    citizen: Citizen,
    rater: Staff,
    item: Item | str,
    value: int,
    **kwargs: Any,
) -> Rating:
    """Store one rating of one item (see record_ratings)."""
    code = item.code if isinstance(item, Item) else item
    if isinstance(item, Item):
        kwargs.setdefault("instrument", item.instrument)
    return record_ratings(citizen=citizen, rater=rater, values={code: value}, **kwargs)[0]


def _repeat_of(
    *,
    citizen: Citizen,
    rater: Staff,
    items: dict[str, Item],
    values: dict[str, int],
    now: dt.datetime,
    context: str,
) -> list[Rating]:
    # Same context only: a rating before sparring is not a double submission of the
    # routine rating given a moment earlier, nor the one after of the one before.
    recent = list(
        Rating.objects.filter(
            citizen=citizen,
            rater=rater,
            item__in=items.values(),
            context=context,
            rated_at__gte=now - DOUBLE_SUBMIT_WINDOW,
        ).select_related("item")
    )
    # The latest rating per item is the one a double submission would repeat.
    latest = {r.item.code: r for r in recent}
    if latest and {code: r.value for code, r in latest.items()} == values:
        return list(latest.values())
    return []


def _correctable(
    *, citizen: Citizen, rater: Staff, items: Any, now: dt.datetime
) -> dict[str, Rating]:
    found: dict[str, Rating] = {}
    for item in items:
        latest = (
            Rating.objects.current()
            .filter(citizen=citizen, rater=rater, item=item, rated_at__gte=now - CORRECTION_WINDOW)
            .order_by("-id")  # the one given last (a demo or import time may lie after now)
            .first()
        )
        if latest is not None:
            found[item.code] = latest
    return found


def correctable_ratings(*, citizen: Citizen, rater: Staff) -> list[Rating]:
    """The rater's current ratings of the citizen from the last 24 hours (may be corrected):
    per item the one given last."""
    now = timezone.now()
    recent = (
        Rating.objects.current()
        .filter(citizen=citizen, rater=rater, rated_at__gte=now - CORRECTION_WINDOW)
        .select_related("item")
        .order_by("-id")
    )
    latest: dict[int, Rating] = {}
    for r in recent:
        latest.setdefault(r.item_id, r)
    return sorted(latest.values(), key=lambda r: r.item.position)


# --- the citizen's own voice ------------------------------------------------------------


@transaction.atomic
def create_citizen_link(
    *, citizen: Citizen, staff: Staff, days_valid: int = LINK_DAYS_VALID
) -> tuple[CitizenLink, str]:
    """A new one-time link for the citizen; earlier open links for the citizen are revoked
    (not the short questions after a meeting: expectations.create_after_contact_link)."""
    if (
        not access.has(staff, Permission.CASEWORK)
        or not ratable_citizens(staff.user).filter(pk=citizen.pk).exists()
    ):
        raise NotAllowed
    now = timezone.now()
    CitizenLink.objects.filter(
        citizen=citizen, used_at__isnull=True, revoked_at__isnull=True, contact__isnull=True
    ).update(revoked_at=now)
    raw = CitizenLink.new_token()
    link = CitizenLink.objects.create(
        citizen=citizen,
        created_by=staff,
        instrument=default_instrument(),
        token_hash=hash_link_token(raw),
        expires_at=now + dt.timedelta(days=days_valid),
    )
    audit.log(actor=staff, action="belief.citizen_link.created", target=link, citizen=citizen)
    return link, raw


def find_link(raw_token: str) -> CitizenLink | None:
    if not raw_token or len(raw_token) > 100:
        return None
    return (
        CitizenLink.objects.select_related("instrument", "citizen")
        .filter(token_hash=hash_link_token(raw_token))
        .first()
    )


class LinkClosed(Exception):
    def __init__(self, state: str) -> None:
        self.state = state
        super().__init__(state)


@transaction.atomic
def record_citizen_answers(
    *, raw_token: str, values: Mapping[str, int], comment: str = ""
) -> list[Rating]:
    """Store the citizen's own answers through their link; the link then closes."""
    link = find_link(raw_token)
    if link is None:
        raise LinkClosed("unknown")
    # Lock the link: two submissions from two tabs must not both pass.
    link = (
        CitizenLink.objects.select_for_update()
        .select_related("citizen", "instrument")
        .get(pk=link.pk)
    )
    state = link.state()
    if state != "open":
        raise LinkClosed(state)
    if not values:
        raise ValidationError({"value": _("Svar på mindst ét spørgsmål.")})
    comment = _check_text(comment, field="comment")
    items = _items_for(link.instrument, list(values), rater_type=RaterType.CITIZEN)
    checked = {code: _check_value(items[code], value) for code, value in values.items()}
    now = timezone.now()
    first = next(iter(checked))
    context = Context.AFTER_CONTACT if link.contact_id else Context.ROUTINE
    ratings = [
        Rating.objects.create(
            citizen=link.citizen,
            rater=None,
            rater_type=RaterType.CITIZEN,
            item=items[code],
            value=value,
            rated_at=now,
            context=context,
            reason=comment if code == first else "",
            source=Source.LINK,
            link=link,
        )
        for code, value in checked.items()
    ]
    link.used_at = now
    link.save(update_fields=["used_at"])
    audit.log(
        actor=None,
        action="belief.citizen_answers.created",
        target=link,
        citizen=link.citizen,
        detail={"answers": len(ratings)},
    )
    return ratings


# --- general belief -------------------------------------------------------------------


@transaction.atomic
def record_general_belief(
    *, staff: Staff, values: Mapping[str, int], idempotency_key: str = ""
) -> list[GeneralBeliefAnswer]:
    """Store a caseworker's answers to the half-yearly general-belief survey."""
    if not access.has(staff, Permission.CASEWORK):
        raise NotAllowed
    if not values:
        raise ValidationError({"value": _("Svar på mindst ét spørgsmål.")})
    instrument = default_instrument()
    items = {i.code: i for i in instrument.items.filter(general=True, code__in=list(values))}
    idempotency_key = (idempotency_key or "")[:64]
    if idempotency_key:
        earlier = list(
            GeneralBeliefAnswer.objects.filter(staff=staff, idempotency_key=idempotency_key)
        )
        if earlier:
            return earlier
    answers = []
    now = timezone.now()
    for code, value in values.items():
        item = items.get(code)
        if item is None:
            raise ValidationError({"item": _("Spørgsmålet «%(id)s» findes ikke.") % {"id": code}})
        if isinstance(value, bool) or not isinstance(value, int) or not item.allows(value):
            raise ValidationError({"value": _("Ugyldigt svar «%(value)s».") % {"value": value}})
        answer = GeneralBeliefAnswer(
            staff=staff, item=item, value=value, answered_at=now, idempotency_key=idempotency_key
        )
        answer.save()
        answers.append(answer)
    audit.log(
        actor=staff,
        action="belief.general_belief.created",
        municipality_id=staff.municipality_id,
        detail={"answers": len(answers)},
    )
    return answers
