"""In a real browser: an administrator tries a file, then imports it with the one
button the dry run offers; the page passes axe before and after."""

from __future__ import annotations

import re

import pytest

from jobtro.citizens.models import Citizen
from tests.browser.test_pages import log_in
from tests.browser_fixtures import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GROUP = "aktivitetsparat-kontanthjaelp"
CSV = (
    "citizen_id;name;birth_year;target_group;enrolled_on\r\n"
    f"S-1;Åse Ærø;1980;{GROUP};06.01.2025\r\n"
    f"S-2;Bo Bækholm;1975;{GROUP};2025-02-01\r\n"
).encode("cp1252")


def test_after_a_dry_run_the_administrator_sees_one_import_button(
    page, live_server, settings, administrator, target_group
):
    settings.ADMIN_TOTP_REQUIRED = False  # the TOTP step has its own tests (tests/sso)
    log_in(page, live_server, "adam")
    page.goto(f"{live_server.url}/borgere/import/")
    assert axe_violations(page) == []
    page.get_by_label("Hvad vil du importere?").select_option("citizens")
    page.locator("input[type=file]").set_input_files(
        {"name": "borgere.csv", "mimeType": "text/csv", "buffer": CSV}
    )
    page.get_by_role("button", name="Prøv først (tør-kørsel)").click()

    page.get_by_text("Tør-kørslen fandt ingen fejl").wait_for()
    import_buttons = page.get_by_role("button", name=re.compile(r"^Importér"))
    assert import_buttons.count() == 1
    assert import_buttons.inner_text() == "Importér de 2 rækker"
    assert page.get_by_role("heading", name="Prøv en anden fil").is_visible()
    assert axe_violations(page) == []
    assert not Citizen.objects.exists()

    import_buttons.click()

    page.get_by_text("Importen er gennemført").wait_for()
    assert sorted(Citizen.objects.values_list("external_ref", flat=True)) == ["S-1", "S-2"]
    assert axe_violations(page) == []
