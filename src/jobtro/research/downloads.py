"""A researcher's export in the browser: what it will contain, and the zip to download.

The folder is the same as `jobtro export research` writes (same code, same manifest);
it is built in a temporary folder, zipped into a temporary file that disappears when the
response is closed, and nothing of it stays on the server's disk.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from jobtro.analysis import codebook
from jobtro.citizens.models import Action, Assignment, Citizen, Contact, Outcome
from jobtro.core import access, audit
from jobtro.core.access import Permission
from jobtro.organisations.models import ResearchProject, Staff

from .exports import EXTRA_TABLES, export_research


@dataclass(frozen=True)
class ExportChoice:
    project: ResearchProject
    enrolled_from: dt.date | None
    enrolled_to: dt.date | None
    formats: tuple[str, ...]
    lang: str

    def as_detail(self) -> dict[str, Any]:
        return {
            "project": self.project.slug,
            "enrolled_from": self.enrolled_from.isoformat() if self.enrolled_from else "",
            "enrolled_to": self.enrolled_to.isoformat() if self.enrolled_to else "",
            "formats": list(self.formats),
            "lang": self.lang,
        }


def _cohort(choice: ExportChoice) -> QuerySet[Citizen]:
    citizens = Citizen.objects.filter(municipality__in=choice.project.municipalities.all())
    if choice.enrolled_from:
        citizens = citizens.filter(enrolled_on__gte=choice.enrolled_from)
    if choice.enrolled_to:
        citizens = citizens.filter(enrolled_on__lte=choice.enrolled_to)
    return citizens


def _check(actor: Staff, choice: ExportChoice) -> None:
    """The view checks too; a service refuses on its own (a project not one's own is
    "not found", as everywhere else)."""
    if not access.has(actor, Permission.RESEARCH_EXPORT) or not (
        choice.project.researchers.filter(pk=actor.pk).exists()
    ):
        raise Http404


def preview(*, actor: Staff, choice: ExportChoice) -> dict[str, Any]:
    """Row counts of the main tables and the tables and files the export will hold."""
    _check(actor, choice)
    citizens = _cohort(choice)
    in_scope = {"citizen__in": citizens}
    counts = {
        "citizens": citizens.count(),
        "assignments": Assignment.objects.filter(**in_scope).count(),
        "outcomes": Outcome.objects.filter(**in_scope).count(),
        "contacts": Contact.objects.filter(**in_scope).count(),
        "actions": Action.objects.filter(**in_scope).count(),
    }
    tables = [
        "citizens",
        "staff",
        "assignments",
        "outcomes",
        "contacts",
        "actions",
        *[name for name in EXTRA_TABLES if name not in {"contacts", "actions"}],
    ]
    lang = "en" if choice.lang == "en" else "da"
    described = [
        {
            "name": name,
            "title": getattr(codebook.TABLES[name], lang) if name in codebook.TABLES else "",
            "columns": list(codebook.TABLES[name].columns) if name in codebook.TABLES else [],
            "rows": counts.get(name),
        }
        for name in dict.fromkeys(tables)
    ]
    return {"counts": counts, "tables": described, "formats": ("csv", *choice.formats)}


def build_archive(*, actor: Staff, choice: ExportChoice) -> tuple[IO[bytes], str]:
    """The export as a zip in an anonymous temporary file, and its download name."""
    _check(actor, choice)
    today = timezone.localdate()
    with tempfile.TemporaryDirectory(prefix="jobtro-export-") as tmp:
        folder = Path(tmp) / "udtraek"
        result = export_research(
            out=folder,
            project=choice.project.slug,
            actor=actor,
            today=today,
            enrolled_from=choice.enrolled_from,
            enrolled_to=choice.enrolled_to,
            formats=choice.formats,
            lang=choice.lang,
        )
        archive = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes (and so removes) it
        with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
            for name in result.files:
                zipped.write(folder / name, arcname=name)
    archive.seek(0)
    audit.log(
        actor=actor,
        action="research.export.downloaded",
        detail={**choice.as_detail(), "counts": result.counts, "files": len(result.files)},
    )
    filename = f"jobtro-forskning-{choice.project.slug}-{today.isoformat()}.zip"
    return archive, filename
