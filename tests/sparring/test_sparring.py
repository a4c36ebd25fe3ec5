"""Sparring — "flere øjne på sagen": the case owner asks, colleagues take part, belief
before and after is recorded as ordinary ratings, leaders see aggregates only."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from jobtro.belief.models import Context, Rating
from jobtro.core.models import AuditEvent
from jobtro.organisations.models import Role
from jobtro.research.exports import export_research
from jobtro.sparring import services
from jobtro.sparring.methods import team_sparring_summary
from jobtro.sparring.models import Sparring, SparringMethod
from tests.conftest import _staff

DESCRIPTION = "Borgeren har været ledig længe og har svært ved at se sig selv i et job."


def ask(owner, citizen, participants, *, before=2, method=SparringMethod.RESOURCE_ROUND):
    return services.request_sparring(
        owner=owner,
        citizen=citizen,
        method=method,
        description=DESCRIPTION,
        participants=participants,
        belief_before=before,
    )


def close(owner, sparring, *, after=4, follow_up_on=None):
    return services.close_sparring(
        owner=owner,
        sparring=sparring,
        held_on=timezone.localdate(),
        perspectives="Hun har overblik og tager ansvar derhjemme.",
        next_steps="Besøg en virksomhed sammen med hende.",
        belief_after=after,
        follow_up_on=follow_up_on,
    )


@pytest.fixture
def sparring(caseworker, colleague, citizen):
    return ask(caseworker, citizen, [colleague])


def form_data(colleague, **changes):
    data = {
        "method": SparringMethod.REFLECTING_TEAM,
        "description": DESCRIPTION,
        "participants": [colleague.pk],
        "belief_before": "2",
    }
    return data | changes


def test_a_cpr_number_in_the_case_is_refused_and_nothing_is_saved(
    client, caseworker, colleague, citizen
):
    client.force_login(caseworker.user)
    data = form_data(colleague, description="Borgeren (010190-1234) har svært ved at se et job.")
    response = client.post(reverse("practice:sparring_create", args=[citizen.pk]), data)
    assert response.status_code == 422
    assert "CPR-nummer" in response.content.decode()
    assert not Sparring.objects.exists()
    assert not Rating.objects.exists()


def test_the_citizens_full_name_in_the_case_is_refused(client, caseworker, colleague, citizen):
    client.force_login(caseworker.user)
    data = form_data(colleague, description="Testborger  ærø har svært ved at se et job.")
    response = client.post(reverse("practice:sparring_create", args=[citizen.pk]), data)
    assert response.status_code == 422
    assert "fulde navn" in response.content.decode()
    assert not Sparring.objects.exists() and not Rating.objects.exists()


def test_a_session_without_participants_is_refused(caseworker, citizen):
    with pytest.raises(ValidationError):
        ask(caseworker, citizen, [])
    assert not Sparring.objects.exists()


def test_an_outsider_cannot_take_part(caseworker, citizen, outsider):
    with pytest.raises(ValidationError):
        ask(caseworker, citizen, [outsider])
    assert not Sparring.objects.exists()


def test_happy_path_records_belief_before_and_after_as_ratings(
    client, caseworker, colleague, citizen
):
    client.force_login(caseworker.user)
    page = client.get(reverse("citizens:detail", args=[citizen.pk]))
    assert reverse("practice:sparring_create", args=[citizen.pk]) in page.content.decode()
    response = client.post(
        reverse("practice:sparring_create", args=[citizen.pk]), form_data(colleague)
    )
    sparring = Sparring.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("practice:sparring_detail", args=[sparring.pk])
    assert sparring.before_rating.context == Context.BEFORE_SPARRING
    assert sparring.before_rating.value == 2
    assert list(sparring.participants.all()) == [colleague]

    today = timezone.localdate()
    response = client.post(
        reverse("practice:sparring_close", args=[sparring.pk]),
        {
            "held_on": today.isoformat(),
            "perspectives": "Hun har overblik.",
            "next_steps": "Praktik i en butik.",
            "belief_after": "2",  # the same value a moment later is still a new rating
            "follow_up_on": (today + dt.timedelta(days=5)).isoformat(),
        },
    )
    assert response.status_code == 302
    sparring.refresh_from_db()
    assert sparring.is_closed
    assert sparring.after_rating.context == Context.AFTER_SPARRING
    assert sparring.after_rating.pk != sparring.before_rating.pk
    assert Rating.objects.filter(citizen=citizen, rater=caseworker).count() == 2
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"practice.sparring.created", "practice.sparring.closed"} <= actions
    # Closed once: the close page is gone.
    assert client.get(reverse("practice:sparring_close", args=[sparring.pk])).status_code == 404


def test_a_session_cannot_be_held_in_the_future(caseworker, sparring):
    with pytest.raises(ValidationError):
        services.close_sparring(
            owner=caseworker,
            sparring=sparring,
            held_on=timezone.localdate() + dt.timedelta(days=1),
            perspectives="",
            next_steps="Noget nyt.",
            belief_after=3,
        )
    sparring.refresh_from_db()
    assert not sparring.is_closed and sparring.after_rating is None


def test_a_participant_reads_the_case_and_the_read_is_logged(client, colleague, sparring):
    client.force_login(colleague.user)
    response = client.get(reverse("practice:sparring_detail", args=[sparring.pk]))
    assert response.status_code == 200
    assert DESCRIPTION in response.content.decode()
    assert AuditEvent.objects.filter(
        action="practice.sparring.viewed", actor=colleague.user, citizen_id_ref=sparring.citizen_id
    ).exists()
    # A participant reads; only the owner closes.
    assert client.get(reverse("practice:sparring_close", args=[sparring.pk])).status_code == 404


def test_a_colleague_who_is_not_a_participant_gets_404(
    client, caseworker, colleague, citizen, team
):
    carl = _staff("carl", Role.CASEWORKER, team.municipality, team)
    sparring = ask(caseworker, citizen, [carl])
    client.force_login(colleague.user)
    assert client.get(reverse("practice:sparring_detail", args=[sparring.pk])).status_code == 404
    assert client.get(reverse("practice:sparring_list")).context["sessions"] == []


def test_the_leader_gets_404_on_the_case_but_sees_the_team_page(client, leader, team, sparring):
    client.force_login(leader.user)
    assert client.get(reverse("practice:sparring_detail", args=[sparring.pk])).status_code == 404
    response = client.get(reverse("practice:sparring_team", args=[team.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "regression mod middelværdien" in body
    assert DESCRIPTION not in body


def test_an_outsider_gets_404(client, outsider, sparring, team):
    client.force_login(outsider.user)
    assert client.get(reverse("practice:sparring_detail", args=[sparring.pk])).status_code == 404
    assert client.get(reverse("practice:sparring_team", args=[team.pk])).status_code == 404
    url = reverse("practice:sparring_create", args=[sparring.citizen_id])
    assert client.get(url).status_code == 404


def test_only_the_current_caseworker_asks_for_sparring(client, colleague, citizen):
    client.force_login(colleague.user)
    url = reverse("practice:sparring_create", args=[citizen.pk])
    assert client.get(url).status_code == 404
    with pytest.raises(ValidationError):
        ask(colleague, citizen, [colleague])


def test_my_sparring_lists_due_follow_ups(client, caseworker, colleague, sparring):
    close(caseworker, sparring, follow_up_on=timezone.localdate() + dt.timedelta(days=3))
    client.force_login(caseworker.user)
    response = client.get(reverse("practice:sparring_list"))
    assert response.status_code == 200
    assert response.context["due"] == [sparring]
    client.force_login(colleague.user)
    response = client.get(reverse("practice:sparring_list"))
    assert response.context["due"] == [] and response.context["sessions"] == [sparring]


def test_team_aggregates_are_suppressed_below_the_minimum(
    settings, caseworker, colleague, citizen, team
):
    settings.SUPPRESS_MIN_CITIZENS = 3
    for before, after in [(1, 3), (2, 2)]:
        close(caseworker, ask(caseworker, citizen, [colleague], before=before), after=after)
    assert team_sparring_summary(team=team).suppressed
    close(caseworker, ask(caseworker, citizen, [colleague], before=3), after=2)
    summary = team_sparring_summary(team=team)
    assert not summary.suppressed
    assert summary.n_sessions == 3
    assert summary.overall.mean_change == pytest.approx(1 / 3)
    assert summary.overall.share_up == pytest.approx(1 / 3)
    resource = next(m for m in summary.methods if m.method == SparringMethod.RESOURCE_ROUND)
    assert resource.n_sessions == 3 and resource.before_after is not None


def test_the_export_has_one_sparring_row_per_held_session(tmp_path, caseworker, colleague, citizen):
    held = ask(caseworker, citizen, [colleague])
    close(caseworker, held)
    ask(caseworker, citizen, [colleague])  # not held yet: not in the table
    folder = export_research(out=tmp_path / "out").folder
    with (folder / "sparring.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    with (folder / "staff.csv").open(encoding="utf-8") as handle:
        staff_ids = {r["staff_id"] for r in csv.DictReader(handle)}
    with (folder / "citizens.csv").open(encoding="utf-8") as handle:
        citizen_ids = {r["citizen_id"] for r in csv.DictReader(handle)}
    assert len(rows) == 1
    assert list(rows[0])[:3] == ["citizen_id", "staff_id", "date"]
    assert rows[0]["date"] == timezone.localdate().isoformat()
    assert rows[0]["staff_id"] in staff_ids and rows[0]["citizen_id"] in citizen_ids


def test_a_citizen_who_is_not_ones_own_cannot_be_chosen(client, caseworker, colleague, citizen):
    client.force_login(colleague.user)

    response = client.get("/praksis/sparring/ny/", {"borger": citizen.pk}, follow=True)

    assert response.redirect_chain[-1][0] == "/praksis/sparring/"
    assert "Vælg en af dine egne borgere." in response.content.decode()
    assert not Sparring.objects.exists()
