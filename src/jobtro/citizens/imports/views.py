"""The import page for administrators: a dry run first, then the real import of that file.

Everyone but an administrator gets a 404; an administrator imports into their own
municipality only. Every limit of the file (limits.py) is checked within the request
first. Small files are then checked and imported within the request; large ones
(jobs.BACKGROUND_BYTES or jobs.BACKGROUND_ROWS and up) run in a background thread, and
the page polls a small status endpoint with htmx for the progress — when that endpoint's
URLs (`imports/urls.py`) are included; otherwise they too run within the request.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from jobtro.core import access
from jobtro.organisations.models import Municipality

from . import jobs, uploads
from .forms import ConfirmForm, ImportForm
from .kinds import KINDS
from .reading import FileProblem, check_file, megabytes
from .services import MAX_SHOWN_ERRORS, ImportReport, ProgressCallback, import_file

TEMPLATE = "citizens/import.html"


def import_page(request: HttpRequest) -> HttpResponse:
    municipality = _administered(request)
    if request.method == "POST" and "token" in request.POST:
        return _import_checked_file(request, municipality)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method != "POST":
        return _render(request, form)
    if getattr(request, "upload_too_large", False):  # set by core.uploads.MaxSizeUploadHandler
        form.is_valid()
        form.errors.pop("file", None)
        form.add_error(
            "file",
            _("Filen er for stor. Den må højst fylde %(limit)s MB.")
            % {"limit": megabytes(settings.IMPORT_MAX_BYTES)},
        )
        return _render(request, form, status=422)
    if not form.is_valid():
        return _render(request, form, status=422)
    kind = form.cleaned_data["kind"]
    upload = uploads.keep(form.cleaned_data["file"], kind=kind)
    try:
        # Every limit, checked within the request before any row is read: a hostile
        # file is refused at once, and the row count decides whether to work in the background.
        shape = check_file(upload.path, name=upload.name)
    except FileProblem as exc:
        uploads.discard(None, upload)
        form.add_error("file", str(exc))
        return _render(request, form, status=422)
    upload = replace(upload, rows=shape.rows)
    earlier = uploads.pending(request)
    if request.POST.get("action") == "import":
        if earlier and earlier.passed and earlier.sha256 == upload.sha256 and earlier.kind == kind:
            uploads.discard(None, upload)
            return _import(request, earlier, municipality)
        messages.info(
            request,
            _(
                "En import skal først prøves. Her er tør-kørslen af filen; tryk Importér, når den er uden fejl."
            ),
        )
    work = partial(_work, kept=upload, municipality=municipality, actor=request.user, dry_run=True)
    if _in_background(upload):
        kept = uploads.remember(request, upload, passed=False, job="check")
        jobs.start(token=kept.token, work=work)
        return _render(request, ImportForm(initial={"kind": kind}), running=kept)
    report = work(progress=None)
    return _after_dry_run(request, uploads.remember(request, upload, passed=False), report)


@login_required
def import_status(request: HttpRequest, token: str) -> HttpResponse:
    """The progress of a background import, polled by the page; its report at the end."""
    _administered(request)
    kept = uploads.pending(request)
    status = jobs.read(token)
    if kept is None or kept.token != token or not kept.job or status is None:
        raise Http404
    if status["state"] == "running":
        return _render(request, None, running=kept, progress=status)
    if status["state"] == "failed":
        uploads.discard(request, kept)
        return _render(request, ImportForm(initial={"kind": kept.kind}), finished=True, failed=True)
    report = ImportReport.from_dict(status["report"])
    jobs.forget(token)
    if kept.job == "check":
        return _after_dry_run(request, kept, report, finished=True)
    uploads.discard(request, kept)
    return _render(request, ImportForm(initial={"kind": kept.kind}), report=report, finished=True)


def _administered(request: HttpRequest) -> Municipality:
    municipality = access.administered_municipality(request.user)
    if municipality is None:
        raise Http404
    return municipality


def _after_dry_run(
    request: HttpRequest, kept: uploads.KeptUpload, report: ImportReport, *, finished: bool = False
) -> HttpResponse:
    kept = uploads.remember(request, kept, passed=report.ok)
    if not report.ok:
        uploads.discard(request, kept)
    confirm = ConfirmForm(initial={"token": kept.token}) if report.ok else None
    form = ImportForm(initial={"kind": kept.kind})
    return _render(request, form, report=report, confirm=confirm, finished=finished)


def _import_checked_file(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    form = ConfirmForm(request.POST)
    kept = uploads.pending(request)
    if not form.is_valid() or kept is None or kept.token != form.cleaned_data["token"] or kept.job:
        # A second click on "Importér", an import under way, or an expired session.
        messages.error(
            request, _("Filen er ikke længere klar til import. Prøv den igen (tør-kørsel).")
        )
        return redirect("citizens:import")
    return _import(request, kept, municipality)


def _import(
    request: HttpRequest, kept: uploads.KeptUpload, municipality: Municipality
) -> HttpResponse:
    if not kept.passed or not kept.unchanged():
        uploads.discard(request, kept)
        messages.error(request, _("Filen er ændret siden tør-kørslen. Prøv den igen."))
        return redirect("citizens:import")
    work = partial(_work, kept=kept, municipality=municipality, actor=request.user, dry_run=False)
    if _in_background(kept):
        kept = uploads.remember(request, kept, passed=True, job="import")
        jobs.start(token=kept.token, work=work)
        return _render(request, ImportForm(initial={"kind": kept.kind}), running=kept)
    report = work(progress=None)
    uploads.discard(request, kept)
    form = ImportForm(initial={"kind": kept.kind})
    return _render(request, form, report=report, status=200 if report.ok else 422)


def _work(
    progress: ProgressCallback | None,
    *,
    kept: uploads.KeptUpload,
    municipality: Municipality,
    actor: object,
    dry_run: bool,
) -> ImportReport:
    return import_file(
        kind=kept.kind,
        path=kept.path,
        file_name=kept.name,
        actor=actor,
        dry_run=dry_run,
        municipality=municipality,
        only_municipality=municipality,
        progress=progress,
    )


def _in_background(kept: uploads.KeptUpload) -> bool:
    if kept.path.stat().st_size < jobs.BACKGROUND_BYTES and kept.rows < jobs.BACKGROUND_ROWS:
        return False
    try:
        reverse("citizens_import:status", args=[kept.token])
    except NoReverseMatch:  # the status URLs are not included: stay within the request
        return False
    return True


def _render(
    request: HttpRequest,
    form: ImportForm | None,
    *,
    report: ImportReport | None = None,
    confirm: ConfirmForm | None = None,
    running: uploads.KeptUpload | None = None,
    progress: dict[str, Any] | None = None,
    finished: bool = False,
    failed: bool = False,
    status: int = 200,
) -> HttpResponse:
    progress = progress or {"phase": "check", "done": 0, "total": 0}
    context = {
        "form": form,
        "report": report,
        "confirm": confirm,
        "running": running,
        "failed": failed,
        "progress": progress,
        "percent": round(100 * progress["done"] / progress["total"])
        if progress.get("total")
        else None,
        "status_url": reverse("citizens_import:status", args=[running.token]) if running else "",
        "shown_errors": report.errors[:MAX_SHOWN_ERRORS] if report else [],
        "hidden_errors": max(0, report.error_count - MAX_SHOWN_ERRORS) if report else 0,
        "kinds": [
            {
                "code": code,
                "label": kind.label,
                "required": kind.required,
                "optional": (*kind.optional, "municipality"),
            }
            for code, kind in KINDS.items()
        ],
    }
    # htmx polls swap in the status box alone; a plain request gets the whole page.
    if request.htmx and (running or finished):
        return render(request, "citizens/import_status.html", context)
    return render(request, TEMPLATE, context, status=status)
