from __future__ import annotations

import csv
import json
from collections.abc import Iterator

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from jobtro.core import access, audit, tokens
from jobtro.core.forms import ApiTokenForm, AuditSearchForm, form_status, submit_form
from jobtro.core.models import ApiToken, AuditEvent
from jobtro.core.services import home_figures
from jobtro.organisations.models import Municipality


@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    staff = access.staff_of(request.user)
    if staff is None:
        return render(request, "core/home_nostaff.html", status=403)
    return render(request, f"core/home_{staff.role}.html", home_figures(user=request.user))


def _audit_queryset(
    request: HttpRequest,
) -> tuple[AuditSearchForm, QuerySet[AuditEvent], Municipality]:
    municipality = access.administered_municipality(request.user)
    if municipality is None:
        raise Http404
    form = AuditSearchForm(request.GET or None)
    events = AuditEvent.objects.filter(
        Q(municipality_id_ref=municipality.pk) | Q(actor__staff__municipality=municipality)
    )
    if form.is_bound and not form.is_valid():
        # A search that cannot be read shows nothing rather than everything.
        return form, events.none(), municipality
    if form.is_valid():
        q = form.cleaned_data["q"]
        if q:
            events = events.filter(
                Q(actor_username__icontains=q)
                | Q(action__icontains=q)
                | Q(url_name__icontains=q)
                | Q(path__icontains=q)
                | Q(citizen_pseudonym__iexact=q)
                # One event may name many citizens: the pseudonym as a whole JSON string.
                | Q(citizen_pseudonyms__icontains=json.dumps(q))
            )
        if form.cleaned_data["action"]:
            events = events.filter(action=form.cleaned_data["action"])
        if form.cleaned_data["date_from"]:
            events = events.filter(at__date__gte=form.cleaned_data["date_from"])
        if form.cleaned_data["date_to"]:
            events = events.filter(at__date__lte=form.cleaned_data["date_to"])
    return form, events, municipality


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    form, events, municipality = _audit_queryset(request)
    page = Paginator(events, 50).get_page(request.GET.get("side"))
    audit.log(
        actor=request.user,
        action="core.audit.viewed",
        municipality_id=municipality.pk,
        detail={"query": request.GET.dict()},
    )
    return render(request, "core/audit.html", {"form": form, "page": page})


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
def audit_export(request: HttpRequest) -> StreamingHttpResponse:
    _form, events, municipality = _audit_queryset(request)
    audit.log(
        actor=request.user,
        action="core.audit.exported",
        municipality_id=municipality.pk,
        detail={"query": request.GET.dict()},
    )
    writer = csv.writer(_Echo())
    header = [
        "tidspunkt",
        "bruger",
        "handling",
        "borger",
        "objekt",
        "objekt_id",
        "ip",
        "kanal",
        "borgere",
        "metode",
        "side",
        "sidenavn",
    ]

    def rows() -> Iterator[str]:
        yield writer.writerow(header)
        for e in events.iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    e.at.isoformat(),
                    e.actor_username,
                    e.action,
                    e.citizen_pseudonym,
                    e.target_type,
                    e.target_id,
                    e.ip_address or "",
                    e.via,
                    " ".join(e.citizen_pseudonyms),
                    e.method,
                    e.path,
                    e.url_name,
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="revisionslog-{stamp}.csv"'
    return response


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    staff = access.staff_of(request.user)
    if staff is None:
        raise Http404
    user = staff.user  # request.user, as the User it is once logged in
    if request.method == "POST" and "revoke" in request.POST:
        revoke = request.POST["revoke"]
        token = (
            ApiToken.objects.filter(user=user, pk=int(revoke)).first()
            if revoke.isdecimal() and len(revoke) < 19
            else None
        )
        if token is None:
            raise Http404
        tokens.revoke_api_token(actor=user, token=token)
        messages.success(request, _("Nøglen er spærret."))
        return redirect("core:api_tokens")
    form = ApiTokenForm(request.POST or None)
    created = submit_form(
        request,
        form,
        lambda data: tokens.create_api_token(actor=user, user=user, name=data["name"]),
    )
    new_token = None
    if created is not None:
        new_token = created[1]
        form = ApiTokenForm()
    return render(
        request,
        "core/api_tokens.html",
        {
            "form": form,
            "tokens": ApiToken.objects.filter(user=user),
            "new_token": new_token,
        },
        status=form_status(request) if created is None else 200,
    )
