"""Referral pages: "Henvisning til virksomhedskonsulent" (docs/praksis.md: communication about the citizen).

The citizen's current caseworker writes and revises; the company consultant it is
addressed to reads. Everyone else gets a 404. The records live in `jobtro.practice`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from jobtro.core import access, audit
from jobtro.organisations.models import Role
from jobtro.practice import services
from jobtro.practice.forms import ReferralForm
from jobtro.practice.models import Referral

from .models import Citizen


@login_required
def referral_list(request: HttpRequest) -> HttpResponse:
    """Referrals addressed to me, and those about my citizens."""
    staff = access.staff_of(request.user)
    if staff is None or staff.role != Role.CASEWORKER:
        raise Http404
    referrals = (
        Referral.objects.visible_to(request.user)
        .select_related("citizen", "consultant__user", "created_by__user")
        .prefetch_related("versions")
    )
    audit.log_many_reads(
        actor=request.user,
        action="practice.referral.listed",
        citizens={r.citizen for r in referrals},
    )
    return render(request, "citizens/referral_list.html", {"referrals": referrals, "me": staff})


@login_required
def referral_create(request: HttpRequest, citizen_id: int) -> HttpResponse:
    citizen = get_object_or_404(Citizen.objects.visible_to(request.user), pk=citizen_id)
    if not access.may_write_referral(request.user, citizen):
        raise Http404
    form = ReferralForm(request.POST or None, municipality_id=citizen.municipality_id)
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.create_referral(
                author=access.staff_of(request.user), citizen=citizen, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Henvisningen er gemt."))
            return redirect("citizens:referral_detail", referral.pk)
    status = 422 if request.method == "POST" else 200
    context = {"citizen": citizen, "form": form, "referral": None}
    return render(request, "citizens/referral_form.html", context, status=status)


@login_required
def referral_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = get_object_or_404(
        Referral.objects.visible_to(request.user).select_related(
            "citizen", "consultant__user", "created_by__user"
        ),
        pk=referral_id,
    )
    versions = list(referral.versions.select_related("author__user").order_by("-number"))
    audit.log(
        actor=request.user,
        action="practice.referral.viewed",
        target=referral,
        citizen=referral.citizen,
    )
    context = {
        "referral": referral,
        "citizen": referral.citizen,
        "current": versions[0] if versions else None,
        "history": versions[1:],
        "may_write": access.may_write_referral(request.user, referral.citizen),
    }
    return render(request, "citizens/referral_detail.html", context)


@login_required
def referral_edit(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = get_object_or_404(
        Referral.objects.visible_to(request.user).select_related("citizen"), pk=referral_id
    )
    if not access.may_write_referral(request.user, referral.citizen):
        raise Http404
    latest = referral.latest_version()
    initial = {s: getattr(latest, s) for s in latest.SECTIONS} if latest else {}
    form = ReferralForm(
        request.POST or None,
        initial=initial,
        municipality_id=referral.citizen.municipality_id,
        with_consultant=False,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.revise_referral(
                author=access.staff_of(request.user), referral=referral, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Henvisningen er gemt som en ny version."))
            return redirect("citizens:referral_detail", referral.pk)
    status = 422 if request.method == "POST" else 200
    context = {"citizen": referral.citizen, "form": form, "referral": referral}
    return render(request, "citizens/referral_form.html", context, status=status)
