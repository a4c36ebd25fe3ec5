"""The pages, by persona: the caseworker's panel, page and links; the citizen's and the
network's one-time links (no login, friendly pages when closed); strangers get a 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from jobtro.core.models import AuditEvent
from jobtro.strengths import services
from jobtro.strengths.models import StrengthsAnswer, StrengthsLink

pytestmark = pytest.mark.django_db


def _answer_url(raw: str) -> str:
    return reverse("strengths:answer", args=[raw])


# --- the caseworker ----------------------------------------------------------------------


def test_caseworker_sees_the_strengths_panel_on_the_citizen_page(
    client, caseworker, citizen, invitation
):
    _link, raw = invitation
    services.record_network_answer(raw_token=raw, keys=["calm"], sentence="Hun er en god ven.")
    client.force_login(caseworker.user)
    response = client.get(reverse("citizens:detail", args=[citizen.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Borgerens styrker" in page
    assert "Stabil" in page and "valgt af borgeren" in page
    assert "set af 1 i netværket" in page
    assert "Hun er en god ven." in page and "Mor" in page
    assert AuditEvent.objects.filter(
        action="strengths.profile.viewed", citizen_id_ref=citizen.pk, detail__where="citizen_page"
    ).exists()


def test_the_panel_invites_the_caseworker_to_make_a_link_when_nothing_is_chosen(
    client, caseworker, citizen
):
    client.force_login(caseworker.user)
    page = client.get(reverse("citizens:detail", args=[citizen.pk])).content.decode()
    assert "Borgeren har ikke valgt sine styrker endnu." in page
    assert "Lav et link til borgerens styrker" in page


@pytest.mark.parametrize("persona", ["leader", "researcher", "external"])
def test_others_who_see_the_citizen_page_see_no_strengths(
    client, persona, personas, referred_citizen, answered
):
    client.force_login(getattr(personas, persona).user)
    response = client.get(reverse("citizens:detail", args=[referred_citizen.pk]))
    assert response.status_code == 200
    assert "Borgerens styrker" not in response.content.decode()


def test_caseworker_makes_a_link_and_sees_it_once(client, caseworker, citizen):
    client.force_login(caseworker.user)
    response = client.post(reverse("strengths:create_link", args=[citizen.pk]))
    assert response.status_code == 200
    url = response.context["url"]
    assert "/styrker/svar/" in url
    link = StrengthsLink.objects.get()
    assert link.created_by == caseworker and link.kind == "citizen"
    # Only the hash is stored.
    assert url.rstrip("/").rsplit("/", 1)[1] not in link.token_hash


@pytest.mark.parametrize(
    "persona", ["colleague", "leader", "researcher", "administrator", "external", "outsider"]
)
def test_a_stranger_cannot_make_a_link_or_open_the_strengths_page(
    client, persona, personas, referred_citizen
):
    client.force_login(getattr(personas, persona).user)
    assert (
        client.post(reverse("strengths:create_link", args=[referred_citizen.pk])).status_code == 404
    )
    assert client.get(reverse("strengths:citizen", args=[referred_citizen.pk])).status_code == 404
    assert not StrengthsLink.objects.exists()


def test_a_link_for_a_citizen_the_caseworker_does_not_own_is_404(
    client, outsider, caseworker, citizen
):
    client.force_login(caseworker.user)
    from jobtro.citizens.services import create_citizen

    other = create_citizen(
        actor=None,
        municipality=outsider.municipality,
        birth_year=1990,
        target_group=citizen.target_group,
        enrolled_on=dt.date(2025, 1, 6),
    )
    assert client.post(reverse("strengths:create_link", args=[other.pk])).status_code == 404


def test_the_strengths_page_lists_every_link_and_the_caseworker_revokes_one(
    client, caseworker, citizen, invitation
):
    link, _raw = invitation
    client.force_login(caseworker.user)
    page = client.get(reverse("strengths:citizen", args=[citizen.pk])).content.decode()
    assert "Mor" in page and "venter på svar" in page
    response = client.post(reverse("strengths:revoke_link", args=[citizen.pk, link.pk]))
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.state() == "revoked"
    assert AuditEvent.objects.filter(action="strengths.link.revoked").exists()


def test_a_stranger_cannot_revoke_a_link(client, colleague, citizen, invitation):
    link, _raw = invitation
    client.force_login(colleague.user)
    assert (
        client.post(reverse("strengths:revoke_link", args=[citizen.pk, link.pk])).status_code == 404
    )
    link.refresh_from_db()
    assert link.state() == "open"


# --- the citizen's link -------------------------------------------------------------------


def test_the_citizen_chooses_strengths_and_then_sees_the_profile(client, citizen_link, citizen):
    _link, raw = citizen_link
    page = client.get(_answer_url(raw))
    assert page.status_code == 200
    assert "Sådan arbejder jeg" in page.content.decode()
    assert page["Cache-Control"].startswith("max-age=0")
    response = client.post(
        _answer_url(raw), {"strengths": ["reliable", "calm"], "own_words": "Jeg laver god mad."}
    )
    assert response.status_code == 302 and response["Location"] == _answer_url(raw)
    profile = client.get(_answer_url(raw)).content.decode()
    assert "Tak! Dine styrker er gemt" in profile
    assert "Stabil" in profile and "Jeg laver god mad." in profile
    assert "Hent din profil" in profile and "Invitér en fra dit netværk" in profile
    # The citizen's own actions are audited on the channel "link", without a user.
    event = AuditEvent.objects.get(action="strengths.citizen_answer.created")
    assert event.via == "link" and event.actor is None and event.citizen_id_ref == citizen.pk
    assert AuditEvent.objects.filter(action="strengths.profile.viewed", via="link").exists()


def test_an_empty_answer_gets_a_helpful_message(client, citizen_link):
    _link, raw = citizen_link
    response = client.post(_answer_url(raw), {"own_words": ""})
    assert response.status_code == 422
    assert "Vælg mindst én styrke — den, der passer bedst på dig." in response.content.decode()
    assert not StrengthsAnswer.objects.exists()


def test_a_cpr_number_in_own_words_is_refused_on_the_page(client, citizen_link):
    _link, raw = citizen_link
    response = client.post(
        _answer_url(raw), {"strengths": ["calm"], "own_words": "Mit CPR er 0101901234"}
    )
    assert response.status_code == 422
    assert "ser ud til at indeholde et CPR-nummer" in response.content.decode()
    # The boxes keep what the citizen ticked.
    assert (
        'value="calm" id="id_strength_calm" aria-describedby="id_strength_calm_hint" checked'
        in response.content.decode()
    )
    assert not StrengthsAnswer.objects.exists()


def test_the_citizen_downloads_the_profile_as_a_file(client, answered, citizen):
    response = client.get(reverse("strengths:download", args=[answered]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="mine-styrker.html"'
    body = response.content.decode()
    assert "<h1>Mine styrker</h1>" in body and "Stabil" in body and "God med hænderne" in body
    # No staff, no pseudonym, nothing but the citizen's own profile.
    assert citizen.pseudonym not in body
    assert AuditEvent.objects.filter(action="strengths.profile.downloaded", via="link").exists()


def test_the_citizen_invites_a_person_in_the_network(client, answered):
    response = client.post(
        reverse("strengths:invite", args=[answered]), {"relation": "Sara, veninde"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Link til Sara, veninde" in body
    assert "Jobcentret sender ikke beskeder for dig." in body
    assert "/styrker/netvaerk/" in response.context["url"]
    assert StrengthsLink.objects.get(kind="network").relation == "Sara, veninde"


def test_an_invitation_without_a_name_gets_a_helpful_message(client, answered):
    response = client.post(reverse("strengths:invite", args=[answered]), {"relation": " "})
    assert response.status_code == 422
    assert "Skriv et fornavn eller hvem personen er for dig." in response.content.decode()
    assert not StrengthsLink.objects.filter(kind="network").exists()


def test_the_citizen_closes_an_open_invitation(client, answered, invitation):
    link, raw = invitation
    response = client.post(reverse("strengths:revoke_invitation", args=[answered, link.pk]))
    assert response.status_code == 302
    closed = client.get(reverse("strengths:network", args=[raw]))
    assert closed.status_code == 410 and "Linket er lukket" in closed.content.decode()


def test_a_citizen_cannot_close_another_citizens_invitation(
    client, answered, invitation, citizen, caseworker, target_group
):
    from jobtro.citizens.services import assign_caseworker, create_citizen

    other = create_citizen(
        actor=None, municipality=citizen.municipality, birth_year=1970,
        target_group=target_group, enrolled_on=dt.date(2025, 1, 6),
    )  # fmt: skip
    assign_caseworker(
        actor=None, citizen=other, caseworker=caseworker, start_date=dt.date(2025, 1, 6)
    )
    _l, other_raw = services.create_citizen_link(citizen=other, staff=caseworker)
    services.record_citizen_answer(raw_token=other_raw, keys=["calm"])
    link, _raw = invitation
    response = client.post(reverse("strengths:revoke_invitation", args=[other_raw, link.pk]))
    assert response.status_code == 404
    link.refresh_from_db()
    assert link.state() == "open"


def test_after_the_profile_window_the_link_shows_a_friendly_page(client, answered):
    StrengthsLink.objects.filter(kind="citizen").update(
        used_at=timezone.now() - dt.timedelta(days=31)
    )
    response = client.get(_answer_url(answered))
    assert response.status_code == 410
    assert "Der er allerede svaret" in response.content.decode()
    assert client.get(reverse("strengths:download", args=[answered])).status_code == 410


# --- the network's link -------------------------------------------------------------------


def test_a_network_person_marks_strengths_and_may_write_one_sentence(client, invitation, citizen):
    _link, raw = invitation
    url = reverse("strengths:network", args=[raw])
    page = client.get(url).content.decode()
    assert "Hvilke styrker ser du?" in page
    assert citizen.name not in page  # the page names no one
    response = client.post(
        url, {"strengths": ["calm", "humour"], "sentence": "Hun får os til at grine."}
    )
    assert response.status_code == 200 and "Tak for dit svar" in response.content.decode()
    answer = StrengthsAnswer.objects.get(source="network")
    assert answer.text == "Hun får os til at grine."
    assert AuditEvent.objects.get(action="strengths.network_answer.created").via == "link"


def test_a_network_link_used_twice_shows_a_friendly_page(client, invitation):
    _link, raw = invitation
    url = reverse("strengths:network", args=[raw])
    client.post(url, {"strengths": ["calm"]})
    again = client.post(url, {"strengths": ["humour"]})
    assert again.status_code == 410
    assert "Der er allerede svaret" in again.content.decode()
    assert StrengthsAnswer.objects.filter(source="network").count() == 1


def test_a_network_link_after_expiry_shows_a_friendly_page(client, invitation):
    link, raw = invitation
    StrengthsLink.objects.filter(pk=link.pk).update(expires_at=timezone.now())
    response = client.get(reverse("strengths:network", args=[raw]))
    assert response.status_code == 410
    assert "Linket er udløbet" in response.content.decode()


def test_an_empty_network_answer_gets_a_helpful_message(client, invitation):
    _link, raw = invitation
    response = client.post(reverse("strengths:network", args=[raw]), {"sentence": ""})
    assert response.status_code == 422
    assert "Vælg mindst én styrke, du ser hos personen." in response.content.decode()


@pytest.mark.parametrize("name", ["answer", "invite", "download", "network"])
def test_an_unknown_token_gets_a_friendly_404(client, name):
    response = client.get(reverse(f"strengths:{name}", args=["ukendt-link"]))
    assert response.status_code == 404
    assert "Linket virker ikke" in response.content.decode()


def test_a_network_token_does_not_open_the_citizens_pages(client, invitation):
    _link, raw = invitation
    assert client.get(_answer_url(raw)).status_code == 404
    assert client.get(reverse("strengths:download", args=[raw])).status_code == 404


# --- the referral ------------------------------------------------------------------------


def test_the_strengths_stand_beside_ressourcer_og_erfaring_in_the_referral(
    client, caseworker, consultant, citizen, answered
):
    from jobtro.referrals.services import create_referral

    client.force_login(caseworker.user)
    form = client.get(reverse("citizens:referral_create", args=[citizen.pk])).content.decode()
    assert "en hjælp til «Ressourcer og erfaring»" in form and "Stabil" in form
    referral = create_referral(
        author=caseworker, citizen=citizen, consultant=consultant,
        resources="Har erfaring med lager.", success_conditions="En fast kontaktperson.",
        wishes="Arbejde med hænderne.",
    )  # fmt: skip
    client.force_login(consultant.user)
    detail = client.get(reverse("citizens:referral_detail", args=[referral.pk])).content.decode()
    assert "en hjælp til «Ressourcer og erfaring»" in detail and "Hjælpsom" in detail
    assert AuditEvent.objects.filter(
        action="strengths.profile.viewed", actor=consultant.user, detail__where="referral"
    ).exists()


def test_before_answering_the_invite_and_download_pages_lead_to_the_list(client, citizen_link):
    _link, raw = citizen_link
    for name in ("invite", "download"):
        response = client.get(reverse(f"strengths:{name}", args=[raw]))
        assert response.status_code == 302 and response["Location"] == _answer_url(raw)
    response = client.post(reverse("strengths:invite", args=[raw]), {"relation": "Mor"})
    assert response.status_code == 302
    assert not StrengthsLink.objects.filter(kind="network").exists()


def test_a_cpr_number_in_the_network_sentence_is_refused_on_the_page(client, invitation):
    _link, raw = invitation
    response = client.post(
        reverse("strengths:network", args=[raw]),
        {"strengths": ["calm"], "sentence": "Hendes nummer er 010190-1234."},
    )
    assert response.status_code == 422
    assert "ser ud til at indeholde et CPR-nummer" in response.content.decode()
    assert not StrengthsAnswer.objects.filter(source="network").exists()
