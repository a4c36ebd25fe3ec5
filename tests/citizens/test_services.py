import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from jobtro.citizens.models import Assignment, Citizen
from jobtro.citizens.services import assign_caseworker, create_citizen
from jobtro.core.models import AuditEvent


def test_a_cpr_number_is_stored_only_as_a_keyed_hash(caseworker, target_group):
    c = create_citizen(
        actor=None,
        municipality=caseworker.municipality,
        birth_year=1990,
        target_group=target_group,
        enrolled_on=dt.date(2025, 1, 1),
        cpr="010190-1234",
    )
    stored = Citizen.objects.filter(pk=c.pk).values().get()
    assert all("0101901234" not in str(v) and "010190-1234" not in str(v) for v in stored.values())
    assert len(c.cpr_hash) == 64
    for event in AuditEvent.objects.all():
        assert "0101901234" not in str(event.detail)


def test_an_invalid_cpr_is_refused_in_danish(caseworker, target_group):
    with pytest.raises(ValidationError, match="Ugyldigt CPR-nummer"):
        create_citizen(
            actor=None,
            municipality=caseworker.municipality,
            birth_year=1990,
            target_group=target_group,
            enrolled_on=dt.date(2025, 1, 1),
            cpr="320190-1234",
        )


def test_the_same_cpr_twice_in_a_municipality_is_refused(caseworker, target_group):
    kwargs = {
        "actor": None,
        "municipality": caseworker.municipality,
        "birth_year": 1990,
        "target_group": target_group,
        "enrolled_on": dt.date(2025, 1, 1),
        "cpr": "010190-1234",
    }
    create_citizen(**kwargs)
    with pytest.raises(ValidationError, match="findes allerede"):
        create_citizen(**kwargs)


def test_a_new_caseworker_ends_the_old_assignment_the_day_before(citizen, colleague):
    assign_caseworker(
        actor=None, citizen=citizen, caseworker=colleague, start_date=dt.date(2025, 6, 1)
    )
    old, new = Assignment.objects.filter(citizen=citizen).order_by("start_date")
    assert old.end_date == dt.date(2025, 5, 31)
    assert new.end_date is None


def test_overlapping_assignments_are_refused(citizen, colleague):
    with pytest.raises(ValidationError, match="overlapper"):
        assign_caseworker(
            actor=None,
            citizen=citizen,
            caseworker=colleague,
            start_date=dt.date(2024, 12, 1),
            end_date=dt.date(2025, 2, 1),
            close_open=False,
        )


def test_a_caseworker_from_another_municipality_cannot_be_assigned(citizen, outsider):
    with pytest.raises(ValidationError, match="ikke sagsbehandler i borgerens kommune"):
        assign_caseworker(
            actor=None, citizen=citizen, caseworker=outsider, start_date=dt.date(2025, 6, 1)
        )


def test_future_dates_are_refused(citizen, colleague):
    with pytest.raises(ValidationError, match="fremtiden"):
        assign_caseworker(
            actor=None,
            citizen=citizen,
            caseworker=colleague,
            start_date=dt.date.today() + dt.timedelta(days=1),
        )
