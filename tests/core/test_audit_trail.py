"""The read trail: one audit event per request for the citizens a response showed.

Pages of the product are used where they show the behaviour; a few small views below
(under ``urlpatterns``, used with ``@pytest.mark.urls``) show what no page does on
purpose: a rolled-back transaction, a streamed response, a one-time link's token.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, transaction
from django.http import HttpResponse, StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import path, reverse

from jobtro import urls as jobtro_urls
from jobtro.citizens.models import Citizen
from jobtro.citizens.services import assign_caseworker, create_citizen
from jobtro.core import audit
from jobtro.core.audit_actions import CITIZENS_SHOWN
from jobtro.core.models import ApiToken, AuditEvent

THIS = "tests.core.test_audit_trail"


def _rolled_back(request):
    citizen = Citizen.objects.get()
    try:
        with transaction.atomic():
            audit.log(actor=request.user, action="citizens.citizen.viewed", citizen=citizen)
            raise RuntimeError("the service failed after its audit call")
    except RuntimeError:
        pass
    return HttpResponse(citizen.name)


def _streamed(request):
    def rows():
        yield "start\n"
        for citizen in Citizen.objects.all():
            yield citizen.pseudonym + "\n"

    return StreamingHttpResponse(rows())


def _by_link(request, token):
    citizen = Citizen.objects.get()
    audit.log(actor=None, action="citizens.citizen.viewed", citizen=citizen)
    return HttpResponse("tak")


def _deferred(request):
    return HttpResponse(", ".join(str(c.pk) for c in Citizen.objects.only("pk")))


def _values_only(request):
    rows = list(Citizen.objects.values_list("pk", "pseudonym", "municipality_id"))
    audit.note_shown(rows)
    return HttpResponse(", ".join(p for _pk, p, _m in rows))


urlpatterns = [
    path("rulles-tilbage/", _rolled_back, name="rolled_back"),
    path("strøm/", _streamed, name="streamed"),
    path("link/<str:token>/", _by_link, name="by_link"),
    path("udskudt/", _deferred, name="deferred"),
    path("vaerdier/", _values_only, name="values_only"),
    # The real routes too: an error page draws the site's menu, which reverses them.
    *jobtro_urls.urlpatterns,
]


def shown_events():
    return AuditEvent.objects.filter(action=CITIZENS_SHOWN)


@pytest.fixture
def three_citizens(caseworker, target_group):
    made = []
    for year in (1980, 1985, 1990):
        c = create_citizen(
            actor=None,
            municipality=caseworker.municipality,
            birth_year=year,
            target_group=target_group,
            enrolled_on=dt.date(2025, 1, 6),
            name=f"Prøveborger {year}",
        )
        assign_caseworker(actor=None, citizen=c, caseworker=caseworker, start_date=c.enrolled_on)
        made.append(c)
    return made


def test_the_caseworkers_home_logs_who_read_which_citizens_from_which_page(
    client, caseworker, citizen
):
    client.force_login(caseworker.user)
    response = client.get(reverse("core:home"), REMOTE_ADDR="10.1.2.3")
    assert citizen.name in response.content.decode()
    event = shown_events().get()
    assert event.actor_username == "anna"
    assert event.citizen_ids == [citizen.pk]
    assert event.citizen_pseudonyms == [citizen.pseudonym]
    assert (event.citizen_id_ref, event.municipality_id_ref) == (
        citizen.pk,
        citizen.municipality_id,
    )
    assert (event.method, event.path, event.url_name) == ("GET", "/", "core:home")
    assert (event.via, event.ip_address) == ("web", "10.1.2.3")


def test_a_list_writes_one_event_naming_every_citizen_in_one_insert(
    client, caseworker, three_citizens
):
    client.force_login(caseworker.user)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("core:home"))
    inserts = [q for q in queries if q["sql"].startswith('INSERT INTO "core_auditevent"')]
    assert len(inserts) == 1
    event = shown_events().get()
    assert sorted(event.citizen_ids) == sorted(c.pk for c in three_citizens)
    assert event.citizen_id_ref is None  # a list: the ids are in citizen_ids
    assert event.detail == {"count": 3}


def test_a_citizen_named_by_an_explicit_event_gets_no_second_event(client, caseworker, citizen):
    client.force_login(caseworker.user)
    client.get(reverse("citizens:detail", args=[citizen.pk]))
    viewed = AuditEvent.objects.get(action="citizens.citizen.viewed")
    assert (viewed.path, viewed.url_name) == (f"/borgere/{citizen.pk}/", "citizens:detail")
    assert not shown_events().filter(citizen_id_ref=citizen.pk).exists()


def test_a_page_that_is_not_found_or_a_redirect_logs_no_read(
    client, outsider, external, referred_citizen
):
    client.force_login(outsider.user)
    assert client.get(reverse("citizens:detail", args=[referred_citizen.pk])).status_code == 404
    # The external partner's saved rating page loads the citizen, then sends them to the
    # form: the redirect shows nothing.
    client.force_login(external.user)
    response = client.get(reverse("belief:rated", args=[referred_citizen.pk]))
    assert response.status_code == 302
    assert not shown_events().exists()


def test_a_form_shown_again_with_errors_logs_the_citizen_it_shows(client, caseworker, citizen):
    client.force_login(caseworker.user)
    response = client.post(reverse("belief:rate", args=[citizen.pk]), {"value": "9"})
    assert response.status_code == 422
    assert citizen.pseudonym in response.content.decode()
    assert shown_events().get().citizen_ids == [citizen.pk]


def test_the_api_logs_reads_on_the_api_channel_with_a_token(client, caseworker, citizen):
    _token, raw = ApiToken.issue(user=caseworker.user, name="Fagsystem")
    response = client.get(
        reverse("api:get_citizen", args=[citizen.pk]), HTTP_AUTHORIZATION=f"Bearer {raw}"
    )
    assert response.json()["pseudonym"] == citizen.pseudonym
    event = AuditEvent.objects.get(action="citizens.citizen.viewed")
    assert (event.via, event.actor_username) == ("api", "anna")
    assert (event.path, event.url_name) == (f"/api/v1/citizens/{citizen.pk}", "api:get_citizen")
    assert not shown_events().exists()  # the explicit event names the citizen


@pytest.mark.urls(THIS)
def test_the_read_is_kept_when_the_views_transaction_rolls_back(client, caseworker, citizen):
    client.force_login(caseworker.user)
    response = client.get("/rulles-tilbage/")
    assert citizen.name in response.content.decode()
    assert not AuditEvent.objects.filter(action="citizens.citizen.viewed").exists()
    assert shown_events().get().citizen_ids == [citizen.pk]


@pytest.mark.urls(THIS)
def test_the_read_is_logged_under_atomic_requests(client, caseworker, citizen, settings):
    settings.DATABASES["default"]["ATOMIC_REQUESTS"] = True
    client.force_login(caseworker.user)
    assert client.get("/rulles-tilbage/").status_code == 200
    assert shown_events().get().citizen_ids == [citizen.pk]


@pytest.mark.urls(THIS)
def test_citizens_read_while_a_response_streams_are_logged_when_it_ends(
    client, caseworker, three_citizens
):
    client.force_login(caseworker.user)
    response = client.get("/strøm/")
    assert not shown_events().exists()  # nothing read yet
    body = b"".join(response.streaming_content).decode()
    assert all(c.pseudonym in body for c in three_citizens)
    assert sorted(shown_events().get().citizen_ids) == sorted(c.pk for c in three_citizens)


@pytest.mark.urls(THIS)
def test_a_one_time_links_token_is_not_written_into_the_log(client, citizen):
    token = "hemmeligt-link-123"
    client.get(f"/link/{token}/")
    event = AuditEvent.objects.get(action="citizens.citizen.viewed")
    assert token not in event.path
    assert (event.path, event.url_name, event.actor_username) == ("/link/…/", "by_link", "system")


@pytest.mark.urls(THIS)
def test_a_citizen_loaded_without_its_pseudonym_is_logged_with_it(client, caseworker, citizen):
    client.force_login(caseworker.user)
    client.get("/udskudt/")
    assert shown_events().get().citizen_pseudonyms == [citizen.pseudonym]


@pytest.mark.urls(THIS)
def test_citizens_shown_from_values_are_logged_through_note_shown(client, caseworker, citizen):
    client.force_login(caseworker.user)
    client.get("/vaerdier/")
    assert shown_events().get().citizen_ids == [citizen.pk]


@pytest.mark.urls(THIS)
def test_a_page_is_not_sent_when_its_audit_event_cannot_be_written(
    client, caseworker, citizen, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    client.force_login(caseworker.user)
    monkeypatch.setattr(AuditEvent.objects, "bulk_create", broken)
    client.raise_request_exception = False
    response = client.get("/vaerdier/")
    assert response.status_code == 500
    assert citizen.pseudonym not in response.content.decode()


def test_the_command_line_writes_no_automatic_read(citizen):
    before = AuditEvent.objects.count()
    assert list(Citizen.objects.all()) == [citizen]
    assert AuditEvent.objects.count() == before
