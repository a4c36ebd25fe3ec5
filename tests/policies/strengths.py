"""The citizen's strengths: the profile page, links and the API for the citizen's current
caseworker only; the citizen's and the network's one-time links need no login, and the
matrix's unknown token is a friendly 404 for everyone."""

from __future__ import annotations

from tests.policies import API_ALL, row

ONLY_CASEWORKER = row(302, 200, 404, 404, 404, 404, 404, 404)
POST_ONLY = row(302, 405, 405, 405, 405, 405, 405, 405)
UNKNOWN_LINK = row(404, 404, 404, 404, 404, 404, 404, 404)

POLICY = {
    "strengths:citizen": ONLY_CASEWORKER,
    "strengths:create_link": POST_ONLY,
    "strengths:revoke_link": POST_ONLY,
    "strengths:answer": UNKNOWN_LINK,
    "strengths:invite": UNKNOWN_LINK,
    # A POST-only form behind the citizen's link: a GET is refused before the token is read.
    "strengths:revoke_invitation": row(405, 405, 405, 405, 405, 405, 405, 405),
    "strengths:download": UNKNOWN_LINK,
    "strengths:network": UNKNOWN_LINK,
    "api:strengths": API_ALL,
    "api:citizen_strengths": row(401, 200, 404, 404, 404, 404, 404, 404),
}


def url_values(ctx) -> dict:
    """A real citizen link (answered) and an invitation made from it."""
    from jobtro.strengths import services

    link, raw = services.create_citizen_link(citizen=ctx.citizen, staff=ctx.personas.caseworker)
    services.record_citizen_answer(raw_token=raw, keys=["reliable"])
    invitation, _ = services.invite_network(raw_token=raw, relation="Mor")
    return {"strengths_link_id": link.pk, "invitation_id": invitation.pk}
