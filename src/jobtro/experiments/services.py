"""Writing experiments, their PDSA cycles and logbook, and publishing greb.
Plain, keyword-only, typed, atomic and audited; views, the demo and tests call these."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from jobtro.core import access, audit
from jobtro.core.access import Permission
from jobtro.core.guard import check_no_citizen_names
from jobtro.experiments import policy
from jobtro.organisations.models import Staff, Team, TeamMembership

from .models import (
    Cycle,
    Decision,
    EntryKind,
    Experiment,
    Lever,
    LogbookEntry,
    LogbookVersion,
    Practice,
    Status,
    Theme,
)


class NotPermitted(Exception):
    """The actor may not do this to this record; views answer with a 404."""


def check_team_level_text(*, municipality_id: int, texts: dict[str, str], writer: Staff) -> None:
    """Experiments and greb are about teams, never one citizen: no CPR number and no
    citizen's full name (of the citizens the writer may see) in what others will read."""
    check_no_citizen_names(
        {field: text for field, text in texts.items() if text},
        municipality_ids=[municipality_id],
        name_message=_(
            "Skriv uden borgernavne; eksperimenter handler om teamet, ikke om én borger."
        ),
        writer=writer,
    )


def _members_of(teams: Iterable[Team], day: dt.date) -> set[int]:
    return set(
        TeamMembership.objects.filter(team__in=list(teams), start_date__lte=day)
        .exclude(end_date__lt=day)
        .values_list("staff_id", flat=True)
    )


@transaction.atomic
def start_experiment(
    *, leader: Staff, title: str, question: str, hypothesis: str, theme: str, lever: str,
    teams: Iterable[Team], participants: Iterable[Staff], start_date: dt.date,
    end_date: dt.date, comparison_team: Team | None = None, template_key: str = "",
    source_practice: Practice | None = None,
) -> Experiment:  # fmt: skip
    """A leader starts an experiment for teams they lead, in their own municipality."""
    if not access.has(leader, Permission.TEAMS_LEAD):
        raise NotPermitted
    teams, participants = list(teams), list(participants)
    own = set(policy.experiment_teams(leader.user).values_list("pk", flat=True))
    errors: dict[str, list[Any]] = {}
    if not title.strip():
        errors["title"] = [_("Giv eksperimentet en titel.")]
    if not question.strip():
        errors["question"] = [_("Skriv spørgsmålet: Hvad sker der med troen, når …?")]
    if theme not in Theme.values:
        errors["theme"] = [_("Vælg et tema fra listen.")]
    if lever not in Lever.values:
        errors["lever"] = [_("Vælg et greb-område fra listen.")]
    if not teams:
        errors["teams"] = [_("Vælg mindst ét team.")]
    elif any(t.pk not in own for t in teams):
        errors["teams"] = [_("Du kan kun starte eksperimenter for teams, du er leder af.")]
    if end_date < start_date:
        errors["end_date"] = [_("Slutdatoen ligger før startdatoen.")]
    if comparison_team is not None:
        if comparison_team.pk in {t.pk for t in teams}:
            errors["comparison_team"] = [
                _("Sammenligningsteamet må ikke være et af eksperimentets egne teams.")
            ]
        elif comparison_team.municipality_id != leader.municipality_id:
            errors["comparison_team"] = [_("Vælg et sammenligningsteam i din egen kommune.")]
    if not participants:
        errors["participants"] = [_("Vælg mindst én deltager.")]
    elif teams and not errors.get("teams"):
        members = _members_of(teams, timezone.localdate())
        if any(p.pk not in members or not p.is_active for p in participants):
            errors["participants"] = [_("Deltagerne skal være medlemmer af eksperimentets teams.")]
    if errors:
        raise ValidationError(errors)
    check_team_level_text(
        municipality_id=leader.municipality_id,
        texts={"title": title, "question": question, "hypothesis": hypothesis},
        writer=leader,
    )
    experiment = Experiment.objects.create(
        municipality_id=leader.municipality_id, title=title.strip(), question=question.strip(),
        hypothesis=hypothesis.strip(), theme=theme, lever=lever, comparison_team=comparison_team,
        start_date=start_date, end_date=end_date, created_by=leader, template_key=template_key,
        source_practice=source_practice,
    )  # fmt: skip
    experiment.teams.set(teams)
    experiment.participants.set(participants)
    audit.log(
        actor=leader,
        action="experiments.experiment.started",
        target=experiment,
        municipality_id=experiment.municipality_id,
        detail={
            "teams": sorted(t.pk for t in teams),
            "participants": sorted(p.pk for p in participants),
            "comparison_team": comparison_team.pk if comparison_team else None,
            "template": template_key,
            "source_practice": source_practice.pk if source_practice else None,
        },
    )
    return experiment


