"""Who reads a citizen's strengths profile (the strengths' part of access)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jobtro.citizens.policy import current_caseworker_citizens

if TYPE_CHECKING:
    from jobtro.citizens.models import CitizenQuerySet


def strengths_citizens(user: Any) -> CitizenQuerySet:
    """Citizens whose strengths profile the user reads and whose links the user makes:
    the citizen's current caseworker only (leaders and researchers see no profile)."""
    return current_caseworker_citizens(user)


def may_see_strengths_beside_referral(user: Any, citizen: Any) -> bool:
    """Beside a referral, its readers see the strengths too: the current caseworker and
    the company consultant the referral is addressed to."""
    from jobtro.referrals.models import Referral

    if strengths_citizens(user).filter(pk=citizen.pk).exists():
        return True
    return Referral.objects.visible_to(user).filter(citizen=citizen).exists()
