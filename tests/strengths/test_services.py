"""The services: links, the citizen's and the network's answers, and the stable
`citizen_strengths()` the matching and the referral read."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from jobtro.citizens.services import assign_caseworker
from jobtro.core.models import AuditEvent
from jobtro.strengths import services
from jobtro.strengths.models import StrengthMark, StrengthsAnswer, StrengthsLink
from jobtro.strengths.services import CitizenStrength, citizen_strengths

pytestmark = pytest.mark.django_db


def _network_answer(raw_answered: str, relation: str, keys: list[str], sentence: str = ""):
    _link, raw = services.invite_network(raw_token=raw_answered, relation=relation)
    return services.record_network_answer(raw_token=raw, keys=keys, sentence=sentence)


def test_a_citizen_without_answers_has_no_strengths(citizen):
    assert citizen_strengths(citizen) == []
    assert services.strengths_profile(citizen).is_empty


def test_citizen_strengths_lists_own_choices_first_then_what_the_network_sees(answered, citizen):
    _network_answer(answered, "Mor", ["helpful", "calm"], "Hun hjælper altid andre.")
    _network_answer(answered, "Ali, tidligere kollega", ["calm", "reliable"])
    assert citizen_strengths(citizen) == [
        CitizenStrength("reliable", "Stabil", chosen_by_citizen=True, seen_by_network=1),
        CitizenStrength("helpful", "Hjælpsom", chosen_by_citizen=True, seen_by_network=1),
        CitizenStrength("hands_on", "God med hænderne", chosen_by_citizen=True, seen_by_network=0),
        CitizenStrength("calm", "Rolig", chosen_by_citizen=False, seen_by_network=2),
    ]
    profile = services.strengths_profile(citizen)
    assert profile.network_answers == 2
    assert [(q.relation, q.text) for q in profile.sentences] == [
        ("Mor", "Hun hjælper altid andre.")
    ]
    assert profile.own_words.startswith("Jeg har passet min mormor")


def test_the_citizens_latest_answer_counts_and_the_earlier_one_is_kept(
    answered, citizen, caseworker
):
    _link, raw = services.create_citizen_link(citizen=citizen, staff=caseworker)
    services.record_citizen_answer(raw_token=raw, keys=["creative"])
    assert [s.key for s in citizen_strengths(citizen)] == ["creative"]
    assert StrengthsAnswer.objects.filter(citizen=citizen).count() == 2


def test_an_empty_answer_is_refused_with_a_helpful_message(citizen_link):
    _link, raw = citizen_link
    with pytest.raises(ValidationError) as exc:
        services.record_citizen_answer(raw_token=raw, keys=[])
    assert exc.value.message_dict["strengths"] == [
        "Vælg mindst én styrke — den, der passer bedst på dig."
    ]
    assert StrengthsLink.objects.get().used_at is None


def test_a_strength_not_in_the_catalogue_is_refused(citizen_link):
    _link, raw = citizen_link
    with pytest.raises(ValidationError, match="Vælg kun blandt styrkerne"):
        services.record_citizen_answer(raw_token=raw, keys=["reliable", "lazy"])
    assert not StrengthMark.objects.exists()


def test_a_cpr_number_in_the_citizens_own_words_is_refused_and_nothing_is_saved(citizen_link):
    _link, raw = citizen_link
    with pytest.raises(ValidationError) as exc:
        services.record_citizen_answer(
            raw_token=raw, keys=["reliable"], own_words="Mit nummer er 010190-1234"
        )
    assert "CPR-nummer" in exc.value.message_dict["own_words"][0]
    assert not StrengthsAnswer.objects.exists()
    assert StrengthsLink.objects.get().state() == "open"


def test_deficit_words_in_a_network_sentence_are_sent_back_kindly(invitation):
    _link, raw = invitation
    with pytest.raises(ValidationError) as exc:
        services.record_network_answer(raw_token=raw, keys=["calm"], sentence="Han er doven.")
    assert "Skriv gerne kun det positive" in exc.value.message_dict["sentence"][0]
    assert "«doven»" in exc.value.message_dict["sentence"][0]
    assert not StrengthsAnswer.objects.filter(source="network").exists()


def test_a_network_link_cannot_be_used_twice(invitation):
    _link, raw = invitation
    services.record_network_answer(raw_token=raw, keys=["calm"])
    with pytest.raises(services.LinkClosed) as exc:
        services.record_network_answer(raw_token=raw, keys=["helpful"])
    assert exc.value.state == "used"
    assert StrengthsAnswer.objects.filter(source="network").count() == 1


def test_a_network_link_after_its_expiry_is_closed(invitation):
    link, raw = invitation
    StrengthsLink.objects.filter(pk=link.pk).update(expires_at=timezone.now())
    with pytest.raises(services.LinkClosed) as exc:
        services.record_network_answer(raw_token=raw, keys=["calm"])
    assert exc.value.state == "expired"


def test_a_revoked_network_link_is_closed(invitation, answered):
    link, raw = invitation
    services.revoke_invitation(raw_token=answered, invitation_id=link.pk)
    with pytest.raises(services.LinkClosed) as exc:
        services.record_network_answer(raw_token=raw, keys=["calm"])
    assert exc.value.state == "revoked"


def test_a_citizen_link_token_is_not_a_network_link(answered):
    with pytest.raises(services.LinkClosed) as exc:
        services.record_network_answer(raw_token=answered, keys=["calm"])
    assert exc.value.state == "unknown"


def test_the_citizen_invites_only_after_answering(citizen_link):
    _link, raw = citizen_link
    with pytest.raises(services.LinkClosed) as exc:
        services.invite_network(raw_token=raw, relation="Mor")
    assert exc.value.state == "open"


@pytest.mark.parametrize(
    ("relation", "message"),
    [
        ("", "Skriv et fornavn"),
        ("Mor 22 33 44 55", "ikke telefonnummer"),
        ("sara@example.dk", "ikke telefonnummer, mail"),
        ("Sara 010190-1234", "CPR-nummer"),
        ("S" * 61, "højst 60 tegn"),
    ],
)
def test_an_invitation_asks_only_for_a_first_name_or_a_relation(answered, relation, message):
    with pytest.raises(ValidationError, match=message):
        services.invite_network(raw_token=answered, relation=relation)
    assert not StrengthsLink.objects.filter(kind="network").exists()


def test_the_citizen_can_invite_at_most_ten(answered):
    for n in range(services.MAX_INVITATIONS):
        services.invite_network(raw_token=answered, relation=f"Ven {n}")
    with pytest.raises(ValidationError, match="Du har lavet 10 invitationer"):
        services.invite_network(raw_token=answered, relation="Endnu en")


def test_only_the_current_caseworker_makes_a_link(citizen, colleague, outsider, caseworker):
    for staff in (colleague, outsider):
        with pytest.raises(services.NotAllowed):
            services.create_citizen_link(citizen=citizen, staff=staff)
    # A former caseworker no longer makes links once the citizen has a new one.
    assign_caseworker(
        actor=None, citizen=citizen, caseworker=colleague, start_date=dt.date(2025, 3, 1)
    )
    with pytest.raises(services.NotAllowed):
        services.create_citizen_link(citizen=citizen, staff=caseworker)
    assert services.create_citizen_link(citizen=citizen, staff=colleague)


def test_a_new_link_closes_the_citizens_earlier_unused_link(citizen_link, citizen, caseworker):
    first, raw = citizen_link
    services.create_citizen_link(citizen=citizen, staff=caseworker)
    first.refresh_from_db()
    assert first.state() == "revoked"
    with pytest.raises(services.LinkClosed):
        services.record_citizen_answer(raw_token=raw, keys=["calm"])


def test_the_profile_stays_open_for_thirty_days_after_answering(answered):
    link = services.find_link(answered, kind="citizen")
    assert link.state() == "answered"
    assert link.state(now=link.used_at + dt.timedelta(days=31)) == "used"


def test_the_caseworker_revokes_a_link_and_a_closed_link_stays_closed(
    invitation, caseworker, colleague
):
    link, _raw = invitation
    with pytest.raises(services.NotAllowed):
        services.revoke_link(link=link, staff=colleague)
    services.revoke_link(link=link, staff=caseworker)
    with pytest.raises(ValidationError, match="allerede lukket"):
        services.revoke_link(link=link, staff=caseworker)


def test_closing_the_citizens_link_closes_its_open_invitations_too(
    citizen_link, invitation, caseworker
):
    link, _raw = citizen_link
    services.revoke_link(link=link, staff=caseworker)
    invited, raw = invitation
    invited.refresh_from_db()
    assert invited.state() == "revoked"
    with pytest.raises(services.LinkClosed):
        services.record_network_answer(raw_token=raw, keys=["reliable"], sentence="")


def test_every_write_is_audit_logged_with_the_citizen(invitation, citizen):
    _link, raw = invitation
    services.record_network_answer(raw_token=raw, keys=["calm"])
    actions = list(
        AuditEvent.objects.filter(citizen_id_ref=citizen.pk, action__startswith="strengths.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "strengths.citizen_link.created",
        "strengths.citizen_answer.created",
        "strengths.network_link.created",
        "strengths.network_answer.created",
    ]


def test_strengths_of_many_citizens_matches_one_by_one(answered, citizen, caseworker, target_group):
    from jobtro.citizens.services import create_citizen

    other = create_citizen(
        actor=None, municipality=citizen.municipality, birth_year=1970,
        target_group=target_group, enrolled_on=dt.date(2025, 1, 6),
    )  # fmt: skip
    _network_answer(answered, "Mor", ["calm"])
    many = services.strengths_of([citizen.pk, other.pk])
    assert many == {citizen.pk: citizen_strengths(citizen), other.pk: []}
    assert [s.key for s in many[citizen.pk]] == ["reliable", "helpful", "hands_on", "calm"]
