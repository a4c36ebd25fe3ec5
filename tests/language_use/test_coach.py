"""The inline coach: findings as reflection prompts, inert HTML, bounded length."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jobtro.language_use.coach import MAX_COACH_CHARS

URL = reverse("practice:coach") + "?felt=reason"


def post(client, text, *, htmx=True):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(URL, {"reason": text}, **headers)


def test_deficit_phrase_comes_back_as_a_question(client, caseworker):
    client.force_login(caseworker.user)
    response = post(client, "Borgeren er umotiveret og har et stort skånebehov.")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vil du beskrive det som »det skal der til, for at borgeren lykkes«?" in html
    assert "umotiveret" in html
    assert 'class="coach-box"' in html


def test_at_most_three_suggestions_per_finding(client, caseworker):
    client.force_login(caseworker.user)
    html = post(client, "Han er ressourcesvag.").content.decode()
    assert html.count('class="coach-finding"') == 1
    # The first suggestion is in the prompt, at most two more below it.
    assert html.count("Vil du beskrive det som") == 1
    assert html.count("<li>»") <= 2


def test_resource_language_is_acknowledged_without_a_prompt(client, caseworker):
    client.force_login(caseworker.user)
    html = post(client, "Borgeren har erfaring med lager.").content.decode()
    assert "Ressourcesprog i teksten" in html
    assert "Vil du beskrive" not in html


def test_plain_text_gets_a_quiet_note(client, caseworker):
    client.force_login(caseworker.user)
    html = post(client, "Mødet er flyttet til tirsdag.").content.decode()
    assert "ingen spørgsmål" in html


def test_empty_text_gives_an_empty_box(client, caseworker):
    client.force_login(caseworker.user)
    response = post(client, "   ")
    assert response.status_code == 200
    assert response.content.decode().strip() == ""


def test_html_in_the_text_stays_inert(client, caseworker):
    client.force_login(caseworker.user)
    text = '<script>alert("x")</script> Borgeren er umotiveret <img src=x onerror=alert(1)>'
    html = post(client, text).content.decode()
    assert "<script>" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html
    assert "umotiveret" in html


def test_too_long_text_is_refused_with_a_danish_message(client, caseworker):
    client.force_login(caseworker.user)
    html = post(client, "umotiveret " * (MAX_COACH_CHARS // 10)).content.decode()
    assert "Teksten er for lang til sprogcoachen" in html
    assert "Du kan stadig gemme den" in html
    assert "Vil du beskrive" not in html


def test_the_coach_never_changes_anything(client, caseworker):
    from jobtro.core.models import AuditEvent

    client.force_login(caseworker.user)
    before = AuditEvent.objects.count()
    post(client, "Borgeren er umotiveret.")
    assert AuditEvent.objects.count() == before


def test_anonymous_is_sent_to_login(client, db):
    response = post(client, "Borgeren er umotiveret.")
    assert response.status_code == 302
    assert "/konto/" in response["Location"]


def test_get_is_not_allowed(client, caseworker):
    client.force_login(caseworker.user)
    assert client.get(URL).status_code == 405


@pytest.mark.parametrize("who", ["researcher", "nobody"])
def test_who_does_not_write_about_citizens_gets_404(client, researcher, django_user_model, who):
    user = researcher.user if who == "researcher" else django_user_model.objects.create_user("x")
    client.force_login(user)
    assert post(client, "Borgeren er umotiveret.").status_code == 404


def test_without_csrf_token_the_post_is_refused(caseworker):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(caseworker.user)
    assert post(client, "Borgeren er umotiveret.").status_code == 403


def test_the_include_wires_htmx_to_the_field():
    from django import forms
    from django.template import Context, Template
    from django.test import RequestFactory

    class F(forms.Form):
        reason = forms.CharField(label="Hvorfor?", widget=forms.Textarea, help_text="Hjælp")

    html = Template('{% include "practice/_coach.html" with field=form.reason %}').render(
        Context({"form": F(), "request": RequestFactory().get("/")})
    )
    assert 'hx-post="/praksis/sprogcoach/?felt=reason"' in html
    assert 'hx-trigger="input changed delay:600ms, load"' in html
    assert 'hx-target="#id_reason_coach"' in html
    assert 'id="id_reason_coach" aria-live="polite"' in html
    assert 'aria-describedby="id_reason_hint id_reason_coach"' in html
    assert "style=" not in html and "<script" not in html
