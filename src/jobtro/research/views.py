from __future__ import annotations

import json

from csp.decorators import csp_update
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_deny

from jobtro.core import access, audit
from jobtro.core.access import Permission
from jobtro.research import policy

from . import services
from .downloads import ExportChoice, build_archive, preview
from .forms import ExportForm, ProjectRunForm, TeamRunForm
from .models import AnalysisRun, RunStatus


@login_required
def index(request: HttpRequest) -> HttpResponse:
    staff = access.staff_or_404(request.user, Permission.ANALYSES_PROJECT, Permission.ANALYSES_TEAM)
    form_class = ProjectRunForm if access.has(staff, Permission.ANALYSES_PROJECT) else TeamRunForm
    form = form_class(request.POST or None, staff=staff)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.start_analysis_run(actor=staff, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Analysen er startet. Siden opdaterer sig selv."))
            return redirect("research:run", run.pk)
    runs = policy.visible_analysis_runs(request.user)[:30]
    status = 422 if request.method == "POST" else 200
    return render(request, "research/index.html", {"form": form, "runs": runs}, status=status)


def _run(request: HttpRequest, run_id: int) -> AnalysisRun:
    return get_object_or_404(policy.visible_analysis_runs(request.user), pk=run_id)


@login_required
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _run(request, run_id)
    lang = "en" if request.LANGUAGE_CODE == "en" else "da"
    text = (run.results or {}).get("text", {}).get(lang, {})
    return render(request, "research/run.html", {"run": run, "text": text})


@login_required
def run_status(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _run(request, run_id)
    response = render(request, "research/_status.html", {"run": run})
    if run.status in {RunStatus.DONE, RunStatus.FAILED} and request.htmx:
        response["HX-Refresh"] = "true"  # show the finished page in full
    return response


@login_required
@xframe_options_deny
@csp_update({"style-src": ["'unsafe-inline'"], "sandbox": [""]})
def run_report(request: HttpRequest, run_id: int) -> HttpResponse:
    # The report is one self-contained HTML file (inline CSS and SVG, no script): a
    # relaxed style-src and a sandbox for this response only.
    run = _run(request, run_id)
    if run.status != RunStatus.DONE or not run.report_html:
        raise Http404
    audit.log(actor=request.user, action="research.report.viewed", target=run)
    response = HttpResponse(run.report_html, content_type="text/html; charset=utf-8")
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="jobtro-rapport-{run.pk}.html"'
    return response


@login_required
def run_results(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _run(request, run_id)
    if run.status != RunStatus.DONE:
        raise Http404
    audit.log(actor=request.user, action="research.results.downloaded", target=run)
    response = HttpResponse(
        json.dumps(run.results, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="results-{run.pk}.json"'
    return response


@login_required
def export(request: HttpRequest) -> HttpResponse | FileResponse:
    """Choose project and cohort, see what the export holds, download it (a zip)."""
    staff = access.staff_or_404(request.user, Permission.RESEARCH_EXPORT)
    form = ExportForm(request.POST or None, staff=staff)
    summary = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        choice = ExportChoice(
            project=data["project"],
            enrolled_from=data["enrolled_from"],
            enrolled_to=data["enrolled_to"],
            formats=tuple(data["formats"]),
            lang=data["lang"],
        )
        if request.POST.get("action") == "download":
            archive, filename = build_archive(actor=staff, choice=choice)
            return FileResponse(
                archive, as_attachment=True, filename=filename, content_type="application/zip"
            )
        summary = preview(actor=staff, choice=choice)
    status = 422 if request.method == "POST" and not form.is_valid() else 200
    return render(
        request, "research/export.html", {"form": form, "summary": summary}, status=status
    )
