"""Success stories: the story in the matrix is the caseworker's, told for her team only.

Its readers are the team (the caseworker, the colleague) and the team's leader; only
the author corrects it. The feed is for every member of staff but external partners
(the researcher and the administrator see what is shared with them); stories are told
by caseworkers and leaders in their own teams.
"""

from __future__ import annotations

import datetime as dt

from tests.policies import API_ALL, row

POLICY = {
    "stories:feed": row(302, 200, 200, 200, 200, 200, 404, 200),
    "stories:team_feed": row(302, 200, 200, 200, 404, 404, 404, 404),
    "stories:create": row(302, 200, 200, 200, 404, 404, 404, 200),
    "stories:detail": row(302, 200, 200, 200, 404, 404, 404, 404),
    "stories:correct": row(302, 200, 404, 404, 404, 404, 404, 404),
    "api:list_stories": API_ALL,
    "api:get_story": row(401, 200, 200, 200, 404, 404, 404, 404),
}


def url_values(ctx) -> dict:
    from jobtro.stories.services import tell_story

    story = tell_story(
        author=ctx.personas.caseworker,
        team=ctx.team,
        meeting_date=dt.date.today(),
        what_happened="En borger fik en praktik efter et virksomhedsbesøg.",
        what_made_difference="Vi kendte virksomheden.",
        what_we_learn="Besøg betaler sig.",
        levers=["labour_market"],
        differences=["placement"],
        sharing="team",
    )
    return {"story_id": story.pk}
