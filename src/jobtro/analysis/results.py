"""The one public entry point of the analysis core: :func:`analyse` returns :class:`Results`.

The command line (``jobtro analyse DIR --out OUT``), the web app's analysis runs and a
researcher's notebook all call :func:`analyse`; :meth:`Results.to_json` is the text of
``results.json`` (schema ``jobtro-results/1``, docs/analysis.md) and
:meth:`Results.report_html` the self-contained ``report.html``.

Examples
--------
>>> import tempfile
>>> from jobtro.analysis import analyse
>>> from jobtro.analysis.synth import SynthConfig, synthesize, write_folder
>>> folder = write_folder(synthesize(SynthConfig(n_citizens=600, seed=4)), tempfile.mkdtemp())
>>> results = analyse(folder)
>>> results.to_dict()["schema"], results.report_html().startswith("<!doctype html>")
('jobtro-results/1', True)
>>> effect = results.hazards.belief_per_step.hazard_ratio
>>> effect.ci_low < effect.estimate < effect.ci_high
True
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeAlias

from jobtro.analysis.estimates import (
    DidResult,
    ExpectationsResult,
    HazardResults,
    Proportion,
    SparringResult,
)
from jobtro.analysis.io import ResearchData
from jobtro.analysis.meeting_report import MeetingAnalysis
from jobtro.analysis.panel import Panel
from jobtro.errors import UserError

JSONValue: TypeAlias = bool | int | float | str | list["JSONValue"] | dict[str, "JSONValue"] | None
JSONObject: TypeAlias = dict[str, JSONValue]

# The contract's keys, which a suppressed copy keeps (with nothing in them to hide).
_CONTRACT_KEYS = ("schema", "n_citizens", "n_staff", "n_events")
_SUPPRESSED_CELL: JSONObject = {
    "rate": None,
    "ci_low": None,
    "ci_high": None,
    "n": None,
    "suppressed": True,
}


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class Suppression:
    """How a copy of the results was cut for a small group (a team's own analysis).

    ``cells`` are the belief levels whose job-within-12-months cell had fewer than
    ``min_citizens`` citizens; ``whole`` is true when the whole group has fewer than
    ``min_citizens`` citizens or ``min_staff`` staff, and then nothing estimated is shown.
    """

    min_citizens: int
    min_staff: int
    cells: tuple[int, ...]
    whole: bool


@dataclass(frozen=True)
class Results:
    """Everything one run of the analysis estimated, as typed values.

    Attributes
    ----------
    data
        The validated research data folder the run read.
    panel
        The person-period panel the hazard models were fitted on.
    distribution
        Share of caseworker ratings at each belief level 1-5.
    job12
        Share in job, flexjob or education within 12 months of a first rating, by
        belief level, with Wilson intervals.
    change_share
        Share of citizens with at least one change of caseworker.
    hazards
        The hazard ratios (belief per step, change of caseworker, general belief),
        each with the absolute picture in 100 citizens.
    experiments
        Team experiments: difference-in-differences of belief.
    sparring, expectations, meetings
        The further parts, ``None`` where the folder holds no data for them.
    generated_at
        When the run finished (written as ``generated_at`` in ``results.json``).
    suppression
        Set on a copy made by :meth:`suppressed`; ``None`` on a full result.

    Examples
    --------
    >>> import tempfile
    >>> from jobtro.analysis import analyse
    >>> from jobtro.analysis.synth import SynthConfig, synthesize, write_folder
    >>> folder = write_folder(synthesize(SynthConfig(n_citizens=600, seed=4)), tempfile.mkdtemp())
    >>> results = analyse(folder)
    >>> team = results.suppressed(min_citizens=1000, min_staff=5)
    >>> team.to_dict()["suppressed"], team.to_dict()["effects"], team.report_html()
    (True, {}, '')
    """

    data: ResearchData
    panel: Panel
    distribution: dict[int, float]
    job12: dict[int, Proportion]
    change_share: Proportion
    hazards: HazardResults
    experiments: list[DidResult]
    sparring: SparringResult | None
    expectations: ExpectationsResult | None
    # Meeting forms and external partners (issue 7), see meeting_report.
    meetings: MeetingAnalysis | None = None
    generated_at: dt.datetime = field(default_factory=_utc_now)
    suppression: Suppression | None = None

    def to_dict(self) -> JSONObject:
        """The ``jobtro-results/1`` document: contract keys first, additions after.

        NaN and infinity are ``None``; a suppressed copy (:meth:`suppressed`) hides
        its small cells, or everything estimated when the whole group is small.
        """
        from jobtro.analysis.report import results_json

        doc = results_json(self)
        s = self.suppression
        if s is None:
            return doc
        cells = doc["job_within_12m_by_belief"]
        assert isinstance(cells, dict)
        for level in s.cells:
            cells[str(level)] = dict(_SUPPRESSED_CELL)
        if not s.whole:
            return doc
        # Nothing estimated may reach a reader of a group this small: not the effects,
        # nor the sentences and model terms that repeat them.
        kept: JSONObject = {key: doc[key] for key in _CONTRACT_KEYS}
        kept["belief_distribution"] = {}
        kept["job_within_12m_by_belief"] = cells
        kept["effects"] = {}
        kept["text"] = {"da": {}, "en": {}}
        kept["suppressed"] = True
        return kept

    def to_json(self) -> str:
        """The text of ``results.json``: :meth:`to_dict`, indented, UTF-8, no NaN."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False, allow_nan=False) + "\n"

    def report_html(self) -> str:
        """The self-contained Danish ``report.html`` (inline CSS and SVG, no script).

        Empty for a copy whose whole group is suppressed: there is nothing to report.
        """
        from jobtro.analysis.report import report_html

        if self.suppression is not None and self.suppression.whole:
            return ""
        return report_html(self, self.to_dict())

    def write(self, out: Path | str) -> tuple[Path, Path]:
        """Write ``OUT/results.json`` and ``OUT/report.html``; return their paths."""
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        results, report = folder / "results.json", folder / "report.html"
        results.write_text(self.to_json(), encoding="utf-8")
        report.write_text(self.report_html(), encoding="utf-8")
        return results, report

    def suppressed(self, *, min_citizens: int, min_staff: int) -> Results:
        """A copy for a small group: cells of fewer than ``min_citizens`` citizens hidden.

        Below ``min_citizens`` citizens or ``min_staff`` staff in all, the copy hides
        every estimate and has no report. A hidden cell is dropped from the typed
        ``job12`` too (an empty :class:`Proportion`), so nothing derived from it, such
        as the sentence comparing levels 1 and 5, shows its share.
        """
        cells = tuple(level for level, p in self.job12.items() if p.n < min_citizens)
        whole = len(self.data.citizens) < min_citizens or len(self.data.staff) < min_staff
        empty = Proportion(float("nan"), float("nan"), float("nan"), 0, 0)
        return dataclasses.replace(
            self,
            job12={level: empty if level in cells else p for level, p in self.job12.items()},
            suppression=Suppression(min_citizens, min_staff, cells, whole),
        )


def analyse(
    folder: Path | str,
    *,
    progress: Callable[[str], None] | None = None,
    period_days: int = 30,
    exact_timing: bool = False,
) -> Results:
    """Run the whole analysis on a research data folder (``jobtro-research/1``).

    Parameters
    ----------
    folder
        A research data folder: CSV or Parquet tables and ``meta.json``.
    progress
        Called with a short Danish label before each step (for a progress bar).
    period_days
        Length of a person-period; 30 days gives about 12 periods a year.
    exact_timing
        Split periods where ratings and changes happen (see
        :func:`jobtro.analysis.panel.build_panel`): exact, slower at national scale.

    Returns
    -------
    Results
        The typed estimates; ``to_json()`` and ``report_html()`` give the two files.

    Raises
    ------
    jobtro.analysis.io.ValidationFailed
        The folder breaks the schema; ``problems`` lists every problem found.
    jobtro.errors.UserError
        Too few events, or data that cannot separate the effects.

    Examples
    --------
    >>> import tempfile
    >>> from jobtro.analysis.synth import SynthConfig, synthesize, write_folder
    >>> d = write_folder(synthesize(SynthConfig(n_citizens=600, seed=4)), tempfile.mkdtemp())
    >>> results = analyse(d)
    >>> results.to_dict()["n_citizens"], results.panel.period_days
    (600, 30)
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
) -> Results:
    from jobtro.analysis import estimates as est
    from jobtro.analysis.io import load_folder
    from jobtro.analysis.meeting_report import analyse_meetings
    from jobtro.analysis.panel import build_panel

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
    step("rapport")
    return Results(
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
