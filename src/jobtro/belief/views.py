"""Pages: rate a citizen, the saved page, a correction, the citizen link, "Min tro",
the general-belief survey and a leader's team figures. Thin: access, form, one service."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from jobtro.citizens.models import Citizen
from jobtro.core import access, audit
from jobtro.core.access import Permission
from jobtro.core.forms import form_status, submit_form
from jobtro.organisations.models import Staff

from . import queries, services
from .expectations.queries import my_meeting_forms, my_pattern, team_expectations
from .forms import AfterContactAnswerForm, CitizenAnswerForm, GeneralBeliefForm, RatingForm
from .models import Item, RaterType, Rating


def _rating_items(staff: Staff) -> list[Item]:
    rater_type = services.rater_type_of(staff)
    items = services.default_instrument().items.filter(general=False)
    return [i for i in items if rater_type in i.raters]


def _ratable(request: HttpRequest, citizen_id: int):
    staff = access.staff_or_404(request.user, Permission.BELIEF_RATE)
    citizen = get_object_or_404(
        services.ratable_citizens(request.user).select_related("target_group"), pk=citizen_id
    )
    return staff, citizen


def _record(request: HttpRequest, form: RatingForm, citizen: Citizen, staff: Staff, **extra: Any):
    """Save the form's round of ratings (None when not saved; a refusal stands on the form)."""
    return submit_form(
        request,
        form,
        lambda d: services.record_ratings(
            citizen=citizen,
            rater=staff,
            values=form.values(),
            context=d["context"],
            reason=d["reason"],
            raise_belief=d["raise_belief"],
            idempotency_key=d["idempotency_key"],
            **extra,
        ),
    )


@login_required
def rate(request: HttpRequest, citizen_id: int) -> HttpResponse:
    staff, citizen = _ratable(request, citizen_id)
    form = RatingForm(request.POST or None, items=_rating_items(staff))
    saved = _record(request, form, citizen, staff)
    if saved is not None:
        return _saved_redirect(citizen, saved)
    if request.method != "POST":
        audit.log(actor=request.user, action="belief.rate.opened", target=citizen, citizen=citizen)
    context = {"citizen": citizen, "form": form, "correcting": False}
    return render(request, "belief/rate.html", context, status=form_status(request))


def _saved_redirect(citizen: Citizen, saved: list[Rating]) -> HttpResponse:
    """To the saved page, naming the round just stored (never "the latest by date")."""
    return redirect(f"{reverse('belief:rated', args=[citizen.pk])}?runde={saved[0].pk}")


@login_required
def rated(request: HttpRequest, citizen_id: int) -> HttpResponse:
    """After saving: only now is the previous rating shown (so that it does not anchor)."""
    staff, citizen = _ratable(request, citizen_id)
    own = Rating.objects.current().filter(citizen=citizen, rater=staff).select_related("item")
    # The round just saved is named in the address; without it, the one stored last (by
    # id: a demo or imported rating may carry a later time of day than "now").
    anchor = (
        own.filter(pk=request.GET.get("runde")).first()
        if request.GET.get("runde", "").isdigit()
        else None
    )
    anchor = anchor or own.order_by("-id").first()
    if anchor is None:
        return redirect("belief:rate", citizen.pk)
    saved = list(own.filter(rated_at=anchor.rated_at).order_by("item__position"))
    belief = next((r for r in saved if r.item.indicator == "belief_job"), saved[0])
    earlier = own.exclude(pk__in=[r.pk for r in saved]).order_by("-rated_at", "-id")
    rows = [(r, earlier.filter(item__indicator=r.item.indicator).first()) for r in saved]
    previous = {r.pk: p for r, p in rows}[belief.pk]
    audit.log(actor=request.user, action="belief.rating.viewed", target=belief, citizen=citizen)
    due = [d for d in queries.due_ratings(staff=staff) if d.citizen.pk != citizen.pk]
    return render(
        request,
        "belief/rated.html",
        {
            "citizen": citizen,
            "rows": [
                (r, r.item.label_of(r.value), p, p.item.label_of(p.value) if p else "")
                for r, p in rows
            ],
            "belief": belief,
            "previous": previous,
            "belief_label": belief.item.label_of(belief.value),
            "previous_label": previous.item.label_of(previous.value) if previous else "",
            "next_due": due[0] if due else None,
            "n_due": len(due),
            "correctable": bool(services.correctable_ratings(citizen=citizen, rater=staff)),
        },
    )


