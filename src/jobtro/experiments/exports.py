"""The experiments table of the research data folder (docs/research-schema.md):
one row per team in an experiment, as treatment or comparison."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from jobtro.organisations.models import TeamMembership
from jobtro.research.exports import register_table

from .models import Experiment


def _anchors(team_ids: set[int]) -> dict[int, list[int]]:
    """Per team, the staff whose latest membership is that team: staff.csv gives each
    staff member their latest team, so these are the rows that carry the team's id."""
    latest: dict[int, int] = {}
    for staff, team in (
        TeamMembership.objects.filter(staff__memberships__team_id__in=team_ids)
        .order_by("start_date", "pk")
        .values_list("staff_id", "team_id")
    ):
        latest[staff] = team
    anchors: dict[int, list[int]] = {}
    for staff, team in sorted(latest.items()):
        if team in team_ids:
            anchors.setdefault(team, []).append(staff)
    return anchors


def experiment_rows(
    *,
    citizens: Any,
    today: dt.date,
    staff_id: Callable[[int], str] | None = None,
    team_id: Callable[[int], str] | None = None,
    **_: Any,
) -> Iterator[list[Any]]:
    """Experiments in the municipalities of the exported citizens, started by `today`:
    one row per team, as treatment or comparison.

    The team ids must be the export's own team pseudonyms (those of staff.csv), so the
    export has to hand its `team_id` maker to the table. Without it there is no honest
    way to link the rows to staff, and the table is left empty rather than wrong. A team
    is exported only with staff in staff.csv to carry its id (the analysis checks that
    every team is known); its members are registered with `staff_id` for that.
    """
    if team_id is None or staff_id is None:
        return
    experiments = list(
        Experiment.objects.filter(
            municipality__in=citizens.values("municipality_id"), start_date__lte=today
        )
        .prefetch_related("teams")
        .order_by("pk")
    )
    roles = [
        [(t.pk, "treatment") for t in sorted(e.teams.all(), key=lambda t: t.pk)]
        + ([(e.comparison_team_id, "comparison")] if e.comparison_team_id else [])
        for e in experiments
    ]
    anchors = _anchors({team for pairs in roles for team, _role in pairs})
    for n, (e, pairs) in enumerate(zip(experiments, roles, strict=True), start=1):
        # A fresh, opaque id per export: the row number, never the database key.
        exp_id = f"e{n}"
        for team, role in pairs:
            if team not in anchors:
                continue
            for staff in anchors[team]:
                staff_id(staff)
            yield [exp_id, team_id(team), role, e.start_date.isoformat(), e.end_date.isoformat()]


def register() -> None:
    register_table("experiments", experiment_rows)
