import datetime as dt

from jobtro.belief import services as belief
from jobtro.language_use.picture import rating_reason_texts


def test_rating_reasons_count_in_the_raters_team(citizen, caseworker, team):
    belief.default_instrument()
    belief.record_rating(
        citizen=citizen,
        rater=caseworker,
        item="belief_job_1y",
        value=2,
        reason="Borgeren er umotiveret.",
    )
    belief.record_rating(
        citizen=citizen, rater=caseworker, item="belief_job_1y", value=3, correct=True
    )
    rows = list(rating_reason_texts(team_ids=[team.pk], since=dt.date(2020, 1, 1)))
    assert [(r.team_id, r.author_id, r.text) for r in rows] == [
        (team.pk, caseworker.pk, "Borgeren er umotiveret.")
    ]
    assert list(rating_reason_texts(team_ids=[team.pk + 1000], since=dt.date(2020, 1, 1))) == []
