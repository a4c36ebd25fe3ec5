"""Command-line faces of the analysis core: ``jobtro synth`` and ``jobtro analyse``.

``jobtro analyse`` calls :func:`jobtro.analysis.analyse`, as the web app does.

Both are wired in :mod:`jobtro.cli`; bad input raises :class:`~jobtro.errors.UserError`,
which the command turns into exit code 2 with one line on stderr.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jobtro.errors import UserError


def run_synth(args: argparse.Namespace) -> int:
    """``jobtro synth --out DIR [--citizens N] [--seed S] [--hr-belief X] [--hr-change Y]``."""
    from jobtro.analysis.synth import SynthConfig, synthesize, write_folder

    if args.citizens < 50:
        raise UserError(f"--citizens skal være mindst 50, fik {args.citizens}")
    for name in ("hr_belief", "hr_change"):
        if not getattr(args, name) > 0:
            raise UserError(f"--{name.replace('_', '-')} skal være større end 0")
    cohort = synthesize(
        SynthConfig(
            n_citizens=args.citizens,
            seed=args.seed,
            hr_belief=args.hr_belief,
            hr_change=args.hr_change,
        )
    )
    try:
        out = write_folder(cohort, args.out)
    except OSError as exc:  # an existing file in the way, no permission, disk full
        raise UserError(f"kan ikke skrive til {args.out}: {exc.strerror or exc}") from exc
    print(
        f"skrev {len(cohort.tables['citizens'])} borgere og {len(cohort.tables['ratings'])} "
        f"vurderinger til {out}",
        file=sys.stderr,
    )
    return 0


def run_analyse(args: argparse.Namespace) -> int:
    """``jobtro analyse DIR --out OUT``: writes OUT/results.json and OUT/report.html."""
    from tqdm import tqdm

    from jobtro.analysis.io import ValidationFailed
    from jobtro.analysis.results import analyse

    folder = Path(args.dir)
    if not folder.is_dir():
        raise UserError(f"forskningsdatamappen findes ikke: {folder}")
    out = Path(args.out)
    steps = 7
    # disable=None: no bar when stderr is not a terminal (logs, pipes, tests).
    with tqdm(
        total=steps, desc="analyse", unit="trin", file=sys.stderr, leave=False, disable=None
    ) as bar:
        first = [True]

        def progress(label: str) -> None:
            if not first[0]:
                bar.update(1)
            first[0] = False
            bar.set_description(label)

        try:
            # `--exact-timing` is optional on the command line (older parsers lack it).
            exact = bool(getattr(args, "exact_timing", False))
            results = analyse(folder, progress=progress, exact_timing=exact)
        except ValidationFailed as exc:
            # Keep the whole list for the researcher; stderr gets one line.
            listing = out / "validation_errors.txt"
            try:
                out.mkdir(parents=True, exist_ok=True)
                listing.write_text("\n".join(exc.problems) + "\n", encoding="utf-8")
            except OSError:
                raise UserError(str(exc)) from exc
            raise UserError(f"{exc} — alle fejl i {listing}") from exc
        bar.update(steps - bar.n)
    try:
        written = results.write(out)
    except OSError as exc:
        raise UserError(f"kan ikke skrive til {out}: {exc.strerror or exc}") from exc
    print(f"skrev {written[0]} og {written[1]}", file=sys.stderr)
    return 0
