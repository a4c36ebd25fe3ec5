"""The citizen page opens with an overview (issue 19, item 3): belief and its trend, the
next rating due, open sparring, the current placement and what the citizen said last —
each shown only to those the sections below are shown to — and a paged timeline, in a
fixed number of queries however long the citizen's history is."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jobtro.belief import services as belief
from jobtro.citizens.services import record_contact
from jobtro.citizens.views import TIMELINE_PAGE_SIZE
from jobtro.companies import services as companies
from jobtro.sparring import services as sparring
from tests.belief.conftest import days_ago, rate_at


def overview_of(html: str) -> str:
    start = html.index('id="overblik"')
    return html[start : html.index("</section>", start)]


def _company(caseworker):
    return companies.create_company(
        actor=caseworker,
        name="Demo Lager ApS",
        cvr="12345674",
        industry="Lager og logistik",
        address="Demovej 1",
        postal_code="8600",
        city="Silkeborg",
    )


def test_caseworker_sees_belief_trend_due_date_sparring_placement_and_the_citizens_words(
    client, caseworker, colleague, citizen, instrument
):
    rate_at(citizen, caseworker, 2, days_ago(100))
    _link, raw = belief.create_citizen_link(citizen=citizen, staff=caseworker)
    belief.record_citizen_answers(
        raw_token=raw, values={"cit_own_belief": 4}, comment="Jeg vil gerne på lager."
    )
    sparring.request_sparring(
        owner=caseworker,
        citizen=citizen,
        method="reflecting_team",
        description="Borgeren har lang ledighed bag sig og ønsker lagerarbejde.",
        participants=[colleague],
        belief_before=4,  # the belief before sparring is the latest own rating
    )
    companies.register_placement(
        author=caseworker,
        citizen=citizen,
        company=_company(caseworker),
        kind="virksomhedspraktik",
        start_date=timezone.localdate(),
        end_date=None,
    )
    client.force_login(caseworker.user)
    top = overview_of(client.get(reverse("citizens:detail", args=[citizen.pk])).content.decode())
    assert "<strong>4 · " in top and "op fra 2" in top
    due = timezone.localdate() + dt.timedelta(days=caseworker.municipality.rating_interval_days)
    assert due.strftime("%d.%m.%Y") in top
    assert "Reflekterende team, bedt om" in top
    assert "Virksomhedspraktik hos Demo Lager ApS" in top
    assert "«Jeg vil gerne på lager.»" in top


def test_a_first_rating_has_no_trend_and_an_unrated_citizen_says_so(
    client, caseworker, citizen, instrument
):
    client.force_login(caseworker.user)
    url = reverse("citizens:detail", args=[citizen.pk])
    assert "Du har ikke vurderet borgeren endnu." in overview_of(client.get(url).content.decode())
    rate_at(citizen, caseworker, 3, days_ago(5))
    top = overview_of(client.get(url).content.decode())
    assert "din første vurdering" in top and "op fra" not in top and "ned fra" not in top


def test_leader_sees_no_individual_belief_nor_the_citizens_words(
    client, caseworker, leader, citizen, instrument
):
    rate_at(citizen, caseworker, 2, days_ago(10))
    client.force_login(leader.user)
    top = overview_of(client.get(reverse("citizens:detail", args=[citizen.pk])).content.decode())
    assert "Din tro på jobchancen" not in top
    assert "Næste vurdering" not in top
    assert "Borgeren sagde sidst" not in top
    assert "Praktik eller job" in top  # leaders read placements (as below on the page)


def test_jump_links_name_only_the_sections_the_user_sees(client, caseworker, leader, citizen):
    client.force_login(caseworker.user)
    mine = client.get(reverse("citizens:detail", args=[citizen.pk])).content.decode()
    for anchor in ("#overblik", "#tro", "#henvisning", "#styrker", "#forventninger", "#forloeb"):
        assert f'href="{anchor}"' in mine, anchor
    client.force_login(leader.user)
    theirs = client.get(reverse("citizens:detail", args=[citizen.pk])).content.decode()
    assert 'href="#tro"' not in theirs and 'href="#styrker"' not in theirs
    assert 'href="#praktik"' in theirs and 'href="#forloeb"' in theirs


def _contacts(citizen, caseworker, n, start):
    for i in range(n):
        record_contact(
            actor=None,
            citizen=citizen,
            staff=caseworker,
            date=start + dt.timedelta(days=i),
            form="telefon",
        )


def test_the_timeline_is_paged_newest_first(client, caseworker, citizen):
    start = timezone.localdate() - dt.timedelta(days=200)
    _contacts(citizen, caseworker, TIMELINE_PAGE_SIZE + 5, start)
    client.force_login(caseworker.user)
    url = reverse("citizens:detail", args=[citizen.pk])
    first = client.get(url)
    assert len(first.context["timeline"].object_list) == TIMELINE_PAGE_SIZE
    newest = (start + dt.timedelta(days=TIMELINE_PAGE_SIZE + 4)).strftime("%d.%m.%Y")
    assert newest in first.content.decode()
    assert 'href="?forloeb=2#forloeb"' in first.content.decode()
    last = client.get(url, {"forloeb": 2})
    assert "Forløb startet" in last.content.decode()
    assert client.get(url, {"forloeb": "abc"}).status_code == 200  # nonsense: the first page


def test_the_page_takes_the_same_number_of_queries_however_long_the_history(
    client, caseworker, citizen, instrument
):
    client.force_login(caseworker.user)
    url = reverse("citizens:detail", args=[citizen.pk])
    start = timezone.localdate() - dt.timedelta(days=300)
    _contacts(citizen, caseworker, 3, start)
    rate_at(citizen, caseworker, 2, days_ago(90))
    client.get(url)  # warm caches (sessions, instrument)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _contacts(citizen, caseworker, 40, start + dt.timedelta(days=10))
    for d in (80, 60, 40, 20):
        rate_at(citizen, caseworker, 3, days_ago(d))
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many][len(few) :]
