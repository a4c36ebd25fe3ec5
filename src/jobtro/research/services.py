"""Starting and running analyses: export the scope, run the pure core, store the result."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from jobtro.citizens.models import Assignment, Citizen
from jobtro.core import access, audit
from jobtro.core.access import Permission
from jobtro.errors import UserError
from jobtro.organisations.models import Municipality, ResearchProject, Staff, Team

from .exports import export_research
from .models import AnalysisRun, RunStatus

logger = logging.getLogger(__name__)


@transaction.atomic
def start_analysis_run(
    *,
    actor: Staff,
    project: ResearchProject | None = None,
    municipality: Municipality | None = None,
    team: Team | None = None,
) -> AnalysisRun:
    """Queue an analysis of a project (researcher) or a team (leader) and start it."""
    if team is not None:
        if (
            not access.has(actor, Permission.ANALYSES_TEAM)
            or not access.led_teams(actor).filter(pk=team.pk).exists()
        ):
            raise ValidationError(_("Du kan kun analysere dine egne teams."))
    else:
        if project is None or not project.researchers.filter(pk=actor.pk).exists():
            raise ValidationError(_("Vælg et af dine forskningsprojekter."))
        if (
            municipality is not None
            and not project.municipalities.filter(pk=municipality.pk).exists()
        ):
            raise ValidationError(_("Kommunen deltager ikke i projektet."))
    run = AnalysisRun.objects.create(
        created_by=actor, project=project, municipality=municipality, team=team
    )
    audit.log(
        actor=actor,
        action="research.analysis.started",
        target=run,
        detail={"scope": run.scope_label},
    )
    transaction.on_commit(lambda: launch(run))
    return run


def launch(run: AnalysisRun) -> None:
    """Run in a separate process, so a long analysis never holds a web worker."""
    if settings.ANALYSIS_RUNNER == "inline":
        execute_analysis_run(run_id=run.pk)
        return
    subprocess.Popen(
        [sys.executable, "-m", "jobtro.cli", "manage", "run_analysis", str(run.pk)],
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _citizens_for(run: AnalysisRun):
    if run.team_id:
        today = timezone.localdate()
        team_staff = Staff.objects.filter(
            memberships__team=run.team,
            memberships__start_date__lte=today,
            memberships__end_date__isnull=True,
        )
        current = Assignment.objects.filter(citizen=OuterRef("pk"), caseworker__in=team_staff)
        return Citizen.objects.filter(Exists(current), municipality=run.team.municipality)
    if run.municipality_id:
        return Citizen.objects.filter(municipality=run.municipality)
    return Citizen.objects.filter(municipality__in=run.project.municipalities.all())


def execute_analysis_run(*, run_id: int) -> AnalysisRun:
    """Export the run's scope pseudonymised, analyse it, store results and report."""
    from jobtro.analysis import analyse

    run = AnalysisRun.objects.select_related("team", "project", "municipality").get(pk=run_id)
    AnalysisRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, step=1, step_label=_("eksporterer")
    )
    step = [1]

    def progress(label: str) -> None:
        step[0] += 1
        AnalysisRun.objects.filter(pk=run.pk).update(step=step[0], step_label=label[:100])

    try:
        with tempfile.TemporaryDirectory(prefix="jobtro-run-") as tmp:
            folder = Path(tmp) / "data"
            export_research(out=folder, citizens=_citizens_for(run), actor=run.created_by.user)
            results = analyse(folder, progress=progress)
            if run.team_id:
                # The team version: small cells hidden, and all of it for a small team.
                results = results.suppressed(
                    min_citizens=settings.SUPPRESS_MIN_CITIZENS,
                    min_staff=settings.SUPPRESS_MIN_STAFF,
                )
            document, page = results.to_dict(), results.report_html()
    except UserError as exc:
        AnalysisRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
    except Exception as exc:
        logger.exception("analysis run %s failed", run.pk)
        AnalysisRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED,
            error=_(
                "Analysen fejlede uventet (%(kind)s). Kontakt support med kørslens nummer %(id)s."
            )
            % {"kind": type(exc).__name__, "id": run.pk},
            finished_at=timezone.now(),
        )
    else:
        AnalysisRun.objects.filter(pk=run.pk).update(
            status=RunStatus.DONE,
            results=document,
            report_html=page,
            step=run.steps_total,
            finished_at=timezone.now(),
        )
    run.refresh_from_db()
    return run
