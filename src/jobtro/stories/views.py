"""Success-story pages under /praksis/historier/. Thin: access, form, one service, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from jobtro.core import access
from jobtro.core.access import Permission
from jobtro.core.forms import form_status, submit_form
from jobtro.organisations.models import Team
from jobtro.stories import policy

from . import services
from .forms import StoryFilterForm, StoryForm
from .models import Story

# Stories are read whole, not scanned like a table: fewer to a page.
STORIES_PER_PAGE = 10


def _stories(request: HttpRequest) -> QuerySet[Story]:
    return Story.objects.visible_to(request.user).select_related(
        "team", "municipality", "author__user", "experiment"
    )


def _feed(request: HttpRequest, *, team: Team | None) -> HttpResponse:
    stories = _stories(request).current().prefetch_related("tags")
    if team is not None:
        stories = stories.filter(team=team)
    form = StoryFilterForm(request.GET)
    page = Paginator(form.apply(stories), STORIES_PER_PAGE).get_page(request.GET.get("side"))
    context = {
        "form": form,
        "page": page,
        "team": team,
        "teams": policy.story_teams(request.user).order_by("name"),
        "show_authors": access.has(request.user, Permission.STAFF_NAMES),
    }
    template = "stories/_list.html" if request.htmx else "stories/feed.html"
    return render(request, template, context)


@login_required
def feed(request: HttpRequest) -> HttpResponse:
    """Every story the user may read: their teams', their municipality's, the project's."""
    if not policy.may_read_stories(request.user):
        raise Http404
    return _feed(request, team=None)


@login_required
def team_feed(request: HttpRequest, team_id: int) -> HttpResponse:
    team = get_object_or_404(policy.story_teams(request.user), pk=team_id)
    return _feed(request, team=team)


@login_required
def create(request: HttpRequest) -> HttpResponse:
    staff = access.staff_or_404(request.user, Permission.STORIES_TELL)
    # "Fortæl en succeshistorie fra eksperimentet" preselects it (if the user may see it).
    initial = {"meeting_date": timezone.localdate(), "experiment": request.GET.get("eksperiment")}
    form = StoryForm(request.POST or None, user=request.user, initial=initial)
    story = submit_form(
        request, form,
        lambda d: services.tell_story(author=staff, **d),
        _("Tak for historien. Den er gemt."),
    )  # fmt: skip
    if story is not None:
        return redirect("stories:detail", story.pk)
    context = {"form": form, "story": None}
    return render(request, "stories/form.html", context, status=form_status(request))


@login_required
def detail(request: HttpRequest, story_id: int) -> HttpResponse:
    story = get_object_or_404(_stories(request).prefetch_related("tags"), pk=story_id)
    staff = access.staff_of(request.user)
    is_author = staff is not None and story.author_id == staff.pk
    versions = (
        Story.objects.filter(Q(pk=story.story_id) | Q(original_id=story.story_id))
        .order_by("version")
        .only("pk", "version", "created_at")
        if is_author
        else []
    )
    newer = Story.objects.filter(supersedes=story).first() if is_author else None
    context = {
        "story": story,
        "is_author": is_author,
        "versions": versions,
        "newer": newer,
        "may_correct": services.may_correct(story=story, staff=staff),
        "deadline": services.correction_deadline(story),
        "show_authors": access.has(request.user, Permission.STAFF_NAMES),
        # Link the experiment only for readers who may open it.
        "experiment_link": story.experiment_id is not None
        and policy.story_experiments(request.user).filter(pk=story.experiment_id).exists(),
    }
    return render(request, "stories/detail.html", context)


@login_required
def correct(request: HttpRequest, story_id: int) -> HttpResponse:
    story = get_object_or_404(_stories(request).prefetch_related("tags"), pk=story_id)
    staff = access.staff_of(request.user)
    if staff is None or not services.may_correct(story=story, staff=staff):
        raise Http404
    form = StoryForm(request.POST or None, user=request.user, story=story)
    new = submit_form(
        request, form,
        lambda d: services.correct_story(author=staff, story=story, **d),
        _("Rettelsen er gemt som en ny version."),
    )  # fmt: skip
    if new is not None:
        return redirect("stories:detail", new.pk)
    context = {"form": form, "story": story}
    return render(request, "stories/form.html", context, status=form_status(request))
