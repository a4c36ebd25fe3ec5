"""In a real browser: a caseworker registers a success story at a team meeting — a CPR
number is caught first, the coach asks beside the field, the tags are ticked, and the
story appears in the team's feed. Both the form and the feed pass axe."""

from __future__ import annotations

import pytest

from jobtro.stories.models import Story, TagKind
from tests.browser.test_pages import log_in
from tests.browser_fixtures import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_registering_a_success_story(page, live_server, caseworker, team):
    log_in(page, live_server, "anna")
    page.goto(f"{live_server.url}/praksis/historier/")
    page.get_by_role("link", name="Fortæl en succeshistorie").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Fortæl en succeshistorie"

    happened = page.get_by_label("Hvad skete der?")
    happened.press_sequentially("Borgeren er umotiveret, men 010190-1234 fik praktik.", delay=5)
    page.locator("#id_what_happened_coach li").first.wait_for()
    page.get_by_label("Hvad gjorde forskellen?").fill("Et besøg i virksomheden sammen.")
    page.get_by_label("Hvad lærer vi?").fill("Vi går med på første dag.")
    page.get_by_label("Virksomhedspraktik eller løntilskud").check()
    page.get_by_label("Kendskab til arbejdsmarkedet").check()
    page.get_by_label("Fra forventning til handling i borgerens sag").check()
    page.get_by_label("Hele kommunen").check()
    assert axe_violations(page) == []

    page.get_by_role("button", name="Gem historien").click()
    page.get_by_text("Teksten ser ud til at indeholde et CPR-nummer. Fjern det.").wait_for()
    assert not Story.objects.exists()
    assert axe_violations(page) == []
    # The ticks survive the refused save.
    assert page.get_by_label("Hele kommunen").is_checked()

    happened.fill("En borger, der savnede at lave mad, fik en praktik i et kantinekøkken.")
    page.get_by_role("button", name="Gem historien").click()
    page.get_by_text("Tak for historien. Den er gemt.").wait_for()
    story = Story.objects.get()
    assert story.sharing == "municipality"
    assert story.tag_values(TagKind.LEVER) == ["labour_market"]
    assert story.tag_values(TagKind.THEME) == ["action"]
    assert axe_violations(page) == []

    page.goto(f"{live_server.url}/praksis/historier/team/{team.pk}/")
    page.get_by_role("link", name="En borger, der savnede at lave mad").wait_for()
    page.get_by_label("Slags forskel").select_option("job")
    page.get_by_text("0 historier").wait_for()
    assert axe_violations(page) == []
