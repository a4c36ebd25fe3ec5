"""Line charts drawn on the server as inline SVG (no JavaScript, no CDN).

`line_chart` turns labelled values into coordinates; the template
`includes/line_chart.html` draws them. A value of None (a suppressed or empty cell) is
a gap in the line and never a point. Each series has its own marker shape and dash
pattern beside its colour, so the chart reads in greyscale; every point carries its
value as a tooltip, and the page keeps the numbers in a table for screen readers.

>>> chart = line_chart(
...     labels=["K1", "K2", "K3", "K4"],
...     series=[Series("mean", "Gennemsnit", [2.0, 2.5, None, 3.5])],
...     y_min=1, y_max=5, y_ticks=[1, 3, 5],
... )
>>> len(chart.series[0].points), len(chart.series[0].lines)  # K3 is a gap
(3, 1)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

# Colour, dash pattern and marker per series, in order: distinct without colour too.
STYLES = (
    ("#004c93", "", "circle"),
    ("#b34700", "8 4", "square"),
    ("#1e7a3e", "2 4", "triangle"),
    ("#454545", "12 4 2 4", "diamond"),
)


@dataclass(frozen=True, slots=True)
class Series:
    key: str
    label: str
    values: Sequence[float | None]


@dataclass(frozen=True, slots=True)
class ChartPoint:
    x: float
    y: float
    label: str  # the x label, e.g. "2026 K1"
    text: str  # the value as shown, e.g. "3,4" or "48 %"
    marker: str  # an SVG path


@dataclass(frozen=True, slots=True)
class DrawnSeries:
    key: str
    label: str
    colour: str
    dash: str
    marker: str  # circle, square, triangle, diamond
    lines: tuple[str, ...]  # "x,y x,y …" per unbroken run
    points: tuple[ChartPoint, ...]
    legend_marker: str  # the marker's path in the legend's small box


@dataclass(frozen=True, slots=True)
class LineChart:
    width: int
    height: int
    left: int
    right_edge: int
    top: int
    bottom_edge: int
    y_ticks: tuple[tuple[float, str], ...]
    x_labels: tuple[tuple[float, str], ...]
    series: tuple[DrawnSeries, ...]

    @property
    def n_points(self) -> int:
        return sum(len(s.points) for s in self.series)


def marker_path(shape: str, x: float, y: float, r: float = 4.5) -> str:
    """An SVG path for a marker centred on (x, y)."""
    if shape == "square":
        return f"M{x - r:.1f},{y - r:.1f}h{2 * r:.1f}v{2 * r:.1f}h{-2 * r:.1f}Z"
    if shape == "triangle":
        return f"M{x:.1f},{y - r * 1.2:.1f}L{x + r * 1.1:.1f},{y + r:.1f}L{x - r * 1.1:.1f},{y + r:.1f}Z"
    if shape == "diamond":
        return f"M{x:.1f},{y - r * 1.3:.1f}L{x + r * 1.3:.1f},{y:.1f}L{x:.1f},{y + r * 1.3:.1f}L{x - r * 1.3:.1f},{y:.1f}Z"
    return f"M{x - r:.1f},{y:.1f}a{r:.1f},{r:.1f} 0 1,0 {2 * r:.1f},0a{r:.1f},{r:.1f} 0 1,0 {-2 * r:.1f},0Z"


def _decimal(v: float) -> str:
    return f"{v:.1f}".replace(".", ",")


def line_chart(
    *,
    labels: Sequence[str],
    series: Sequence[Series],
    y_min: float,
    y_max: float,
    y_ticks: Sequence[float],
    tick_text: Callable[[float], str] = lambda v: f"{v:g}",
    value_text: Callable[[float], str] = _decimal,
    width: int = 600,
    height: int = 260,
) -> LineChart:
    """Coordinates for a line chart of one or more series over the same labels."""
    if len(series) > len(STYLES):
        raise ValueError(f"at most {len(STYLES)} series in one chart")
    left, right, top, bottom = 52, 36, 16, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(labels) - 1, 1)
    span = (y_max - y_min) or 1

    def x(i: int) -> float:
        return round(left + i * step, 1)

    def y(v: float) -> float:
        return round(top + plot_h * (y_max - v) / span, 1)

    drawn = []
    for s, (colour, dash, shape) in zip(series, STYLES, strict=False):
        if len(s.values) != len(labels):
            raise ValueError(f"series {s.key}: {len(s.values)} values for {len(labels)} labels")
        runs: list[list[str]] = [[]]
        points = []
        for i, value in enumerate(s.values):
            if value is None:
                runs.append([])
                continue
            runs[-1].append(f"{x(i)},{y(value)}")
            points.append(
                ChartPoint(
                    x(i), y(value), labels[i], value_text(value), marker_path(shape, x(i), y(value))
                )
            )
        drawn.append(
            DrawnSeries(
                key=s.key,
                label=s.label,
                colour=colour,
                dash=dash,
                marker=shape,
                lines=tuple(" ".join(r) for r in runs if len(r) > 1),
                points=tuple(points),
                legend_marker=marker_path(shape, 16, 8),
            )
        )
    return LineChart(
        width=width,
        height=height,
        left=left,
        right_edge=width - right,
        top=top,
        bottom_edge=top + plot_h,
        y_ticks=tuple((y(v), tick_text(v)) for v in y_ticks),
        x_labels=tuple((x(i), label) for i, label in enumerate(labels)),
        series=tuple(drawn),
    )


def nice_max(values: Sequence[float | None], *, minimum: float = 4) -> float:
    """A round upper bound for counts: 4, 8, 12, 20, 40 … at least `minimum`."""
    top = max([v for v in values if v is not None] + [minimum])
    for bound in (4, 8, 12, 20, 40, 60, 100, 200, 400, 1000):
        if top <= bound:
            return bound
    return float(top)
