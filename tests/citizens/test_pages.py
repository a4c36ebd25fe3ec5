import datetime as dt

from django.urls import reverse

from jobtro.citizens.models import Contact
from jobtro.citizens.services import assign_caseworker, create_citizen


def test_caseworker_searches_by_name_and_pseudonym(client, caseworker, citizen):
    client.force_login(caseworker.user)
    by_name = client.get(reverse("citizens:list"), {"q": "testborger"})
    assert citizen.pseudonym in by_name.content.decode()
    by_pseudonym = client.get(reverse("citizens:list"), {"q": citizen.pseudonym})
    assert "Testborger Ærø" in by_pseudonym.content.decode()
    nothing = client.get(reverse("citizens:list"), {"q": "Ingen Sådan"})
    assert "Ingen borgere matcher søgningen." in nothing.content.decode()


def test_sql_like_search_strings_are_just_text(client, caseworker, citizen):
    client.force_login(caseworker.user)
    for q in ["' OR '1'='1", "%", "_", '"; DROP TABLE citizens_citizen; --']:
        response = client.get(reverse("citizens:list"), {"q": q})
        assert response.status_code == 200
    assert client.get(reverse("citizens:list"), {"q": "%"}).context["page"].paginator.count == 0


def test_html_in_a_name_is_rendered_inert(client, caseworker, target_group):
    c = create_citizen(
        actor=None,
        municipality=caseworker.municipality,
        birth_year=1990,
        target_group=target_group,
        enrolled_on=dt.date(2025, 1, 1),
        name="<script>alert(1)</script>",
    )
    assign_caseworker(actor=None, citizen=c, caseworker=caseworker, start_date=dt.date(2025, 1, 1))
    client.force_login(caseworker.user)
    html = client.get(reverse("citizens:detail", args=[c.pk])).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_list_is_paginated_and_filtered(client, caseworker, target_group, settings):
    settings.PAGE_SIZE = 5
    for i in range(12):
        c = create_citizen(
            actor=None,
            municipality=caseworker.municipality,
            birth_year=1980 + i,
            target_group=target_group,
            enrolled_on=dt.date(2025, 1, 1),
        )
        assign_caseworker(
            actor=None, citizen=c, caseworker=caseworker, start_date=dt.date(2025, 1, 1)
        )
    client.force_login(caseworker.user)
    first = client.get(reverse("citizens:list"))
    assert len(first.context["page"].object_list) == 5
    last = client.get(reverse("citizens:list"), {"side": 3})
    assert len(last.context["page"].object_list) == 2
    silly = client.get(reverse("citizens:list"), {"side": "abc"})
    assert silly.status_code == 200
    other_group = client.get(reverse("citizens:list"), {"target_group": "sygedagpenge"})
    assert other_group.context["page"].paginator.count == 0
    unknown_group = client.get(reverse("citizens:list"), {"target_group": "findes-ikke"})
    assert unknown_group.status_code == 200


def test_htmx_search_returns_only_the_rows(client, caseworker, citizen):
    client.force_login(caseworker.user)
    response = client.get(reverse("citizens:list"), {"q": "Test"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and citizen.pseudonym in html


def test_citizen_page_shows_the_timeline(client, caseworker, colleague, citizen):
    assign_caseworker(
        actor=None, citizen=citizen, caseworker=colleague, start_date=dt.date(2025, 6, 1)
    )
    client.force_login(caseworker.user)
    html = client.get(reverse("citizens:detail", args=[citizen.pk])).content.decode()
    assert "Skift af sagsbehandler" in html
    assert "Forløb startet" in html


def test_contact_form_refuses_bad_input_with_danish_messages(client, caseworker, citizen):
    client.force_login(caseworker.user)
    url = reverse("citizens:add_contact", args=[citizen.pk])
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    cases = [
        ({"date": future, "form": "telefon"}, "Datoen må ikke ligge i fremtiden."),
        ({"date": "31-31-2025", "form": "telefon"}, "Indtast en gyldig dato."),
        ({"date": "1999-01-01", "form": "telefon"}, "Datoen ligger for langt tilbage."),
        ({"date": "2025-02-01", "form": "brevdue"}, "Marker en gyldig valgmulighed."),
        ({}, "Dette felt er påkrævet."),
    ]
    for data, message in cases:
        response = client.post(url, data)
        assert response.status_code == 422
        assert message in response.content.decode(), message
    assert Contact.objects.count() == 0


def test_a_double_submitted_contact_is_saved_once(client, caseworker, citizen):
    client.force_login(caseworker.user)
    url = reverse("citizens:add_contact", args=[citizen.pk])
    first = client.post(url, {"date": "2025-02-01", "form": "telefon"})
    second = client.post(url, {"date": "2025-02-01", "form": "telefon"})
    assert first.status_code == 302
    assert second.status_code == 422
    assert "Samtalen er allerede registreret." in second.content.decode()
    assert Contact.objects.count() == 1


def test_leader_cannot_post_a_contact(client, leader, citizen):
    client.force_login(leader.user)
    response = client.post(
        reverse("citizens:add_contact", args=[citizen.pk]),
        {"date": "2025-02-01", "form": "telefon"},
    )
    assert response.status_code == 404
