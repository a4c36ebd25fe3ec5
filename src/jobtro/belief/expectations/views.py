"""Pages for expectations across meeting forms and external partners: the link with the
short questions after a meeting, and an external partner's referred citizens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jobtro.citizens.models import Contact
from jobtro.core import access, audit
from jobtro.core.access import Permission

from .. import services
from ..forms import PartnerReferralForm
from . import services as expectations
from .queries import partner_citizens


@login_required
@require_POST
def after_contact_link(request: HttpRequest, contact_id: int) -> HttpResponse:
    staff = access.staff_or_404(request.user, Permission.CASEWORK)
    # Only the caseworker's own meetings with their current citizens; others are a 404.
    contact = get_object_or_404(
        Contact.objects.filter(
            staff=staff, citizen__in=services.ratable_citizens(request.user)
        ).select_related("citizen"),
        pk=contact_id,
    )
    try:
        link, raw = expectations.create_after_contact_link(contact=contact, staff=staff)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("citizens:detail", contact.citizen_id)
    url = request.build_absolute_uri(reverse("belief:answer", args=[raw]))
    return render(
        request,
        "belief/after_contact_link.html",
        {"citizen": contact.citizen, "link": link, "url": url},
    )


@login_required
def partner(request: HttpRequest) -> HttpResponse:
    staff = access.staff_or_404(request.user, Permission.CITIZENS_REFERRED)
    citizens = list(partner_citizens(staff=staff))
    audit.log_many_reads(actor=request.user, action="belief.partner.listed", citizens=citizens)
    return render(request, "belief/partner.html", {"citizens": citizens, "staff": staff})


@login_required
@require_POST
def refer_partner(request: HttpRequest, citizen_id: int) -> HttpResponse:
    staff = access.staff_or_404(request.user, Permission.CASEWORK)
    citizen = get_object_or_404(services.ratable_citizens(request.user), pk=citizen_id)
    form = PartnerReferralForm(
        request.POST,
        actions=expectations.referable_actions(citizen),
        partners=expectations.partner_accounts(staff),
    )
    if not form.is_valid():
        errors = [e for field in form.errors.values() for e in field]
        messages.error(request, " ".join(errors))
        return redirect("citizens:detail", citizen.pk)
    try:
        expectations.refer_to_partner(
            action=form.cleaned_data["action"], partner=form.cleaned_data["partner"], staff=staff
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Borgeren er henvist. Samarbejdspartneren kan nu se og vurdere borgeren.")
        )
    return redirect("citizens:detail", citizen.pk)
