"""Experiment and greb pages under /praksis/. Thin: access, form, one service or
query, render. A record the user may not see, or may not change, is a 404."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobtro.core import access, audit
from jobtro.core.access import Permission
from jobtro.core.forms import form_status, submit_form
from jobtro.experiments import policy

from . import measurement, services
from .forms import (
    CatalogueFilter,
    CycleForm,
    DecisionForm,
    ExperimentForm,
    LogbookForm,
    PracticeForm,
)
from .models import Cycle, Experiment, LogbookEntry, LogbookVersion, Practice
from .templates_data import experiment_templates, template_by_key

SERIES = (
    ("deficit_share", gettext_lazy("Underskudsformuleringer"), "series-deficit"),
    ("resource_share", gettext_lazy("Ressourceformuleringer"), "series-resource"),
)


def _experiment(request: HttpRequest, experiment_id: int) -> Experiment:
    return get_object_or_404(
        Experiment.objects.visible_to(request.user).select_related(
            "municipality", "comparison_team", "created_by__user", "source_practice"
        ),
        pk=experiment_id,
    )


def _managed(request: HttpRequest, experiment_id: int) -> Experiment:
    experiment = _experiment(request, experiment_id)
    if not policy.may_manage_experiment(request.user, experiment):
        raise Http404
    return experiment


@login_required
def experiment_list(request: HttpRequest) -> HttpResponse:
    if not policy.may_see_experiments(request.user):
        raise Http404
    experiments = (
        Experiment.objects.visible_to(request.user)
        .select_related("municipality")
        .prefetch_related("teams")
    )
    context = {
        "running": [e for e in experiments if e.is_running],
        "completed": [e for e in experiments if not e.is_running],
        "may_start": policy.experiment_teams(request.user).exists(),
    }
    return render(request, "experiments/list.html", context)


@login_required
def choose_template(request: HttpRequest) -> HttpResponse:
    access.staff_or_404(request.user, allowed=policy.may_start_experiment(request.user))
    return render(request, "experiments/choose.html", {"templates": experiment_templates()})


def _start(
    request: HttpRequest, *, initial: dict[str, Any], template_key: str = "",
    source: Practice | None = None,
) -> HttpResponse:  # fmt: skip
    leader = access.staff_or_404(request.user, allowed=policy.may_start_experiment(request.user))
    today = timezone.localdate()
    initial = {"start_date": today, "end_date": today + dt.timedelta(days=365)} | initial
    form = ExperimentForm(request.POST or None, leader=leader, initial=initial)
    experiment = submit_form(
        request, form,
        lambda d: services.start_experiment(
            leader=leader, template_key=template_key, source_practice=source, **d
        ),
        _("Eksperimentet er startet."),
    )  # fmt: skip
    if experiment is not None:
        return redirect("experiments:detail", experiment.pk)
    context = {"form": form, "template": template_by_key(template_key), "source": source}
    return render(request, "experiments/form.html", context, status=form_status(request))


@login_required
def experiment_create(request: HttpRequest) -> HttpResponse:
    key = request.GET.get("skabelon", "")
    template = template_by_key(key)
    if key and template is None:
        raise Http404
    return _start(request, initial=template.initial() if template else {}, template_key=key)


@login_required
def experiment_detail(request: HttpRequest, experiment_id: int) -> HttpResponse:
    experiment = _experiment(request, experiment_id)
    staff = access.staff_or_404(request.user)
    cycles = list(experiment.cycles.select_related("decided_by__user"))
    entries = (
        experiment.logbook_entries.select_related("author__user", "cycle")
        .prefetch_related(Prefetch("versions", queryset=LogbookVersion.objects.order_by("-number")))
        .annotate(n_versions=Count("versions"))
        .order_by("-created_at", "-pk")
    )
    audit.log(
        actor=request.user,
        action="experiments.experiment.viewed",
        target=experiment,
        municipality_id=experiment.municipality_id,
    )
    context = {
        "experiment": experiment,
        "me": staff,
        "teams": experiment.teams.all(),
        "participants": experiment.participants.select_related("user"),
        "cycles": cycles,
        "open_cycle": next((c for c in cycles if c.is_open), None),
        "last_decided": next((c for c in reversed(cycles) if not c.is_open), None),
        "entries": entries,
        # Researchers see the team's work, not who wrote what (pseudonymised by design).
        "show_staff_names": access.has(request.user, Permission.STAFF_NAMES),
        "may_manage": policy.may_manage_experiment(request.user, experiment),
        "may_write": policy.may_write_logbook(request.user, experiment),
        "belief": measurement.belief_run_chart(experiment),
        "effect": measurement.effect_against_comparison(experiment),
        "about_language": measurement.about_language(experiment),
        "practice": Practice.objects.filter(source_experiment=experiment).first(),
    }
    return render(request, "experiments/detail.html", context)


@login_required
def language(request: HttpRequest, experiment_id: int) -> HttpResponse:
    """The experiment teams' language picture, loaded after the page (htmx): the first
    count of a year of texts after a restart takes a moment (later ones come from the
    per-process counts in practice.picture), and the rest of the page does not wait."""
    experiment = _experiment(request, experiment_id)
    if not measurement.about_language(experiment):
        raise Http404
    pictures = measurement.language_pictures(
        experiment, series=[(k, str(label), css) for k, label, css in SERIES]
    )
    context = {"experiment": experiment, "pictures": pictures}
    if request.headers.get("HX-Request"):
        return render(request, "experiments/_language.html", context)
    return render(request, "experiments/language.html", context)


@login_required
def cycle_create(request: HttpRequest, experiment_id: int) -> HttpResponse:
    """The next meeting: the last cycle's agreed actions on top, then the new plan."""
    experiment = _managed(request, experiment_id)
    last = experiment.cycles.order_by("-number").first()
    if not experiment.is_running:
        raise Http404
    if last is not None and last.is_open:  # the meeting first closes the open cycle
        return redirect("experiments:cycle_decide", experiment.pk, last.pk)
    form = CycleForm(request.POST or None, initial={"started_on": timezone.localdate()})
    planned = submit_form(
        request, form,
        lambda d: services.plan_cycle(actor=access.staff_or_404(request.user), experiment=experiment, **d),
        _("Cyklussen er planlagt."),
    )  # fmt: skip
    if planned is not None:
        return redirect("experiments:detail", experiment.pk)
    context = {"experiment": experiment, "form": form, "last": last}
    return render(request, "experiments/cycle_form.html", context, status=form_status(request))


