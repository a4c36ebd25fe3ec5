from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jobtro.core import access, audit
from jobtro.core.access import Permission
from jobtro.core.forms import submit_form

from . import policy, services
from .forms import CitizenSearchForm, ContactCreateForm
from .models import Citizen
from .queries import citizen_overview, search_citizens
from .timeline import citizen_timeline


@login_required
def citizen_list(request: HttpRequest) -> HttpResponse:
    if not policy.may_list_citizens(request.user):
        raise Http404
    form = CitizenSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    citizens = search_citizens(
        user=request.user,
        **{k: v for k, v in filters.items() if k != "target_group"},
        target_group=filters["target_group"].code if filters.get("target_group") else None,
    )
    page = Paginator(citizens, settings.PAGE_SIZE).get_page(request.GET.get("side"))
    audit.log_many_reads(
        actor=request.user, action="citizens.citizen.listed", citizens=page.object_list
    )
    template = "citizens/_rows.html" if request.htmx else "citizens/list.html"
    return render(
        request,
        template,
        {"form": form, "page": page, "show_names": access.shows_names(request.user)},
    )


# The timeline is paged: the newest entries first, the rest a click away.
TIMELINE_PAGE_SIZE = 12


def _detail_context(request: HttpRequest, citizen: Citizen, contact_form) -> dict:
    timeline = Paginator(citizen_timeline(citizen), TIMELINE_PAGE_SIZE)
    return {
        "citizen": citizen,
        "overview": citizen_overview(citizen=citizen, user=request.user),
        "timeline": timeline.get_page(request.GET.get("forloeb")),
        "show_names": access.shows_names(request.user),
        "contact_form": contact_form,
    }


@login_required
def citizen_detail(request: HttpRequest, citizen_id: int) -> HttpResponse:
    citizen = get_object_or_404(
        Citizen.objects.visible_to(request.user).select_related("municipality", "target_group"),
        pk=citizen_id,
    )
    audit.log(actor=request.user, action="citizens.citizen.viewed", target=citizen, citizen=citizen)
    staff = access.staff_of(request.user)
    form = ContactCreateForm() if access.has(staff, Permission.CASEWORK) else None
    return render(request, "citizens/detail.html", _detail_context(request, citizen, form))


@login_required
@require_POST
def add_contact(request: HttpRequest, citizen_id: int) -> HttpResponse:
    citizen = get_object_or_404(Citizen.objects.visible_to(request.user), pk=citizen_id)
    staff = access.staff_or_404(request.user, Permission.CASEWORK)
    form = ContactCreateForm(request.POST)
    contact = submit_form(
        request, form,
        lambda d: services.record_contact(actor=request.user, citizen=citizen, staff=staff, **d),
        _("Samtalen er registreret."),
    )  # fmt: skip
    if contact is not None:
        return redirect("citizens:detail", citizen.pk)
    return render(
        request, "citizens/detail.html", _detail_context(request, citizen, form), status=422
    )


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    from .imports.views import import_page

    return import_page(request)
