"""The read API (same access as the pages) and the research export's experiments table."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from jobtro.citizens.models import Citizen
from jobtro.experiments import services
from jobtro.experiments.exports import experiment_rows
from jobtro.organisations.models import Role
from jobtro.research.exports import EXTRA_TABLES
from tests.conftest import _staff
from tests.experiments.conftest import experiment_data


def test_a_participant_lists_and_reads_the_experiment(client, caseworker, experiment, open_cycle):
    client.force_login(caseworker.user)
    listed = client.get("/api/v1/experiments").json()
    assert listed["count"] == 1
    assert listed["items"][0]["id"] == experiment.pk
    one = client.get(f"/api/v1/experiments/{experiment.pk}").json()
    assert one["team_ids"] == [experiment.teams.get().pk]
    assert one["cycles"][0]["number"] == 1


def test_a_stranger_gets_an_empty_list_and_a_404(client, outsider, experiment):
    client.force_login(outsider.user)
    assert client.get("/api/v1/experiments").json()["count"] == 0
    assert client.get(f"/api/v1/experiments/{experiment.pk}").status_code == 404


def test_the_catalogue_api_filters_and_hides_from_external_partners(
    client, caseworker, external, practice
):
    client.force_login(caseworker.user)
    assert client.get("/api/v1/practices", {"lever": "communication"}).json()["count"] == 1
    assert client.get("/api/v1/practices", {"lever": "relation"}).json()["count"] == 0
    client.force_login(external.user)
    assert client.get("/api/v1/practices").json()["count"] == 0


def test_the_openapi_document_names_the_endpoints(client):
    paths = client.get(reverse("api:openapi-json")).json()["paths"]
    assert {
        "/api/v1/experiments",
        "/api/v1/experiments/{experiment_id}",
        "/api/v1/practices",
    } <= set(paths)


def test_the_experiments_table_is_registered_for_the_research_export():
    assert EXTRA_TABLES["experiments"] is experiment_rows


def test_each_team_is_a_row_with_the_exports_own_team_ids(
    team, leader, caseworker, citizen, other_silkeborg_team
):
    member = _staff(
        "sune", Role.CASEWORKER, other_silkeborg_team.municipality, other_silkeborg_team
    )
    experiment = services.start_experiment(
        **experiment_data(team, leader, [caseworker], comparison_team=other_silkeborg_team)
    )
    ids = {team.pk: "t-a", other_silkeborg_team.pk: "t-b"}
    seen: list[int] = []
    rows = list(
        experiment_rows(citizens=Citizen.objects.all(), today=experiment.start_date,
                        team_id=ids.__getitem__, staff_id=seen.append, citizen_id=str)
    )  # fmt: skip
    start, end = experiment.start_date.isoformat(), experiment.end_date.isoformat()
    assert rows == [["e1", "t-a", "treatment", start, end], ["e1", "t-b", "comparison", start, end]]
    # Their staff are registered, so that staff.csv carries both team ids.
    assert {caseworker.pk, leader.pk, member.pk} <= set(seen)


def test_a_team_without_staff_to_carry_its_id_is_left_out(
    team, leader, caseworker, citizen, other_silkeborg_team
):
    experiment = services.start_experiment(
        **experiment_data(team, leader, [caseworker], comparison_team=other_silkeborg_team)
    )
    rows = list(
        experiment_rows(citizens=Citizen.objects.all(), today=experiment.end_date,
                        team_id=str, staff_id=str)
    )  # fmt: skip
    assert [r[2] for r in rows] == ["treatment"]


def test_an_experiment_not_yet_started_or_elsewhere_is_not_exported(
    experiment, citizen, other_team
):
    everyone = Citizen.objects.all()
    before_start = experiment.start_date - dt.timedelta(days=1)
    assert (
        list(experiment_rows(citizens=everyone, today=before_start, team_id=str, staff_id=str))
        == []
    )
    odder = Citizen.objects.filter(municipality=other_team.municipality)
    assert (
        list(experiment_rows(citizens=odder, today=experiment.end_date, team_id=str, staff_id=str))
        == []
    )
    assert (
        len(
            list(
                experiment_rows(
                    citizens=everyone, today=experiment.end_date, team_id=str, staff_id=str
                )
            )
        )
        == 1
    )


def test_without_the_exports_team_ids_the_table_stays_empty(experiment, citizen):
    # The export must hand over its team pseudonyms; database ids never leave.
    assert list(experiment_rows(citizens=Citizen.objects.all(), today=experiment.end_date)) == []
