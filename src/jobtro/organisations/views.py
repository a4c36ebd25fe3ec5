from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from jobtro.core import access
from jobtro.core.access import Permission
from jobtro.core.forms import form_status, submit_form
from jobtro.core.services import team_figures

from . import services
from .forms import StaffCreateForm, StaffEditForm, TeamForm
from .models import Staff


def _administered(request: HttpRequest):
    municipality = access.administered_municipality(request.user)
    if municipality is None:
        raise Http404
    return municipality


@login_required
def team_list(request: HttpRequest) -> HttpResponse:
    teams = access.visible_teams(request.user).select_related("municipality")
    if not access.has(
        request.user, Permission.TEAMS_OWN, Permission.TEAMS_LEAD, Permission.ADMINISTER
    ):
        raise Http404
    return render(
        request,
        "organisations/team_list.html",
        {"teams": teams, "may_create": access.administered_municipality(request.user) is not None},
    )


@login_required
def team_detail(request: HttpRequest, team_id: int) -> HttpResponse:
    team = get_object_or_404(access.visible_teams(request.user), pk=team_id)
    members = (
        Staff.objects.filter(memberships__team=team, memberships__end_date__isnull=True)
        .select_related("user")
        .distinct()
    )
    # Aggregates over the whole team only; never per caseworker (docs/contracts.md: no ranking).
    figures = team_figures(team)
    return render(
        request,
        "organisations/team_detail.html",
        {"team": team, "members": members, "figures": figures},
    )


@login_required
def team_create(request: HttpRequest) -> HttpResponse:
    municipality = _administered(request)
    form = TeamForm(request.POST or None)
    team = submit_form(
        request, form,
        lambda d: services.create_team(actor=request.user, municipality=municipality, **d),
        _("Teamet er oprettet."),
    )  # fmt: skip
    if team is not None:
        return redirect("organisations:team", team.pk)
    return render(
        request, "organisations/team_form.html", {"form": form}, status=form_status(request)
    )


@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    _administered(request)
    staff = (
        access.manageable_staff(request.user)
        .select_related("user")
        .prefetch_related("memberships__team")
    )
    return render(request, "organisations/staff_list.html", {"staff_list": staff})


@login_required
def staff_create(request: HttpRequest) -> HttpResponse:
    municipality = _administered(request)
    form = StaffCreateForm(request.POST or None, municipality=municipality)
    created = submit_form(
        request, form,
        lambda d: services.create_staff(actor=request.user, municipality=municipality, **d),
        _("Medarbejderen er oprettet."),
    )  # fmt: skip
    if created is not None:
        return redirect("organisations:staff_list")
    return render(
        request, "organisations/staff_form.html", {"form": form}, status=form_status(request)
    )


@login_required
def staff_edit(request: HttpRequest, staff_id: int) -> HttpResponse:
    municipality = _administered(request)
    member = get_object_or_404(
        access.manageable_staff(request.user).select_related("user"), pk=staff_id
    )
    form = StaffEditForm(request.POST or None, municipality=municipality)

    def change(data: dict) -> bool:
        if data.get("team"):
            services.add_membership(
                actor=request.user, staff=member, team=data["team"], start_date=data["start_date"]
            )
        if data.get("deactivate"):
            services.deactivate_staff(actor=request.user, staff=member)
        return True

    if submit_form(request, form, change, _("Ændringen er gemt.")):
        return redirect("organisations:staff_list")
    status = form_status(request)
    return render(
        request, "organisations/staff_edit.html", {"form": form, "member": member}, status=status
    )
