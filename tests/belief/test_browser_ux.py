"""The stumbles of issue 19 that belong to the belief app, as flows in a real browser
(Debian's chromium): the saved page keeps "now" and "last time" apart, the citizen's
answer labels fit each question, and the caseworker's own picture by meeting form."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from jobtro.belief import services
from jobtro.belief.expectations.services import create_after_contact_link
from jobtro.belief.models import Rating
from jobtro.citizens.models import Contact
from jobtro.citizens.services import assign_caseworker, create_citizen
from tests.belief.conftest import days_ago, rate_at
from tests.belief.test_browser import log_in
from tests.browser_fixtures import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_after_saving_the_caseworker_sees_now_and_last_time_apart(
    page, live_server, citizen, caseworker
):
    rate_at(citizen, caseworker, 3, days_ago(120))
    # Demo and imported ratings carry a time of day: one given today may lie after "now".
    rate_at(citizen, caseworker, 2, timezone.now() + dt.timedelta(minutes=30))
    log_in(page, live_server, "anna")
    page.goto(f"{live_server.url}/tro/borger/{citizen.pk}/vurder/")
    page.get_by_label("4 · Ja, sandsynligvis").check()
    page.get_by_role("button", name="Gem vurdering").click()
    page.wait_for_url("**/gemt/**")
    expect(page.get_by_text("Din tro lige nu: 4 · Ja, sandsynligvis")).to_be_visible()
    today = timezone.localdate().strftime("%d.%m.%Y")
    expect(page.get_by_text(f"Sidst, den {today}, vurderede du 2 · ")).to_be_visible()
    expect(page.get_by_text("Din tro er steget siden sidst.")).to_be_visible()
    table = page.get_by_role("table", name="Nu og sidst")
    row = table.get_by_role("row", name="Tror du")
    expect(row.get_by_role("cell").nth(0)).to_have_text("4 · Ja, sandsynligvis")
    expect(row.get_by_role("cell").nth(1)).to_contain_text("2 · ")
    expect(row.get_by_role("cell").nth(1)).to_contain_text(f"({today})")
    assert axe_violations(page) == []

    # A correction is compared with the rating before the mistaken one, not with itself.
    page.get_by_role("link", name="Ret vurderingen").click()
    page.get_by_label("5 · Ja, helt sikkert").check()
    page.get_by_role("button", name="Gem rettelsen").click()
    page.wait_for_url("**/gemt/**")
    expect(page.get_by_text("Din tro lige nu: 5")).to_be_visible()
    expect(page.get_by_text(f"Sidst, den {today}, vurderede du 2 · ")).to_be_visible()
    assert axe_violations(page) == []


def test_the_citizens_answer_steps_fit_each_question_on_a_phone(page, phone, live_server, citizen):
    log_in(page, live_server, "anna")
    page.goto(f"{live_server.url}/borgere/{citizen.pk}/")
    page.get_by_role("button", name="Lav et link til borgerens egne svar").click()
    page.wait_for_url("**/link/")
    phone.goto(page.get_by_label("Linket").input_value())

    search = phone.get_by_role("group", name="Søger du selv job, praktik eller uddannelse?")
    expect(search.get_by_label("1 · Nej, ikke nu")).to_be_visible()
    expect(search.get_by_label("5 · Ja, hver uge")).to_be_visible()
    jobs = phone.get_by_role("group", name="Ved du, hvilke job der kunne passe til dig?")
    expect(jobs.get_by_text("Jeg har ingen idé om, hvad der kan passe til mig.")).to_be_visible()
    together = phone.get_by_role("group", name="Har du det godt med at samarbejde med andre")
    expect(together.get_by_label("3 · Både og")).to_be_visible()
    # The coping wording stays with the questions it was written for (none of the citizen's).
    expect(phone.get_by_text("I meget lav grad")).to_have_count(0)
    expect(phone.get_by_text("står i vejen for næsten alt andet")).to_have_count(0)
    assert axe_violations(phone) == []

    phone.get_by_role("group", name="Tror du selv").get_by_label("4 · Ja, nok").check()
    search.get_by_label("3 · Nogle gange").check()
    phone.get_by_role("button", name="Send mine svar").click()
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    assert axe_violations(phone) == []
    answers = Rating.objects.filter(citizen=citizen, rater_type="citizen").select_related("item")
    assert {(r.item.code, r.value, r.item.instrument.code) for r in answers} == {
        ("cit_own_belief", 4, "jobtro-2"),
        ("cit_job_search", 3, "jobtro-2"),
    }


def my_citizens(staff, target_group, n: int, form: str, value: int, felt: int) -> None:
    """n citizens of `staff`, each met in `form` 20 days ago and rated `value` two days
    later, and met again today with the citizen's after-meeting answer `felt`."""
    today = timezone.localdate()
    for _i in range(n):
        c = create_citizen(
            actor=None,
            municipality=staff.municipality,
            birth_year=1985,
            target_group=target_group,
            enrolled_on=today - dt.timedelta(days=300),
        )
        assign_caseworker(actor=None, citizen=c, caseworker=staff, start_date=c.enrolled_on)
        Contact.objects.create(
            citizen=c, staff=staff, date=today - dt.timedelta(days=20), form=form
        )
        rate_at(c, staff, value, days_ago(18))
        recent = Contact.objects.create(citizen=c, staff=staff, date=today, form=form)
        _link, raw = create_after_contact_link(contact=recent, staff=staff)
        services.record_citizen_answers(raw_token=raw, values={"cit_felt_belief": felt})


def test_the_caseworker_sees_their_own_belief_by_meeting_form_never_a_colleagues(
    page, live_server, caseworker, colleague, target_group, instrument
):
    my_citizens(caseworker, target_group, 12, "fremmøde", value=4, felt=5)
    my_citizens(caseworker, target_group, 3, "video", value=2, felt=2)  # too few to show
    # A colleague's meetings and ratings pull nothing into Anna's figures.
    my_citizens(colleague, target_group, 12, "fremmøde", value=1, felt=1)
    my_citizens(colleague, target_group, 12, "telefon", value=1, felt=1)
    log_in(page, live_server, "anna")
    page.get_by_role("link", name="Min tro").first.click()
    page.wait_for_url("**/tro/")
    expect(
        page.get_by_role("heading", name="Din tro efter mødeform (det seneste år)")
    ).to_be_visible()
    expect(page.get_by_text("tallene viser en sammenhæng, ikke en effekt").first).to_be_visible()
    table = page.get_by_role("table", name="Din tro efter mødeform")
    physical = table.get_by_role("row", name="Fysisk")
    expect(physical.get_by_role("cell").nth(0)).to_have_text("4,0 (12 vurderinger)")
    expect(physical.get_by_role("cell").nth(1)).to_have_text("5,0 (12 svar)")
    remote = table.get_by_role("row", name="Virtuel")
    expect(remote.get_by_role("cell").nth(0)).to_have_text("For få til at vise")
    expect(remote.get_by_role("cell").nth(1)).to_have_text("For få til at vise")
    assert axe_violations(page) == []
