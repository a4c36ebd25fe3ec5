"""Starting an experiment: from a template or blank, by a leader for their own teams,
with a clear Danish message and nothing saved for every kind of bad input."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jobtro.core.models import AuditEvent
from jobtro.experiments import services
from jobtro.experiments.models import Experiment
from jobtro.experiments.templates_data import experiment_templates, template_by_key
from jobtro.organisations.models import Role
from tests.conftest import _staff
from tests.experiments.conftest import START, experiment_data


def _form(team, people, **changes) -> dict:
    data = {
        "title": "Ressourcer i henvisningen",
        "question": "Hvad sker der med troen, når henvisningen beskriver ressourcer?",
        "hypothesis": "",
        "theme": "language",
        "lever": "communication",
        "teams": [team.pk],
        "participants": [p.pk for p in people],
        "start_date": START.isoformat(),
        "end_date": (START + dt.timedelta(days=90)).isoformat(),
    }
    return data | changes


def test_the_four_example_experiments_are_templates():
    keys = [t.key for t in experiment_templates()]
    assert keys == [
        "virksomhedsbesoeg",
        "ressourcer-i-henvisning",
        "ressourcesprog",
        "succeshistorier",
    ]
    assert all(
        t.question.startswith("Hvad sker der med troen, når") for t in experiment_templates()
    )


def test_leader_sees_the_templates_and_a_blank_start(client, leader):
    client.force_login(leader.user)
    response = client.get(reverse("experiments:choose"))
    assert response.status_code == 200
    for template in experiment_templates():
        assert template.title in response.content.decode()
    assert "Begynd fra bunden" in response.content.decode()


def test_a_template_fills_in_the_form(client, leader):
    client.force_login(leader.user)
    response = client.get(reverse("experiments:create") + "?skabelon=virksomhedsbesoeg")
    form = response.context["form"]
    template = template_by_key("virksomhedsbesoeg")
    assert form["title"].value() == template.title
    assert form["lever"].value() == "labour_market"
    assert template.plan in response.content.decode()


def test_an_unknown_template_is_404(client, leader):
    client.force_login(leader.user)
    assert client.get(reverse("experiments:create") + "?skabelon=findes-ikke").status_code == 404


def test_leader_starts_an_experiment_and_it_is_audited(client, leader, team, caseworker):
    client.force_login(leader.user)
    response = client.post(
        reverse("experiments:create") + "?skabelon=ressourcer-i-henvisning",
        _form(team, [caseworker]),
    )
    experiment = Experiment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("experiments:detail", args=[experiment.pk])
    assert experiment.template_key == "ressourcer-i-henvisning"
    assert list(experiment.participants.all()) == [caseworker]
    assert experiment.created_by == leader and experiment.municipality == team.municipality
    event = AuditEvent.objects.get(action="experiments.experiment.started")
    assert event.target_id == str(experiment.pk)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"end_date": (START - dt.timedelta(days=1)).isoformat()},
            "end_date",
            "Slutdatoen ligger før startdatoen.",
        ),
        ({"participants": []}, "participants", "Vælg mindst én deltager."),
        ({"teams": []}, "teams", "Vælg mindst ét team."),
        ({"question": ""}, "question", "Skriv spørgsmålet: Hvad sker der med troen, når …?"),
        ({"theme": "findes-ikke"}, "theme", None),
    ],
)
def test_bad_input_gets_a_danish_message_and_nothing_is_saved(
    client, leader, team, caseworker, change, field, message
):
    client.force_login(leader.user)
    response = client.post(reverse("experiments:create"), _form(team, [caseworker], **change))
    assert response.status_code == 422
    errors = response.context["form"].errors[field]
    if message:
        assert message in errors
    assert not Experiment.objects.exists()
    assert not AuditEvent.objects.filter(action="experiments.experiment.started").exists()


def test_the_comparison_team_cannot_be_one_of_the_experiments_teams(
    client, leader, team, caseworker
):
    client.force_login(leader.user)
    response = client.post(
        reverse("experiments:create"), _form(team, [caseworker], comparison_team=team.pk)
    )
    assert response.status_code == 422
    assert (
        "Sammenligningsteamet må ikke være et af eksperimentets egne teams."
        in (response.context["form"].errors["comparison_team"])
    )
    assert not Experiment.objects.exists()


def test_the_service_refuses_a_comparison_team_in_the_experiment(team, leader, caseworker):
    with pytest.raises(ValidationError) as caught:
        services.start_experiment(
            **experiment_data(team, leader, [caseworker], comparison_team=team)
        )
    assert "comparison_team" in caught.value.message_dict
    assert not Experiment.objects.exists()


def test_a_comparison_team_from_another_municipality_is_refused(
    team, leader, caseworker, other_team
):
    with pytest.raises(ValidationError) as caught:
        services.start_experiment(
            **experiment_data(team, leader, [caseworker], comparison_team=other_team)
        )
    assert caught.value.message_dict["comparison_team"] == [
        "Vælg et sammenligningsteam i din egen kommune."
    ]


def test_a_comparison_team_in_the_same_municipality_is_kept(
    team, leader, caseworker, other_silkeborg_team
):
    experiment = services.start_experiment(
        **experiment_data(team, leader, [caseworker], comparison_team=other_silkeborg_team)
    )
    assert experiment.comparison_team == other_silkeborg_team


def test_a_participant_outside_the_experiments_teams_is_refused(team, leader, caseworker, outsider):
    with pytest.raises(ValidationError) as caught:
        services.start_experiment(**experiment_data(team, leader, [caseworker, outsider]))
    assert caught.value.message_dict["participants"] == [
        "Deltagerne skal være medlemmer af eksperimentets teams."
    ]
    assert not Experiment.objects.exists()


def test_a_leader_cannot_start_an_experiment_for_a_team_they_do_not_lead(
    leader, other_silkeborg_team, caseworker
):
    with pytest.raises(ValidationError) as caught:
        services.start_experiment(**experiment_data(other_silkeborg_team, leader, [caseworker]))
    assert caught.value.message_dict["teams"] == [
        "Du kan kun starte eksperimenter for teams, du er leder af."
    ]


def test_a_cpr_number_in_the_hypothesis_is_caught(team, leader, caseworker):
    with pytest.raises(ValidationError) as caught:
        services.start_experiment(
            **experiment_data(team, leader, [caseworker], hypothesis="Som hos 010190-1234.")
        )
    assert "CPR-nummer" in caught.value.message_dict["hypothesis"][0]
    assert not Experiment.objects.exists()


def test_a_citizens_full_name_in_the_title_is_caught(team, leader, caseworker, citizen):
    with pytest.raises(ValidationError) as caught:
        services.start_experiment(
            **experiment_data(team, leader, [caseworker], title="Hjælp til testborger ærø")
        )
    assert "borgernavne" in caught.value.message_dict["title"][0]


@pytest.mark.parametrize("persona", ["caseworker", "researcher", "administrator", "external"])
def test_only_leaders_may_start_experiments(client, personas, persona):
    client.force_login(getattr(personas, persona).user)
    assert client.get(reverse("experiments:choose")).status_code == 404
    assert client.get(reverse("experiments:create")).status_code == 404


def test_the_service_refuses_a_caseworker_as_starter(team, caseworker):
    with pytest.raises(services.NotPermitted):
        services.start_experiment(**experiment_data(team, caseworker, [caseworker]))


def test_participants_and_team_members_see_the_experiment_in_their_list(
    client, experiment, caseworker, colleague
):
    for persona in (caseworker, colleague):
        client.force_login(persona.user)
        response = client.get(reverse("experiments:list"))
        assert experiment in response.context["running"]


def test_a_stranger_gets_404_on_the_experiment(client, experiment, outsider, odder_leader):
    for stranger in (outsider, odder_leader):
        client.force_login(stranger.user)
        assert client.get(reverse("experiments:detail", args=[experiment.pk])).status_code == 404
        assert experiment not in client.get(reverse("experiments:list")).context["running"]


def test_a_leader_of_another_team_in_the_municipality_does_not_see_it(
    client, experiment, other_silkeborg_team
):
    other_leader = _staff(
        "lis", Role.LEADER, other_silkeborg_team.municipality, other_silkeborg_team
    )
    client.force_login(other_leader.user)
    assert client.get(reverse("experiments:detail", args=[experiment.pk])).status_code == 404


def test_the_researcher_sees_the_experiment_and_no_citizen_names(
    client, experiment, researcher, citizen
):
    client.force_login(researcher.user)
    response = client.get(reverse("experiments:detail", args=[experiment.pk]))
    assert response.status_code == 200
    assert citizen.name not in response.content.decode()
    assert AuditEvent.objects.filter(
        action="experiments.experiment.viewed", target_id=str(experiment.pk)
    ).exists()


def test_the_researcher_sees_the_work_but_not_who_wrote_what(
    client, experiment, entry, researcher, caseworker
):
    client.force_login(researcher.user)
    page = client.get(reverse("experiments:detail", args=[experiment.pk])).content.decode()
    assert "Snakken på mødet var mere nysgerrig." in page
    assert caseworker.display_name not in page
    assert "1 deltager" in page
