"""Experiments and the catalogue of "små greb" (praksis/eksperimenter/, praksis/greb/).

The matrix experiment is running in the caseworker's team: the leader leads the team
and started it, the caseworker takes part, the colleague is in the team but not a
participant. Cycle 1 is open; the logbook entry is the caseworker's. The greb comes
from a second, completed experiment of the same team.
"""

from __future__ import annotations

import datetime as dt

from tests.policies import API_ALL, row

LEADERS = row(302, 404, 404, 200, 404, 404, 404, 404)

POLICY = {
    # Team-level pages: caseworkers and leaders see their teams' experiments, the
    # researcher those of the project's municipalities; administrators and external
    # partners have no experiments.
    "experiments:list": row(302, 200, 200, 200, 200, 404, 404, 200),
    "experiments:choose": LEADERS,
    "experiments:create": LEADERS,
    "experiments:detail": row(302, 200, 200, 200, 200, 404, 404, 404),
    # The matrix experiment is about language: its teams' picture loads after the page.
    "experiments:language": row(302, 200, 200, 200, 200, 404, 404, 404),
    # A cycle is open, so the next meeting first closes it (a redirect for the leader).
    "experiments:cycle_create": row(302, 404, 404, 302, 404, 404, 404, 404),
    "experiments:cycle_decide": LEADERS,
    # Participants and the experiment's leader write; only the author edits an entry.
    "experiments:logbook_create": row(302, 200, 404, 200, 404, 404, 404, 404),
    "experiments:logbook_edit": row(302, 200, 404, 404, 404, 404, 404, 404),
    "experiments:complete": LEADERS,
    # Still running: the leader is sent to close the experiment first.
    "experiments:publish": row(302, 404, 404, 302, 404, 404, 404, 404),
    # The catalogue is shared across municipalities: every member of staff but
    # external partners; only a leader can press "Prøv det hos os".
    "experiments:practices": row(302, 200, 200, 200, 200, 200, 404, 200),
    "experiments:practice_detail": row(302, 200, 200, 200, 200, 200, 404, 200),
    "experiments:practice_try": LEADERS,
    "api:list_experiments": API_ALL,
    "api:get_experiment": row(401, 200, 200, 200, 200, 404, 404, 404),
    "api:list_practices": API_ALL,
}


def url_values(ctx) -> dict:
    from jobtro.experiments import services
    from jobtro.experiments.models import EntryKind

    p = ctx.personas
    start = dt.date.today() - dt.timedelta(days=60)
    common = {
        "leader": p.leader, "hypothesis": "", "theme": "language", "lever": "communication",
        "teams": [ctx.team], "participants": [p.caseworker], "start_date": start,
        "end_date": start + dt.timedelta(days=180),
    }  # fmt: skip
    done = services.start_experiment(
        title="Ressourcer i henvisningen", question="Hvad sker der med troen, når …?", **common
    )
    services.complete_experiment(actor=p.leader, experiment=done)
    practice = services.publish_practice(
        actor=p.leader, experiment=done, title="Ressourceafsnit", summary="Et afsnit om ressourcer.",
        how_to="Skriv ressourcer først.", requirements="En skabelon.", evidence="Mere tro.",
        figures={},
    )  # fmt: skip
    experiment = services.start_experiment(
        title="Et team uden negativ snak", question="Hvad sker der med troen, når …?", **common
    )
    cycle = services.plan_cycle(
        actor=p.leader, experiment=experiment, plan="Vi prøver det.", started_on=start
    )
    entry = services.write_logbook_entry(
        author=p.caseworker, experiment=experiment, observed_on=start,
        kind=EntryKind.OBSERVATION, text="Mødet gik anderledes.",
    )  # fmt: skip
    return {
        "experiment_id": experiment.pk,
        "cycle_id": cycle.pk,
        "entry_id": entry.pk,
        "practice_id": practice.pk,
    }
