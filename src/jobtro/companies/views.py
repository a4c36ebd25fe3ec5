"""Pages under /virksomheder/: companies, visits, placements, the job profile and the
matching. Thin: access, form, one service or query, render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from jobtro.citizens.models import Citizen
from jobtro.companies import policy
from jobtro.core import access, audit
from jobtro.core.forms import form_status, submit_form
from jobtro.organisations.models import Staff

from . import profiles, services
from .forms import (
    CompanyForm,
    ContactForm,
    JobFunctionForm,
    JobProfileForm,
    NoteForm,
    PlacementForm,
    PlacementUpdateForm,
    VisitForm,
)
from .models import Company, CompanyContact, JobFunction, Placement, Visit

FOLLOW_UP_SHOWN_AFTER = dt.timedelta(days=30)
FOLLOW_UP_SHOWN_BEFORE = dt.timedelta(days=14)


def _company(request: HttpRequest, company_id: int) -> Company:
    return get_object_or_404(Company.objects.visible_to(request.user), pk=company_id)


@login_required
def company_list(request: HttpRequest) -> HttpResponse:
    if not policy.may_read_companies(request.user):
        raise Http404
    q = request.GET.get("q", "").strip()[:100]
    companies = Company.objects.visible_to(request.user).annotate(
        n_functions=Count("functions", filter=Q(functions__is_active=True), distinct=True),
        n_visits=Count("visits", distinct=True),
    )
    if q:
        companies = companies.filter(
            Q(name__icontains=q) | Q(cvr=q) | Q(industry__icontains=q) | Q(city__icontains=q)
        )
    context = {"companies": companies, "q": q, "may_edit": policy.may_edit_companies(request.user)}
    return render(request, "companies/list.html", context)


@login_required
def company_create(request: HttpRequest) -> HttpResponse:
    staff = access.staff_or_404(request.user, allowed=policy.may_edit_companies(request.user))
    form = CompanyForm(request.POST or None)
    company = submit_form(
        request,
        form,
        lambda d: services.create_company(actor=staff, **d),
        _("Virksomheden er oprettet."),
    )
    if company is not None:
        return redirect("companies:detail", company.pk)
    return render(
        request,
        "companies/form.html",
        {"form": form, "title": _("Ny virksomhed")},
        status=form_status(request),
    )


@login_required
def company_detail(request: HttpRequest, company_id: int) -> HttpResponse:
    company = _company(request, company_id)
    placements = list(
        policy.visible_placements(company.placements.all(), request.user).select_related(
            "citizen", "contact"
        )
    )
    if placements:
        audit.log_many_reads(
            actor=request.user,
            action="companies.placement.listed",
            citizens={p.citizen for p in placements},
            detail={"company": company.pk},
        )
    context = {
        "company": company,
        "contacts": company.contacts.all(),
        "functions": company.functions.all(),
        "notes": company.notes.select_related("author__user", "team"),
        "visits": company.visits.prefetch_related(
            Prefetch("participants", queryset=Staff.objects.select_related("user"))
        ),
        "placements": placements,
        "may_edit": policy.may_edit_companies(request.user),
        "show_names": access.shows_names(request.user),
    }
    return render(request, "companies/detail.html", context)


@login_required
def company_edit(request: HttpRequest, company_id: int) -> HttpResponse:
    company = _company(request, company_id)
    staff = access.staff_or_404(request.user, allowed=policy.may_edit_companies(request.user))
    initial = {k: getattr(company, k) for k in services.COMPANY_FIELDS}
    form = CompanyForm(request.POST or None, initial=initial)
    done = submit_form(
        request,
        form,
        lambda d: services.update_company(actor=staff, company=company, **d),
        _("Virksomheden er opdateret."),
    )
    if done is not None:
        return redirect("companies:detail", company.pk)
    context = {"form": form, "company": company, "title": _("Ret virksomhed")}
    return render(request, "companies/form.html", context, status=form_status(request))


@login_required
def contact_edit(
    request: HttpRequest, company_id: int, company_contact_id: int | None = None
) -> HttpResponse:
    company = _company(request, company_id)
    staff = access.staff_or_404(request.user, allowed=policy.may_edit_companies(request.user))
    contact = (
        get_object_or_404(CompanyContact, company=company, pk=company_contact_id)
        if company_contact_id
        else None
    )
    initial = (
        {k: getattr(contact, k) for k in ("name", "role", "phone", "email", "is_active")}
        if contact
        else {"is_active": True}
    )
    form = ContactForm(request.POST or None, initial=initial)
    done = submit_form(
        request,
        form,
        lambda d: services.save_contact(actor=staff, company=company, contact=contact, **d),
        _("Kontaktpersonen er gemt."),
    )
    if done is not None:
        return redirect("companies:detail", company.pk)
    title = _("Ret kontaktperson") if contact else _("Ny kontaktperson")
    context = {"form": form, "company": company, "title": title}
    return render(request, "companies/form.html", context, status=form_status(request))


@login_required
def function_edit(
    request: HttpRequest, company_id: int, job_function_id: int | None = None
) -> HttpResponse:
    company = _company(request, company_id)
    staff = access.staff_or_404(request.user, allowed=policy.may_edit_companies(request.user))
    function = (
        get_object_or_404(JobFunction, company=company, pk=job_function_id)
        if job_function_id
        else None
    )
    initial = (
        {
            k: getattr(function, k)
            for k in ("title", "task_tags", "tasks", "requirements", "strength_keys", "is_active")
        }
        if function
        else {"is_active": True}
    )
    form = JobFunctionForm(request.POST or None, initial=initial)
    done = submit_form(
        request,
        form,
        lambda d: services.save_job_function(actor=staff, company=company, function=function, **d),
        _("Jobfunktionen er gemt."),
    )
    if done is not None:
        return redirect("companies:detail", company.pk)
    title = _("Ret jobfunktion") if function else _("Ny jobfunktion")
    context = {"form": form, "company": company, "title": title}
    return render(request, "companies/form.html", context, status=form_status(request))


@login_required
def note_create(request: HttpRequest, company_id: int) -> HttpResponse:
    company = _company(request, company_id)
    staff = access.staff_or_404(request.user, allowed=policy.may_edit_companies(request.user))
    form = NoteForm(request.POST or None)
    done = submit_form(
        request,
        form,
        lambda d: services.add_note(author=staff, company=company, **d),
        _("Noten er gemt."),
    )
    if done is not None:
        return redirect("companies:detail", company.pk)
    context = {"form": form, "company": company, "title": _("Viden om arbejdspladsen")}
    return render(request, "companies/form.html", context, status=form_status(request))


@login_required
def visit_create(request: HttpRequest, company_id: int) -> HttpResponse:
    company = _company(request, company_id)
    staff = access.staff_or_404(request.user, allowed=policy.may_edit_companies(request.user))
    form = VisitForm(request.POST or None, author=staff)
    done = submit_form(
        request,
        form,
        lambda d: services.log_visit(author=staff, company=company, **d),
        _("Besøget er registreret."),
    )
    if done is not None:
        return redirect("companies:detail", company.pk)
    context = {
        "form": form,
        "company": company,
        "title": _("Registrér besøg hos %(name)s") % {"name": company.name},
        "submit": _("Gem besøg"),
    }
    return render(request, "companies/form.html", context, status=form_status(request))


@login_required
def visit_create_any(request: HttpRequest) -> HttpResponse:
    """Register a visit from "Mine virksomhedsbesøg": the company is chosen in the form."""
    staff = access.staff_or_404(request.user, allowed=policy.may_edit_companies(request.user))
    companies = (
        Company.objects.visible_to(request.user)
        .filter(municipality_id=staff.municipality_id)
        .order_by("name")
    )
    form = VisitForm(request.POST or None, author=staff, companies=companies)
    visit = submit_form(
        request,
        form,
        lambda d: services.log_visit(author=staff, **d),
        _("Besøget er registreret."),
    )
    if visit is not None:
        return redirect("companies:visits")
    context = {
        "form": form,
        "title": _("Registrér virksomhedsbesøg"),
        "back": ("companies:visits", _("Mine virksomhedsbesøg")),
        "submit": _("Gem besøg"),
    }
    return render(request, "companies/form.html", context, status=form_status(request))


@login_required
def visit_list(request: HttpRequest) -> HttpResponse:
    """ "Mine virksomhedsbesøg": the visits I took part in, follow-ups first."""
    staff = access.staff_or_404(request.user, allowed=policy.may_edit_companies(request.user))
    visits = list(
        Visit.objects.filter(participants=staff, company__municipality_id=staff.municipality_id)
        .select_related("company")
        .prefetch_related(Prefetch("participants", queryset=Staff.objects.select_related("user")))
    )
    today = timezone.localdate()
    due = sorted(
        (
            v
            for v in visits
            if v.follow_up_on
            and today - FOLLOW_UP_SHOWN_AFTER <= v.follow_up_on <= today + FOLLOW_UP_SHOWN_BEFORE
        ),
        key=lambda v: v.follow_up_on,
    )
    return render(
        request, "companies/visit_list.html", {"visits": visits, "due": due, "today": today}
    )


def _own_citizen(request: HttpRequest, citizen_id: int) -> tuple[Citizen, Staff]:
    citizen = get_object_or_404(Citizen.objects.visible_to(request.user), pk=citizen_id)
    if not policy.may_work_on_citizen(request.user, citizen):
        raise Http404
    return citizen, access.staff_of(request.user)  # type: ignore[return-value]


@login_required
def placement_create(request: HttpRequest, citizen_id: int) -> HttpResponse:
    citizen, staff = _own_citizen(request, citizen_id)
    companies = Company.objects.visible_to(request.user).filter(
        municipality_id=citizen.municipality_id
    )
    initial: dict[str, Any] = {"kind": "virksomhedspraktik", "status": "planlagt"}
    if (chosen := request.GET.get("virksomhed", "")).isdigit():
        initial["company"] = companies.filter(pk=int(chosen)).first()
    form = PlacementForm(request.POST or None, companies=companies, initial=initial)
    placement = submit_form(
        request,
        form,
        lambda d: services.register_placement(author=staff, citizen=citizen, **d),
        _("Forløbet er registreret."),
    )
    if placement is not None:
        return redirect("citizens:detail", citizen.pk)
    # The form shows the citizen's name (and, after an overlap, their placements).
    audit.log(actor=request.user, action="companies.placement.form_viewed", citizen=citizen)
    context = {
        "form": form,
        "citizen": citizen,
        "title": _("Registrér praktik eller ansættelse"),
        "lead": _(
            "Et forløb på en virksomhed: virksomhedspraktik, løntilskud, ordinære timer eller fleksjob. To forløb for samme borger må ikke overlappe."
        ),
        "coach": ["outcome"],
        "submit": _("Gem forløb"),
        "notice": None
        if companies.exists()
        else _(
            "Der er ingen virksomheder i kommunen endnu. Opret virksomheden først under Virksomheder."
        ),
    }
    return render(request, "companies/form.html", context, status=form_status(request))


@login_required
def placement_detail(request: HttpRequest, placement_id: int) -> HttpResponse:
    placement = get_object_or_404(
        policy.visible_placements(Placement.objects.all(), request.user).select_related(
            "citizen", "company", "contact", "created_by__user"
        ),
        pk=placement_id,
    )
    audit.log(
        actor=request.user,
        action="companies.placement.viewed",
        target=placement,
        citizen=placement.citizen,
    )
    may_edit = policy.may_work_on_citizen(request.user, placement.citizen)
    form = None
    if may_edit:
        initial = {
            "end_date": placement.end_date,
            "contact": placement.contact,
            "status": placement.status,
            "outcome": placement.outcome,
        }
        form = PlacementUpdateForm(request.POST or None, company=placement.company, initial=initial)
        staff = access.staff_of(request.user)
        done = submit_form(
            request,
            form,
            lambda d: services.update_placement(author=staff, placement=placement, **d),
            _("Forløbet er opdateret."),
        )
        if done is not None:
            return redirect("companies:placement", placement.pk)
    elif request.method == "POST":
        raise Http404
    context = {"placement": placement, "form": form, "show_names": access.shows_names(request.user)}
    return render(request, "companies/placement_detail.html", context, status=form_status(request))


@login_required
def profile_edit(request: HttpRequest, citizen_id: int) -> HttpResponse:
    citizen, staff = _own_citizen(request, citizen_id)
    latest = profiles.latest_profile(citizen)
    audit.log(actor=request.user, action="companies.profile.viewed", target=latest, citizen=citizen)
    initial = (
        {k: getattr(latest, k) for k in ("wishes", "competences", "experience", "text")}
        if latest
        else {}
    )
    form = JobProfileForm(request.POST or None, initial=initial)
    done = submit_form(
        request,
        form,
        lambda d: profiles.save_job_profile(author=staff, citizen=citizen, **d),
        _("Profilen er gemt."),
    )
    if done is not None:
        return redirect("companies:matching", citizen.pk)
    context = {
        "form": form,
        "citizen": citizen,
        "title": _("Jobprofil"),
        "lead": _(
            "Borgerens ønsker, kompetencer og erfaring som stikord. Matchningen sammenligner dem med opgaverne i kommunens virksomheder. Hver gemning er en ny version."
        ),
        "coach": ["text"],
        "submit": _("Gem profil"),
    }
    return render(request, "companies/form.html", context, status=form_status(request))


@login_required
def matching(request: HttpRequest, citizen_id: int) -> HttpResponse:
    citizen, _staff = _own_citizen(request, citizen_id)
    result = profiles.match_citizen(user=request.user, citizen=citizen)
    return render(request, "companies/matching.html", {"citizen": citizen, "result": result})
