from __future__ import annotations

import argparse
import datetime as dt
import sys

from jobtro.errors import UserError

from .exports import export_research


def _day(value: str | None, option: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UserError(f"{option} skal være en dato som 2025-01-31, fik '{value[:40]}'") from None


def run_export(args: argparse.Namespace) -> int:
    formats = [f.strip().lower() for f in (args.format or "csv").split(",") if f.strip()]
    result = export_research(
        out=args.out,
        project=args.project,
        formats=formats,
        enrolled_from=_day(args.enrolled_from, "--enrolled-from"),
        enrolled_to=_day(args.enrolled_to, "--enrolled-to"),
        lang=args.lang,
    )
    counts = ", ".join(f"{name}: {n}" for name, n in result.counts.items())
    print(f"Forskningsdata skrevet til {result.folder} ({counts})", file=sys.stderr)
    return 0
