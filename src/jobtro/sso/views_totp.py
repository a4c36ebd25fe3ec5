"""The administrator's second factor after a password login (TOTP, django-otp)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from . import services
from .middleware import needs_totp
from .views import _safe_next


class TotpForm(forms.Form):
    token = forms.RegexField(
        label=_("Kode fra din godkendelsesapp"),
        regex=r"^\d{6}$",
        error_messages={"invalid": _("Koden er seks cifre."), "required": _("Skriv koden.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def totp(request: HttpRequest) -> HttpResponse:
    if not needs_totp(request):
        return redirect(_safe_next(request, request.GET.get("next", "")))
    device = services.totp_device_for(user=request.user)
    form = TotpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.verify_totp(request=request, token=form.cleaned_data["token"]):
            return redirect(_safe_next(request, request.GET.get("next", "")))
        form.add_error("token", _("Koden passer ikke. Prøv igen med en ny kode."))
    context = {"form": form, "device": device, "enrol": not device.confirmed}
    if not device.confirmed:
        import base64

        context["secret"] = base64.b32encode(device.bin_key).decode()
    status = 422 if request.method == "POST" else 200
    return render(request, "sso/totp.html", context, status=status)
