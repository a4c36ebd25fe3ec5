import pytest
from django.db import connection, transaction
from django.urls import reverse

from jobtro.core import audit
from jobtro.core.models import AuditEvent


def test_reading_a_citizen_page_is_logged_with_who_what_and_address(client, caseworker, citizen):
    client.force_login(caseworker.user)
    client.get(reverse("citizens:detail", args=[citizen.pk]), REMOTE_ADDR="10.1.2.3")
    event = AuditEvent.objects.filter(action="citizens.citizen.viewed").get()
    assert event.actor_username == "anna"
    assert event.citizen_id_ref == citizen.pk
    assert event.citizen_pseudonym == citizen.pseudonym
    assert event.ip_address == "10.1.2.3"
    assert event.via == "web"


def test_the_citizen_list_logs_each_citizen_shown(client, caseworker, citizen):
    client.force_login(caseworker.user)
    client.get(reverse("citizens:list"))
    assert AuditEvent.objects.filter(
        action="citizens.citizen.listed", citizen_id_ref=citizen.pk
    ).exists()


def test_writes_are_logged(citizen):
    assert AuditEvent.objects.filter(
        action="citizens.citizen.created", citizen_id_ref=citizen.pk
    ).exists()
    assert AuditEvent.objects.filter(
        action="citizens.assignment.created", citizen_id_ref=citizen.pk
    ).exists()


def test_the_audit_log_cannot_be_changed_or_deleted(caseworker):
    event = audit.log(actor=caseworker, action="core.audit.viewed")
    event.action = "changed"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().update(action="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


def test_the_database_itself_refuses_an_update(caseworker):
    event = audit.log(actor=caseworker, action="core.audit.viewed")
    with (
        pytest.raises(Exception, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE core_auditevent SET action = 'x' WHERE id = %s", [event.pk])


def test_administrator_searches_and_exports_the_log(client, administrator, caseworker, citizen):
    client.force_login(caseworker.user)
    client.get(reverse("citizens:detail", args=[citizen.pk]))
    client.force_login(administrator.user)
    page = client.get(reverse("core:audit"), {"q": citizen.pseudonym})
    assert page.status_code == 200
    assert "citizens.citizen.viewed" in page.content.decode()
    export = client.get(reverse("core:audit_export"), {"q": "anna"})
    body = b"".join(export.streaming_content).decode()
    assert body.startswith("tidspunkt,bruger,handling")
    assert "citizens.citizen.viewed" in body


def test_audit_search_with_reversed_dates_gives_a_danish_message(client, administrator):
    client.force_login(administrator.user)
    page = client.get(reverse("core:audit"), {"date_from": "2025-05-01", "date_to": "2025-01-01"})
    assert "Fra-datoen ligger efter til-datoen." in page.content.decode()


def test_administrator_of_another_municipality_does_not_see_the_events(
    client, caseworker, citizen, odder
):
    from tests.conftest import _staff

    other_admin = _staff("olga", "administrator", odder)
    client.force_login(caseworker.user)
    client.get(reverse("citizens:detail", args=[citizen.pk]))
    client.force_login(other_admin.user)
    page = client.get(reverse("core:audit"))
    assert citizen.pseudonym not in page.content.decode()


def test_the_proxy_header_is_believed_only_from_a_trusted_proxy(
    client, caseworker, citizen, settings
):
    client.force_login(caseworker.user)
    url = reverse("citizens:detail", args=[citizen.pk])
    client.get(url, REMOTE_ADDR="198.51.100.7", HTTP_X_REAL_IP="10.9.9.9")
    settings.TRUSTED_PROXIES = {"127.0.0.1"}
    client.get(url, REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="10.1.1.1")
    addresses = list(
        AuditEvent.objects.filter(action="citizens.citizen.viewed")
        .order_by("id")
        .values_list("ip_address", flat=True)
    )
    assert addresses == ["198.51.100.7", "10.1.1.1"]
