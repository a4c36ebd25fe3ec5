"""Benchmark: the whole analysis pipeline on a national-scale synthetic cohort.

    .venv/bin/python bench/analysis.py [--citizens 100000] [--seed 1] [--no-baseline]

Synthesises a research data folder (100,000 citizens, 5,000 caseworkers, about 1.1
million ratings by default) into a temporary folder, then times every stage of
``jobtro analyse`` and samples the process's resident memory while it runs. Finally
it fits the main hazard model the plain way — statsmodels GLM on the full
person-period table — beside the collapsed-cell fit, and prints both times and the
largest difference in coefficients and cluster-robust standard errors.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

_PAGE = os.sysconf("SC_PAGE_SIZE")


class RssSampler:
    """Samples this process's resident set size every few milliseconds (Linux /proc).

    Resident memory counts numpy and Arrow buffers too, which tracemalloc would miss
    or slow down.
    """

    def __init__(self, interval: float = 0.005):
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def rss() -> int:
        try:
            with open("/proc/self/statm") as f:
                return int(f.read().split()[1]) * _PAGE
        except OSError:  # not Linux: fall back to the lifetime peak
            return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.rss())
            time.sleep(self.interval)

    def __enter__(self) -> RssSampler:
        self.peak = self.rss()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.rss())


def measure(rows: list[tuple[str, float, float]], label: str, fn: Callable[[], Any]) -> Any:
    with RssSampler() as mem:
        t0 = time.perf_counter()
        out = fn()
        elapsed = time.perf_counter() - t0
    rows.append((label, elapsed, mem.peak / 2**30))
    print(f"  {label:<42} {elapsed:8.2f} s   {mem.peak / 2**30:6.2f} GB", file=sys.stderr)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-baseline", action="store_true", help="skip the plain statsmodels fit")
    args = parser.parse_args(argv)

    from jobtro.analysis import estimates as est
    from jobtro.analysis.io import read_raw, validate_raw
    from jobtro.analysis.panel import build_panel
    from jobtro.analysis.regression import fit_cloglog
    from jobtro.analysis.report import Analysis, report_html, results_json
    from jobtro.analysis.synth import SynthConfig, synthesize, write_folder

    rows: list[tuple[str, float, float]] = []
    with tempfile.TemporaryDirectory(prefix="jobtro-bench-") as tmp:
        folder = Path(tmp) / "data"
        cohort = measure(
            rows,
            "synth (not part of the pipeline)",
            lambda: synthesize(SynthConfig(n_citizens=args.citizens, seed=args.seed)),
        )
        measure(
            rows,
            "write CSV folder (not part of the pipeline)",
            partial(write_folder, cohort, folder),
        )
        sizes = {k: len(v) for k, v in cohort.tables.items()}
        truth = cohort.truth
        del cohort

        t_start = time.perf_counter()
        raw = measure(rows, "load (read CSV)", lambda: read_raw(folder))
        data = measure(rows, "validate", partial(validate_raw, raw))
        del raw
        panel = measure(rows, "panel (person-periods)", lambda: build_panel(data))
        descriptive = measure(
            rows,
            "descriptive (distribution, 12 m, changes)",
            lambda: (
                est.belief_distribution(data),
                est.job_within_12m_by_belief(data),
                est.share_with_change(data),
            ),
        )
        hazards = measure(
            rows, "hazard models (main + general + absolute)", lambda: est.hazard_effects(panel)
        )
        experiments = measure(
            rows, "team experiments (DiD, wild bootstrap)", lambda: est.team_experiments(data)
        )
        sparring = measure(rows, "sparring (paired)", lambda: est.sparring_effect(data))
        expectations = measure(
            rows, "expectations and action", lambda: est.expectations_and_action(data, panel)
        )
        analysis = Analysis(data, panel, *descriptive, hazards, experiments, sparring, expectations)

        def report() -> tuple[dict[str, Any], str]:
            results = results_json(analysis)
            return results, report_html(analysis, results)

        measure(rows, "report (results.json + report.html)", report)
        total = time.perf_counter() - t_start
        pipeline_peak = max(gb for _, _, gb in rows[2:])  # load .. report

        # --- main model: collapsed cells vs the plain statsmodels fit -----------------
        terms, cats = ["belief", "change_window"], list(est.COVARIATES)
        fast = measure(
            rows,
            "main model, collapsed cells (alone)",
            lambda: fit_cloglog(panel.rows, numeric=terms, categorical=cats),
        )
        # --- the same main model with exact timing (periods split at state changes) ------
        exact_panel = measure(
            rows,
            "exact timing: panel (split periods)",
            partial(build_panel, data, exact_timing=True),
        )
        exact = measure(
            rows,
            "exact timing: main model, collapsed cells",
            lambda: fit_cloglog(
                exact_panel.rows, numeric=terms, categorical=cats, exposure="exposure"
            ),
        )

        plain = None
        if not args.no_baseline:
            import statsmodels.api as sm

            def plain_fit() -> Any:
                X = fast.spec.matrix(panel.rows)
                model = sm.GLM(
                    panel.rows["event"].to_numpy(),
                    X,
                    family=sm.families.Binomial(link=sm.families.links.CLogLog()),
                )
                return model.fit(
                    cov_type="cluster", cov_kwds={"groups": panel.rows["cluster"].to_numpy()}
                )

            # Same single BLAS thread as the pipeline, so the comparison is like for like.
            with threadpool_limits(limits=1, user_api="blas"):
                plain = measure(rows, "main model, plain statsmodels GLM (baseline)", plain_fit)

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    print(f"process peak RSS over the whole run (incl. baseline): {peak:.2f} GB", file=sys.stderr)
    print()
    print(
        f"Cohort: {args.citizens:,} citizens, {sizes['staff']:,} caseworkers, {sizes['ratings']:,} ratings, "
        f"{sizes['assignments']:,} assignments, {sizes['outcomes']:,} outcomes, {sizes['actions']:,} actions"
    )
    print(
        f"Panel: {len(panel.rows):,} person-periods ({panel.period_days} days), {panel.n_events:,} events, "
        f"{fast.n_cells:,} cells in the main model, {fast.n_clusters:,} clusters"
    )
    print()
    # Peak resident memory of the whole process while the stage ran (it includes what
    # earlier stages still hold), sampled every 5 ms.
    print(f"{'stage':<46}{'time (s)':>10}{'peak RSS (GB)':>16}")
    print("-" * 72)
    for label, seconds, gb in rows:
        print(f"{label:<46}{seconds:>10.2f}{gb:>16.2f}")
    print("-" * 72)
    print(f"{'whole pipeline (load .. report)':<46}{total:>10.2f}{pipeline_peak:>16.2f}")
    print()
    hr_b, hr_c = fast.hazard_ratio("belief"), fast.hazard_ratio("change_window")
    print(
        f"belief per step: HR {hr_b.estimate:.3f} (95 % CI {hr_b.ci_low:.3f}-{hr_b.ci_high:.3f}), truth {truth['hr_belief']}"
    )
    print(
        f"caseworker change: HR {hr_c.estimate:.3f} (95 % CI {hr_c.ci_low:.3f}-{hr_c.ci_high:.3f}), truth {truth['hr_change']}"
    )
    e_b, e_c = exact.hazard_ratio("belief"), exact.hazard_ratio("change_window")
    print(
        f"exact timing ({len(exact_panel.rows):,} rows, {exact.n_cells:,} cells): belief HR {e_b.estimate:.3f} "
        f"({e_b.ci_low:.3f}-{e_b.ci_high:.3f}), change HR {e_c.estimate:.3f} ({e_c.ci_low:.3f}-{e_c.ci_high:.3f})"
    )
    if plain is not None:
        t_fast = next(s for label, s, _ in rows if label.startswith("main model, collapsed"))
        t_plain = next(s for label, s, _ in rows if label.startswith("main model, plain"))
        d_coef = float(np.max(np.abs(np.asarray(plain.params) - fast.params)))
        d_se = float(np.max(np.abs(np.asarray(plain.bse) / fast.se - 1)))
        print(
            f"main model: collapsed {t_fast:.2f} s vs plain {t_plain:.2f} s = {t_plain / t_fast:.1f}x faster; "
            f"max |coef diff| {d_coef:.2e}, max relative SE diff {d_se:.2e}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
