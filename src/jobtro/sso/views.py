"""Single sign-on views: SAML (metadata, login, ACS, logout) and OpenID Connect."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import saml, services
from .mapping import Claims, MappingError, current_mapping

REFUSED_MESSAGES = {
    "too_large": gettext_lazy("Svaret fra log-in-tjenesten er for stort."),
    "replayed": gettext_lazy("Svaret fra log-in-tjenesten er allerede brugt."),
}


def _safe_next(request: HttpRequest, value: str) -> str:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return reverse(settings.LOGIN_REDIRECT_URL)


def refused(request: HttpRequest, message: str, *, status: int = 403) -> HttpResponse:
    return render(request, "sso/refused.html", {"message": message}, status=status)


@require_GET
def choose(request: HttpRequest) -> HttpResponse:
    """The way in when local login is off: one button per configured login."""
    return render(request, "sso/choose.html", {"next": request.GET.get("next", "")})


def _saml_on() -> None:
    if not settings.SSO_SAML_ENABLED:
        raise Http404


@require_GET
def saml_metadata(request: HttpRequest) -> HttpResponse:
    _saml_on()
    return HttpResponse(saml.metadata_xml(), content_type="application/samlmetadata+xml")


@require_GET
def saml_login(request: HttpRequest) -> HttpResponse:
    _saml_on()
    next_url = _safe_next(request, request.GET.get("next", ""))
    request_id, location = saml.authn_redirect(relay_state=next_url)
    services.remember_request(request_id=request_id, next_url=next_url)
    return HttpResponseRedirect(location)


@csrf_exempt  # the IdP's XML signature protects this post, not a CSRF token
@require_POST
def saml_acs(request: HttpRequest) -> HttpResponse:
    _saml_on()
    try:
        login = saml.parse_login(
            saml_response=request.POST.get("SAMLResponse", ""),
            outstanding=services.pending_requests(),
            relay_state=request.POST.get("RelayState", ""),
        )
        if not services.remember_assertion(
            assertion_id=login.assertion_id, issuer=login.issuer, expires_at=login.valid_until
        ):
            raise saml.SamlError("replayed")
    except saml.SamlError as exc:
        services.refuse_assertion(provider="saml", reason=exc.reason)
        message = REFUSED_MESSAGES.get(
            exc.reason, _("Svaret fra log-in-tjenesten kunne ikke godkendes.")
        )
        return refused(request, str(message))
    next_url = services.consume_request(request_id=login.in_response_to)
    return finish_login(
        request,
        login.claims,
        next_url=next_url,
        expires_at=login.expires_at,
        name_id=login.name_id,
        session_index=login.session_index,
    )


def finish_login(
    request: HttpRequest,
    claims: Claims,
    *,
    next_url: str,
    expires_at: dt.datetime,
    name_id: str = "",
    session_index: str = "",
) -> HttpResponse:
    """Provision from the claims and log in, or show why not (both protocols)."""
    try:
        mapping = current_mapping()
        provisioned = services.provision_staff(claims=claims, mapping=mapping)
    except MappingError as exc:
        services.refuse_assertion(provider=claims.provider, reason=f"mapping: {exc}")
        return refused(request, _("Jobtros rettighedsfil er ikke i orden. Kontakt IT."))
    except services.LoginRefused as exc:
        services.refuse_login(claims=claims, refused=exc)
        return refused(request, exc.message)
    services.open_session(
        request=request,
        provisioned=provisioned,
        expires_at=expires_at,
        name_id=name_id,
        session_index=session_index,
    )
    return redirect(_safe_next(request, next_url))


@require_POST
@login_required
def saml_logout(request: HttpRequest) -> HttpResponse:
    """Log out here, then ask the IdP to end its session too (single logout)."""
    _saml_on()
    sso_session = services.log_out(request=request)
    if sso_session is not None and sso_session.name_id:
        location = saml.logout_redirect(
            name_id=sso_session.name_id,
            session_index=sso_session.session_index,
            relay_state=reverse("login"),
        )
        if location:
            return leave_for(request, location)
    return redirect(settings.LOGOUT_REDIRECT_URL)


def leave_for(request: HttpRequest, location: str) -> HttpResponse:
    """Go on to the IdP's logout from a page, not a redirect: the logout button is a form,
    and the CSP's form-action 'self' stops a form's redirect to another site."""
    return render(request, "sso/leaving.html", {"location": location})


@csrf_exempt  # signed SAML messages from the IdP
@require_http_methods(["GET", "POST"])
def saml_sls(request: HttpRequest) -> HttpResponse:
    """Single logout: the IdP's answer to our logout, or its own logout request."""
    from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT

    _saml_on()
    data = request.GET if request.method == "GET" else request.POST
    binding = BINDING_HTTP_REDIRECT if request.method == "GET" else BINDING_HTTP_POST
    try:
        if "SAMLResponse" in data:
            saml.parse_logout_response(
                saml_response=data["SAMLResponse"], binding=binding, data=data
            )
            return render(request, "sso/logged_out.html")
        if "SAMLRequest" in data:
            name_id, location = saml.handle_logout_request(
                saml_request=data["SAMLRequest"],
                binding=binding,
                relay_state=data.get("RelayState", ""),
                data=data,
            )
            services.end_sessions_for(provider="saml", name_id=name_id)
            return HttpResponseRedirect(location)
    except saml.SamlError as exc:
        services.refuse_assertion(provider="saml", reason="logout:" + exc.reason)
        return refused(request, _("Log-ud-beskeden fra log-in-tjenesten kunne ikke godkendes."))
    return refused(request, _("Der mangler en SAML-besked."), status=400)
