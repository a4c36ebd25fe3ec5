"""The pages: rate in one screen, the previous rating only after saving, corrections,
the citizen's link, "Min tro", and a leader who only ever sees team aggregates."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from jobtro.belief import services
from jobtro.belief.models import CitizenLink, Rating
from jobtro.core.models import AuditEvent
from tests.belief.conftest import days_ago, rate_at


def post_rating(client, citizen, **data):
    payload = {"item_belief_job_1y": "4", "context": "routine", "idempotency_key": "key-1"}
    payload.update(data)
    return client.post(reverse("belief:rate", args=[citizen.pk]), payload)


def test_the_rating_page_shows_the_anchors_but_not_the_previous_rating(
    client, caseworker, citizen, instrument
):
    rate_at(citizen, caseworker, 2, days_ago(100))
    client.force_login(caseworker.user)
    response = client.get(reverse("belief:rate", args=[citizen.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tror du, at borgeren er i job eller uddannelse inden for det næste år?" in html
    assert "Jeg er overbevist om det, uden forbehold." in html
    # The previous rating must not anchor the new one: nothing of it is on the page.
    assert "vurderede du" not in html and "Tvivler</strong>" not in html
    assert "checked" not in html


def test_saving_shows_the_previous_rating_afterwards(client, caseworker, citizen, instrument):
    old = rate_at(citizen, caseworker, 2, days_ago(100))
    client.force_login(caseworker.user)
    response = post_rating(client, citizen, reason="Har fået praktik.")
    new = Rating.objects.get(context="routine", reason="Har fået praktik.")
    assert response.status_code == 302 and response["Location"] == (
        f"{reverse('belief:rated', args=[citizen.pk])}?runde={new.pk}"
    )
    page = client.get(response["Location"]).content.decode()
    assert "Din vurdering er gemt." in page
    assert f"Sidst, den {timezone.localtime(old.rated_at):%d.%m.%Y}, vurderede du 2" in page
    assert "Din tro er steget siden sidst." in page


def test_the_saved_page_falls_back_to_the_last_round_on_a_bad_round_address(
    client, caseworker, citizen, instrument
):
    rate_at(citizen, caseworker, 2, days_ago(100))
    client.force_login(caseworker.user)
    post_rating(client, citizen)
    for bad in ("x", "999999", "-1", ""):
        page = client.get(reverse("belief:rated", args=[citizen.pk]), {"runde": bad})
        assert page.status_code == 200
        assert "Din tro lige nu: 4" in page.content.decode()


def test_a_double_click_stores_one_rating(client, caseworker, citizen, instrument):
    client.force_login(caseworker.user)
    post_rating(client, citizen)
    post_rating(client, citizen)
    assert Rating.objects.count() == 1


@pytest.mark.parametrize("value", ["0", "6", "x", ""])
def test_an_out_of_range_value_is_refused_with_a_danish_message(
    client, caseworker, citizen, instrument, value
):
    client.force_login(caseworker.user)
    response = post_rating(client, citizen, item_belief_job_1y=value)
    assert response.status_code == 422
    assert "Vælg" in response.content.decode()
    assert not Rating.objects.exists()


def test_a_cpr_number_in_the_reason_is_refused(client, caseworker, citizen, instrument):
    client.force_login(caseworker.user)
    response = post_rating(client, citizen, raise_belief="Ring på 010190-1234")
    assert response.status_code == 422
    assert "CPR-nummer" in response.content.decode()
    assert not Rating.objects.exists()


@pytest.mark.parametrize(
    "persona", ["colleague", "leader", "researcher", "administrator", "outsider"]
)
def test_anyone_but_the_caseworker_gets_404_on_the_rating_pages(
    client, personas, citizen, rating, persona
):
    client.force_login(getattr(personas, persona).user)
    for name in ("belief:rate", "belief:rated", "belief:correct"):
        assert client.get(reverse(name, args=[citizen.pk])).status_code == 404
    assert post_rating(client, citizen).status_code == 404
    assert Rating.objects.count() == 1


def test_a_correction_keeps_both_ratings(client, caseworker, citizen, rating):
    client.force_login(caseworker.user)
    page = client.get(reverse("belief:correct", args=[citizen.pk]))
    assert page.status_code == 200 and 'value="2" checked' in page.content.decode()
    response = client.post(
        reverse("belief:correct", args=[citizen.pk]),
        {"item_belief_job_1y": "3", "context": "routine", "idempotency_key": "fix-1"},
    )
    assert response.status_code == 302
    assert Rating.objects.count() == 2
    assert Rating.objects.current().get().supersedes_id == rating.pk


def test_the_citizen_page_shows_my_belief_beside_the_citizens_own(
    client, caseworker, citizen, rating
):
    _link, raw = services.create_citizen_link(citizen=citizen, staff=caseworker)
    services.record_citizen_answers(
        raw_token=raw, values={"cit_own_belief": 5}, comment="Jeg vil gerne være kok."
    )
    client.force_login(caseworker.user)
    html = client.get(reverse("citizens:detail", args=[citizen.pk])).content.decode()
    assert "Min tro" in html and "Borgerens egen tro" in html
    assert "Jeg vil gerne være kok." in html
    assert "2 · Tvivler" in html


def test_the_leader_sees_no_rating_on_the_citizen_page(client, leader, citizen, rating):
    client.force_login(leader.user)
    html = client.get(reverse("citizens:detail", args=[citizen.pk])).content.decode()
    assert "Min tro" not in html and "Tvivler" not in html


def test_the_caseworker_makes_a_link_and_the_citizen_answers_without_login(
    client, caseworker, citizen, instrument
):
    client.force_login(caseworker.user)
    response = client.post(reverse("belief:create_link", args=[citizen.pk]))
    assert response.status_code == 200
    url = response.context["url"]
    client.logout()
    path = url.split("testserver")[1]
    form = client.get(path)
    assert form.status_code == 200 and "Tror du selv" in form.content.decode()
    assert form["Cache-Control"].startswith("max-age=0") or "no-cache" in form["Cache-Control"]
    done = client.post(path, {"item_cit_own_belief": "4", "comment": "Gode hænder."})
    assert done.status_code == 200 and "Tak for dine svar" in done.content.decode()
    again = client.get(path)
    assert again.status_code == 410 and "Du har allerede svaret" in again.content.decode()
    reused = client.post(path, {"item_cit_own_belief": "1"})
    assert reused.status_code == 410
    assert Rating.objects.filter(rater_type="citizen").count() == 1


def test_an_expired_link_gets_a_friendly_page(client, caseworker, citizen, instrument):
    link, raw = services.create_citizen_link(citizen=citizen, staff=caseworker)
    CitizenLink.objects.filter(pk=link.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    response = client.get(reverse("belief:answer", args=[raw]))
    assert response.status_code == 410 and "Linket er udløbet" in response.content.decode()
    assert client.get(reverse("belief:answer", args=["x" * 500])).status_code == 404


def test_a_citizen_answer_with_a_cpr_number_is_refused_and_the_link_stays_open(
    client, caseworker, citizen, instrument
):
    _link, raw = services.create_citizen_link(citizen=citizen, staff=caseworker)
    response = client.post(
        reverse("belief:answer", args=[raw]), {"item_cit_own_belief": "4", "comment": "0101901234"}
    )
    assert response.status_code == 422 and "CPR-nummer" in response.content.decode()
    assert client.get(reverse("belief:answer", args=[raw])).status_code == 200


def test_min_tro_shows_my_distribution_beside_the_research(client, caseworker, citizen, rating):
    client.force_login(caseworker.user)
    response = client.get(reverse("belief:mine"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Forskningen (BIP)" in html and "6 %" in html
    assert "flere øjne på sagen" in html  # the low-belief citizen comes with an invitation
    assert citizen.name in html
    assert "Teamets tal vises ikke" in html  # two caseworkers: the team cell is suppressed


def test_the_home_page_lists_due_ratings(client, caseworker, citizen, instrument):
    client.force_login(caseworker.user)
    html = client.get(reverse("core:home")).content.decode()
    assert "Din tro på borgerne" in html and reverse("belief:rate", args=[citizen.pk]) in html


def test_the_general_belief_survey(client, caseworker, instrument):
    client.force_login(caseworker.user)
    page = client.get(reverse("belief:general"))
    assert "Hvor mange af 10 borgere i din målgruppe" in page.content.decode()
    data = {
        f"item_{code}": "3"
        for code in (
            "gb_ten_citizens",
            "gb_everyone_can_move",
            "gb_my_work_matters",
            "gb_see_resources",
        )
    }
    response = client.post(reverse("belief:general"), {**data, "idempotency_key": "g1"})
    assert response.status_code == 302
    client.post(reverse("belief:general"), {**data, "idempotency_key": "g1"})
    assert caseworker.general_belief.count() == 4


def test_the_leader_sees_team_aggregates_with_small_cells_suppressed(client, leader, team, rating):
    client.force_login(leader.user)
    html = client.get(reverse("belief:team", args=[team.pk])).content.decode()
    assert "For få til at vise" in html
    assert rating.citizen.name not in html and rating.citizen.pseudonym not in html
    assert AuditEvent.objects.filter(action="belief.team.viewed").exists()


def test_with_enough_staff_and_citizens_the_leader_sees_the_distribution(
    client, leader, team, target_group, instrument
):
    from jobtro.citizens.services import assign_caseworker, create_citizen
    from tests.conftest import DAY0, _staff

    staff = [_staff(f"cw{i}", "caseworker", team.municipality, team) for i in range(5)]
    for i in range(10):
        c = create_citizen(
            actor=None,
            municipality=team.municipality,
            birth_year=1980,
            target_group=target_group,
            enrolled_on=DAY0,
        )
        assign_caseworker(actor=None, citizen=c, caseworker=staff[i % 5], start_date=DAY0)
        rate_at(c, staff[i % 5], 1 + i % 5, days_ago(3))
    client.force_login(leader.user)
    html = client.get(reverse("belief:team", args=[team.pk])).content.decode()
    assert "For få til at vise" not in html.split("Udviklingen")[0]
    assert "40 %" in html  # 1–2: four of ten
    home = client.get(reverse("core:home")).content.decode()
    assert "tvivl eller nej 40 %" in home