@login_required
def cycle_decide(request: HttpRequest, experiment_id: int, cycle_id: int) -> HttpResponse:
    experiment = _managed(request, experiment_id)
    cycle = get_object_or_404(Cycle, pk=cycle_id, experiment=experiment, ended_on__isnull=True)
    form = DecisionForm(request.POST or None, initial={"ended_on": timezone.localdate()})
    decided = submit_form(
        request, form,
        lambda d: services.decide_cycle(actor=access.staff_or_404(request.user), cycle=cycle, **d),
        _("Beslutningen er gemt."),
    )  # fmt: skip
    if decided is not None:
        return redirect("experiments:detail", experiment.pk)
    context = {"experiment": experiment, "cycle": cycle, "form": form}
    return render(request, "experiments/decision_form.html", context, status=form_status(request))


@login_required
def logbook_create(request: HttpRequest, experiment_id: int) -> HttpResponse:
    experiment = _experiment(request, experiment_id)
    if not policy.may_write_logbook(request.user, experiment):
        raise Http404
    form = LogbookForm(request.POST or None, initial={"observed_on": timezone.localdate()})
    written = submit_form(
        request, form,
        lambda d: services.write_logbook_entry(author=access.staff_or_404(request.user), experiment=experiment, **d),
        _("Notatet er gemt i logbogen."),
    )  # fmt: skip
    if written is not None:
        return redirect("experiments:detail", experiment.pk)
    context = {"experiment": experiment, "form": form, "entry": None}
    return render(request, "experiments/logbook_form.html", context, status=form_status(request))


@login_required
def logbook_edit(request: HttpRequest, experiment_id: int, entry_id: int) -> HttpResponse:
    """Only the author edits their own entry: anyone else gets a 404."""
    experiment = _experiment(request, experiment_id)
    staff = access.staff_or_404(request.user)
    entry = get_object_or_404(LogbookEntry, pk=entry_id, experiment=experiment, author=staff)
    if not policy.may_write_logbook(request.user, experiment):
        raise Http404
    current = entry.versions.order_by("-number").first()
    initial = {"observed_on": current.observed_on, "kind": current.kind, "text": current.text}
    form = LogbookForm(request.POST or None, initial=initial)
    edited = submit_form(
        request, form,
        lambda d: services.edit_logbook_entry(author=staff, entry=entry, **d),
        _("Notatet er rettet; den tidligere udgave er gemt."),
    )  # fmt: skip
    if edited is not None:
        return redirect("experiments:detail", experiment.pk)
    context = {"experiment": experiment, "form": form, "entry": entry}
    return render(request, "experiments/logbook_form.html", context, status=form_status(request))


