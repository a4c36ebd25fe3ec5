"""The short questions after a meeting: a one-time link per meeting, answered on a
phone without login, stored as the citizen's ratings tied to the meeting."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from jobtro.belief import services
from jobtro.belief.expectations.services import create_after_contact_link
from jobtro.belief.models import CitizenLink, Context, Rating
from jobtro.citizens.models import Contact
from jobtro.core.models import AuditEvent


@pytest.fixture
def meeting(citizen, caseworker):
    return Contact.objects.create(
        citizen=citizen, staff=caseworker, date=timezone.localdate(), form="video"
    )


def make_link(client, caseworker, meeting) -> str:
    client.force_login(caseworker.user)
    response = client.post(reverse("belief:after_contact_link", args=[meeting.pk]))
    assert response.status_code == 200
    return response.context["url"].split("testserver")[1]


def test_the_caseworker_asks_after_a_meeting_and_the_citizen_answers_on_the_link(
    client, caseworker, citizen, meeting, instrument
):
    path = make_link(client, caseworker, meeting)
    client.logout()
    page = client.get(path).content.decode()
    assert "Efter vores samtale: Oplevede du, at din sagsbehandler tror på" in page
    assert "Gik du fra samtalen med mere tro på dig selv?" in page
    assert 'name="comment"' not in page  # no free text after a meeting
    done = client.post(path, {"item_cit_felt_belief": "4", "item_cit_more_self_belief": "5"})
    assert done.status_code == 200 and "bedre til samtalerne" in done.content.decode()
    answers = Rating.objects.filter(rater_type="citizen").order_by("item__position")
    assert [(r.item.code, r.value) for r in answers] == [
        ("cit_felt_belief", 4),
        ("cit_more_self_belief", 5),
    ]
    assert {r.context for r in answers} == {Context.AFTER_CONTACT}
    assert {r.link.contact_id for r in answers} == {meeting.pk}
    assert answers[0].rater_id is None
    assert AuditEvent.objects.filter(action="belief.after_contact_link.created").count() == 1
    assert AuditEvent.objects.filter(action="belief.citizen_answers.created").count() == 1


def test_a_used_link_is_a_friendly_410_and_stores_nothing_more(
    client, caseworker, meeting, instrument
):
    path = make_link(client, caseworker, meeting)
    client.logout()
    client.post(path, {"item_cit_felt_belief": "3"})
    again = client.post(path, {"item_cit_felt_belief": "1"})
    assert again.status_code == 410 and "Du har allerede svaret" in again.content.decode()
    assert Rating.objects.filter(rater_type="citizen").count() == 1


def test_an_expired_link_is_a_friendly_410(client, caseworker, meeting, instrument):
    link, raw = create_after_contact_link(contact=meeting, staff=caseworker)
    CitizenLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - dt.timedelta(1))
    response = client.get(reverse("belief:answer", args=[raw]))
    assert response.status_code == 410 and "Linket er udløbet" in response.content.decode()


def test_an_unknown_token_is_a_friendly_404(client, db):
    response = client.get(reverse("belief:answer", args=["findes-ikke"]))
    assert response.status_code == 404 and "Linket virker ikke" in response.content.decode()


def test_the_first_question_must_be_answered(client, caseworker, meeting, instrument):
    _link, raw = create_after_contact_link(contact=meeting, staff=caseworker)
    response = client.post(reverse("belief:answer", args=[raw]), {"item_cit_more_self_belief": "3"})
    assert response.status_code == 422 and "Vælg et svar." in response.content.decode()
    assert not Rating.objects.exists()


def test_a_new_meeting_link_revokes_the_open_one_but_not_the_citizens_own_link(
    caseworker, citizen, meeting, instrument
):
    own, _ = services.create_citizen_link(citizen=citizen, staff=caseworker)
    first, _ = create_after_contact_link(contact=meeting, staff=caseworker)
    later = Contact.objects.create(
        citizen=citizen, staff=caseworker, date=timezone.localdate(), form="fremmøde"
    )
    create_after_contact_link(contact=later, staff=caseworker)
    first.refresh_from_db()
    own.refresh_from_db()
    assert first.state() == "revoked"
    assert own.state() == "open"
    # And the citizen's own link does not revoke the meeting's.
    services.create_citizen_link(citizen=citizen, staff=caseworker)
    assert CitizenLink.objects.filter(contact=later, revoked_at__isnull=True).exists()


def test_a_meeting_more_than_fourteen_days_ago_gets_a_danish_message(
    client, caseworker, citizen, instrument
):
    old = Contact.objects.create(
        citizen=citizen,
        staff=caseworker,
        date=timezone.localdate() - dt.timedelta(days=20),
        form="telefon",
    )
    with pytest.raises(ValidationError, match="mere end 14 dage gammel"):
        create_after_contact_link(contact=old, staff=caseworker)
    client.force_login(caseworker.user)
    response = client.post(reverse("belief:after_contact_link", args=[old.pk]), follow=True)
    assert "mere end 14 dage gammel" in response.content.decode()
    assert not CitizenLink.objects.exists()


def test_an_answered_meeting_cannot_be_asked_again(caseworker, meeting, instrument):
    _link, raw = create_after_contact_link(contact=meeting, staff=caseworker)
    services.record_citizen_answers(raw_token=raw, values={"cit_felt_belief": 5})
    with pytest.raises(ValidationError, match="allerede svaret"):
        create_after_contact_link(contact=meeting, staff=caseworker)


def test_a_colleagues_meeting_is_a_404(client, colleague, meeting, instrument):
    client.force_login(colleague.user)
    response = client.post(reverse("belief:after_contact_link", args=[meeting.pk]))
    assert response.status_code == 404


def test_the_leader_and_the_partner_cannot_make_a_meeting_link(
    client, leader, external, referred_citizen, meeting, instrument
):
    for staff in (leader, external):
        client.force_login(staff.user)
        assert (
            client.post(reverse("belief:after_contact_link", args=[meeting.pk])).status_code == 404
        )


def test_the_answers_show_in_the_caseworkers_panel_not_as_the_citizens_own_belief(
    client, caseworker, citizen, meeting, instrument
):
    _link, raw = create_after_contact_link(contact=meeting, staff=caseworker)
    services.record_citizen_answers(raw_token=raw, values={"cit_felt_belief": 2})
    client.force_login(caseworker.user)
    page = client.get(reverse("citizens:detail", args=[citizen.pk])).content.decode()
    assert "Dine samtaler — og borgerens oplevelse" in page
    assert "<strong>2 · Kun lidt</strong>" in page
    assert "Borgeren har ikke svaret endnu." in page  # the own-belief card is untouched


def test_a_double_click_leaves_exactly_one_open_link_for_the_meeting(
    caseworker, meeting, instrument, monkeypatch
):
    from jobtro.belief.expectations import services as expectations

    locked = []
    real = Contact.objects.select_for_update

    def spy(*args, **kwargs):
        locked.append(True)
        return real(*args, **kwargs)

    monkeypatch.setattr(expectations.Contact.objects, "select_for_update", spy)
    first, _ = create_after_contact_link(contact=meeting, staff=caseworker)
    second, _ = create_after_contact_link(contact=meeting, staff=caseworker)
    open_links = [
        link for link in CitizenLink.objects.filter(contact=meeting) if link.state() == "open"
    ]
    assert [link.pk for link in open_links] == [second.pk]
    first.refresh_from_db()
    assert first.state() == "revoked"
    assert len(locked) == 2  # the meeting row is locked before revoke-and-create
