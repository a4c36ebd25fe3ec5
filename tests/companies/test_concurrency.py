"""Two overlapping registrations for one citizen at the same moment: the row lock makes
the second wait and then see the first, so exactly one is saved (PostgreSQL; SQLite
serialises writes by itself)."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from jobtro.companies import services
from jobtro.companies.models import Placement

from .conftest import MONDAY

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_overlapping_registrations_at_once_save_exactly_one(
    caseworker, citizen, company, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are a PostgreSQL matter; SQLite serialises writes")
    # Widen the race window: without the lock, both checks pass before either saves.
    check = services._check_placement

    def slow_check(**kwargs):
        check(**kwargs)
        time.sleep(0.5)

    monkeypatch.setattr(services, "_check_placement", slow_check)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def register(weeks: int) -> None:
        from django.db import connections

        try:
            barrier.wait(timeout=10)
            services.register_placement(
                author=caseworker, citizen=citizen, company=company, kind="virksomhedspraktik",
                start_date=MONDAY, end_date=MONDAY + dt.timedelta(weeks=weeks),
            )  # fmt: skip
            outcomes.append("saved")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(w,)) for w in (4, 6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["refused", "saved"]
    assert Placement.objects.filter(citizen=citizen).count() == 1
