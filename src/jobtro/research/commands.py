from __future__ import annotations

import argparse
import sys

from .exports import export_research


def run_export(args: argparse.Namespace) -> int:
    result = export_research(out=args.out, project=args.project)
    counts = ", ".join(f"{name}: {n}" for name, n in result.counts.items())
    print(f"Forskningsdata skrevet til {result.folder} ({counts})", file=sys.stderr)
    return 0
