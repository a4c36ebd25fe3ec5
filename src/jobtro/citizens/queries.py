"""Reusable reads over citizens, shared by the pages and the API."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from jobtro.core import access

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
