"""The referral as a document that leaves Jobtro: a printable page and a PDF in the
municipality's layout (name and logo area, date, author, the referral's sections).

The PDF is drawn by WeasyPrint from the same HTML and print stylesheet as the page, with
a URL fetcher that reads Jobtro's own static files only: it never opens the network.
The citizen's CPR number is never in it (Jobtro keeps only its hash), and a CPR-like
number in an older text is masked. Each export is a read of the citizen's data and is
audited explicitly (`practice.referral.exported`, with the format).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from jobtro.core import audit
from jobtro.core.cpr import find_cpr_numbers

from .models import Referral, ReferralVersion

TEMPLATE = "referrals/document.html"
STYLESHEET = "jobtro/referrals/referral-print.css"
LOGO_NAMES = ("jobtro/logos/{code}.svg", "jobtro/logos/{code}.png")
CPR_MASK = "[CPR-nummer fjernet]"
FORMATS = ("print", "pdf")
PDF_BASE = "http://jobtro.invalid/"  # never fetched: _static_only serves static files from disk


@dataclass(frozen=True)
class Section:
    heading: str
    text: str


def _masked(text: str) -> str:
    for number in find_cpr_numbers(text):
        text = text.replace(number, CPR_MASK)
    return text


def municipality_logo(code: str) -> str | None:
    """The static path of the municipality's logo (`static/jobtro/logos/<code>.svg|png`), if any."""
    for name in LOGO_NAMES:
        if finders.find(name.format(code=code)):
            return name.format(code=code)
    return None


def _label(field_name: str) -> str:
    field = ReferralVersion._meta.get_field(field_name)
    return str(getattr(field, "verbose_name", field_name))


def document_context(
    *, referral: Referral, version: ReferralVersion | None, printed_by: Any
) -> dict:
    """What the printed referral shows: the header, the facts and the current version's sections."""
    fields = ("resources", "success_conditions", "wishes")
    sections = [
        Section(_label(f), _masked(getattr(version, f))) for f in fields if version is not None
    ]
    municipality = referral.citizen.municipality
    return {
        "referral": referral,
        "citizen": referral.citizen,
        "version": version,
        "sections": sections,
        "municipality": municipality,
        "logo": municipality_logo(municipality.code),
        "static_base": PDF_BASE + "static/",
        "printed_on": timezone.localdate(),
        "printed_by": getattr(printed_by, "display_name", "") or str(printed_by),
        "stylesheet": STYLESHEET,
    }


def file_name(referral: Referral, *, day: dt.date) -> str:
    return f"henvisning-{slugify(referral.citizen.pseudonym)}-{day.isoformat()}.pdf"


def _static_only(url: str, timeout: int = 10, ssl_context: Any = None) -> dict:
    """WeasyPrint's fetcher: Jobtro's own static files, nothing from the network."""
    prefix = PDF_BASE + "static/"
    path = url.removeprefix(prefix)
    found = finders.find(path) if url.startswith(prefix) and ".." not in path else None
    if not found:
        raise ValueError(f"Jobtro's PDF reads its own static files only, not {url!r}")
    return {"file_obj": Path(found).open("rb"), "filename": Path(found).name}


def referral_pdf(context: dict) -> bytes:
    """The referral as A4 PDF from the same HTML and print stylesheet as the page."""
    from weasyprint import CSS, HTML  # type: ignore[import-untyped]

    html = render_to_string(TEMPLATE, {**context, "for_pdf": True})
    stylesheet = CSS(filename=finders.find(STYLESHEET))
    return HTML(string=html, base_url=PDF_BASE, url_fetcher=_static_only).write_pdf(
        stylesheets=[stylesheet]
    )


@transaction.atomic
def export_referral(*, actor: Any, referral: Referral, fmt: str) -> None:
    """Audit one export of a referral (the printable page or the PDF): a read that leaves Jobtro."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    audit.log(
        actor=actor,
        action="practice.referral.exported",
        target=referral,
        citizen=referral.citizen,
        detail={"format": fmt},
    )