def _lock(experiment: Experiment) -> Experiment:
    return Experiment.objects.select_for_update().get(pk=experiment.pk)


@transaction.atomic
def plan_cycle(*, actor: Staff, experiment: Experiment, plan: str, started_on: dt.date) -> Cycle:
    """Open the next plan–do–study–act cycle; one cycle is open at a time."""
    experiment = _lock(experiment)
    if not policy.may_manage_experiment(actor.user, experiment):
        raise NotPermitted
    if not experiment.is_running:
        raise ValidationError(_("Eksperimentet er afsluttet."))
    last = experiment.cycles.order_by("-number").first()
    if last is not None and last.is_open:
        raise ValidationError(_("Afslut den åbne cyklus med en beslutning, før en ny begynder."))
    errors: dict[str, list[Any]] = {}
    if not plan.strip():
        errors["plan"] = [_("Skriv planen for cyklussen.")]
    if started_on < experiment.start_date:
        errors["started_on"] = [_("Cyklussen kan ikke begynde før eksperimentet.")]
    elif last is not None and last.ended_on and started_on < last.ended_on:
        errors["started_on"] = [_("Cyklussen kan ikke begynde, før den forrige sluttede.")]
    elif started_on > experiment.end_date:
        errors["started_on"] = [_("Cyklussen kan ikke begynde efter eksperimentets slutdato.")]
    if errors:
        raise ValidationError(errors)
    check_team_level_text(
        municipality_id=experiment.municipality_id, texts={"plan": plan}, writer=actor
    )
    number = (experiment.cycles.aggregate(n=Max("number"))["n"] or 0) + 1
    cycle = Cycle.objects.create(
        experiment=experiment, number=number, plan=plan.strip(), started_on=started_on,
        created_by=actor,
    )  # fmt: skip
    audit.log(
        actor=actor,
        action="experiments.cycle.planned",
        target=cycle,
        municipality_id=experiment.municipality_id,
        detail={"experiment": experiment.pk, "number": number},
    )
    return cycle


@transaction.atomic
def decide_cycle(
    *, actor: Staff, cycle: Cycle, ended_on: dt.date, study: str, decision: str,
    decision_note: str, next_actions: str,
) -> Cycle:  # fmt: skip
    """Close a cycle: what we saw, the decision (adopt, adapt, abandon) and what we
    agreed to do before the next meeting."""
    _lock(cycle.experiment)
    cycle.refresh_from_db()
    experiment = cycle.experiment
    if not policy.may_manage_experiment(actor.user, experiment):
        raise NotPermitted
    if not cycle.is_open:
        raise ValidationError(_("Cyklussen er allerede afsluttet."))
    errors: dict[str, list[Any]] = {}
    if ended_on < cycle.started_on:
        errors["ended_on"] = [_("Slutdatoen ligger før cyklussens start.")]
    elif ended_on > timezone.localdate():
        errors["ended_on"] = [_("Datoen ligger i fremtiden.")]
    if decision not in Decision.values:
        errors["decision"] = [_("Vælg en beslutning: fasthold, justér eller stop.")]
    if not study.strip():
        errors["study"] = [_("Skriv, hvad I så i cyklussen.")]
    if errors:
        raise ValidationError(errors)
    check_team_level_text(
        municipality_id=experiment.municipality_id,
        texts={"study": study, "decision_note": decision_note, "next_actions": next_actions},
        writer=actor,
    )
    cycle.ended_on, cycle.study, cycle.decision = ended_on, study.strip(), decision
    cycle.decision_note, cycle.next_actions = decision_note.strip(), next_actions.strip()
    cycle.decided_by = actor
    cycle.save()
    audit.log(
        actor=actor,
        action="experiments.cycle.decided",
        target=cycle,
        municipality_id=experiment.municipality_id,
        detail={"experiment": experiment.pk, "number": cycle.number, "decision": decision},
    )
    return cycle


def _check_entry(
    experiment: Experiment, *, author: Staff, observed_on: dt.date, kind: str, text: str
) -> None:
    if experiment.status == Status.COMPLETED:
        raise ValidationError(_("Eksperimentet er afsluttet, og logbogen er lukket."))
    errors: dict[str, list[Any]] = {}
    if not text.strip():
        errors["text"] = [_("Skriv din observation eller refleksion.")]
    if kind not in EntryKind.values:
        errors["kind"] = [_("Vælg observation eller refleksion.")]
    if observed_on > timezone.localdate():
        errors["observed_on"] = [_("Datoen ligger i fremtiden.")]
    elif observed_on < experiment.start_date:
        errors["observed_on"] = [_("Datoen ligger før eksperimentets start.")]
    if errors:
        raise ValidationError(errors)
    check_team_level_text(
        municipality_id=experiment.municipality_id, texts={"text": text}, writer=author
    )


