"""The "Praksis" page: one card per way of working with belief, for those who may use it.

Whether a card shows follows the same rules as the page it links to (tests/policies):
the card is a signpost, the page itself still decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jobtro.core import access
from jobtro.core.access import Permission
from jobtro.experiments.policy import may_see_experiments


@dataclass(frozen=True)
class Card:
    title: str
    text: str
    url: str


def practice_cards(user: Any) -> list[Card]:
    cards: list[tuple[bool, str, str, str]] = [
        (
            access.has(user, Permission.CASEWORK),
            _("Sparring – flere øjne på sagen"),
            _(
                "Bed kolleger om sparring på en borger, når det er svært at se vejen frem, "
                "og se, hvordan troen flytter sig."
            ),
            "practice:sparring_list",
        ),
        (
            may_see_experiments(user),
            _("Eksperimenter"),
            _(
                "Små aktionslæringseksperimenter: Hvad sker der med troen, når …? "
                "Med logbog, PDSA-cyklusser og automatisk måling."
            ),
            "experiments:list",
        ),
        (
            True,
            _("Succeshistorier"),
            _("Historier fra teammøderne om det, der gjorde forskellen – og hvad vi lærer af dem."),
            "stories:feed",
        ),
        (
            True,
            _("Små greb"),
            _("Det, andre kommuner har lært af deres eksperimenter. Prøv det hos jer."),
            "experiments:practices",
        ),
        (
            access.has(user, Permission.TEAMS_OWN, Permission.TEAMS_LEAD),
            _("Sprogbillede"),
            _("Teamets brug af underskuds- og ressourcesprog over tid (kun samlet for teamet)."),
            "practice:pictures",
        ),
        (
            access.has(user, Permission.TEAMS_LEAD, Permission.ADMINISTER),
            _("Spilleregler"),
            _("Kommunens og teamets egne ord og forklaringer til sprogcoachen."),
            "practice:rules",
        ),
        (
            True,
            _("Projektmøder"),
            _(
                "Opstartsmøder, lokale møder og erfaringsmøder på tværs af kommunerne, "
                "med aftaler og status."
            ),
            "meetings:index",
        ),
    ]
    return [Card(str(title), str(text), reverse(name)) for show, title, text, name in cards if show]