@login_required
def experiment_complete(request: HttpRequest, experiment_id: int) -> HttpResponse:
    experiment = _managed(request, experiment_id)
    if not experiment.is_running:
        raise Http404
    error = None
    if request.method == "POST":
        try:
            services.complete_experiment(
                actor=access.staff_or_404(request.user), experiment=experiment
            )
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            messages.success(request, _("Eksperimentet er afsluttet."))
            return redirect("experiments:detail", experiment.pk)
    status = 422 if error else 200
    context = {"experiment": experiment, "error": error}
    return render(request, "experiments/complete.html", context, status=status)


@login_required
def practice_publish(request: HttpRequest, experiment_id: int) -> HttpResponse:
    experiment = _managed(request, experiment_id)
    if experiment.is_running:  # the learning is shared once the experiment is over
        return redirect("experiments:complete", experiment.pk)
    published = Practice.objects.filter(source_experiment=experiment).first()
    if published is not None:
        return redirect("experiments:practice_detail", published.pk)
    form = PracticeForm(request.POST or None, initial={"title": experiment.title})
    practice = submit_form(
        request, form,
        lambda d: services.publish_practice(
            actor=access.staff_or_404(request.user), experiment=experiment,
            figures=measurement.figures_snapshot(experiment), **d,
        ),
        _("Grebet er offentliggjort i kataloget."),
    )  # fmt: skip
    if practice is not None:
        return redirect("experiments:practice_detail", practice.pk)
    context = {"experiment": experiment, "form": form}
    return render(request, "experiments/publish.html", context, status=form_status(request))


def _catalogue_user(request: HttpRequest) -> None:
    if not policy.may_browse_practices(request.user):
        raise Http404


@login_required
def practice_list(request: HttpRequest) -> HttpResponse:
    _catalogue_user(request)
    form = CatalogueFilter(request.GET or None)
    practices = Practice.objects.visible_to(request.user).select_related("municipality")
    if form.is_valid():
        if form.cleaned_data["lever"]:
            practices = practices.filter(lever=form.cleaned_data["lever"])
        if form.cleaned_data["theme"]:
            practices = practices.filter(theme=form.cleaned_data["theme"])
    practices = practices.annotate(n_started=Count("started_experiments"))
    return render(request, "experiments/practices.html", {"form": form, "practices": practices})


def _practice(request: HttpRequest, practice_id: int) -> Practice:
    _catalogue_user(request)
    return get_object_or_404(
        Practice.objects.visible_to(request.user).select_related(
            "municipality", "source_experiment", "published_by__user"
        ),
        pk=practice_id,
    )


@login_required
def practice_detail(request: HttpRequest, practice_id: int) -> HttpResponse:
    practice = _practice(request, practice_id)
    started_in = (
        practice.started_experiments.values("municipality__name")
        .annotate(n=Count("pk"))
        .order_by("municipality__name")
    )
    context = {
        "practice": practice,
        "started_in": started_in,
        "may_try": policy.may_try_practice(request.user),
        "source_visible": Experiment.objects.visible_to(request.user)
        .filter(pk=practice.source_experiment_id)
        .exists(),
    }
    return render(request, "experiments/practice_detail.html", context)


@login_required
def practice_try(request: HttpRequest, practice_id: int) -> HttpResponse:
    """ "Prøv det hos os": a new experiment in my municipality, prefilled from the greb.

    Only what the greb publishes is copied: the source experiment's own question and
    hypothesis are not part of it (another municipality's leader may not open that
    experiment), so they are prefilled only for a user who may see it; otherwise the
    public example's question, when the experiment started from one, or nothing."""
    practice = _practice(request, practice_id)
    source = practice.source_experiment
    initial = {"title": practice.title, "theme": practice.theme, "lever": practice.lever}
    example = template_by_key(source.template_key)
    if Experiment.objects.visible_to(request.user).filter(pk=source.pk).exists():
        initial |= {"question": source.question, "hypothesis": source.hypothesis}
    elif example is not None:
        initial |= {"question": example.question, "hypothesis": example.hypothesis}
    return _start(request, initial=initial, template_key=source.template_key, source=practice)
