"""Reusable reads over citizens, shared by the pages and the API."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from jobtro.core import access
from jobtro.core.access import Permission

from .models import Assignment, Citizen, CitizenQuerySet, Outcome


def search_citizens(
    *,
    user: Any,
    q: str | None = None,
    target_group: str | None = None,
    mine: bool = False,
    active: bool | None = None,
) -> CitizenQuerySet:
    """The citizens the user may see, filtered; ready for pagination."""
    citizens = (
        Citizen.objects.visible_to(user)
        .select_related("municipality", "target_group")
        .with_current_caseworker()
    )
    if q:
        q = q.strip()
        match = Q(pseudonym__iexact=q) | Q(pseudonym__icontains=q) | Q(external_ref__iexact=q)
        # Researchers never search by name: they only ever see pseudonyms.
        if access.shows_names(user):
            match |= Q(name__icontains=q)
        citizens = citizens.filter(match)
    if target_group:
        citizens = citizens.filter(target_group__code=target_group)
    staff = access.staff_of(user)
    if mine and staff is not None:
        citizens = citizens.filter(
            Exists(
                Assignment.objects.filter(
                    citizen=OuterRef("pk"), caseworker=staff, end_date__isnull=True
                )
            )
        )
    if active is not None:
        ended = Outcome.objects.filter(citizen=OuterRef("pk"), start_date__lte=timezone.localdate())
        citizens = citizens.exclude(Exists(ended)) if active else citizens.filter(Exists(ended))
    return citizens.order_by("pseudonym")


# --- the citizen page's overview ------------------------------------------------------


@dataclass(frozen=True)
class CitizenOverview:
    """The top of the citizen page: what a caseworker needs before a meeting, and which
    sections of the page this user sees (for the jump links). Each fact is None when
    the user may not see it or there is none."""

    is_current_caseworker: bool
    may_rate: bool
    sees_expectations: bool
    sees_placements: bool
    belief: Any | None  # the user's own latest belief rating (belief.Rating)
    belief_before: Any | None  # the one before it, for the trend
    due: Any | None  # belief.queries.DueRating
    open_sparring: list[Any]
    placement: Any | None  # companies.Placement, current or planned
    citizen_said: Any | None  # the citizen's latest own answer (belief.Rating)

    @property
    def belief_trend(self) -> str | None:
        """ "up", "down" or "same" against the user's previous rating; None for a first."""
        if self.belief is None or self.belief_before is None:
            return None
        if self.belief.value == self.belief_before.value:
            return "same"
        return "up" if self.belief.value > self.belief_before.value else "down"


def citizen_overview(
    *, citizen: Citizen, user: Any, today: dt.date | None = None
) -> CitizenOverview:
    """The overview at the top of the citizen page, asked of the same rules as the
    sections below it. A fixed number of queries (at most about ten), never one a row."""
    from jobtro.belief.models import Context, RaterType, Rating
    from jobtro.belief.queries import due_rating_of
    from jobtro.belief.services import ratable_citizens
    from jobtro.companies import policy as companies_policy
    from jobtro.companies.models import Placement, PlacementStatus
    from jobtro.sparring.models import Sparring

    from .policy import is_current_caseworker

    today = today or timezone.localdate()
    staff = access.staff_of(user)
    current = is_current_caseworker(user, citizen)
    may_rate = (
        staff is not None
        and access.has(staff, Permission.BELIEF_RATE)
        and ratable_citizens(user).filter(pk=citizen.pk).exists()
    )
    own: list[Any] = []
    if may_rate:
        own = list(
            Rating.objects.current()
            .filter(citizen=citizen, rater=staff, item__indicator="belief_job")
            .select_related("item")
            .order_by("-rated_at", "-pk")[:2]
        )
    said = None
    if current:
        answers = Rating.objects.filter(citizen=citizen, rater_type=RaterType.CITIZEN)
        said = (
            answers.exclude(reason="").select_related("item").order_by("-rated_at", "-pk").first()
            or answers.exclude(context=Context.AFTER_CONTACT)
            .select_related("item")
            .order_by("-rated_at", "item__position")
            .first()
        )
    sees_placements = companies_policy.placement_citizens(user).filter(pk=citizen.pk).exists()
    placement = None
    if sees_placements:
        placement = (
            companies_policy.visible_placements(Placement.objects.filter(citizen=citizen), user)
            .filter(status__in=[PlacementStatus.ONGOING, PlacementStatus.PLANNED])
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
            .select_related("company")
            .order_by("start_date", "pk")
            .first()
        )
    sparring = list(
        Sparring.objects.visible_to(user)
        .filter(citizen=citizen, closed_at__isnull=True)
        .order_by("requested_at")
    )
    return CitizenOverview(
        is_current_caseworker=current,
        may_rate=may_rate,
        sees_expectations=may_rate and access.has(staff, Permission.CASEWORK),
        sees_placements=sees_placements,
        belief=own[0] if own else None,
        belief_before=own[1] if len(own) > 1 else None,
        due=due_rating_of(citizen=citizen, staff=staff, today=today) if current else None,
        open_sparring=sparring,
        placement=placement,
        citizen_said=said,
    )
