"""Sparring pages (mounted under /praksis/sparring/ in the practice namespace, so the
URLs and their names stay as they were). Thin: access, form, one service, render."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from jobtro.belief.models import Item
from jobtro.belief.services import default_instrument
from jobtro.citizens.models import Citizen
from jobtro.citizens.policy import current_caseworker_citizens
from jobtro.core import access, audit
from jobtro.core.access import Permission
from jobtro.core.forms import form_status, submit_form
from jobtro.organisations.models import Staff

from . import policy, services
from .forms import SparringCloseForm, SparringFollowUpForm, SparringRequestForm
from .methods import METHOD_GUIDES, REGRESSION_CAVEAT, guide_for, team_sparring_summary
from .models import Sparring

# "Mine sparringer" lists follow-ups not yet done from a week ahead back to any date
# (an overdue one stays until it is marked done), and the latest ones done.
FOLLOW_UP_SHOWN_BEFORE = dt.timedelta(days=7)
FOLLOW_UPS_DONE_SHOWN = 10


def _belief_item() -> Item:
    return default_instrument().items.get(code=services.BELIEF_ITEM)


def _caseworker(request: HttpRequest) -> Staff:
    return access.staff_or_404(request.user, Permission.CASEWORK)


@login_required
def sparring_list(request: HttpRequest) -> HttpResponse:
    """ "Mine sparringer": the sessions I asked for or take part in, follow-ups first."""
    staff = _caseworker(request)
    sessions = list(
        Sparring.objects.visible_to(request.user).select_related("citizen", "owner__user")
    )
    today = timezone.localdate()
    mine = [s for s in sessions if s.owner_id == staff.pk]
    due = sorted(
        (
            s
            for s in mine
            if s.follow_up_on is not None
            and not s.is_followed_up
            and s.follow_up_on <= today + FOLLOW_UP_SHOWN_BEFORE
        ),
        key=lambda s: s.follow_up_on,
    )
    done = sorted((s for s in mine if s.is_followed_up), key=lambda s: s.followed_up_on)
    done = done[::-1][:FOLLOW_UPS_DONE_SHOWN]
    audit.log_many_reads(
        actor=request.user,
        action="practice.sparring.listed",
        citizens={s.citizen for s in sessions},
    )
    context = {
        "sessions": sessions,
        "due": due,
        "done": done,
        "me": staff,
        "today": today,
        "own_citizens": _own_citizens(request),
    }
    return render(request, "sparring/list.html", context)


def _own_citizens(request: HttpRequest) -> list[Citizen]:
    return list(current_caseworker_citizens(request.user).order_by("name", "pseudonym"))


@login_required
def sparring_choose(request: HttpRequest) -> HttpResponse:
    """ "Bed om sparring" from "Mine sparringer": the citizen is chosen in a list of one's own."""
    _caseworker(request)
    chosen = request.GET.get("borger", "")
    citizen = next((c for c in _own_citizens(request) if str(c.pk) == chosen), None)
    if citizen is None:
        messages.error(request, _("Vælg en af dine egne borgere."))
        return redirect("practice:sparring_list")
    return redirect("practice:sparring_create", citizen.pk)


@login_required
def sparring_create(request: HttpRequest, citizen_id: int) -> HttpResponse:
    citizen = get_object_or_404(Citizen.objects.visible_to(request.user), pk=citizen_id)
    if not policy.may_request_sparring(request.user, citizen):
        raise Http404
    owner = access.staff_of(request.user)
    form = SparringRequestForm(request.POST or None, owner=owner, item=_belief_item())
    sparring = submit_form(
        request, form,
        lambda d: services.request_sparring(owner=owner, citizen=citizen, **d),
        _("Din anmodning om sparring er gemt."),
    )  # fmt: skip
    if sparring is not None:
        return redirect("practice:sparring_detail", sparring.pk)
    context = {"citizen": citizen, "form": form, "guides": METHOD_GUIDES}
    return render(request, "sparring/form.html", context, status=form_status(request))


def _visible_sparring(request: HttpRequest, sparring_id: int) -> Sparring:
    return get_object_or_404(
        Sparring.objects.visible_to(request.user).select_related(
            "citizen", "owner__user", "before_rating", "after_rating"
        ),
        pk=sparring_id,
    )


@login_required
def sparring_detail(request: HttpRequest, sparring_id: int) -> HttpResponse:
    sparring = _visible_sparring(request, sparring_id)
    audit.log(
        actor=request.user,
        action="practice.sparring.viewed",
        target=sparring,
        citizen=sparring.citizen,
    )
    staff = access.staff_of(request.user)
    context = {
        "sparring": sparring,
        "participants": sparring.participants.select_related("user"),
        "guide": guide_for(sparring.method),
        "is_owner": staff is not None and sparring.owner_id == staff.pk,
    }
    return render(request, "sparring/detail.html", context)


@login_required
def sparring_close(request: HttpRequest, sparring_id: int) -> HttpResponse:
    sparring = _visible_sparring(request, sparring_id)
    owner = access.staff_of(request.user)
    if owner is None or sparring.owner_id != owner.pk or sparring.is_closed:
        raise Http404
    form = SparringCloseForm(
        request.POST or None, item=_belief_item(), initial={"held_on": timezone.localdate()}
    )
    closed = submit_form(
        request, form,
        lambda d: services.close_sparring(owner=owner, sparring=sparring, **d),
        _("Sparringen er afsluttet."),
    )  # fmt: skip
    if closed is not None:
        return redirect("practice:sparring_detail", sparring.pk)
    audit.log(
        actor=request.user,
        action="practice.sparring.viewed",
        target=sparring,
        citizen=sparring.citizen,
    )
    context = {"sparring": sparring, "form": form}
    return render(request, "sparring/close.html", context, status=form_status(request))


@login_required
def sparring_team(request: HttpRequest, team_id: int) -> HttpResponse:
    """A leader's view of the team's sparring: counts and belief before/after by
    method, never one session's content."""
    team = get_object_or_404(policy.sparring_teams(request.user), pk=team_id)
    summary = team_sparring_summary(team=team)
    return render(
        request,
        "sparring/team.html",
        {"team": team, "summary": summary, "caveat": REGRESSION_CAVEAT},
    )


@login_required
def sparring_follow_up(request: HttpRequest, sparring_id: int) -> HttpResponse:
    """The owner marks the follow-up of a closed session as done."""
    sparring = _visible_sparring(request, sparring_id)
    owner = access.staff_of(request.user)
    if (
        owner is None
        or sparring.owner_id != owner.pk
        or not sparring.is_closed
        or sparring.is_followed_up
    ):
        raise Http404
    form = SparringFollowUpForm(
        request.POST or None, initial={"followed_up_on": timezone.localdate()}
    )
    done = submit_form(
        request, form,
        lambda d: services.mark_followed_up(owner=owner, sparring=sparring, **d),
        _("Opfølgningen er markeret som gjort."),
    )  # fmt: skip
    if done is not None:
        return redirect("practice:sparring_list")
    audit.log(
        actor=request.user,
        action="practice.sparring.viewed",
        target=sparring,
        citizen=sparring.citizen,
    )
    context = {"sparring": sparring, "form": form}
    return render(request, "sparring/follow_up.html", context, status=form_status(request))