def _cycle_on(experiment: Experiment, day: dt.date) -> Cycle | None:
    return (
        experiment.cycles.filter(started_on__lte=day)
        .exclude(ended_on__lt=day)
        .order_by("-number")
        .first()
    )


@transaction.atomic
def write_logbook_entry(
    *, author: Staff, experiment: Experiment, observed_on: dt.date, kind: str, text: str
) -> LogbookEntry:
    """A participant's dated observation or reflection, filed under the cycle of its day.
    The experiment row is locked first, so a concurrent completion cannot slip in
    between the status check and the write."""
    experiment = _lock(experiment)
    if not policy.may_write_logbook(author.user, experiment):
        raise NotPermitted
    _check_entry(experiment, author=author, observed_on=observed_on, kind=kind, text=text)
    entry = LogbookEntry.objects.create(
        experiment=experiment, cycle=_cycle_on(experiment, observed_on), author=author
    )
    LogbookVersion.objects.create(
        entry=entry, number=1, observed_on=observed_on, kind=kind, text=text.strip()
    )
    audit.log(
        actor=author,
        action="experiments.logbook.written",
        target=entry,
        municipality_id=experiment.municipality_id,
        detail={"experiment": experiment.pk},
    )
    return entry


@transaction.atomic
def edit_logbook_entry(
    *, author: Staff, entry: LogbookEntry, observed_on: dt.date, kind: str, text: str
) -> LogbookVersion:
    """Only the author edits an entry; the edit is a new version, the old one is kept.
    The experiment row is locked first (as in completion), then the entry."""
    experiment = _lock(entry.experiment)
    entry = LogbookEntry.objects.select_for_update().get(pk=entry.pk)
    entry.experiment = experiment
    if entry.author_id != author.pk or not policy.may_write_logbook(author.user, experiment):
        raise NotPermitted
    _check_entry(experiment, author=author, observed_on=observed_on, kind=kind, text=text)
    number = (entry.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = LogbookVersion.objects.create(
        entry=entry, number=number, observed_on=observed_on, kind=kind, text=text.strip()
    )
    new_cycle = _cycle_on(entry.experiment, observed_on)
    if new_cycle != entry.cycle:
        entry.cycle = new_cycle
        entry.save(update_fields=["cycle"])
    audit.log(
        actor=author,
        action="experiments.logbook.edited",
        target=entry,
        municipality_id=entry.experiment.municipality_id,
        detail={"experiment": entry.experiment_id, "version": number},
    )
    return version


@transaction.atomic
def complete_experiment(*, actor: Staff, experiment: Experiment) -> Experiment:
    """Close a running experiment; its measurement stays on the page."""
    experiment = _lock(experiment)
    if not policy.may_manage_experiment(actor.user, experiment):
        raise NotPermitted
    if not experiment.is_running:
        raise ValidationError(_("Eksperimentet er allerede afsluttet."))
    if experiment.cycles.filter(ended_on__isnull=True).exists():
        raise ValidationError(_("Afslut den åbne cyklus med en beslutning først."))
    experiment.status = Status.COMPLETED
    experiment.completed_at = timezone.now()
    experiment.save(update_fields=["status", "completed_at"])
    audit.log(
        actor=actor,
        action="experiments.experiment.completed",
        target=experiment,
        municipality_id=experiment.municipality_id,
    )
    return experiment


@transaction.atomic
def publish_practice(
    *, actor: Staff, experiment: Experiment, title: str, summary: str, how_to: str,
    requirements: str, evidence: str, figures: dict[str, Any],
) -> Practice:  # fmt: skip
    """Publish a completed experiment's learning as a greb in the shared catalogue."""
    experiment = _lock(experiment)
    if not policy.may_manage_experiment(actor.user, experiment):
        raise NotPermitted
    if experiment.is_running:
        raise ValidationError(_("Afslut eksperimentet, før læringen offentliggøres som greb."))
    if Practice.objects.filter(source_experiment=experiment).exists():
        raise ValidationError(_("Læringen fra eksperimentet er allerede offentliggjort."))
    texts = {"title": title, "summary": summary, "how_to": how_to,
             "requirements": requirements, "evidence": evidence}  # fmt: skip
    missing = {k: [_("Udfyld feltet.")] for k, v in texts.items() if not v.strip()}
    if missing:
        raise ValidationError(missing)
    check_team_level_text(municipality_id=experiment.municipality_id, texts=texts, writer=actor)
    practice = Practice.objects.create(
        **{k: v.strip() for k, v in texts.items()}, figures=figures,
        municipality_id=experiment.municipality_id, lever=experiment.lever,
        theme=experiment.theme, source_experiment=experiment, published_by=actor,
    )  # fmt: skip
    audit.log(
        actor=actor,
        action="experiments.practice.published",
        target=practice,
        municipality_id=experiment.municipality_id,
        detail={"experiment": experiment.pk},
    )
    return practice
