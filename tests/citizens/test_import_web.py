"""The import page: administrators only, a dry run first, then the real import."""

from __future__ import annotations

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import include, path, reverse

from jobtro.citizens.imports import jobs
from jobtro.citizens.imports.uploads import SESSION_KEY, folder
from jobtro.citizens.models import Citizen
from jobtro.core.models import AuditEvent

URL = "/borgere/import/"
GROUP = "aktivitetsparat-kontanthjaelp"
CSV = (
    "citizen_id;name;birth_year;target_group;enrolled_on\r\n"
    f"S-1;Åse Ærø;1980;{GROUP};06.01.2025\r\n"
    f"S-2;<script>alert('x')</script>;1975;{GROUP};2025-02-01\r\n"
).encode("cp1252")


def upload(content: bytes = CSV, name: str = "borgere.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def test_the_page_lives_at_its_url(administrator, client):
    assert reverse("citizens:import") == URL
    client.force_login(administrator.user)

    response = client.get(URL)

    assert response.status_code == 200
    assert "Prøv først (tør-kørsel)" in response.content.decode()


@pytest.mark.parametrize("persona", ["caseworker", "leader", "researcher", "external", "outsider"])
def test_everyone_but_an_administrator_gets_404(persona, request, client, target_group):
    staff = request.getfixturevalue(persona)
    client.force_login(staff.user)

    assert client.get(URL).status_code == 404
    assert (
        client.post(URL, {"kind": "citizens", "action": "import", "file": upload()}).status_code
        == 404
    )
    assert not Citizen.objects.exists()


def test_an_administrator_tries_the_file_first_then_imports_it(administrator, client, target_group):
    client.force_login(administrator.user)

    response = client.post(URL, {"kind": "citizens", "action": "dry_run", "file": upload()})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Tør-kørslen fandt ingen fejl" in page
    assert "Åse Ærø" in page and "06.01.2025" in page  # the preview, as it will be saved
    assert not Citizen.objects.exists()
    token = client.session[SESSION_KEY]["token"]
    kept = list(folder().iterdir())
    assert len(kept) == 1 and token in kept[0].name

    response = client.post(URL, {"token": token})

    assert response.status_code == 200
    assert "Importen er gennemført" in response.content.decode()
    assert Citizen.objects.filter(municipality=administrator.municipality).count() == 2
    assert list(folder().iterdir()) == []  # the file with personal data is gone
    event = AuditEvent.objects.get(action="citizens.import.completed")
    assert event.actor == administrator.user and event.via == "web"
    assert event.detail["file"] == "borgere.csv"


def test_a_second_click_on_import_saves_nothing_twice(administrator, client, target_group):
    client.force_login(administrator.user)
    client.post(URL, {"kind": "citizens", "action": "dry_run", "file": upload()})
    token = client.session[SESSION_KEY]["token"]
    client.post(URL, {"token": token})

    response = client.post(URL, {"token": token}, follow=True)

    assert "Filen er ikke længere klar til import" in response.content.decode()
    assert Citizen.objects.count() == 2


def test_import_without_a_dry_run_shows_the_dry_run_first(administrator, client, target_group):
    client.force_login(administrator.user)

    response = client.post(URL, {"kind": "citizens", "action": "import", "file": upload()})

    assert "En import skal først prøves" in response.content.decode()
    assert not Citizen.objects.exists()
    # The same file again, after its clean dry run, is imported.
    response = client.post(URL, {"kind": "citizens", "action": "import", "file": upload()})
    assert "Importen er gennemført" in response.content.decode()
    assert Citizen.objects.count() == 2


def test_a_different_file_after_the_dry_run_is_not_imported(administrator, client, target_group):
    client.force_login(administrator.user)
    client.post(URL, {"kind": "citizens", "action": "dry_run", "file": upload()})
    other = CSV.replace(b"S-2", b"S-3")

    response = client.post(URL, {"kind": "citizens", "action": "import", "file": upload(other)})

    assert "En import skal først prøves" in response.content.decode()
    assert not Citizen.objects.exists()


def test_errors_are_listed_per_row_and_nothing_is_kept(administrator, client, target_group):
    client.force_login(administrator.user)
    bad = CSV + b"S-3;Bo;1975;ukendt;2025-02-01\r\n"

    response = client.post(URL, {"kind": "citizens", "action": "dry_run", "file": upload(bad)})

    page = response.content.decode()
    assert "Tør-kørslen fandt fejl" in page
    assert "Række 4, kolonne «target_group»: Ukendt målgruppe «ukendt»." in page
    assert SESSION_KEY not in client.session
    assert list(folder().iterdir()) == []


def test_html_in_a_cell_is_shown_as_text(administrator, client, target_group):
    client.force_login(administrator.user)

    response = client.post(URL, {"kind": "citizens", "action": "dry_run", "file": upload()})

    page = response.content.decode()
    assert "<script>alert('x')</script>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page


def test_an_oversized_upload_is_refused(administrator, client, settings, target_group):
    settings.IMPORT_MAX_BYTES = 100
    client.force_login(administrator.user)

    response = client.post(URL, {"kind": "citizens", "action": "dry_run", "file": upload()})

    assert response.status_code == 422
    assert "Filen er for stor. Den må højst fylde 0,0 MB." in response.content.decode()
    assert list(folder().iterdir()) == []


def test_a_file_of_the_wrong_type_is_refused(administrator, client, target_group):
    client.force_login(administrator.user)

    response = client.post(
        URL, {"kind": "citizens", "action": "dry_run", "file": upload(b"MZ\x00\x00", "virus.exe")}
    )

    assert response.status_code == 422
    assert "Filtypen understøttes ikke." in response.content.decode()


def test_an_administrator_cannot_import_into_another_municipality(
    administrator, client, odder, target_group
):
    client.force_login(administrator.user)
    content = f"citizen_id,birth_year,target_group,enrolled_on,municipality\nS-1,1980,{GROUP},2025-01-06,727\n"

    response = client.post(
        URL, {"kind": "citizens", "action": "dry_run", "file": upload(content.encode())}
    )

    assert "Du kan kun importere til din egen kommune (Silkeborg)." in response.content.decode()


# --- large files: in the background, with progress ------------------------------------------

# The status endpoint, included as the lead includes it in jobtro/urls.py.
urlpatterns = [
    path("borgere/import/", include("jobtro.citizens.imports.urls")),
    path("", include("jobtro.urls")),
]


class AfterTheRequestThread(threading.Thread):
    """A real thread, started only once the request is over.

    The test database is SQLite in memory with a shared cache, where two writers at
    once fail at once instead of waiting (as they do on a database file or PostgreSQL);
    the session saved at the end of the request would race the import.
    """

    def start(self) -> None:
        pass

    def join(self, timeout: float | None = None) -> None:
        super().start()
        super().join(timeout)


@pytest.mark.urls(__name__)
@pytest.mark.django_db(transaction=True)
def test_a_large_file_is_checked_and_imported_in_the_background_with_progress(
    administrator, client, target_group, monkeypatch
):
    monkeypatch.setattr(jobs, "BACKGROUND_BYTES", 1)
    monkeypatch.setattr(jobs, "Thread", AfterTheRequestThread)
    client.force_login(administrator.user)

    response = client.post(URL, {"kind": "citizens", "action": "dry_run", "file": upload()})

    page = response.content.decode()
    token = client.session[SESSION_KEY]["token"]
    status_url = reverse("citizens_import:status", args=[token])
    assert "Kontrollerer filen" in page and f'hx-get="{status_url}"' in page
    jobs.wait(token)
    response = client.get(status_url, headers={"HX-Request": "true"})
    fragment = response.content.decode()
    assert fragment.startswith('<div id="import-status"')
    assert "Tør-kørslen fandt ingen fejl" in fragment and "Åse Ærø" in fragment
    assert not Citizen.objects.exists()

    response = client.post(URL, {"token": token})

    assert "Importerer" in response.content.decode()
    jobs.wait(token)
    response = client.get(status_url)  # without JavaScript: the whole page
    assert "Importen er gennemført" in response.content.decode()
    assert Citizen.objects.count() == 2
    assert list(folder().iterdir()) == []
    assert client.get(status_url).status_code == 404  # finished and forgotten


@pytest.mark.urls(__name__)
def test_the_status_of_someone_elses_import_is_404(administrator, caseworker, client):
    client.force_login(administrator.user)
    assert client.get(reverse("citizens_import:status", args=["not-mine"])).status_code == 404
    client.force_login(caseworker.user)
    assert client.get(reverse("citizens_import:status", args=["not-mine"])).status_code == 404


@pytest.mark.urls(__name__)
def test_a_small_file_of_many_rows_is_checked_in_the_background(
    administrator, client, target_group, monkeypatch
):
    # A 1 MB file of short rows takes as long to check as a large one: rows count too.
    started = []
    monkeypatch.setattr(jobs, "BACKGROUND_ROWS", 2)
    monkeypatch.setattr(jobs, "start", lambda *, token, work: started.append(token))
    client.force_login(administrator.user)

    response = client.post(URL, {"kind": "citizens", "action": "dry_run", "file": upload()})

    assert "Kontrollerer filen" in response.content.decode()
    assert started == [client.session[SESSION_KEY]["token"]]
    assert client.session[SESSION_KEY]["rows"] == 2
