"""Personal API tokens for integrations: issued to a staff member, shown once, revoked.

The same services serve the page "API-nøgler" (a staff member's own tokens) and the
command line (`jobtro token create USERNAME --name NAME`, `jobtro token revoke NAME`),
where an administrator of the installation issues a token for an integration. A name
is unique among a user's active tokens, so that a token is revoked by its name.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from jobtro.core import access, audit
from jobtro.core.models import ApiToken

NAME_MAX = 100


@transaction.atomic
def create_api_token(
    *, actor: access.Who, user: AbstractBaseUser, name: str
) -> tuple[ApiToken, str]:
    """Issue a token for an active staff member; the raw token is returned once, never stored."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Giv nøglen et navn, fx fagsystemets navn.")})
    if len(name) > NAME_MAX:
        raise ValidationError({"name": _("Navnet må højst være %(max)d tegn.") % {"max": NAME_MAX}})
    # Lock the user's row: two requests at once must not both pass the name check.
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        raise ValidationError(
            _("Brugeren «%(user)s» er deaktiveret.") % {"user": user.get_username()}
        )
    if access.staff_of(user) is None:
        raise ValidationError(
            _("Brugeren «%(user)s» er ikke medarbejder i Jobtro.") % {"user": user.get_username()}
        )
    if active_tokens().filter(user=user, name__iexact=name).exists():
        raise ValidationError(
            {
                "name": _("%(user)s har allerede en aktiv nøgle, der hedder «%(name)s».")
                % {"user": user.get_username(), "name": name}
            }
        )
    token, raw = ApiToken.issue(user=user, name=name)
    audit.log(
        actor=actor,
        action="core.api_token.created",
        target=token,
        detail={"user": user.get_username(), "name": name, "prefix": token.prefix},
    )
    return token, raw


@transaction.atomic
def revoke_api_token(*, actor: access.Who, token: ApiToken) -> ApiToken:
    """Revoke a token at once; revoking a revoked token changes nothing."""
    token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.log(
        actor=actor,
        action="core.api_token.revoked",
        target=token,
        detail={"user": token.user.get_username(), "name": token.name, "prefix": token.prefix},
    )
    return token


def active_tokens() -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(revoked_at__isnull=True)


def find_active_token(*, name: str, username: str | None = None) -> ApiToken:
    """The one active token of that name (of that user); a ValidationError says why not."""
    name = " ".join(name.split())
    found = active_tokens().select_related("user").filter(name__iexact=name)
    if username is not None:
        found = found.filter(user__username=username)
    matches = list(found[:10])
    if not matches and username is not None:
        raise ValidationError(
            _("%(user)s har ingen aktiv nøgle, der hedder «%(name)s».")
            % {"user": username, "name": name}
        )
    if not matches:
        raise ValidationError(_("Ingen aktiv nøgle hedder «%(name)s».") % {"name": name})
    if len(matches) > 1:
        users = ", ".join(sorted(t.user.get_username() for t in matches))
        raise ValidationError(
            _("%(n)d aktive nøgler hedder «%(name)s» (brugere: %(users)s); angiv --user.")
            % {"n": len(matches), "name": name, "users": users}
        )
    return matches[0]
