"""Ratings as immutable events: who may rate, bad input, double clicks, corrections,
caseworker changes, the due list, the citizen's link and general belief."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from jobtro.belief import queries, services
from jobtro.belief.models import CitizenLink, GeneralBeliefAnswer, Rating
from jobtro.citizens.services import assign_caseworker, record_contact
from jobtro.core.models import AuditEvent
from tests.belief.conftest import days_ago, rate_at

CPR = "0101901234"


def test_the_caseworker_records_a_rating_and_it_is_audited(citizen, caseworker, instrument):
    rating = services.record_rating(
        citizen=citizen, rater=caseworker, item="belief_job_1y", value=4
    )
    assert (rating.value, rating.rater_type, rating.item.instrument.code) == (
        4,
        "caseworker",
        "jobtro-2",
    )
    event = AuditEvent.objects.get(action="belief.rating.created")
    assert event.citizen_id_ref == citizen.pk and event.target_id == str(rating.pk)


def test_a_round_stores_every_indicator_and_keeps_free_text_on_the_belief_item(
    citizen, caseworker, instrument
):
    ratings = services.record_ratings(
        citizen=citizen,
        rater=caseworker,
        values={"belief_job_1y": 3, "cw_job_search": 2},
        reason="Har mod på praktik.",
        raise_belief="En praktikplads tæt på hjemmet.",
    )
    assert [r.item.code for r in ratings] == ["belief_job_1y", "cw_job_search"]
    assert ratings[0].raise_belief == "En praktikplads tæt på hjemmet." and ratings[1].reason == ""


@pytest.mark.parametrize("value", [0, 6, -1, "3", 2.5, True])
def test_out_of_range_values_are_refused(citizen, caseworker, instrument, value):
    with pytest.raises(ValidationError, match="helt tal fra 1 til 5"):
        services.record_rating(citizen=citizen, rater=caseworker, item="belief_job_1y", value=value)
    assert not Rating.objects.exists()


def test_the_database_refuses_an_out_of_range_value(citizen, caseworker, instrument):
    item = instrument.items.get(code="belief_job_1y")
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.bulk_create(
            [Rating(citizen=citizen, rater=caseworker, rater_type="caseworker", item=item, value=9)]
        )


def test_an_unknown_item_or_an_item_for_another_rater_is_refused(citizen, caseworker, instrument):
    with pytest.raises(ValidationError, match="findes ikke"):
        services.record_rating(citizen=citizen, rater=caseworker, item="nope", value=3)
    with pytest.raises(ValidationError, match="besvares ikke"):
        services.record_rating(citizen=citizen, rater=caseworker, item="cit_own_belief", value=3)


@pytest.mark.parametrize(
    "persona", ["colleague", "leader", "researcher", "administrator", "outsider"]
)
def test_only_the_current_caseworker_may_rate(personas, citizen, instrument, persona):
    with pytest.raises(services.NotAllowed):
        services.record_rating(
            citizen=citizen, rater=getattr(personas, persona), item="belief_job_1y", value=3
        )


def test_a_referred_external_partner_rates_as_external(referred_citizen, external, instrument):
    rating = services.record_rating(
        citizen=referred_citizen, rater=external, item="belief_job_1y", value=3
    )
    assert rating.rater_type == "external"


def test_a_cpr_number_in_the_free_text_is_refused(citizen, caseworker, instrument):
    for field in ("reason", "raise_belief"):
        with pytest.raises(ValidationError, match="CPR-nummer"):
            services.record_rating(
                citizen=citizen,
                rater=caseworker,
                item="belief_job_1y",
                value=3,
                **{field: f"Se {CPR}"},
            )
    assert not Rating.objects.exists()


def test_a_double_click_with_the_same_key_stores_one_rating(citizen, caseworker, instrument):
    first = services.record_rating(
        citizen=citizen, rater=caseworker, item="belief_job_1y", value=3, idempotency_key="k1"
    )
    again = services.record_rating(
        citizen=citizen, rater=caseworker, item="belief_job_1y", value=3, idempotency_key="k1"
    )
    assert first.pk == again.pk and Rating.objects.count() == 1


def test_the_same_rating_again_within_a_minute_is_a_double_submission(
    citizen, caseworker, instrument
):
    first = services.record_rating(citizen=citizen, rater=caseworker, item="belief_job_1y", value=3)
    again = services.record_rating(citizen=citizen, rater=caseworker, item="belief_job_1y", value=3)
    other = services.record_rating(citizen=citizen, rater=caseworker, item="belief_job_1y", value=4)
    assert first.pk == again.pk != other.pk
    assert Rating.objects.count() == 2


def test_a_rating_is_never_edited_or_deleted(rating):
    rating.value = 5
    with pytest.raises(PermissionError):
        rating.save()
    with pytest.raises(PermissionError):
        rating.delete()
    with pytest.raises(PermissionError):
        Rating.objects.filter(pk=rating.pk).update(value=5)
    with pytest.raises(PermissionError):
        Rating.objects.all().delete()


def test_the_database_refuses_an_update_of_a_rating(rating):
    with (
        pytest.raises(Exception, match="never changed"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE belief_rating SET value = 5 WHERE id = %s", [rating.pk])


def test_a_correction_within_24_hours_supersedes_and_both_are_kept(rating, citizen, caseworker):
    corrected = services.record_ratings(
        citizen=citizen, rater=caseworker, values={"belief_job_1y": 4}, correct=True
    )[0]
    assert corrected.supersedes_id == rating.pk
    assert Rating.objects.count() == 2
    assert list(Rating.objects.current()) == [corrected]
    assert AuditEvent.objects.filter(
        action="belief.rating.corrected", target_id=str(corrected.pk)
    ).exists()


def test_a_rating_older_than_24_hours_cannot_be_corrected(citizen, caseworker, instrument):
    rate_at(citizen, caseworker, 2, days_ago(2))
    with pytest.raises(ValidationError, match="ingen vurdering fra de seneste 24 timer"):
        services.record_ratings(
            citizen=citizen, rater=caseworker, values={"belief_job_1y": 4}, correct=True
        )


def test_the_due_list_asks_for_a_rating_every_interval(citizen, caseworker, instrument):
    today = timezone.localdate()
    assert [d.first for d in queries.due_ratings(staff=caseworker)] == [True]
    rate_at(citizen, caseworker, 3, days_ago(10))
    assert queries.due_ratings(staff=caseworker) == []
    rate_at(citizen, caseworker, 3, days_ago(100))  # an older one does not matter
    assert queries.due_ratings(staff=caseworker) == []
    due = queries.due_ratings(staff=caseworker, today=today + dt.timedelta(days=95))
    assert len(due) == 1 and due[0].overdue and not due[0].first


def test_the_interval_is_configurable_per_municipality(citizen, caseworker, instrument):
    rate_at(citizen, caseworker, 3, days_ago(40))
    assert queries.due_ratings(staff=caseworker) == []
    caseworker.municipality.rating_interval_days = 30
    caseworker.municipality.save()
    caseworker.refresh_from_db()
    assert queries.due_ratings(staff=caseworker)[0].overdue


def test_after_a_change_of_caseworker_the_new_one_gives_their_own_first_rating(
    citizen, caseworker, colleague, instrument
):
    rate_at(citizen, caseworker, 5, days_ago(5))
    assign_caseworker(
        actor=None, citizen=citizen, caseworker=colleague, start_date=timezone.localdate()
    )
    due = queries.due_ratings(staff=colleague)
    assert len(due) == 1 and due[0].first and due[0].last_rated_on is None
    assert queries.due_ratings(staff=caseworker) == []
    # The predecessor's rating is never inherited as the citizen's current belief.
    annotated = queries.with_current_belief(type(citizen).objects.filter(pk=citizen.pk)).get()
    assert annotated.belief_value is None
    # The old caseworker no longer rates the citizen.
    with pytest.raises(services.NotAllowed):
        services.record_rating(citizen=citizen, rater=caseworker, item="belief_job_1y", value=3)


def test_the_first_rating_is_due_at_the_first_meeting(citizen, colleague, instrument):
    today = timezone.localdate()
    assign_caseworker(
        actor=None, citizen=citizen, caseworker=colleague, start_date=today - dt.timedelta(days=10)
    )
    assert queries.due_ratings(staff=colleague)[0].due_on == today + dt.timedelta(days=4)
    meeting = today - dt.timedelta(days=3)
    record_contact(actor=None, citizen=citizen, staff=colleague, date=meeting, form="telefon")
    due = queries.due_ratings(staff=colleague)
    assert due[0].due_on == meeting and due[0].overdue and due[0].first


@pytest.mark.django_db(transaction=True)
def test_concurrent_double_submissions_store_one_rating(citizen, caseworker, instrument):
    # Two requests with the same key at once: the row lock and the unique key keep one.
    results, errors = [], []

    def submit():
        try:
            results.append(
                services.record_rating(
                    citizen=citizen,
                    rater=caseworker,
                    item="belief_job_1y",
                    value=3,
                    idempotency_key="same",
                ).pk
            )
        except Exception as exc:
            errors.append(exc)
        finally:
            if threading.current_thread() is not threading.main_thread():
                connection.close()

    if connection.vendor == "sqlite":
        submit()
        submit()
    else:
        threads = [threading.Thread(target=submit) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert not errors
    assert len(set(results)) == 1


# --- the citizen's link ---------------------------------------------------------------


def test_a_citizen_link_is_stored_hashed_and_answers_once(citizen, caseworker, instrument):
    link, raw = services.create_citizen_link(citizen=citizen, staff=caseworker)
    assert raw not in link.token_hash
    ratings = services.record_citizen_answers(
        raw_token=raw, values={"cit_own_belief": 4}, comment="Jeg er god med hænderne."
    )
    assert ratings[0].rater is None and ratings[0].rater_type == "citizen"
    with pytest.raises(services.LinkClosed) as exc:
        services.record_citizen_answers(raw_token=raw, values={"cit_own_belief": 2})
    assert exc.value.state == "used"
    assert Rating.objects.filter(rater_type="citizen").count() == 1


def test_an_expired_or_replaced_link_does_not_work(citizen, caseworker, instrument):
    link, raw = services.create_citizen_link(citizen=citizen, staff=caseworker, days_valid=1)
    CitizenLink.objects.filter(pk=link.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    with pytest.raises(services.LinkClosed, match="expired"):
        services.record_citizen_answers(raw_token=raw, values={"cit_own_belief": 4})
    _old, old_raw = services.create_citizen_link(citizen=citizen, staff=caseworker)
    services.create_citizen_link(citizen=citizen, staff=caseworker)
    with pytest.raises(services.LinkClosed, match="revoked"):
        services.record_citizen_answers(raw_token=old_raw, values={"cit_own_belief": 4})
    with pytest.raises(services.LinkClosed, match="unknown"):
        services.record_citizen_answers(raw_token="not-a-token", values={"cit_own_belief": 4})


def test_a_citizen_answer_out_of_range_or_with_a_cpr_number_is_refused(
    citizen, caseworker, instrument
):
    _link, raw = services.create_citizen_link(citizen=citizen, staff=caseworker)
    with pytest.raises(ValidationError):
        services.record_citizen_answers(raw_token=raw, values={"cit_own_belief": 7})
    with pytest.raises(ValidationError, match="CPR"):
        services.record_citizen_answers(raw_token=raw, values={"cit_own_belief": 3}, comment=CPR)
    with pytest.raises(ValidationError):
        services.record_citizen_answers(raw_token=raw, values={"belief_job_1y": 3})
    assert CitizenLink.objects.get().used_at is None


def test_only_the_current_caseworker_makes_a_citizen_link(citizen, colleague, external, instrument):
    for staff in (colleague, external):
        with pytest.raises(services.NotAllowed):
            services.create_citizen_link(citizen=citizen, staff=staff)


# --- general belief ---------------------------------------------------------------------


def test_general_belief_is_stored_over_time_and_due_every_six_months(caseworker, instrument):
    assert queries.general_belief_due(staff=caseworker)
    services.record_general_belief(
        staff=caseworker, values={"gb_ten_citizens": 3, "gb_my_work_matters": 4}
    )
    assert GeneralBeliefAnswer.objects.count() == 2
    assert not queries.general_belief_due(staff=caseworker)
    with pytest.raises(ValidationError):
        services.record_general_belief(staff=caseworker, values={"gb_ten_citizens": 11})


def test_a_leader_answers_no_general_belief_survey(leader, instrument):
    with pytest.raises(services.NotAllowed):
        services.record_general_belief(staff=leader, values={"gb_ten_citizens": 3})
