"""The Praksis hub under /praksis/: the ways of working with belief, each shown to
those who may use it. The pages themselves live in their apps (language_use, sparring,
experiments, stories, meetings)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jobtro.core import access
from jobtro.core.access import Permission

from .hub import practice_cards


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """ "Praksis": the ways of working with belief, each shown to those who may use it."""
    access.staff_or_404(request.user, Permission.PRACTICES_BROWSE)
    return render(request, "practice/index.html", {"cards": practice_cards(request.user)})
