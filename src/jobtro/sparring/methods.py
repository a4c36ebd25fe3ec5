"""Sparring methods with their short guides, and the before/after summary of a team's
sessions. Plain data and a pure function; the pages and services use them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jobtro.organisations.models import Team

from .models import Sparring, SparringMethod


@dataclass(frozen=True)
class MethodGuide:
    method: str
    name: Promise
    guide: Promise


# Written in our own words: a few lines to run the round, not a manual.
METHOD_GUIDES: tuple[MethodGuide, ...] = (
    MethodGuide(
        SparringMethod.REFLECTING_TEAM,
        SparringMethod.REFLECTING_TEAM.label,
        _(
            "Sagsejeren fremlægger sagen og lytter derefter uden at afbryde, mens "
            "kollegerne taler sammen om, hvad de hører og undrer sig over. Til sidst "
            "fortæller sagsejeren, hvad der gjorde indtryk, og hvad der kan bruges."
        ),
    ),
    MethodGuide(
        SparringMethod.RESOURCE_ROUND,
        SparringMethod.RESOURCE_ROUND.label,
        _(
            "Hver deltager nævner på skift én ressource, styrke eller erfaring hos "
            "borgeren eller i borgerens netværk, som de hører i sagen. Runden fortsætter, "
            "til ingen har flere. Derefter vælger sagsejeren de ressourcer, der kan bygges "
            "videre på."
        ),
    ),
    MethodGuide(
        SparringMethod.SOLUTION_ROUND,
        SparringMethod.SOLUTION_ROUND.label,
        _(
            "Fokus er på det, der allerede virker, og på det næste lille skridt. "
            "Deltagerne spørger ind til undtagelser — situationer, hvor det er gået bedre "
            "— og foreslår konkrete skridt, sagsejeren kan tage inden for den næste måned."
        ),
    ),
    MethodGuide(
        SparringMethod.RETELLING,
        SparringMethod.RETELLING.label,
        _(
            "Deltagerne lytter efter den fortælling om borgeren, som sagen bygger på, og "
            "hvilke ord der bærer den. Sammen skrives en anden, lige så sand fortælling, "
            "der tager udgangspunkt i borgerens ressourcer og ønsker."
        ),
    ),
)

REGRESSION_CAVEAT = _(
    "Sparring bedes typisk om, når troen er lav, og lave vurderinger stiger ofte af sig "
    "selv ved næste måling (regression mod middelværdien). En stigning efter sparring kan "
    "derfor ikke tilskrives sparringen alene; der er ingen sammenligningsgruppe her."
)


def guide_for(method: str) -> MethodGuide | None:
    return next((g for g in METHOD_GUIDES if g.method == method), None)


@dataclass(frozen=True)
class BeforeAfter:
    """Belief before and after sparring for a group of closed sessions."""

    n: int
    mean_before: float
    mean_after: float
    mean_change: float
    share_up: float
    share_down: float
    share_unchanged: float


def summarise_before_after(pairs: Iterable[tuple[int, int]]) -> BeforeAfter | None:
    """Mean change and shares up/down/unchanged of (before, after) pairs; None if empty.

    Examples
    --------
    >>> s = summarise_before_after([(2, 3), (3, 3), (4, 2), (1, 3)])
    >>> s.n, s.mean_change, s.share_up, s.share_down
    (4, 0.25, 0.5, 0.25)
    """
    pairs = list(pairs)
    if not pairs:
        return None
    n = len(pairs)
    changes = [after - before for before, after in pairs]
    return BeforeAfter(
        n=n,
        mean_before=sum(before for before, _after in pairs) / n,
        mean_after=sum(after for _before, after in pairs) / n,
        mean_change=sum(changes) / n,
        share_up=sum(c > 0 for c in changes) / n,
        share_down=sum(c < 0 for c in changes) / n,
        share_unchanged=sum(c == 0 for c in changes) / n,
    )


@dataclass(frozen=True)
class MethodSummary:
    method: str
    label: str
    n_sessions: int
    before_after: BeforeAfter | None  # None when too few closed sessions to show


@dataclass(frozen=True)
class TeamSparringSummary:
    n_sessions: int
    n_closed: int
    min_sessions: int
    overall: BeforeAfter | None  # None when suppressed
    methods: list[MethodSummary]

    @property
    def suppressed(self) -> bool:
        return self.overall is None


def team_sparring_summary(*, team: Team) -> TeamSparringSummary:
    """Sessions counted on the team they were asked for in; belief figures only for
    groups of at least settings.SUPPRESS_MIN_CITIZENS closed sessions."""
    minimum = settings.SUPPRESS_MIN_CITIZENS
    sessions = Sparring.objects.filter(team=team)
    closed = sessions.filter(
        closed_at__isnull=False, before_rating__isnull=False, after_rating__isnull=False
    ).values_list("method", "before_rating__value", "after_rating__value")
    by_method: dict[str, list[tuple[int, int]]] = {}
    for method, before, after in closed:
        by_method.setdefault(method, []).append((before, after))
    counts = dict(
        sessions.order_by().values("method").annotate(n=Count("id")).values_list("method", "n")
    )
    pairs = [p for group in by_method.values() for p in group]
    shown = len(pairs) >= minimum
    methods = [
        MethodSummary(
            method=g.method,
            label=str(g.name),
            n_sessions=counts.get(g.method, 0),
            before_after=summarise_before_after(by_method.get(g.method, []))
            if shown and len(by_method.get(g.method, [])) >= minimum
            else None,
        )
        for g in METHOD_GUIDES
    ]
    return TeamSparringSummary(
        n_sessions=sum(counts.values()),
        n_closed=len(pairs),
        min_sessions=minimum,
        overall=summarise_before_after(pairs) if shown else None,
        methods=methods,
    )
