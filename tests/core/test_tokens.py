"""API tokens for integrations: `jobtro token create|revoke` and the page "API-nøgler" go
through one service (core.tokens), are audited, and refuse bad input in one Danish line."""

import re

import pytest
from django.urls import reverse

from jobtro.cli import main
from jobtro.core.models import ApiToken, AuditEvent


def _one_line(err: str) -> str:
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


def test_administrator_creates_a_token_on_the_command_line_and_it_works(
    client, caseworker, citizen, capsys
):
    assert main(["token", "create", "anna", "--name", "Fagsystem"]) == 0
    out, err = capsys.readouterr()
    raw = out.strip()
    assert re.fullmatch(r"jt_[\w-]{40,}", raw)
    assert "vises kun denne ene gang" in err
    token = ApiToken.objects.get(user=caseworker.user, name="Fagsystem")
    assert raw not in token.token_hash and raw[:8] == token.prefix
    event = AuditEvent.objects.get(action="core.api_token.created")
    assert (event.actor_username, event.via, event.detail["user"]) == ("system", "cli", "anna")
    response = client.get(f"/api/v1/citizens/{citizen.pk}", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200


def test_a_revoked_token_is_refused_at_once_and_the_revocation_is_audited(
    client, caseworker, capsys
):
    main(["token", "create", "anna", "--name", "Fagsystem"])
    raw = capsys.readouterr().out.strip()
    assert main(["token", "revoke", "fagsystem"]) == 0
    assert "er spærret" in capsys.readouterr().out
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    event = AuditEvent.objects.get(action="core.api_token.revoked")
    assert event.via == "cli" and event.detail["name"] == "Fagsystem"


@pytest.mark.parametrize(
    ("argv", "reason"),
    [
        (["token", "create", "nobody", "--name", "X"], "ukendt bruger «nobody»"),
        (["token", "create", "anna", "--name", "   "], "Giv nøglen et navn"),
        (["token", "create", "anna", "--name", "x" * 101], "højst være 100 tegn"),
        (["token", "revoke", "Findes ikke"], "Ingen aktiv nøgle hedder «Findes ikke»"),
        (["token", "revoke", "Fagsystem", "--user", "bent"], "bent har ingen aktiv nøgle"),
    ],
)
def test_bad_input_exits_2_with_one_danish_line_and_changes_nothing(
    caseworker, colleague, argv, reason, capsys
):
    main(["token", "create", "anna", "--name", "Fagsystem"])
    capsys.readouterr()
    before = list(ApiToken.objects.values_list("pk", "revoked_at"))
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert reason in _one_line(err) and not out
    assert list(ApiToken.objects.values_list("pk", "revoked_at")) == before


def test_a_duplicate_name_for_the_same_user_is_refused(caseworker, capsys):
    assert main(["token", "create", "anna", "--name", "Fagsystem"]) == 0
    capsys.readouterr()
    assert main(["token", "create", "anna", "--name", "fagsystem "]) == 2
    assert "har allerede en aktiv nøgle" in _one_line(capsys.readouterr().err)
    assert ApiToken.objects.count() == 1


def test_a_name_two_users_share_must_be_revoked_with_user(caseworker, colleague, capsys):
    main(["token", "create", "anna", "--name", "Fagsystem"])
    main(["token", "create", "bent", "--name", "Fagsystem"])
    capsys.readouterr()
    assert main(["token", "revoke", "Fagsystem"]) == 2
    assert "angiv --user" in _one_line(capsys.readouterr().err)
    assert main(["token", "revoke", "Fagsystem", "--user", "bent"]) == 0
    assert list(
        ApiToken.objects.filter(revoked_at__isnull=False).values_list("user__username")
    ) == [("bent",)]


def test_a_user_who_is_not_staff_or_is_deactivated_gets_no_token(caseworker, capsys):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user(username="kun-admin", password="x")
    assert main(["token", "create", "kun-admin", "--name", "X"]) == 2
    assert "ikke medarbejder" in _one_line(capsys.readouterr().err)
    caseworker.user.is_active = False
    caseworker.user.save()
    assert main(["token", "create", "anna", "--name", "X"]) == 2
    assert "deaktiveret" in _one_line(capsys.readouterr().err)
    assert not ApiToken.objects.exists()


def test_the_token_page_uses_the_same_service_and_refuses_a_duplicate_name(client, caseworker):
    client.force_login(caseworker.user)
    assert client.post(reverse("core:api_tokens"), {"name": "Fagsystem"}).status_code == 200
    again = client.post(reverse("core:api_tokens"), {"name": "Fagsystem"})
    assert again.status_code == 422
    assert "har allerede en aktiv nøgle" in again.content.decode()
    assert ApiToken.objects.count() == 1
    assert AuditEvent.objects.filter(action="core.api_token.created", via="web").count() == 1


def test_revoking_on_the_page_is_audited_and_a_strange_id_is_a_404(client, caseworker, colleague):
    theirs, _raw = ApiToken.issue(user=colleague.user, name="Bents")
    mine, _raw = ApiToken.issue(user=caseworker.user, name="Mine")
    client.force_login(caseworker.user)
    for strange in ["abc", "99999999999999999999", str(theirs.pk), "-1"]:
        assert client.post(reverse("core:api_tokens"), {"revoke": strange}).status_code == 404
    response = client.post(reverse("core:api_tokens"), {"revoke": str(mine.pk)})
    assert response.status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.revoked_at is not None and theirs.revoked_at is None
    assert AuditEvent.objects.filter(action="core.api_token.revoked", via="web").count() == 1
