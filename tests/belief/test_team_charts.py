"""The leader's trends as line charts (issue 19, item 4): belief, shares, sparring
before/after and caseworker changes per quarter, drawn by Jobtro itself, with the table
kept beside each — and a suppressed quarter is a gap, never a point."""

from __future__ import annotations

import datetime as dt
import re

from django.urls import reverse
from django.utils import timezone

from jobtro.belief import queries
from jobtro.citizens.services import assign_caseworker, create_citizen
from jobtro.sparring import services as sparring
from tests.belief.conftest import days_ago, rate_at
from tests.conftest import DAY0, _staff


def _team(team, target_group, *, n_staff=5, n_citizens=10):
    staff = [_staff(f"cw{i}", "caseworker", team.municipality, team) for i in range(n_staff)]
    citizens = []
    for i in range(n_citizens):
        c = create_citizen(
            actor=None,
            municipality=team.municipality,
            birth_year=1980,
            target_group=target_group,
            enrolled_on=DAY0,
        )
        assign_caseworker(actor=None, citizen=c, caseworker=staff[i % n_staff], start_date=DAY0)
        rate_at(c, staff[i % n_staff], 1 + i % 5, days_ago(3))
        citizens.append(c)
    return staff, citizens


def _label(day: dt.date) -> str:
    year, q = queries.quarter_of(day)
    return f"{year} K{q}"


def points_in(html: str, chart_id: str) -> list[str]:
    svg = html[html.index(f'aria-labelledby="{chart_id}-title') :]
    svg = svg[: svg.index("</svg>")]
    return re.findall(r'<path class="chart-point"[^>]*><title>([^<]*)</title>', svg)


def test_the_leader_sees_the_quarters_as_charts_and_a_suppressed_quarter_is_a_gap(
    client, leader, team, target_group, instrument
):
    staff, citizens = _team(team, target_group)
    # Half a year ago only two citizens were rated: that quarter is too small to show.
    old = days_ago(190)
    for c, s in zip(citizens[:2], staff[:2], strict=True):
        rate_at(c, s, 5, old)
    client.force_login(leader.user)
    html = client.get(reverse("belief:team", args=[team.pk])).content.decode()

    now, small = _label(timezone.localdate()), _label(timezone.localdate(old))
    assert points_in(html, "chart-belief") == [f"Gennemsnit (1–5), {now}: 3,0"]
    shares = points_in(html, "chart-shares")
    assert f"Tvivl eller nej (1–2), {now}: 40 %" in shares and f"Ja (4–5), {now}: 40 %" in shares
    assert not any(small in p for p in points_in(html, "chart-belief") + shares)
    # The table stays the accessible alternative, with the suppressed quarter named.
    row = html[html.index(f'<th scope="row">{small}</th>') :][:200]
    assert "For få til at vise" in row
    assert 'role="img"' in html and "Tallene står i tabellen under diagrammet." in html


def test_caseworker_changes_are_counted_per_quarter(client, leader, team, target_group, instrument):
    staff, citizens = _team(team, target_group)
    assign_caseworker(
        actor=None,
        citizen=citizens[0],
        caseworker=staff[1],
        start_date=timezone.localdate() - dt.timedelta(days=1),
    )
    client.force_login(leader.user)
    html = client.get(reverse("belief:team", args=[team.pk])).content.decode()
    changes = points_in(html, "chart-changes")
    assert len(changes) == 8
    assert f"Skift af sagsbehandler, {_label(timezone.localdate())}: 1" in changes


def test_a_small_team_gets_no_points_at_all(client, leader, team, target_group, instrument):
    _team(team, target_group, n_staff=4, n_citizens=10)
    client.force_login(leader.user)
    html = client.get(reverse("belief:team", args=[team.pk])).content.decode()
    assert "chart-point" not in html
    assert html.count("Ingen kvartaler med nok tal til at vise.") == 4


def _spar(staff, citizens, indices):
    for i in indices:
        c = citizens[i]
        owner = staff[i % len(staff)]
        session = sparring.request_sparring(
            owner=owner,
            citizen=c,
            method="reflecting_team",
            description="Borgeren har prøvet to praktikker, der stoppede efter få uger.",
            participants=[staff[(i + 1) % len(staff)]],
            belief_before=2,
        )
        sparring.close_sparring(
            owner=owner,
            sparring=session,
            held_on=timezone.localdate(),
            perspectives="Se på rammerne.",
            next_steps="Kortere dage i starten.",
            belief_after=3 + i % 2,
        )


def test_sparring_before_and_after_is_drawn_only_for_a_large_enough_quarter(
    client, leader, team, target_group, instrument
):
    staff, citizens = _team(team, target_group)
    _spar(staff, citizens, range(9))
    client.force_login(leader.user)
    url = reverse("belief:team", args=[team.pk])
    assert points_in_or_none(client.get(url).content.decode(), "chart-sparring") is None
    _spar(staff, citizens, [9])  # the tenth citizen: the quarter is shown
    html = client.get(url).content.decode()
    now = _label(timezone.localdate())
    assert points_in(html, "chart-sparring") == [
        f"Før sparring, {now}: 2,0",
        f"Efter sparring, {now}: 3,5",
    ]


def points_in_or_none(html: str, chart_id: str) -> list[str] | None:
    return points_in(html, chart_id) if f'"{chart_id}-title' in html else None
