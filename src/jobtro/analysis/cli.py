"""Command-line faces of the analysis core: ``jobtro synth`` and ``jobtro analyse``.

Both are wired in :mod:`jobtro.cli`; bad input raises :class:`~jobtro.errors.UserError`,
which the command turns into exit code 2 with one line on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


def analyse(
    folder: Path | str,
    *,
    progress: Callable[[str], None] | None = None,
    period_days: int = 30,
    exact_timing: bool = False,
) -> tuple[dict[str, Any], str]:
    """Run the whole analysis on a folder; return (results document, report html).

    ``exact_timing`` splits periods where ratings and changes happen (see
    :func:`jobtro.analysis.panel.build_panel`): exact, slower at national scale.

    Examples
    --------
    >>> import tempfile
    >>> from jobtro.analysis.synth import SynthConfig, synthesize, write_folder
    >>> d = write_folder(synthesize(SynthConfig(n_citizens=600, seed=4)), tempfile.mkdtemp())
    >>> results, page = analyse(d)
    >>> results["schema"], page.startswith("<!doctype html>")
    ('jobtro-results/1', True)
    """
    # One BLAS thread for the whole run (see models.fit_cloglog for why).
    import numpy as np
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        try:
            return _analyse(folder, progress or (lambda _label: None), period_days, exact_timing)
        except np.linalg.LinAlgError as exc:
            # E.g. a covariate that is the same for everyone with an event: the data
            # cannot separate the effects. That is the data's limit, not a crash.
            raise UserError(f"modellen kan ikke estimeres på disse data ({exc})") from exc


def _analyse(
    folder: Path | str, step: Callable[[str], None], period_days: int, exact_timing: bool
) -> tuple[dict[str, Any], str]:
    from jobtro.analysis import estimates as est
    from jobtro.analysis.io import load_folder
    from jobtro.analysis.meeting_report import analyse_meetings
    from jobtro.analysis.panel import build_panel
    from jobtro.analysis.report import Analysis, report_html, results_json

    step("indlæser og validerer")
    data = load_folder(folder)
    step("bygger person-perioder")
    panel = build_panel(data, period_days=period_days, exact_timing=exact_timing)
    if panel.n_events < 5:
        raise UserError(
            f"for få overgange til job eller uddannelse i tiden med vurderinger ({panel.n_events}); "
            "mindst 5 skal til for at estimere effekterne"
        )
    step("beskrivende tal")
    distribution = est.belief_distribution(data)
    job12 = est.job_within_12m_by_belief(data)
    change_share = est.share_with_change(data)
    step("hazardmodeller")
    hazards = est.hazard_effects(panel)
    step("forsøg i teams")
    experiments = est.team_experiments(data)
    step("sparring, forventninger og handling")
    sparring = est.sparring_effect(data)
    expectations = est.expectations_and_action(data, panel)
    meetings = analyse_meetings(data)  # meeting forms and external partners
    analysis = Analysis(
        data,
        panel,
        distribution,
        job12,
        change_share,
        hazards,
        experiments,
        sparring,
        expectations,
        meetings=meetings,
    )
    step("rapport")
    results = results_json(analysis)
    return results, report_html(analysis, results)


def run_analyse(args: argparse.Namespace) -> int:
    """``jobtro analyse DIR --out OUT``: writes OUT/results.json and OUT/report.html."""
    from tqdm import tqdm

    from jobtro.analysis.io import ValidationFailed

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
            results, page = analyse(folder, progress=progress, exact_timing=exact)
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
        out.mkdir(parents=True, exist_ok=True)
        (out / "results.json").write_text(
            json.dumps(results, indent=2, ensure_ascii=False, allow_nan=False) + "\n",
            encoding="utf-8",
        )
        (out / "report.html").write_text(page, encoding="utf-8")
    except OSError as exc:
        raise UserError(f"kan ikke skrive til {out}: {exc.strerror or exc}") from exc
    print(f"skrev {out / 'results.json'} og {out / 'report.html'}", file=sys.stderr)
    return 0
