"""In a real browser, the leader reads the team's trends as charts (issue 19, item 4):
inline SVG served by Jobtro (no request leaves for a CDN), series told apart by marker
and dash pattern as well as colour, the numbers in a table — and axe passes."""

from __future__ import annotations

import pytest

from tests.belief.test_team_charts import _team
from tests.browser.test_pages import log_in
from tests.browser_fixtures import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leader_reads_the_belief_trend_as_a_line_chart_with_the_table_beside_it(
    page, live_server, leader, team, target_group, instrument
):
    _team(team, target_group)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    log_in(page, live_server, "lone")
    page.goto(f"{live_server.url}/tro/team/{team.pk}/")

    chart = page.get_by_role(
        "img", name="Teamets gennemsnitlige tro på borgernes jobchance pr. kvartal"
    )
    assert chart.is_visible()
    assert chart.locator("path.chart-point").count() == 1  # one quarter large enough
    shares = page.get_by_role("img", name="Andelen af teamets vurderinger", exact=False)
    series = shares.locator("g.chart-series")
    assert series.count() == 2
    assert [series.nth(i).get_attribute("data-series") for i in range(2)] == ["doubt_or_no", "yes"]
    # Told apart without colour: a circle and a square, a solid and a dashed line.
    circle, square = (
        series.nth(i).locator("path.chart-point").first.get_attribute("d") for i in range(2)
    )
    assert circle.count("a") == 2 and "h" in square
    legend = page.locator("figure", has=shares).locator(".chart-legend line")
    assert [legend.nth(i).get_attribute("stroke-dasharray") for i in range(2)] == [None, "8 4"]
    assert page.get_by_role("table", name="Teamets vurderinger pr. kvartal").is_visible()
    assert page.get_by_role(
        "img", name="Skift af sagsbehandler for teamets borgere pr. kvartal"
    ).is_visible()
    assert all(r.startswith(live_server.url) for r in requests), requests
    assert axe_violations(page) == []
