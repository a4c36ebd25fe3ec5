"""A small read API: experiments the user may see, and the catalogue of greb.
Team-level records only; the same access rules as the pages."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from jobtro.core.api import Id, Page

from .models import Experiment, Practice

router = Router(tags=["experiments"])


class CycleOut(Schema):
    number: int
    started_on: dt.date
    ended_on: dt.date | None
    decision: str


class ExperimentOut(Schema):
    id: int
    title: str
    question: str
    theme: str
    lever: str
    status: str
    municipality: str
    team_ids: list[int]
    comparison_team_id: int | None
    start_date: dt.date
    end_date: dt.date
    source_practice_id: int | None


class ExperimentDetailOut(ExperimentOut):
    hypothesis: str
    cycles: list[CycleOut]


class PracticeOut(Schema):
    id: int
    title: str
    summary: str
    how_to: str
    requirements: str
    evidence: str
    lever: str
    theme: str
    municipality: str
    source_experiment_id: int
    published_at: dt.datetime


def _out(e: Experiment) -> dict:
    return {
        "id": e.pk, "title": e.title, "question": e.question, "theme": e.theme,
        "lever": e.lever, "status": e.status, "municipality": e.municipality.code,
        "team_ids": sorted(t.pk for t in e.teams.all()),
        "comparison_team_id": e.comparison_team_id, "start_date": e.start_date,
        "end_date": e.end_date, "source_practice_id": e.source_practice_id,
    }  # fmt: skip


def _visible(request: HttpRequest):
    return (
        Experiment.objects.visible_to(request.user)
        .select_related("municipality")
        .prefetch_related("teams")
        .order_by("-start_date", "-id")
    )


@router.get("/experiments", response=list[ExperimentOut], summary="Eksperimenter, du må se")
@paginate(Page)
def list_experiments(request: HttpRequest):
    return [_out(e) for e in _visible(request)]


@router.get("/experiments/{experiment_id}", response=ExperimentDetailOut, summary="Ét eksperiment")
def get_experiment(request: HttpRequest, experiment_id: Id) -> dict:
    experiment = get_object_or_404(_visible(request), pk=experiment_id)
    data = _out(experiment)
    data["hypothesis"] = experiment.hypothesis
    data["cycles"] = list(experiment.cycles.values("number", "started_on", "ended_on", "decision"))
    return data


@router.get("/practices", response=list[PracticeOut], summary="Kataloget over små greb")
@paginate(Page)
def list_practices(request: HttpRequest, lever: str = "", theme: str = ""):
    practices = Practice.objects.visible_to(request.user).select_related("municipality")
    if lever:
        practices = practices.filter(lever=lever)
    if theme:
        practices = practices.filter(theme=theme)
    return [
        {
            "id": p.pk,
            "title": p.title,
            "summary": p.summary,
            "how_to": p.how_to,
            "requirements": p.requirements,
            "evidence": p.evidence,
            "lever": p.lever,
            "theme": p.theme,
            "municipality": p.municipality.code,
            "source_experiment_id": p.source_experiment_id,
            "published_at": p.published_at,
        }
        for p in practices
    ]
