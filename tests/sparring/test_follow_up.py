"""Following up on sparring: the owner marks the follow-up done with a day and a short
note; "Mine sparringer" shows what is due, overdue and done. And the research export
carries each session's own before/after pair."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from jobtro.analysis import estimates as est
from jobtro.analysis.io import load_folder
from jobtro.core.models import AuditEvent
from jobtro.research.exports import export_research
from jobtro.sparring import services
from tests.sparring.test_sparring import ask, close

TODAY = timezone.localdate


@pytest.fixture
def closed(caseworker, colleague, citizen):
    return close(
        caseworker,
        ask(caseworker, citizen, [colleague]),
        follow_up_on=TODAY() + dt.timedelta(days=3),
    )


def follow_up_url(sparring):
    return reverse("practice:sparring_follow_up", args=[sparring.pk])


def test_the_owner_marks_the_follow_up_done_and_it_moves_to_done(client, caseworker, closed):
    client.force_login(caseworker.user)
    assert client.get(reverse("practice:sparring_list")).context["due"] == [closed]
    assert client.get(follow_up_url(closed)).status_code == 200
    response = client.post(
        follow_up_url(closed),
        {"followed_up_on": TODAY().isoformat(), "note": "Praktikken i butikken er startet."},
    )
    assert response.status_code == 302
    closed.refresh_from_db()
    assert closed.followed_up_on == TODAY()
    assert closed.follow_up_note == "Praktikken i butikken er startet."
    assert AuditEvent.objects.filter(
        action="practice.sparring.followed_up", citizen_id_ref=closed.citizen_id
    ).exists()
    page = client.get(reverse("practice:sparring_list"))
    assert page.context["due"] == [] and page.context["done"] == [closed]
    assert "Praktikken i butikken er startet." in page.content.decode()
    # Marked once: the page is gone.
    assert client.get(follow_up_url(closed)).status_code == 404


def test_an_overdue_follow_up_stays_on_the_list_until_it_is_done(
    client, caseworker, colleague, citizen
):
    sparring = close(caseworker, ask(caseworker, citizen, [colleague]))
    # Set as if the follow-up date was chosen long ago (the close form refuses a past date).
    sparring.follow_up_on = TODAY() - dt.timedelta(days=60)
    sparring.save(update_fields=["follow_up_on"])
    client.force_login(caseworker.user)
    response = client.get(reverse("practice:sparring_list"))
    assert response.context["due"] == [sparring]
    assert "overskredet" in response.content.decode()
    assert sparring.follow_up_overdue(TODAY())


@pytest.mark.parametrize(
    ("day", "note", "field", "message"),
    [
        ("", "Godt.", "followed_up_on", "Skriv datoen"),
        ("2025-02-31", "Godt.", "followed_up_on", "gyldig dato"),
        (1, "Godt.", "followed_up_on", "fremtiden"),
        (-400, "Godt.", "followed_up_on", "før sparringen"),
        (0, "   ", "note", "Skriv kort"),
        (0, "x" * 501, "note", "højst 500 tegn"),
        (0, "Talte med 010190-1234.", None, "CPR-nummer"),
        (0, "Testborger Ærø er i job.", None, "fulde navn"),
    ],
)
def test_bad_follow_up_input_is_refused_with_a_danish_message_and_nothing_saved(
    client, caseworker, closed, day, note, field, message
):
    # A number is days from today; a text is sent as typed.
    if isinstance(day, int):
        day = (TODAY() + dt.timedelta(days=day)).isoformat()
    client.force_login(caseworker.user)
    response = client.post(follow_up_url(closed), {"followed_up_on": day, "note": note})
    assert response.status_code == 422
    assert message in response.content.decode()
    if field:
        assert response.context["form"].errors[field]
    closed.refresh_from_db()
    assert closed.followed_up_on is None and closed.follow_up_note == ""


def test_an_open_session_cannot_be_followed_up(client, caseworker, colleague, citizen):
    sparring = ask(caseworker, citizen, [colleague])
    client.force_login(caseworker.user)
    assert client.get(follow_up_url(sparring)).status_code == 404
    with pytest.raises(ValidationError, match="Afslut sparringen"):
        services.mark_followed_up(
            owner=caseworker, sparring=sparring, followed_up_on=TODAY(), note="Godt."
        )


def test_a_participant_reads_the_follow_up_but_cannot_mark_it(
    client, caseworker, colleague, closed
):
    services.mark_followed_up(owner=caseworker, sparring=closed, followed_up_on=TODAY(), note="Ok.")
    client.force_login(colleague.user)
    detail = client.get(reverse("practice:sparring_detail", args=[closed.pk]))
    assert "Fulgt op" in detail.content.decode()
    assert client.get(follow_up_url(closed)).status_code == 404
    with pytest.raises(ValidationError, match="Kun sagsejeren"):
        services.mark_followed_up(owner=colleague, sparring=closed, followed_up_on=TODAY(), note="")


def test_strangers_get_404_on_the_follow_up(client, leader, outsider, closed):
    for who in (leader, outsider):
        client.force_login(who.user)
        assert client.get(follow_up_url(closed)).status_code == 404


def test_the_leaders_team_page_links_to_the_team_sparring(client, leader, caseworker, team):
    url = reverse("practice:sparring_team", args=[team.pk])
    client.force_login(leader.user)
    assert url in client.get(reverse("organisations:team", args=[team.pk])).content.decode()
    client.force_login(caseworker.user)
    assert url not in client.get(reverse("organisations:team", args=[team.pk])).content.decode()


def test_the_export_carries_the_linked_pair_and_the_analysis_uses_it(
    tmp_path, caseworker, colleague, citizen, target_group
):
    # Two sessions held and closed today: the old rule would read each "after" as "before".
    close(caseworker, ask(caseworker, citizen, [colleague], before=1), after=3)
    close(caseworker, ask(caseworker, citizen, [colleague], before=2), after=5)
    folder = export_research(out=tmp_path / "out").folder
    with (folder / "sparring.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    today = TODAY().isoformat()
    assert sorted((r["before_value"], r["after_value"]) for r in rows) == [("1", "3"), ("2", "5")]
    assert {r["before_date"] for r in rows} == {r["after_date"] for r in rows} == {today}
    result = est.sparring_effect(load_folder(folder))
    assert result.n_pairs == 2
    assert result.mean_before == pytest.approx(1.5)
    assert result.mean_change == pytest.approx(2.5)
