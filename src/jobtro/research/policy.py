"""Who sees which analysis runs (the research part of access)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from jobtro.core import access
from jobtro.core.access import Permission as P


def visible_analysis_runs(user: Any) -> QuerySet:
    """Researchers see their projects' runs; a leader sees the runs of the teams they lead."""
    from jobtro.research.models import AnalysisRun

    staff = access.staff_of(user)
    if staff is None:
        return AnalysisRun.objects.none()
    runs = AnalysisRun.objects.select_related("project", "municipality", "team", "created_by__user")
    if access.has(staff, P.ANALYSES_PROJECT):
        return runs.filter(project__researchers=staff, team__isnull=True).distinct()
    if access.has(staff, P.ANALYSES_TEAM):
        return runs.filter(team__in=access.led_teams(staff))
    return runs.none()
