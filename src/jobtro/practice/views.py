"""Pages under /praksis/: the inline coach (htmx), "spilleregler" and the team language
picture. Thin: access, form, one service or query, render."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jobtro.belief.models import Item
from jobtro.belief.services import default_instrument
from jobtro.citizens.models import Citizen
from jobtro.core import access, audit
from jobtro.core.access import Permission
from jobtro.core.forms import form_status, submit_form
from jobtro.organisations.models import Municipality, Staff, Team
from jobtro.practice import policy

from . import services
from .coach import MAX_COACH_CHARS, coach_text
from .forms import RulesForm, SparringCloseForm, SparringFollowUpForm, SparringRequestForm
from .hub import practice_cards
from .lexicons import version_ids_in_force
from .models import RulesVersion, Sparring
from .picture import team_language_trend, trend_chart
from .sparring import METHOD_GUIDES, REGRESSION_CAVEAT, guide_for, team_sparring_summary

# "Mine sparringer" lists follow-ups not yet done from a week ahead back to any date
# (an overdue one stays until it is marked done), and the latest ones done.
FOLLOW_UP_SHOWN_BEFORE = dt.timedelta(days=7)
FOLLOW_UPS_DONE_SHOWN = 10


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """ "Praksis": the ways of working with belief, each shown to those who may use it."""
    access.staff_or_404(request.user, Permission.PRACTICES_BROWSE)
    return render(request, "practice/index.html", {"cards": practice_cards(request.user)})


@login_required
@require_POST
def coach(request: HttpRequest) -> HttpResponse:
    """htmx: the findings for the text in the field named by `?felt=`, as prompts."""
    # Everyone who writes about citizens or maintains the rules; researchers never write.
    staff = access.staff_or_404(request.user, Permission.LANGUAGE_COACH)
    text = request.POST.get(request.GET.get("felt", "text"), "")
    context: dict = {"too_long": len(text) > MAX_COACH_CHARS, "max_chars": MAX_COACH_CHARS}
    if not context["too_long"] and text.strip():
        context["result"] = coach_text(staff=staff, text=text)
    return render(request, "practice/_coach_findings.html", context)


@login_required
def rules_index(request: HttpRequest) -> HttpResponse:
    municipality = policy.rules_municipality(request.user)
    teams = policy.rules_teams(request.user)
    if municipality is None and not teams.exists():
        raise Http404
    return render(
        request, "practice/rules_index.html", {"municipality": municipality, "teams": teams}
    )


def _rules_page(
    request: HttpRequest, *, municipality: Municipality, team: Team | None
) -> HttpResponse:
    staff = access.staff_of(request.user)
    versions = RulesVersion.objects.filter(municipality=municipality, team=team).select_related(
        "author__user"
    )
    in_force_ids = version_ids_in_force(
        municipality_id=municipality.pk, team_id=team.pk if team else None
    )
    in_force = next((v for v in versions if v.pk == in_force_ids[1 if team else 0]), None)
    form = RulesForm(request.POST or None, initial={"text": in_force.text if in_force else ""})
    version = submit_form(
        request, form,
        lambda d: services.save_rules(author=staff, municipality=municipality, team=team, **d),
    )  # fmt: skip
    if version is not None:
        messages.success(request, _("Version %(n)s er gemt og gælder nu.") % {"n": version.number})
        return redirect(request.path)
    context = {
        "municipality": municipality,
        "team": team,
        "versions": versions,
        "in_force": in_force,
        "form": form,
    }
    return render(request, "practice/rules.html", context, status=form_status(request))


@login_required
def rules_municipality(request: HttpRequest) -> HttpResponse:
    municipality = policy.rules_municipality(request.user)
    if municipality is None:
        raise Http404
    return _rules_page(request, municipality=municipality, team=None)


@login_required
def rules_team(request: HttpRequest, team_id: int) -> HttpResponse:
    team = get_object_or_404(
        policy.rules_teams(request.user).select_related("municipality"), pk=team_id
    )
    return _rules_page(request, municipality=team.municipality, team=team)


SERIES = (
    ("deficit_share", gettext_lazy("Underskudsformuleringer"), "series-deficit"),
    ("resource_share", gettext_lazy("Ressourceformuleringer"), "series-resource"),
)


@login_required
def pictures(request: HttpRequest) -> HttpResponse:
    teams = policy.language_picture_teams(request.user)
    if not access.has(request.user, Permission.TEAMS_OWN, Permission.TEAMS_LEAD):
        raise Http404
    return render(request, "practice/pictures.html", {"teams": teams})


@login_required
def picture(request: HttpRequest, team_id: int) -> HttpResponse:
    team = get_object_or_404(policy.language_picture_teams(request.user), pk=team_id)
    trend = team_language_trend(team=team)
    chart = trend_chart(trend, series=[(k, str(label), css) for k, label, css in SERIES])
    return render(request, "practice/picture.html", {"team": team, "trend": trend, "chart": chart})


# --- Sparring: "flere øjne på sagen" -------------------------------------------------


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
    context = {"sessions": sessions, "due": due, "done": done, "me": staff, "today": today}
    return render(request, "practice/sparring_list.html", context)


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
    return render(request, "practice/sparring_form.html", context, status=form_status(request))


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
    return render(request, "practice/sparring_detail.html", context)


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
    return render(request, "practice/sparring_close.html", context, status=form_status(request))


@login_required
def sparring_team(request: HttpRequest, team_id: int) -> HttpResponse:
    """A leader's view of the team's sparring: counts and belief before/after by
    method, never one session's content."""
    team = get_object_or_404(policy.sparring_teams(request.user), pk=team_id)
    summary = team_sparring_summary(team=team)
    return render(
        request,
        "practice/sparring_team.html",
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
    return render(request, "practice/sparring_follow_up.html", context, status=form_status(request))
