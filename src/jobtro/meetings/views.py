"""Project meetings under /projekt/: the timeline, a meeting (opening with the previous
meeting's actions), its form, actions and their status. Thin: access, form, service."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from jobtro.core import access
from jobtro.core.forms import form_status, submit_form
from jobtro.meetings import policy

from . import services
from .forms import ActionForm, MeetingForm, StatusForm
from .models import Meeting, MeetingAction
from .names import names_shown
from .timeline import previous_meeting, project_timeline


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The projects whose meetings the user reads; with one project, its timeline."""
    access.staff_or_404(request.user, allowed=policy.may_read_meetings(request.user))
    projects = list(policy.meeting_projects(request.user))
    if len(projects) == 1:
        return redirect("meetings:timeline", projects[0].pk)
    return render(request, "meetings/index.html", {"projects": projects})


@login_required
def timeline(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_object_or_404(policy.meeting_projects(request.user), pk=project_id)
    meetings = (
        Meeting.objects.visible_to(request.user)
        .filter(project=project)
        .select_related("municipality")
    )
    today = timezone.localdate()
    context = {
        "project": project,
        "timeline": project_timeline(project=project, meetings=meetings, today=today),
        "today": today,
        "may_create": policy.meeting_edit_projects(request.user).filter(pk=project.pk).exists(),
    }
    return render(request, "meetings/timeline.html", context)


def _form_page(request: HttpRequest, *, project, meeting: Meeting | None) -> HttpResponse:
    staff = access.staff_or_404(request.user)
    initial = {}
    if meeting is not None:
        initial = {
            "kind": meeting.kind, "municipality": meeting.municipality, "date": meeting.date,
            "place": meeting.place, "agenda": meeting.agenda, "notes": meeting.notes,
            "decisions": meeting.decisions, "participants": list(meeting.participants.all()),
        }  # fmt: skip
    elif staff.municipality_id:
        initial = {"municipality": staff.municipality}
    form = MeetingForm(request.POST or None, user=request.user, project=project, initial=initial)
    if meeting is None:
        saved = submit_form(
            request, form,
            lambda d: services.create_meeting(actor=staff, project=project, **d),
            _("Mødet er oprettet."),
        )  # fmt: skip
    else:
        saved = submit_form(
            request, form,
            lambda d: services.update_meeting(actor=staff, meeting=meeting, **d),
            _("Mødet er gemt."),
        )  # fmt: skip
    if saved is not None:
        return redirect("meetings:detail", saved.pk)
    context = {"project": project, "meeting": meeting, "form": form}
    return render(request, "meetings/meeting_form.html", context, status=form_status(request))


@login_required
def create(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_object_or_404(policy.meeting_edit_projects(request.user), pk=project_id)
    return _form_page(request, project=project, meeting=None)


def _visible_meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("project", "municipality"),
        pk=meeting_id,
    )


def _editable_meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    meeting = _visible_meeting(request, meeting_id)
    if not policy.may_edit_meeting(request.user, meeting):
        raise Http404
    return meeting


@login_required
def edit(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _editable_meeting(request, meeting_id)
    return _form_page(request, project=meeting.project, meeting=meeting)


def _actions(meeting: Meeting | None):
    if meeting is None:
        return []
    return list(
        meeting.actions.select_related("responsible__user").prefetch_related(
            "status_changes__changed_by__user"
        )
    )


@login_required
def detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """A meeting opens with the previous meeting's actions and their status."""
    meeting = _visible_meeting(request, meeting_id)
    previous = previous_meeting(meeting)
    may_edit = policy.may_edit_meeting(request.user, meeting)
    context = {
        "meeting": meeting,
        "previous": previous,
        "previous_actions": _actions(previous),
        "actions": _actions(meeting),
        # A researcher sees the names of each meeting's own participants only (names.py).
        "shown": names_shown(request.user, meeting),
        "previous_shown": names_shown(request.user, previous),
        "participants": meeting.participants.select_related("user", "municipality"),
        "may_edit": may_edit,
        "me": access.staff_of(request.user),
        "today": timezone.localdate(),
        "action_form": ActionForm(meeting=meeting, user=request.user) if may_edit else None,
        "status_form": StatusForm(),
    }
    return render(request, "meetings/meeting_detail.html", context)


@login_required
def action_create(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _editable_meeting(request, meeting_id)
    form = ActionForm(request.POST or None, meeting=meeting, user=request.user)
    added = submit_form(
        request, form,
        lambda d: services.add_action(actor=access.staff_or_404(request.user), meeting=meeting, **d),
        _("Handlingen er tilføjet."),
    )  # fmt: skip
    if added is not None:
        return redirect("meetings:detail", meeting.pk)
    context = {"meeting": meeting, "form": form}
    return render(request, "meetings/action_form.html", context, status=form_status(request))


@login_required
def action_status(request: HttpRequest, action_id: int) -> HttpResponse:
    action = get_object_or_404(
        MeetingAction.objects.filter(
            meeting__in=Meeting.objects.visible_to(request.user)
        ).select_related("meeting__project", "meeting__municipality", "responsible__user"),
        pk=action_id,
    )
    if not policy.may_change_action_status(request.user, action):
        raise Http404
    form = StatusForm(request.POST or None)
    back = request.POST.get("next") or request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    changed = submit_form(
        request, form,
        lambda d: services.change_action_status(actor=access.staff_or_404(request.user), action=action, **d),
        _("Status er ændret."),
    )  # fmt: skip
    if changed is not None:
        return redirect(back or "meetings:detail", *([] if back else [action.meeting_id]))
    shown = names_shown(request.user, action.meeting)
    context = {"action": action, "form": form, "next": back, "shown": shown}
    return render(request, "meetings/action_status.html", context, status=form_status(request))