@login_required
def correct(request: HttpRequest, citizen_id: int) -> HttpResponse:
    staff, citizen = _ratable(request, citizen_id)
    mistaken = services.correctable_ratings(citizen=citizen, rater=staff)
    if not mistaken:
        messages.info(request, _("Der er ingen vurdering fra de seneste 24 timer at rette."))
        return redirect("belief:rate", citizen.pk)
    items = [r.item for r in mistaken]
    initial = {f"item_{r.item.code}": r.value for r in mistaken}
    first = mistaken[0]
    initial.update(context=first.context, reason=first.reason, raise_belief=first.raise_belief)
    form = RatingForm(request.POST or None, items=items, initial=initial)
    saved = _record(request, form, citizen, staff, instrument=first.item.instrument, correct=True)
    if saved is not None:
        messages.success(
            request, _("Rettelsen er gemt. Den oprindelige vurdering er bevaret i historikken.")
        )
        return _saved_redirect(citizen, saved)
    context = {"citizen": citizen, "form": form, "correcting": True}
    return render(request, "belief/rate.html", context, status=form_status(request))


@login_required
@require_POST
def create_link(request: HttpRequest, citizen_id: int) -> HttpResponse:
    staff, citizen = _ratable(request, citizen_id)
    if not access.has(staff, Permission.CASEWORK):
        raise Http404
    link, raw = services.create_citizen_link(citizen=citizen, staff=staff)
    url = request.build_absolute_uri(reverse("belief:answer", args=[raw]))
    return render(
        request, "belief/link_created.html", {"citizen": citizen, "link": link, "url": url}
    )


@never_cache
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The citizen's one-time link: no login, a friendly page for a used or expired link."""
    link = services.find_link(token)
    state = link.state() if link else "unknown"
    if link is None or state != "open":
        return _closed(request, state)
    items = [
        i for i in link.instrument.items.filter(general=False) if RaterType.CITIZEN in i.raters
    ]
    # The short questions after a meeting have no free text (nothing to guard or coach).
    after_contact = link.contact_id is not None
    form_class = AfterContactAnswerForm if after_contact else CitizenAnswerForm
    form = form_class(request.POST or None, items=items)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_citizen_answers(
                raw_token=token, values=form.values(), comment=form.cleaned_data.get("comment", "")
            )
        except services.LinkClosed as exc:
            return _closed(request, exc.state)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return render(request, "belief/answer_thanks.html", {"after_contact": after_contact})
    status = 422 if request.method == "POST" else 200
    template = "belief/answer_after_contact.html" if after_contact else "belief/answer.html"
    return render(request, template, {"form": form}, status=status)


def _closed(request: HttpRequest, state: str) -> HttpResponse:
    status = {"unknown": 404}.get(state, 410)
    return render(request, "belief/answer_closed.html", {"state": state}, status=status)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    staff = access.staff_or_404(request.user, Permission.CASEWORK)
    figures = queries.my_belief(staff=staff)
    due = queries.due_ratings(staff=staff)
    shown = {
        c.pk: c for c in [*figures.low_belief, *figures.recent_changes, *(d.citizen for d in due)]
    }
    audit.log_many_reads(actor=request.user, action="belief.mine.listed", citizens=shown.values())
    columns, dists = [_("Mine")], [figures.mine]
    if figures.team_name:
        columns.append(_("Teamet %(team)s") % {"team": figures.team_name})
        dists.append(figures.team)
    table = queries.distribution_table(
        caption=_("Mine vurderinger lige nu"), columns=columns, dists=dists, reference=True
    )
    context = {
        "figures": figures,
        "due": due,
        "table": table,
        "pattern": my_pattern(staff=staff),
        "by_form": my_meeting_forms(staff=staff),
        "min_citizens": settings.SUPPRESS_MIN_CITIZENS,
    }
    return render(request, "belief/mine.html", context)


@login_required
def general(request: HttpRequest) -> HttpResponse:
    staff = access.staff_or_404(request.user, Permission.CASEWORK)
    items = list(services.default_instrument().items.filter(general=True))
    form = GeneralBeliefForm(request.POST or None, items=items)
    answers = submit_form(
        request, form,
        lambda d: services.record_general_belief(
            staff=staff, values=form.values(), idempotency_key=d["idempotency_key"]
        ),
        _("Tak for dine svar."),
    )  # fmt: skip
    if answers is not None:
        return redirect("belief:mine")
    return render(request, "belief/general.html", {"form": form}, status=form_status(request))


@login_required
def team(request: HttpRequest, team_id: int) -> HttpResponse:
    staff = access.staff_or_404(request.user, Permission.TEAMS_LEAD)
    found = get_object_or_404(access.led_teams(staff), pk=team_id)
    audit.log(
        actor=request.user,
        action="belief.team.viewed",
        target=found,
        municipality_id=found.municipality_id,
    )
    figures = queries.team_belief(team=found)
    table = queries.distribution_table(
        caption=_("Teamets vurderinger lige nu"),
        columns=[_("Teamet")],
        dists=[figures["distribution"]],
        reference=True,
    )
    context = {"f": figures, "table": table, "x": team_expectations(team=found)}
    return render(request, "belief/team.html", context)
