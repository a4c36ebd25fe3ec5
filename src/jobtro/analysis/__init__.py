"""Pure-Python analysis core of Jobtro — never imports Django.

The public entry point is :func:`analyse`, which returns a typed :class:`Results`
(``to_json()`` gives ``results.json``, ``report_html()`` the report)::

    from jobtro.analysis import analyse

    results = analyse("d")
    results.hazards.belief_per_step.hazard_ratio   # HazardRatio(estimate, ci_low, ...)
    results.write("r")                              # r/results.json, r/report.html

Modules (nothing heavy is imported until :func:`analyse` or a module is used):

- :mod:`jobtro.analysis.results` — :func:`analyse`, :class:`Results`
- :mod:`jobtro.analysis.io` — read and validate a research data folder (``jobtro-research/1``)
- :mod:`jobtro.analysis.panel` — the person-period panel
- :mod:`jobtro.analysis.regression` — discrete-time cloglog hazard model on collapsed cells
- :mod:`jobtro.analysis.estimates` — the estimates, each with CI, p-value and method
- :mod:`jobtro.analysis.report` — ``results.json`` (``jobtro-results/1``) and ``report.html``
- :mod:`jobtro.analysis.synth` — synthetic cohorts with a known truth
- :mod:`jobtro.analysis.cli` — ``jobtro synth`` and ``jobtro analyse``

See docs/analysis.md for the methods and their limits.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jobtro.analysis.results import Results, Suppression, analyse

__all__ = ["Results", "Suppression", "analyse"]


def __getattr__(name: str) -> object:
    # Lazy, so that `jobtro --help` and the web app start without numpy and scipy.
    if name in __all__:
        return getattr(importlib.import_module("jobtro.analysis.results"), name)
    raise AttributeError(f"module 'jobtro.analysis' has no attribute {name!r}")
