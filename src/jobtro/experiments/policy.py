"""Who sees and runs action-learning experiments, and who reads the greb catalogue.

Experiments are team-level (no citizen on their pages), so visibility follows teams:

| role          | sees an experiment                                  | writes            |
|---------------|-----------------------------------------------------|-------------------|
| leader        | that has one of the teams they lead                 | starts, runs, publishes |
| caseworker    | they take part in, or of a team they belong to now  | logbook (participants) |
| researcher    | in the municipalities of their research projects    | nothing           |
| administrator | none (manages staff and teams)                      | nothing           |
| external      | none                                                | nothing           |

The catalogue of "greb" is open to every member of staff but external partners.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from jobtro.core import access
from jobtro.core.access import Permission as P
from jobtro.organisations.models import Team


def experiment_teams(user: Any) -> QuerySet[Team]:
    """Teams a user may start an experiment for: a leader's own teams."""
    return access.user_led_teams(user)


def visible_experiments(queryset: QuerySet, user: Any) -> QuerySet:
    staff = access.staff_of(user)
    if staff is None:
        return queryset.none()
    if access.has(staff, P.TEAMS_LEAD):
        return queryset.filter(
            teams__in=access.led_teams(staff), municipality_id=staff.municipality_id
        ).distinct()
    if access.has(staff, P.EXPERIMENTS_TAKE_PART):
        return queryset.filter(
            Q(participants=staff) | Q(teams__in=staff.teams_on()),
            municipality_id=staff.municipality_id,
        ).distinct()
    if access.has(staff, P.EXPERIMENTS_RESEARCH):
        return queryset.filter(municipality__in=access.research_municipalities(staff))
    return queryset.none()


def may_manage_experiment(user: Any, experiment: Any) -> bool:
    """Plan cycles, record decisions, close and publish: a leader of one of its teams."""
    staff = access.staff_of(user)
    if staff is None or not access.has(staff, P.TEAMS_LEAD):
        return False
    if staff.municipality_id != experiment.municipality_id:
        return False
    return experiment.teams.filter(pk__in=access.led_teams(staff)).exists()


def may_write_logbook(user: Any, experiment: Any) -> bool:
    """The participants write in the logbook, and so do the experiment's leaders."""
    staff = access.staff_of(user)
    if staff is None or staff.municipality_id != experiment.municipality_id:
        return False
    return experiment.participants.filter(pk=staff.pk).exists() or may_manage_experiment(
        user, experiment
    )


def may_browse_practices(user: Any) -> bool:
    """The catalogue is for sharing across municipalities: all staff but external
    partners; researchers too (a greb holds no citizen data, and what spreads is data)."""
    return access.has(user, P.PRACTICES_BROWSE)


def visible_practices(queryset: QuerySet, user: Any) -> QuerySet:
    return queryset if may_browse_practices(user) else queryset.none()


def may_start_experiment(user: Any) -> bool:
    """A leader with at least one team starts experiments."""
    return experiment_teams(user).exists()


def may_try_practice(user: Any) -> bool:
    """ "Prøv det hos os" starts an experiment: a leader with at least one team."""
    return may_start_experiment(user)


def may_see_experiments(user: Any) -> bool:
    """The experiment list: the roles that see some experiments."""
    return access.has(user, P.TEAMS_LEAD, P.EXPERIMENTS_TAKE_PART, P.EXPERIMENTS_RESEARCH)
