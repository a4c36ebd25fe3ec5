"""Every action the audit log knows, with what it means.

An action is a dotted name, area.object.verb (`belief.rating.created`). An audit event
with a name that is not listed here is refused (`AuditEvent.save` and
`AuditEvent.objects.bulk_create` check it), so the list below is the whole vocabulary
of the log: the administrator's audit page filters by it and the documentation
(docs/adgang-og-sikkerhed.md) prints it. Names are never renamed: old events keep
theirs. Add a new action here, with a short Danish description, before using it.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# The event the request middleware writes for citizens a response showed without an
# explicit event of their own (core.middleware, core.audit.write_reads).
CITIZENS_SHOWN = "citizens.citizen.shown"

ACTIONS: dict[str, Promise] = {
    # Borgere
    "citizens.citizen.created": _("Borger oprettet"),
    "citizens.citizen.viewed": _("Borgerens side åbnet"),
    "citizens.citizen.listed": _("Borger vist i borgerlisten"),
    CITIZENS_SHOWN: _("Borgere vist på en side (registreret automatisk)"),
    "citizens.assignment.created": _("Sagsbehandler tilknyttet borger"),
    "citizens.assignment.ended": _("Sagsbehandlers tilknytning afsluttet"),
    "citizens.contact.created": _("Samtale eller kontakt registreret"),
    "citizens.action.created": _("Indsats registreret"),
    "citizens.action.referred_to_partner": _("Borger henvist til ekstern partner"),
    "citizens.outcome.created": _("Afgang eller resultat registreret"),
    "citizens.import.checked": _("Importfil kontrolleret (prøvekørsel)"),
    "citizens.import.completed": _("Import gennemført"),
    "citizens.import.refused": _("Import afvist"),
    # Tro og vurderinger
    "belief.rating.created": _("Vurdering givet"),
    "belief.rating.corrected": _("Vurdering rettet"),
    "belief.rating.viewed": _("Gemt vurdering vist"),
    "belief.ratings.viewed": _("Borgerens vurderinger hentet via API"),
    "belief.rate.opened": _("Vurderingsskema åbnet"),
    "belief.mine.listed": _("Borger vist i »Min tro«"),
    "belief.general_belief.created": _("Generel tro angivet"),
    "belief.team.viewed": _("Teamets tro vist"),
    "belief.partner.listed": _("Borger vist i partnerens oversigt"),
    "belief.expectations.viewed": _("Forventninger til borgeren vist"),
    "belief.citizen_link.created": _("Link til borgerens egen vurdering oprettet"),
    "belief.citizen_answers.created": _("Borgerens egne svar modtaget"),
    "belief.after_contact_link.created": _("Link til borgerens svar efter samtale oprettet"),
    "belief.instrument.installed": _("Måleinstrument installeret"),
    "belief.demo.generated": _("Demodata for vurderinger dannet"),
    "belief.demo.expectations_generated": _("Demodata for forventninger dannet"),
    # Virksomheder og praktik
    "companies.company.created": _("Virksomhed oprettet"),
    "companies.company.updated": _("Virksomhed ændret"),
    "companies.contact.created": _("Kontaktperson oprettet"),
    "companies.contact.updated": _("Kontaktperson ændret"),
    "companies.function.created": _("Jobfunktion oprettet"),
    "companies.function.updated": _("Jobfunktion ændret"),
    "companies.note.created": _("Note om virksomhed skrevet"),
    "companies.visit.created": _("Virksomhedsbesøg registreret"),
    "companies.placement.created": _("Praktik eller ansættelse registreret"),
    "companies.placement.updated": _("Praktik eller ansættelse ændret"),
    "companies.placement.viewed": _("Praktik eller ansættelse vist"),
    "companies.placement.listed": _("Borgerens praktikker vist"),
    "companies.placement.form_viewed": _("Skema til praktik åbnet for borger"),
    "companies.profile.created": _("Borgerens jobprofil gemt"),
    "companies.profile.viewed": _("Borgerens jobprofil vist"),
    "companies.matching.viewed": _("Forslag til arbejdspladser vist for borger"),
    "companies.demo.created": _("Demodata for virksomheder dannet"),
    # Kernen: revisionslog, nøgler, database
    "core.audit.viewed": _("Revisionsloggen vist"),
    "core.audit.exported": _("Revisionsloggen eksporteret"),
    "core.api_token.created": _("API-nøgle oprettet"),
    "core.api_token.revoked": _("API-nøgle spærret"),
    "core.database.restored": _("Database gendannet fra sikkerhedskopi"),
    "core.demo.built": _("Demodata dannet"),
    # Eksperimenter og greb
    "experiments.experiment.started": _("Eksperiment startet"),
    "experiments.experiment.completed": _("Eksperiment afsluttet"),
    "experiments.experiment.viewed": _("Eksperiment vist"),
    "experiments.cycle.planned": _("Eksperimentcyklus planlagt"),
    "experiments.cycle.decided": _("Beslutning i eksperimentcyklus truffet"),
    "experiments.logbook.written": _("Logbog skrevet"),
    "experiments.logbook.edited": _("Logbog rettet"),
    "experiments.practice.published": _("Greb offentliggjort i kataloget"),
    "experiments.demo.built": _("Demodata for eksperimenter dannet"),
    # Projektmøder
    "meetings.meeting.created": _("Projektmøde oprettet"),
    "meetings.meeting.updated": _("Projektmøde ændret"),
    "meetings.action.created": _("Handling fra møde oprettet"),
    "meetings.action.status_changed": _("Status på handling ændret"),
    "meetings.demo.created": _("Demodata for møder dannet"),
    # Organisation
    "organisations.team.created": _("Team oprettet"),
    "organisations.staff.created": _("Medarbejder oprettet"),
    "organisations.staff.deactivated": _("Medarbejder deaktiveret"),
    "organisations.membership.created": _("Medarbejder sat på team"),
    # Praksis: henvisninger, spilleregler, sparring
    "practice.referral.created": _("Henvisning skrevet"),
    "practice.referral.revised": _("Henvisning rettet"),
    "practice.referral.viewed": _("Henvisning vist"),
    "practice.referral.exported": _("Henvisning udskrevet eller hentet som PDF"),
    "practice.referral.listed": _("Henvisninger vist"),
    "practice.rules.created": _("Spilleregler gemt"),
    "practice.sparring.created": _("Sparring oprettet"),
    "practice.sparring.viewed": _("Sparring vist"),
    "practice.sparring.listed": _("Sparringer vist"),
    "practice.sparring.closed": _("Sparring afsluttet"),
    "practice.sparring.followed_up": _("Sparring fulgt op"),
    "practice.demo.sparring_created": _("Demodata for sparring dannet"),
    "practice.demo.texts_created": _("Demotekster dannet"),
    # Forskning
    "research.analysis.started": _("Analysekørsel startet"),
    "research.export.created": _("Forskningsudtræk dannet"),
    "research.export.downloaded": _("Forskningsudtræk hentet i browseren"),
    "research.report.viewed": _("Analyserapport vist"),
    "research.results.downloaded": _("Analyseresultater hentet"),
    # Single sign-on og totrinsbekræftelse
    "sso.assertion.refused": _("SSO-svar afvist (SAML eller OIDC)"),
    "sso.login.refused": _("SSO-log-ind afvist: ingen rettighed til Jobtro"),
    "sso.login.succeeded": _("Logget ind med SSO"),
    "sso.mapping.changed": _("Ny version af rettighedsfilen taget i brug"),
    "sso.provisioning.created": _("Medarbejder oprettet fra SSO-log-ind"),
    "sso.provisioning.deactivated": _("Medarbejder deaktiveret: rettighed fjernet hos IdP"),
    "sso.provisioning.reactivated": _("Medarbejder genaktiveret fra SSO-log-ind"),
    "sso.provisioning.updated": _("Navn eller e-mail opdateret fra SSO-log-ind"),
    "sso.rights.changed": _("Rolle, kommune eller team ændret fra SSO-log-ind"),
    "sso.session.ended": _("SSO-session afsluttet (udløbet eller log-ud hos IdP)"),
    "sso.session.logged_out": _("Logget ud af en SSO-session"),
    "sso.totp.enrolled": _("Godkendelsesapp tilknyttet (TOTP)"),
    "sso.totp.failed": _("Forkert TOTP-kode"),
    "sso.totp.verified": _("TOTP-kode godkendt"),
    # Fortællinger
    "stories.story.created": _("Succeshistorie fortalt"),
    "stories.story.corrected": _("Succeshistorie rettet"),
    "stories.demo.created": _("Demodata for fortællinger dannet"),
    # Styrker
    "strengths.citizen_link.created": _("Link til borgerens styrker oprettet"),
    "strengths.network_link.created": _("Link til netværkets svar oprettet"),
    "strengths.link.revoked": _("Styrkelink spærret"),
    "strengths.citizen_answer.created": _("Borgerens styrker modtaget"),
    "strengths.network_answer.created": _("Svar fra netværket modtaget"),
    "strengths.profile.viewed": _("Borgerens styrkeprofil vist"),
    "strengths.profile.downloaded": _("Borgeren hentede sin styrkeprofil"),
    "strengths.demo.created": _("Demodata for styrker dannet"),
}


class UnknownAuditAction(ValueError):
    pass


def require(action: str) -> None:
    """Refuse an action name that is not in ACTIONS (a typo would hide from the filters)."""
    if action not in ACTIONS:
        raise UnknownAuditAction(
            f"Ukendt revisionshandling {action!r}: tilføj den i jobtro.core.audit_actions.ACTIONS"
        )


def choices() -> list[tuple[str, str]]:
    """(name, description) for a select field, sorted by name."""
    return [(name, f"{name}: {ACTIONS[name]}") for name in sorted(ACTIONS)]


def describe(action: str) -> str:
    return str(ACTIONS.get(action, ""))
