"""The shared line chart (jobtro.core.charts): gaps for suppressed cells, and series that
differ in marker and dash pattern, not in colour alone."""

from __future__ import annotations

import pytest

from jobtro.core import charts


def test_a_missing_value_is_a_gap_and_never_a_point():
    chart = charts.line_chart(
        labels=["K1", "K2", "K3", "K4", "K5"],
        series=[charts.Series("mean", "Gennemsnit", [2.0, 3.0, None, 4.0, 4.5])],
        y_min=1, y_max=5, y_ticks=[1, 5],
    )  # fmt: skip
    drawn = chart.series[0]
    assert [p.label for p in drawn.points] == ["K1", "K2", "K4", "K5"]
    assert len(drawn.lines) == 2  # K1–K2 and K4–K5, nothing drawn across K3
    assert all(str(drawn.points[1].x) not in line.split(" ")[-1] for line in drawn.lines[1:])


def test_a_lone_point_between_gaps_is_a_marker_without_a_line():
    chart = charts.line_chart(
        labels=["K1", "K2", "K3"],
        series=[charts.Series("n", "Antal", [None, 3.0, None])],
        y_min=0, y_max=4, y_ticks=[0, 4],
    )  # fmt: skip
    assert chart.series[0].lines == () and len(chart.series[0].points) == 1
    assert chart.n_points == 1


def test_values_map_to_the_scale_top_to_bottom():
    chart = charts.line_chart(
        labels=["a", "b"],
        series=[charts.Series("v", "V", [1.0, 5.0])],
        y_min=1, y_max=5, y_ticks=[1, 3, 5],
    )  # fmt: skip
    low, high = chart.series[0].points
    assert (low.y, high.y) == (chart.bottom_edge, chart.top)
    assert (low.text, high.text) == ("1,0", "5,0")  # Danish decimal comma in the text
    assert [label for _, label in chart.y_ticks] == ["1", "3", "5"]


def test_series_differ_in_marker_and_dash_so_the_chart_reads_in_greyscale():
    chart = charts.line_chart(
        labels=["a", "b"],
        series=[charts.Series(k, k, [1.0, 2.0]) for k in ("a", "b", "c", "d")],
        y_min=0, y_max=4, y_ticks=[0, 4],
    )  # fmt: skip
    assert len({s.marker for s in chart.series}) == 4
    assert len({s.dash for s in chart.series}) == 4


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="3 values for 2 labels"):
        charts.line_chart(
            labels=["a", "b"], series=[charts.Series("v", "V", [1.0, 2.0, 3.0])],
            y_min=0, y_max=4, y_ticks=[0],
        )  # fmt: skip
    with pytest.raises(ValueError, match="at most 4 series"):
        charts.line_chart(
            labels=["a"], series=[charts.Series(str(i), "", [1.0]) for i in range(5)],
            y_min=0, y_max=4, y_ticks=[0],
        )  # fmt: skip


@pytest.mark.parametrize(("values", "bound"), [([], 4), ([3, None], 4), ([9], 12), ([150], 200)])
def test_counts_get_a_round_upper_bound(values, bound):
    assert charts.nice_max(values) == bound
