"""Run charts: a signal worth looking into, or only noise?

The usual run-chart rules (Perla, Provost & Murray 2011, "The run chart: a simple
analytical tool for learning from variation in healthcare processes", BMJ Qual Saf
20:46–51), applied to the points that are not missing:

- **shift**: a run of consecutive points all above or all below the median that is
  longer than chance gives: at least six points (Perla et al.), and in longer series
  as many as it takes for a random order of the actual points above and below to
  give such a run at most 5 % of the time (:func:`shift_length`, the exact
  distribution of the longest run; the same idea as Anhøj & Olesen 2014,
  "Run charts revisited", PLoS One 9:e113825, whose log2(n) + 3 approximates it). A
  point on the median neither adds to nor breaks a shift;
- **trend**: five or more consecutive points all going up or all going down; a point
  equal to the one before it is ignored (it neither adds to nor breaks a trend);
- **runs**: a run is a series of points on the same side of the median (points on
  the median are skipped). Too few or too many runs signal non-random variation. The
  limits come from the exact distribution of the number of runs (Swed & Eisenhart
  1943) for the actual numbers of points above and below the median, 2.5 % in each
  tail: the classical two-sided 5 % critical values. Published run-chart tables
  (built on an even split) differ from these by at most one run for some lengths.
  The test needs at least ten useful points (not on the median).

The centre line is the median of all points. A frozen baseline median (the months
before a change, extended over the rest) is used only when the baseline has at least
``MIN_BASELINE`` points: the median of a short baseline is itself so uncertain that
pure noise then gives a "shift" in a third of the series (simulated in
tests/analysis/test_runchart.py). A signal is a reason to look closer, never proof
of a real change.

Examples
--------
>>> r = run_chart([3.0, 3.1, 2.9, 3.0, 3.2, 2.8, 3.4, 3.5, 3.6, 3.5, 3.7, 3.6], baseline=6)
>>> r.median, r.median_from, r.shift_found, [s.start for s in r.shifts]
(3.3, 'all', True, [0, 6])
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

SHIFT_LENGTH = 6  # the shortest run that counts as a shift
SHIFT_TAIL = 0.05  # a longer run is needed when chance gives one more often than this
MIN_BASELINE = 12  # baseline points needed for a frozen baseline median
TREND_LENGTH = 5
MIN_POINTS_FOR_RUNS = 10
TAIL = 0.025


@dataclass(frozen=True)
class Signal:
    """A stretch of points that makes a shift or a trend (indices into the series)."""

    kind: str  # "shift" or "trend"
    start: int
    end: int  # inclusive
    direction: str  # "up" or "down"


@dataclass(frozen=True)
class RunChart:
    """The rules applied to one series; indices refer to the input (missing points too)."""

    median: float | None
    median_from: str  # "baseline" or "all"
    shift_length: int  # the run length that made a shift in this series
    n_points: int  # points that are not missing
    n_useful: int  # points not on the median
    n_runs: int
    runs_low: int | None  # fewer runs than this: too few (None: too few points to test)
    runs_high: int | None  # more runs than this: too many
    shifts: tuple[Signal, ...]
    trends: tuple[Signal, ...]

    @property
    def shift_found(self) -> bool:
        return bool(self.shifts)

    @property
    def trend_found(self) -> bool:
        return bool(self.trends)

    @property
    def too_few_runs(self) -> bool:
        return self.runs_low is not None and self.n_runs < self.runs_low

    @property
    def too_many_runs(self) -> bool:
        return self.runs_high is not None and self.n_runs > self.runs_high

    @property
    def non_random(self) -> bool:
        """Any rule signals that the variation is more than noise."""
        return self.shift_found or self.trend_found or self.too_few_runs or self.too_many_runs


def median(values: Sequence[float]) -> float:
    """The middle value (mean of the two middle values for an even count).

    >>> median([3, 1, 2]), median([4, 1, 3, 2])
    (2, 2.5)
    """
    if not values:
        raise ValueError("median of no values")
    s = sorted(values)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


def runs_distribution(n_above: int, n_below: int) -> list[float]:
    """P(R = r) for r = 0 … n_above + n_below: the number of runs in a random order of
    ``n_above`` and ``n_below`` points (Swed & Eisenhart 1943).

    >>> [round(p, 4) for p in runs_distribution(2, 2)]
    [0.0, 0.0, 0.3333, 0.3333, 0.3333]
    """
    n = n_above + n_below
    probs = [0.0] * (n + 1)
    if n_above == 0 or n_below == 0:
        probs[1 if n else 0] = 1.0
        return probs
    total = math.comb(n, n_above)
    for r in range(2, n + 1):
        k = r // 2
        if r % 2 == 0:
            ways = 2 * math.comb(n_above - 1, k - 1) * math.comb(n_below - 1, k - 1)
        else:
            ways = math.comb(n_above - 1, k - 1) * math.comb(n_below - 1, k) + math.comb(
                n_above - 1, k
            ) * math.comb(n_below - 1, k - 1)
        probs[r] = ways / total
    return probs


def runs_limits(n_above: int, n_below: int, *, tail: float = TAIL) -> tuple[int, int]:
    """(low, high): fewer than ``low`` or more than ``high`` runs is unlikely by chance
    (each at most ``tail``).

    >>> runs_limits(5, 5), runs_limits(10, 10)
    ((3, 9), (7, 15))
    """
    probs = runs_distribution(n_above, n_below)
    low, below = 0, 0.0
    while low + 1 < len(probs) and below + probs[low] <= tail:
        below += probs[low]
        low += 1
    high, above = len(probs) - 1, 0.0
    while high > 0 and above + probs[high] <= tail:
        above += probs[high]
        high -= 1
    return low, high


@lru_cache(maxsize=4096)
def _orders_without_long_run(n_above: int, n_below: int, length: int) -> int:
    """How many orders of ``n_above`` and ``n_below`` points have no run of ``length``
    or more on one side (dynamic programming over the last run)."""

    @cache
    def ways(a: int, b: int, side: int, run: int) -> int:
        if a == 0 and b == 0:
            return 1
        total = 0
        if a and (side != 1 or run + 1 < length):
            total += ways(a - 1, b, 1, run + 1 if side == 1 else 1)
        if b and (side != -1 or run + 1 < length):
            total += ways(a, b - 1, -1, run + 1 if side == -1 else 1)
        return total

    return ways(n_above, n_below, 0, 0)


def longest_run_probability(n_above: int, n_below: int, length: int) -> float:
    """P(a random order of the points has a run of ``length`` or more on one side).

    >>> round(longest_run_probability(6, 6, 6), 4)  # 12 of the 924 orders
    0.013
    """
    total = math.comb(n_above + n_below, n_above)
    return 1 - _orders_without_long_run(n_above, n_below, length) / total


def shift_length(n_above: int, n_below: int, *, tail: float = SHIFT_TAIL) -> int:
    """The shortest run (at least ``SHIFT_LENGTH``) that chance gives at most ``tail``
    of the time for these numbers of points above and below the median.

    >>> shift_length(6, 6), shift_length(10, 10), shift_length(20, 20)
    (6, 7, 9)
    """
    length = SHIFT_LENGTH
    while length <= n_above + n_below and longest_run_probability(n_above, n_below, length) > tail:
        length += 1
    return length


def _sides(values: Sequence[float | None], centre: float) -> list[tuple[int, int]]:
    """(index, +1 above / -1 below) for points off the median."""
    return [
        (i, 1 if v > centre else -1) for i, v in enumerate(values) if v is not None and v != centre
    ]


def _shifts(sides: list[tuple[int, int]], length: int) -> list[Signal]:
    if not sides:
        return []
    found, run = [], [sides[0]]
    for point in [*sides[1:], (None, 0)]:
        if point[1] == run[0][1]:
            run.append(point)  # type: ignore[arg-type]
            continue
        if len(run) >= length:
            found.append(Signal("shift", run[0][0], run[-1][0], "up" if run[0][1] > 0 else "down"))
        run = [point]  # type: ignore[list-item]
    return found


def _trends(values: Sequence[float | None]) -> list[Signal]:
    # Drop missing points and points equal to the one before: they neither add nor break.
    kept: list[tuple[int, float]] = []
    for i, v in enumerate(values):
        if v is None or (kept and v == kept[-1][1]):
            continue
        kept.append((i, v))
    found: list[Signal] = []
    start, direction = 0, 0
    for j in range(1, len(kept) + 1):
        step = 0 if j == len(kept) else (1 if kept[j][1] > kept[j - 1][1] else -1)
        if step != direction or j == len(kept):
            if direction and j - start >= TREND_LENGTH:
                found.append(
                    Signal(
                        "trend", kept[start][0], kept[j - 1][0], "up" if direction > 0 else "down"
                    )
                )
            start, direction = j - 1, step
    return found


def run_chart(values: Sequence[float | None], *, baseline: int | None = None) -> RunChart:
    """Apply the run-chart rules to ``values`` in time order (None = a missing point).

    ``baseline``: the number of leading entries (missing ones included) whose median is
    the centre line when at least ``MIN_BASELINE`` of them are not missing; otherwise
    the median of all points is used (``median_from`` says which).
    """
    shown = [v for v in values if v is not None]
    if not shown:
        return RunChart(None, "all", SHIFT_LENGTH, 0, 0, 0, None, None, (), ())
    base = [v for v in values[:baseline] if v is not None] if baseline else []
    if len(base) >= MIN_BASELINE:
        centre, median_from = median(base), "baseline"
    else:
        centre, median_from = median(shown), "all"
    sides = _sides(values, centre)
    n_runs = sum(1 for j, (_, s) in enumerate(sides) if j == 0 or s != sides[j - 1][1])
    above = sum(1 for _, s in sides if s > 0)
    length = shift_length(above, len(sides) - above)
    low = high = None
    if len(sides) >= MIN_POINTS_FOR_RUNS:
        low, high = runs_limits(above, len(sides) - above)
    return RunChart(
        median=centre,
        median_from=median_from,
        shift_length=length,
        n_points=len(shown),
        n_useful=len(sides),
        n_runs=n_runs,
        runs_low=low,
        runs_high=high,
        shifts=tuple(_shifts(sides, length)),
        trends=tuple(_trends(values)),
    )
