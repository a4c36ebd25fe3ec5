"""Error pages are Jobtro's own: in the user's language, in the site's frame, and the
500 page shows even when the database does not answer."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from jobtro.citizens.models import Contact
from jobtro.core import error_views

FRAME = 'class="jobtro-logo"'
pytestmark = pytest.mark.urls("tests.core.error_urls")


def english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


def add_contact_url(citizen) -> str:
    return reverse("citizens:add_contact", args=[citizen.pk])


# --- 400 -----------------------------------------------------------------------------------


def test_an_oversized_form_gets_a_danish_page_and_nothing_is_saved(client, caseworker, citizen):
    client.force_login(caseworker.user)
    response = client.post(
        add_contact_url(citizen),
        {"date": "2025-02-01", "form": "telefon", "note": "x" * (6 * 1024 * 1024)},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Det sendte kunne ikke modtages" in page
    assert "højst 5 MB" in page and "Intet er gemt" in page
    assert FRAME in page and "Bad Request" not in page
    assert not Contact.objects.filter(citizen=citizen).exists()


def test_a_form_with_too_many_fields_gets_a_danish_page(client, caseworker, citizen):
    client.force_login(caseworker.user)
    fields = {f"felt{n}": "1" for n in range(1100)}
    response = client.post(add_contact_url(citizen), fields)
    assert response.status_code == 400
    assert "flere felter, end Jobtro modtager" in response.content.decode()


def test_the_oversized_form_page_is_english_for_an_english_user(client, caseworker, citizen):
    client.force_login(caseworker.user)
    response = english(client).post(add_contact_url(citizen), {"note": "x" * (6 * 1024 * 1024)})
    page = response.content.decode()
    assert response.status_code == 400
    assert '<html lang="en">' in page
    assert "What you sent could not be received" in page
    assert "Nothing has been saved" in page


def test_a_bad_host_gets_the_danish_400_page(client):
    response = client.get("/", HTTP_HOST="angriber.example")
    assert response.status_code == 400
    assert "Det sendte kunne ikke modtages" in response.content.decode()


# --- 403, CSRF, 404 ------------------------------------------------------------------------


def test_a_refusal_gets_the_danish_403_page_in_the_frame(client, caseworker):
    client.force_login(caseworker.user)
    response = client.get("/test/forbudt/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Du har ikke adgang til denne side" in page
    assert FRAME in page and caseworker.display_name in page


def test_the_403_page_is_english_for_an_english_user(client, caseworker):
    client.force_login(caseworker.user)
    page = english(client).get("/test/forbudt/").content.decode()
    assert "You do not have access to this page" in page


def test_a_form_without_its_csrf_token_gets_a_danish_explanation(caseworker, citizen):
    client = Client(enforce_csrf_checks=True)
    client.force_login(caseworker.user)
    response = client.post(add_contact_url(citizen), {"date": "2025-02-01", "form": "telefon"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Formularen kunne ikke sendes" in page and "Intet er gemt" in page
    assert "CSRF verification failed" not in page and FRAME in page
    assert not Contact.objects.filter(citizen=citizen).exists()


def test_the_csrf_page_is_english_for_an_english_user(caseworker, citizen):
    client = english(Client(enforce_csrf_checks=True))
    client.force_login(caseworker.user)
    page = client.post(add_contact_url(citizen), {}).content.decode()
    assert "The form could not be sent" in page


def test_an_unknown_address_gets_the_danish_404_page(client, caseworker):
    client.force_login(caseworker.user)
    response = client.get("/findes/ikke/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Siden findes ikke" in page and FRAME in page
    assert "Not Found" not in page


def test_the_404_page_is_english_for_an_english_user(client, db):
    page = english(client).get("/findes/ikke/").content.decode()
    assert "This page does not exist" in page


def test_an_outsiders_404_for_a_citizen_looks_like_any_other_404(client, outsider, citizen):
    client.force_login(outsider.user)
    response = client.get(reverse("citizens:detail", args=[citizen.pk]))
    assert response.status_code == 404
    assert "Siden findes ikke" in response.content.decode()
    assert citizen.pseudonym not in response.content.decode()


def test_an_unknown_api_address_answers_json(client, db):
    response = client.get("/api/findes-ikke")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Ikke fundet"}


# --- 500 -----------------------------------------------------------------------------------


def test_an_error_in_jobtro_gets_the_danish_500_page(caseworker):
    client = Client(raise_request_exception=False)
    client.force_login(caseworker.user)
    response = client.get("/test/fejl/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Der opstod en fejl i Jobtro" in page and FRAME in page
    assert "Server Error" not in page and "RuntimeError" not in page


def test_the_500_page_is_english_for_an_english_user(db):
    client = english(Client(raise_request_exception=False))
    page = client.get("/test/fejl/").content.decode()
    assert "Something went wrong in Jobtro" in page


def _database_down() -> None:
    raise OperationalError("databasen svarer ikke")


def _request_while_the_database_is_down(path: str = "/borgere/"):
    request = RequestFactory().get(path)
    request.user = SimpleLazyObject(_database_down)
    request.session = SimpleLazyObject(_database_down)
    return request


def test_the_500_page_needs_no_database():
    # No db fixture: pytest-django refuses every query, as a database that is down would.
    response = error_views.server_error(_request_while_the_database_is_down())
    assert response.status_code == 500
    page = response.content.decode()
    assert "Der opstod en fejl i Jobtro" in page and FRAME in page


def test_the_404_page_falls_back_to_the_frame_without_the_database():
    response = error_views.page_not_found(_request_while_the_database_is_down(), None)
    assert response.status_code == 404
    assert "Siden findes ikke" in response.content.decode()


def test_the_500_page_in_english_needs_no_database():
    with translation.override("en"):
        response = error_views.server_error(_request_while_the_database_is_down())
    assert "Something went wrong in Jobtro" in response.content.decode()
