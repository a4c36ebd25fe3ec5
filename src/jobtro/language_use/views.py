"""Pages under /praksis/: the inline coach (htmx), "spilleregler" and the team language
picture (mounted in the practice: namespace, so URLs and names stay as they were).
Thin: access, form, one service or query, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jobtro.core import access
from jobtro.core.access import Permission
from jobtro.core.forms import form_status, submit_form
from jobtro.organisations.models import Municipality, Team

from . import policy, services
from .coach import MAX_COACH_CHARS, coach_text
from .forms import RulesForm
from .lexicons import version_ids_in_force
from .models import RulesVersion
from .picture import team_language_trend, trend_chart


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
    return render(request, "language_use/_coach_findings.html", context)


@login_required
def rules_index(request: HttpRequest) -> HttpResponse:
    municipality = policy.rules_municipality(request.user)
    teams = policy.rules_teams(request.user)
    if municipality is None and not teams.exists():
        raise Http404
    return render(
        request, "language_use/rules_index.html", {"municipality": municipality, "teams": teams}
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
    return render(request, "language_use/rules.html", context, status=form_status(request))


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
    return render(request, "language_use/pictures.html", {"teams": teams})


@login_required
def picture(request: HttpRequest, team_id: int) -> HttpResponse:
    team = get_object_or_404(policy.language_picture_teams(request.user), pk=team_id)
    trend = team_language_trend(team=team)
    chart = trend_chart(trend, series=[(k, str(label), css) for k, label, css in SERIES])
    return render(
        request, "language_use/picture.html", {"team": team, "trend": trend, "chart": chart}
    )
