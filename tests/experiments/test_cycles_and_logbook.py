"""PDSA cycles (the next meeting opens with the last one's agreed actions) and the
logbook (participants write; only the author edits, and an edit keeps the old text)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jobtro.core.appendonly import AppendOnlyError
from jobtro.core.models import AuditEvent
from jobtro.experiments import services
from jobtro.experiments.models import Cycle, Decision, LogbookEntry, LogbookVersion, Status
from tests.experiments.conftest import START

TODAY = dt.date.today()


def _decide(leader, cycle, **changes):
    data = {
        "ended_on": TODAY,
        "study": "Spillereglerne blev brugt på møderne.",
        "decision": Decision.ADAPT,
        "decision_note": "Vi tager henvisningerne med.",
        "next_actions": "Alle skriver ressourceafsnittet først.",
    }
    return services.decide_cycle(actor=leader, cycle=cycle, **(data | changes))


def test_leader_plans_a_cycle_and_it_is_audited(client, leader, experiment):
    client.force_login(leader.user)
    response = client.post(
        reverse("experiments:cycle_create", args=[experiment.pk]),
        {"plan": "Vi hænger spilleregler op.", "started_on": START.isoformat()},
    )
    assert response.status_code == 302
    cycle = Cycle.objects.get()
    assert (cycle.number, cycle.is_open) == (1, True)
    assert AuditEvent.objects.filter(action="experiments.cycle.planned").exists()


def test_the_next_meeting_shows_the_last_cycles_agreed_actions(client, leader, open_cycle):
    _decide(leader, open_cycle)
    client.force_login(leader.user)
    response = client.get(reverse("experiments:cycle_create", args=[open_cycle.experiment_id]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Det aftalte vi ved cyklus 1" in page
    assert "Alle skriver ressourceafsnittet først." in page
    detail = client.get(reverse("experiments:detail", args=[open_cycle.experiment_id]))
    assert "Alle skriver ressourceafsnittet først." in detail.content.decode()


def test_a_second_cycle_cannot_begin_while_one_is_open(leader, open_cycle):
    with pytest.raises(ValidationError) as caught:
        services.plan_cycle(
            actor=leader, experiment=open_cycle.experiment, plan="Mere", started_on=TODAY
        )
    assert "Afslut den åbne cyklus" in caught.value.messages[0]
    assert Cycle.objects.count() == 1


def test_the_next_meeting_page_first_closes_the_open_cycle(client, leader, open_cycle):
    client.force_login(leader.user)
    response = client.get(reverse("experiments:cycle_create", args=[open_cycle.experiment_id]))
    assert response["Location"] == reverse(
        "experiments:cycle_decide", args=[open_cycle.experiment_id, open_cycle.pk]
    )


def test_a_cycle_cannot_begin_before_the_experiment(client, leader, experiment):
    client.force_login(leader.user)
    response = client.post(
        reverse("experiments:cycle_create", args=[experiment.pk]),
        {"plan": "Vi prøver.", "started_on": (START - dt.timedelta(days=1)).isoformat()},
    )
    assert response.status_code == 422
    assert "Cyklussen kan ikke begynde før eksperimentet." in response.content.decode()
    assert not Cycle.objects.exists()


def test_a_cycle_cannot_end_before_it_began(client, leader, open_cycle):
    client.force_login(leader.user)
    url = reverse("experiments:cycle_decide", args=[open_cycle.experiment_id, open_cycle.pk])
    response = client.post(
        url,
        {"ended_on": (START - dt.timedelta(days=1)).isoformat(), "study": "Noget",
         "decision": "adopt", "decision_note": "", "next_actions": ""},
    )  # fmt: skip
    assert response.status_code == 422
    assert "Slutdatoen ligger før cyklussens start." in response.content.decode()
    open_cycle.refresh_from_db()
    assert open_cycle.is_open and open_cycle.decision == ""


def test_a_decision_must_be_one_of_adopt_adapt_abandon(leader, open_cycle):
    with pytest.raises(ValidationError) as caught:
        _decide(leader, open_cycle, decision="måske")
    assert caught.value.message_dict["decision"] == [
        "Vælg en beslutning: fasthold, justér eller stop."
    ]


def test_a_decided_cycle_is_audited_with_its_decision(leader, open_cycle):
    _decide(leader, open_cycle, decision=Decision.ABANDON)
    event = AuditEvent.objects.get(action="experiments.cycle.decided")
    assert event.detail["decision"] == "abandon"


def test_a_caseworker_cannot_decide_a_cycle(client, caseworker, open_cycle):
    client.force_login(caseworker.user)
    url = reverse("experiments:cycle_decide", args=[open_cycle.experiment_id, open_cycle.pk])
    assert client.get(url).status_code == 404
    with pytest.raises(services.NotPermitted):
        _decide(caseworker, open_cycle)


def test_a_participant_writes_in_the_logbook_under_the_open_cycle(
    client, caseworker, experiment, open_cycle
):
    client.force_login(caseworker.user)
    response = client.post(
        reverse("experiments:logbook_create", args=[experiment.pk]),
        {"observed_on": TODAY.isoformat(), "kind": "reflection", "text": "Jeg tror mere på det."},
    )
    assert response.status_code == 302
    entry = LogbookEntry.objects.get()
    assert (entry.author, entry.cycle) == (caseworker, open_cycle)
    assert AuditEvent.objects.filter(action="experiments.logbook.written").exists()


def test_a_team_member_who_is_not_a_participant_cannot_write(client, colleague, experiment):
    client.force_login(colleague.user)
    url = reverse("experiments:logbook_create", args=[experiment.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"observed_on": TODAY.isoformat(), "kind": "observation",
                             "text": "Hej"}).status_code == 404  # fmt: skip
    assert not LogbookEntry.objects.exists()


@pytest.mark.parametrize(
    ("observed_on", "message"),
    [
        (TODAY + dt.timedelta(days=1), "Datoen ligger i fremtiden."),
        (START - dt.timedelta(days=1), "Datoen ligger før eksperimentets start."),
    ],
)
def test_a_logbook_date_out_of_range_is_refused(
    client, caseworker, experiment, observed_on, message
):
    client.force_login(caseworker.user)
    response = client.post(
        reverse("experiments:logbook_create", args=[experiment.pk]),
        {"observed_on": observed_on.isoformat(), "kind": "observation", "text": "Noget."},
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not LogbookEntry.objects.exists()


def test_a_citizens_name_in_the_logbook_is_caught(caseworker, experiment, citizen):
    with pytest.raises(ValidationError) as caught:
        services.write_logbook_entry(
            author=caseworker, experiment=experiment, observed_on=TODAY, kind="observation",
            text="Talte om Testborger Ærø i dag.",
        )  # fmt: skip
    assert "borgernavne" in caught.value.message_dict["text"][0]
    assert not LogbookEntry.objects.exists()


def test_the_author_edits_their_entry_and_the_old_text_is_kept(client, caseworker, entry):
    client.force_login(caseworker.user)
    url = reverse("experiments:logbook_edit", args=[entry.experiment_id, entry.pk])
    assert client.get(url).context["form"]["text"].value() == "Snakken på mødet var mere nysgerrig."
    response = client.post(
        url, {"observed_on": START.isoformat(), "kind": "observation", "text": "Rettet tekst."}
    )
    assert response.status_code == 302
    texts = list(entry.versions.order_by("number").values_list("text", flat=True))
    assert texts == ["Snakken på mødet var mere nysgerrig.", "Rettet tekst."]
    event = AuditEvent.objects.get(action="experiments.logbook.edited")
    assert event.detail["version"] == 2
    detail = client.get(reverse("experiments:detail", args=[entry.experiment_id]))
    assert "Rettet tekst." in detail.content.decode()
    assert "Rettet (2 udgaver gemt)" in detail.content.decode()


@pytest.mark.parametrize("persona", ["leader", "colleague", "researcher", "outsider"])
def test_editing_someone_elses_logbook_entry_is_404(client, personas, entry, persona):
    client.force_login(getattr(personas, persona).user)
    url = reverse("experiments:logbook_edit", args=[entry.experiment_id, entry.pk])
    assert client.get(url).status_code == 404
    response = client.post(
        url, {"observed_on": START.isoformat(), "kind": "observation", "text": "Overskrevet"}
    )
    assert response.status_code == 404
    assert entry.versions.count() == 1


def test_the_service_refuses_an_edit_by_another_participant(leader, entry):
    with pytest.raises(services.NotPermitted):
        services.edit_logbook_entry(
            author=leader, entry=entry, observed_on=START, kind="observation", text="Nej"
        )
    assert entry.versions.count() == 1


def test_a_saved_logbook_version_is_never_changed(entry):
    version = entry.versions.get()
    version.text = "Ændret bag om ryggen"
    with pytest.raises(AppendOnlyError):
        version.save()
    with pytest.raises(AppendOnlyError):
        LogbookVersion.objects.update(text="x")


def test_an_experiment_with_an_open_cycle_cannot_be_completed(client, leader, open_cycle):
    client.force_login(leader.user)
    response = client.post(reverse("experiments:complete", args=[open_cycle.experiment_id]))
    assert response.status_code == 422
    assert "Afslut den åbne cyklus med en beslutning først." in response.content.decode()
    open_cycle.experiment.refresh_from_db()
    assert open_cycle.experiment.status == Status.RUNNING


def test_the_leader_completes_the_experiment_and_the_logbook_closes(
    client, leader, caseworker, experiment
):
    client.force_login(leader.user)
    response = client.post(reverse("experiments:complete", args=[experiment.pk]))
    assert response.status_code == 302
    experiment.refresh_from_db()
    assert experiment.status == Status.COMPLETED and experiment.completed_at is not None
    assert AuditEvent.objects.filter(action="experiments.experiment.completed").exists()
    client.force_login(caseworker.user)
    page = client.get(reverse("experiments:detail", args=[experiment.pk])).content.decode()
    assert "Skriv i logbogen" not in page


def test_a_completed_experiments_logbook_refuses_new_entries_and_saves_nothing(
    client, leader, caseworker, experiment
):
    client.force_login(leader.user)
    client.post(reverse("experiments:complete", args=[experiment.pk]))
    before = LogbookEntry.objects.count()
    client.force_login(caseworker.user)
    response = client.post(
        reverse("experiments:logbook_create", args=[experiment.pk]),
        {"observed_on": experiment.start_date.isoformat(), "kind": "observation", "text": "Nyt."},
    )
    assert response.status_code == 422
    assert "logbogen er lukket" in response.content.decode()
    assert LogbookEntry.objects.count() == before


def _spy_lock(monkeypatch):
    """Record the experiments locked by the service (select_for_update is a no-op on
    SQLite, so the test checks that the lock is taken and its fresh row is used)."""
    locked = []
    original = services._lock

    def spy(experiment):
        locked.append(experiment.pk)
        return original(experiment)

    monkeypatch.setattr(services, "_lock", spy)
    return locked


def test_writing_locks_the_experiment_and_sees_a_completion_committed_meanwhile(
    monkeypatch, leader, caseworker, experiment
):
    stale = type(experiment).objects.get(pk=experiment.pk)  # still running in memory
    services.complete_experiment(actor=leader, experiment=experiment)
    locked = _spy_lock(monkeypatch)
    with pytest.raises(ValidationError, match="logbogen er lukket"):
        services.write_logbook_entry(
            author=caseworker, experiment=stale, observed_on=START, kind="observation",
            text="Skrevet, mens eksperimentet blev afsluttet.",
        )  # fmt: skip
    assert locked == [experiment.pk]
    assert not LogbookEntry.objects.exists()


def test_editing_locks_the_experiment_and_sees_a_completion_committed_meanwhile(
    monkeypatch, leader, caseworker, entry
):
    stale = LogbookEntry.objects.select_related("experiment").get(pk=entry.pk)
    services.complete_experiment(actor=leader, experiment=entry.experiment)
    locked = _spy_lock(monkeypatch)
    with pytest.raises(ValidationError, match="logbogen er lukket"):
        services.edit_logbook_entry(
            author=caseworker, entry=stale, observed_on=START, kind="observation",
            text="Rettet, mens eksperimentet blev afsluttet.",
        )  # fmt: skip
    assert locked == [entry.experiment_id]
    assert entry.versions.count() == 1
