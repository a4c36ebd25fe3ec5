"""Pure-Python analysis core of Jobtro — never imports Django.

Modules (import what you need; nothing heavy is imported here):

- :mod:`jobtro.analysis.io` — read and validate a research data folder (``jobtro-research/1``)
- :mod:`jobtro.analysis.panel` — the person-period panel
- :mod:`jobtro.analysis.regression` — discrete-time cloglog hazard model on collapsed cells
- :mod:`jobtro.analysis.estimates` — the estimates, each with CI, p-value and method
- :mod:`jobtro.analysis.report` — ``results.json`` (``jobtro-results/1``) and ``report.html``
- :mod:`jobtro.analysis.synth` — synthetic cohorts with a known truth
- :mod:`jobtro.analysis.cli` — ``jobtro synth`` and ``jobtro analyse``

See docs/analysis.md for the methods and their limits.
"""
