"""Referral pages: "Henvisning til virksomhedskonsulent" (docs/praksis.md: communication about the citizen).

The citizen's current caseworker writes and revises; the company consultant it is
addressed to reads. Everyone else gets a 404. The records are this app's (`referrals.models`).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from jobtro.citizens.models import Citizen
from jobtro.core import access, audit
from jobtro.core.access import Permission
from jobtro.core.forms import form_status, submit_form

from . import documents, policy, services
from .forms import ReferralForm
from .models import Referral


@login_required
def referral_list(request: HttpRequest) -> HttpResponse:
    """Referrals addressed to me, and those about my citizens."""
    staff = access.staff_or_404(request.user, Permission.CASEWORK)
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
    return render(request, "referrals/list.html", {"referrals": referrals, "me": staff})


@login_required
def referral_create(request: HttpRequest, citizen_id: int) -> HttpResponse:
    citizen = get_object_or_404(Citizen.objects.visible_to(request.user), pk=citizen_id)
    if not policy.may_write_referral(request.user, citizen):
        raise Http404
    form = ReferralForm(request.POST or None, municipality_id=citizen.municipality_id)
    author = access.staff_of(request.user)
    referral = submit_form(
        request, form,
        lambda d: services.create_referral(author=author, citizen=citizen, **d),
        _("Henvisningen er gemt."),
    )  # fmt: skip
    if referral is not None:
        return redirect("citizens:referral_detail", referral.pk)
    context = {"citizen": citizen, "form": form, "referral": None}
    return render(request, "referrals/form.html", context, status=form_status(request))


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
        "may_write": policy.may_write_referral(request.user, referral.citizen),
    }
    return render(request, "referrals/detail.html", context)


def _readable_referral(request: HttpRequest, referral_id: int) -> Referral:
    return get_object_or_404(
        Referral.objects.visible_to(request.user).select_related(
            "citizen__municipality", "consultant__user", "created_by__user"
        ),
        pk=referral_id,
    )


def _document(request: HttpRequest, referral: Referral) -> dict:
    version = referral.versions.select_related("author__user").order_by("-number").first()
    printer = access.staff_of(request.user) or request.user
    return documents.document_context(referral=referral, version=version, printed_by=printer)


@login_required
def referral_print(request: HttpRequest, referral_id: int) -> HttpResponse:
    """The referral as a letter from the job centre, ready to print (audited as an export)."""
    referral = _readable_referral(request, referral_id)
    documents.export_referral(actor=request.user, referral=referral, fmt="print")
    return render(request, documents.TEMPLATE, _document(request, referral))


@login_required
def referral_pdf(request: HttpRequest, referral_id: int) -> HttpResponse:
    """The referral as a PDF download in the same layout (audited as an export)."""
    referral = _readable_referral(request, referral_id)
    context = _document(request, referral)
    pdf = documents.referral_pdf(context)
    documents.export_referral(actor=request.user, referral=referral, fmt="pdf")
    response = HttpResponse(pdf, content_type="application/pdf")
    name = documents.file_name(referral, day=context["printed_on"])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def referral_edit(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = get_object_or_404(
        Referral.objects.visible_to(request.user).select_related("citizen"), pk=referral_id
    )
    if not policy.may_write_referral(request.user, referral.citizen):
        raise Http404
    latest = referral.latest_version()
    initial = {s: getattr(latest, s) for s in latest.SECTIONS} if latest else {}
    form = ReferralForm(
        request.POST or None,
        initial=initial,
        municipality_id=referral.citizen.municipality_id,
        with_consultant=False,
    )
    author = access.staff_of(request.user)
    version = submit_form(
        request, form,
        lambda d: services.revise_referral(author=author, referral=referral, **d),
        _("Henvisningen er gemt som en ny version."),
    )  # fmt: skip
    if version is not None:
        return redirect("citizens:referral_detail", referral.pk)
    context = {"citizen": referral.citizen, "form": form, "referral": referral}
    return render(request, "referrals/form.html", context, status=form_status(request))
