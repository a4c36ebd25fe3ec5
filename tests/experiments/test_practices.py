"""The catalogue of "små greb": published by the experiment's leader once it is over,
browsed by lever and theme across municipalities, and tried elsewhere."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jobtro.core.models import AuditEvent
from jobtro.experiments import services
from jobtro.experiments.models import Experiment, Practice
from tests.experiments.conftest import PRACTICE_TEXTS


def test_the_leader_publishes_the_learning_with_the_measured_figures(client, leader, completed):
    client.force_login(leader.user)
    response = client.post(reverse("experiments:publish", args=[completed.pk]), PRACTICE_TEXTS)
    practice = Practice.objects.get()
    assert response["Location"] == reverse("experiments:practice_detail", args=[practice.pk])
    assert (practice.lever, practice.theme) == (completed.lever, completed.theme)
    assert practice.municipality == completed.municipality
    assert {"measured_on", "median", "shift_direction", "trend_direction", "belief_months"} <= set(
        practice.figures
    )
    assert practice.measured_on is not None
    assert AuditEvent.objects.filter(action="experiments.practice.published").exists()


@pytest.mark.parametrize("persona", ["caseworker", "colleague", "researcher", "outsider"])
def test_only_the_experiments_leader_may_publish(client, personas, completed, persona):
    client.force_login(getattr(personas, persona).user)
    response = client.post(reverse("experiments:publish", args=[completed.pk]), PRACTICE_TEXTS)
    assert response.status_code == 404
    assert not Practice.objects.exists()


def test_the_service_refuses_publishing_by_a_caseworker(caseworker, completed):
    with pytest.raises(services.NotPermitted):
        services.publish_practice(
            actor=caseworker, experiment=completed, figures={}, **PRACTICE_TEXTS
        )


def test_a_running_experiment_cannot_be_published(leader, experiment):
    with pytest.raises(ValidationError) as caught:
        services.publish_practice(actor=leader, experiment=experiment, figures={}, **PRACTICE_TEXTS)
    assert caught.value.messages == ["Afslut eksperimentet, før læringen offentliggøres som greb."]


def test_the_learning_is_published_once(leader, practice):
    with pytest.raises(ValidationError):
        services.publish_practice(
            actor=leader, experiment=practice.source_experiment, figures={}, **PRACTICE_TEXTS
        )
    assert Practice.objects.count() == 1


def test_an_empty_field_and_a_cpr_number_are_refused(client, leader, completed):
    client.force_login(leader.user)
    response = client.post(
        reverse("experiments:publish", args=[completed.pk]),
        PRACTICE_TEXTS | {"how_to": "", "evidence": "Se 010190-1234."},
    )
    assert response.status_code == 422
    assert "Dette felt er påkrævet." in response.context["form"].errors["how_to"]
    assert not Practice.objects.exists()
    with pytest.raises(ValidationError) as caught:
        services.publish_practice(
            actor=leader, experiment=completed, figures={},
            **(PRACTICE_TEXTS | {"evidence": "Se 010190-1234."}),
        )  # fmt: skip
    assert "CPR-nummer" in caught.value.message_dict["evidence"][0]


@pytest.mark.parametrize(
    "persona", ["caseworker", "leader", "researcher", "administrator", "outsider"]
)
def test_all_staff_but_external_partners_browse_the_catalogue(client, personas, practice, persona):
    client.force_login(getattr(personas, persona).user)
    response = client.get(reverse("experiments:practices"))
    assert practice in response.context["practices"]
    assert client.get(reverse("experiments:practice_detail", args=[practice.pk])).status_code == 200


def test_an_external_partner_gets_404_on_the_catalogue(client, external, practice):
    client.force_login(external.user)
    assert client.get(reverse("experiments:practices")).status_code == 404
    assert client.get(reverse("experiments:practice_detail", args=[practice.pk])).status_code == 404


def test_the_catalogue_filters_by_lever_and_theme(client, caseworker, practice):
    client.force_login(caseworker.user)
    url = reverse("experiments:practices")
    assert practice in client.get(url, {"lever": "communication"}).context["practices"]
    assert practice not in client.get(url, {"lever": "labour_market"}).context["practices"]
    assert practice in client.get(url, {"theme": "language"}).context["practices"]
    assert practice not in client.get(url, {"theme": "balance"}).context["practices"]


def test_try_it_here_starts_a_prefilled_experiment_linked_to_the_greb(
    client, practice, odder_leader, outsider, other_team
):
    client.force_login(odder_leader.user)
    url = reverse("experiments:practice_try", args=[practice.pk])
    form = client.get(url).context["form"]
    assert form["title"].value() == practice.title
    assert form["lever"].value() == practice.lever
    response = client.post(
        url,
        {
            "title": form["title"].value(),
            "question": "Hvad sker der med troen, når vi prøver grebet?",
            "hypothesis": "", "theme": practice.theme, "lever": practice.lever,
            "teams": [other_team.pk], "participants": [outsider.pk],
            "start_date": "2026-01-05", "end_date": "2026-06-30",
        },
    )  # fmt: skip
    tried = Experiment.objects.exclude(pk=practice.source_experiment_id).get()
    assert response["Location"] == reverse("experiments:detail", args=[tried.pk])
    assert tried.source_practice == practice
    assert tried.municipality == other_team.municipality
    event = AuditEvent.objects.get(action="experiments.experiment.started", target_id=str(tried.pk))
    assert event.detail["source_practice"] == practice.pk
    page = client.get(reverse("experiments:practice_detail", args=[practice.pk])).content.decode()
    assert "Odder" in page


def test_a_caseworker_cannot_press_try_it_here(client, practice, outsider):
    client.force_login(outsider.user)
    assert client.get(reverse("experiments:practice_try", args=[practice.pk])).status_code == 404
    page = client.get(reverse("experiments:practice_detail", args=[practice.pk])).content.decode()
    assert "Prøv det hos os" not in page


def test_another_municipality_sees_the_greb_but_not_its_experiment(client, practice, odder_leader):
    client.force_login(odder_leader.user)
    page = client.get(reverse("experiments:practice_detail", args=[practice.pk])).content.decode()
    assert "Se eksperimentet" not in page
    detail = reverse("experiments:detail", args=[practice.source_experiment_id])
    assert client.get(detail).status_code == 404


def test_try_it_here_copies_only_what_the_greb_publishes(client, practice, odder_leader):
    """Another municipality's leader may not open the source experiment, so its own
    question and hypothesis are not prefilled: only the greb's title, lever and theme."""
    client.force_login(odder_leader.user)
    form = client.get(reverse("experiments:practice_try", args=[practice.pk])).context["form"]
    source = practice.source_experiment
    assert form["title"].value() == practice.title
    assert form["theme"].value() == practice.theme
    assert form["question"].value() in (None, "")
    assert form["hypothesis"].value() in (None, "")
    page = client.get(reverse("experiments:practice_try", args=[practice.pk])).content.decode()
    assert source.question not in page and source.hypothesis not in page


def test_try_it_here_prefills_the_question_for_whom_may_see_the_experiment(
    client, practice, leader
):
    client.force_login(leader.user)
    form = client.get(reverse("experiments:practice_try", args=[practice.pk])).context["form"]
    assert form["question"].value() == practice.source_experiment.question
    assert form["hypothesis"].value() == practice.source_experiment.hypothesis


def test_try_it_here_prefills_the_public_example_a_greb_started_from(
    client, practice, odder_leader
):
    from jobtro.experiments.templates_data import experiment_templates

    example = experiment_templates()[0]
    Experiment.objects.filter(pk=practice.source_experiment_id).update(template_key=example.key)
    client.force_login(odder_leader.user)
    form = client.get(reverse("experiments:practice_try", args=[practice.pk])).context["form"]
    assert form["question"].value() == example.question
    assert form["hypothesis"].value() == example.hypothesis
