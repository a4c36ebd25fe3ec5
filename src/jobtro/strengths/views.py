"""Pages: the caseworker's strengths page and links (login), and the citizen's and the
network's one-time links (no login; a friendly page for an unknown, used, expired or
revoked link). Thin: access, form, one service."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
from collections.abc import Callable, Iterator
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from jobtro.citizens.models import Citizen
from jobtro.core import access, audit, requestctx
from jobtro.strengths import policy

from . import services
from .forms import CitizenStrengthsForm, InviteForm, NetworkStrengthsForm
from .models import Source, StrengthsLink


def _current_citizen(request: HttpRequest, citizen_id: int) -> Citizen:
    return get_object_or_404(policy.strengths_citizens(request.user), pk=citizen_id)


@login_required
def citizen_page(request: HttpRequest, citizen_id: int) -> HttpResponse:
    """The caseworker's view of the whole profile and of every link made."""
    citizen = _current_citizen(request, citizen_id)
    profile = services.strengths_profile(citizen)
    links = citizen.strengths_links.select_related("invited_from", "created_by__user")
    audit.log(
        actor=request.user, action="strengths.profile.viewed", target=citizen, citizen=citizen
    )
    now = timezone.now()
    rows = [{"link": link, "state": link.state(now)} for link in links]
    context = {"citizen": citizen, "p": profile, "links": rows}
    return render(request, "strengths/citizen.html", context)


@login_required
@require_POST
def create_link(request: HttpRequest, citizen_id: int) -> HttpResponse:
    citizen = _current_citizen(request, citizen_id)
    link, raw = services.create_citizen_link(citizen=citizen, staff=access.staff_of(request.user))
    url = request.build_absolute_uri(reverse("strengths:answer", args=[raw]))
    context = {"citizen": citizen, "link": link, "url": url}
    return render(request, "strengths/link_created.html", context)


@login_required
@require_POST
def revoke_link(request: HttpRequest, citizen_id: int, strengths_link_id: int) -> HttpResponse:
    citizen = _current_citizen(request, citizen_id)
    link = get_object_or_404(StrengthsLink, pk=strengths_link_id, citizen=citizen)
    try:
        services.revoke_link(link=link, staff=access.staff_of(request.user))
    except ValidationError as exc:
        messages.info(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Linket er spærret."))
    return redirect("strengths:citizen", citizen.pk)


# --- the citizen's and the network's links (no login) --------------------------------------


@contextlib.contextmanager
def _via_link() -> Iterator[None]:
    # The audit log's channel: the citizen's own actions arrive through their link.
    token = requestctx.current.set(dataclasses.replace(requestctx.current.get(), via="link"))
    try:
        yield
    finally:
        requestctx.current.reset(token)


def link_page(kind: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A page behind a one-time link: never cached, audited on the channel "link", and a
    closed link becomes a friendly page."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @never_cache
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            with _via_link():
                try:
                    return view(request, *args, **kwargs)
                except services.LinkClosed as exc:
                    return _closed(request, exc.state, kind=kind)

        return wrapper

    return decorate


def _closed(request: HttpRequest, state: str, *, kind: str) -> HttpResponse:
    status = 404 if state == "unknown" else 410
    context = {"state": state, "network": kind == Source.NETWORK}
    return render(request, "strengths/closed.html", context, status=status)


def _citizen_link(token: str, *states: str) -> StrengthsLink:
    link = services.find_link(token, kind=Source.CITIZEN)
    state = link.state() if link else "unknown"
    if link is None or state not in states:
        raise services.LinkClosed(state)
    return link


@link_page(Source.CITIZEN)
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The citizen's link: the list to choose from, then (for a while) their profile."""
    link = _citizen_link(token, "open", "answered")
    if link.state() == "answered":
        return _profile(request, link, token=token, invite_form=InviteForm())
    form = CitizenStrengthsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_citizen_answer(
                raw_token=token,
                keys=form.cleaned_data["strengths"],
                own_words=form.cleaned_data["own_words"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("strengths:answer", token)
    status = 422 if request.method == "POST" else 200
    return render(request, "strengths/answer.html", {"form": form}, status=status)


def _profile(
    request: HttpRequest, link: StrengthsLink, *, token: str, invite_form: InviteForm, status=200
) -> HttpResponse:
    profile = services.strengths_profile(link.citizen)
    audit.log(actor=None, action="strengths.profile.viewed", target=link, citizen=link.citizen)
    now = timezone.now()
    context = {
        "p": profile,
        "token": token,
        "link": link,
        "invite_form": invite_form,
        "invitations": [{"link": i, "state": i.state(now)} for i in services.invitations(link)],
    }
    return render(request, "strengths/profile.html", context, status=status)


@link_page(Source.CITIZEN)
def invite(request: HttpRequest, token: str) -> HttpResponse:
    link = _citizen_link(token, "open", "answered")
    if link.state() == "open":  # not answered yet: the list comes first
        return redirect("strengths:answer", token)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, raw = services.invite_network(
                raw_token=token, relation=form.cleaned_data["relation"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            url = request.build_absolute_uri(reverse("strengths:network", args=[raw]))
            context = {"invitation": invitation, "url": url, "token": token}
            return render(request, "strengths/invited.html", context)
    if request.method != "POST":
        return redirect("strengths:answer", token)
    return _profile(request, link, token=token, invite_form=form, status=422)


@link_page(Source.CITIZEN)
@require_POST
def revoke_invitation(request: HttpRequest, token: str, invitation_id: int) -> HttpResponse:
    try:
        services.revoke_invitation(raw_token=token, invitation_id=invitation_id)
    except ValidationError as exc:
        messages.info(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Invitationen er lukket. Linket virker ikke længere."))
    return redirect("strengths:answer", token)


@link_page(Source.CITIZEN)
def download(request: HttpRequest, token: str) -> HttpResponse:
    """The citizen's own profile as a small HTML file that opens without a network."""
    link = _citizen_link(token, "open", "answered")
    if link.state() == "open":
        return redirect("strengths:answer", token)
    profile = services.strengths_profile(link.citizen)
    audit.log(actor=None, action="strengths.profile.downloaded", target=link, citizen=link.citizen)
    html = render_to_string(
        "strengths/profile_file.html", {"p": profile, "made_on": timezone.localdate()}
    )
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mine-styrker.html"'
    return response


@link_page(Source.NETWORK)
def network(request: HttpRequest, token: str) -> HttpResponse:
    """A person in the citizen's network says which strengths they see."""
    link = services.find_link(token, kind=Source.NETWORK)
    state = link.state() if link else "unknown"
    if link is None or state != "open":
        raise services.LinkClosed(state)
    form = NetworkStrengthsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_network_answer(
                raw_token=token,
                keys=form.cleaned_data["strengths"],
                sentence=form.cleaned_data["sentence"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return render(request, "strengths/network_thanks.html")
    status = 422 if request.method == "POST" else 200
    return render(request, "strengths/network.html", {"form": form}, status=status)
