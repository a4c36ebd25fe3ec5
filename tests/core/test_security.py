import os
import secrets
import subprocess
import sys

from django.urls import reverse

from jobtro.core.models import AuditEvent


def test_pages_send_security_headers_and_a_strict_csp(client, caseworker):
    client.force_login(caseworker.user)
    response = client.get(reverse("core:home"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert (
        "script-src 'self'" in csp
        and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    )
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cache-Control"] == "no-store"


def test_no_page_loads_anything_from_another_host(client, caseworker):
    client.force_login(caseworker.user)
    html = client.get(reverse("core:home")).content.decode()
    assert "http://" not in html.replace("http://www.w3.org", "")
    assert "https://" not in html


def test_deploy_check_is_clean_under_production_settings(tmp_path):
    env = {
        **os.environ,
        "JOBTRO_DATA_DIR": str(tmp_path),
        "JOBTRO_PRODUCTION": "true",
        "JOBTRO_SECRET_KEY": secrets.token_urlsafe(50),
        "JOBTRO_CPR_HASH_KEY": secrets.token_urlsafe(32),
        "JOBTRO_ALLOWED_HOSTS": "jobtro.kommune.dk",
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "jobtro.cli",
            "manage",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_production_refuses_to_start_with_the_development_key(tmp_path):
    env = {**os.environ, "JOBTRO_DATA_DIR": str(tmp_path), "JOBTRO_PRODUCTION": "true"}
    env.pop("JOBTRO_SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "-m", "jobtro.cli", "manage", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "JOBTRO_SECRET_KEY skal sættes i produktion" in result.stderr


def test_a_strict_setting_refuses_a_value_it_does_not_understand(tmp_path):
    env = {**os.environ, "JOBTRO_DATA_DIR": str(tmp_path), "JOBTRO_DEBUG": "maybe"}
    result = subprocess.run(
        [sys.executable, "-m", "jobtro.cli", "manage", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "JOBTRO_DEBUG skal være true eller false" in result.stderr


def test_repeated_failed_logins_lock_the_account(client, caseworker, settings):
    settings.AXES_FAILURE_LIMIT = 3
    url = reverse("login")
    for _ in range(3):
        client.post(url, {"username": "anna", "password": "forkert"})
    locked = client.post(url, {"username": "anna", "password": "Demo-kodeord-2026"})
    assert locked.status_code == 429
    assert "midlertidigt låst" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_works_with_the_right_password(client, caseworker):
    response = client.post(reverse("login"), {"username": "anna", "password": "Demo-kodeord-2026"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(caseworker.user.pk)


def test_wrong_login_gives_a_danish_message(client, caseworker):
    response = client.post(reverse("login"), {"username": "anna", "password": "forkert"})
    assert "Forkert brugernavn eller adgangskode" in response.content.decode()


def test_passwords_are_hashed_with_argon2_in_production_settings():
    from jobtro import settings as prod_settings

    assert prod_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_post_without_csrf_token_is_refused(caseworker, citizen):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(caseworker.user)
    response = client.post(
        reverse("citizens:add_contact", args=[citizen.pk]),
        {"date": "2025-02-01", "form": "telefon"},
    )
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="citizens.contact.created").exists()


def test_danish_is_the_default_whatever_the_browser_asks(client, caseworker):
    client.force_login(caseworker.user)
    page = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="da">' in page.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    chosen = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="da")
    assert '<html lang="en">' in chosen.content.decode()
