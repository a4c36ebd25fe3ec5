"""The research export's stories table: one row per story, tags and sharing, pseudonymous
team, no free text and no storyteller."""

from __future__ import annotations

import csv
import datetime as dt

from jobtro.citizens.models import Citizen
from jobtro.research.exports import Pseudonyms
from jobtro.stories.exports import STORY_COLUMNS, story_rows
from jobtro.stories.services import correct_story

from .conftest import TEXTS, content


def _rows(**kwargs) -> list[list]:
    return list(
        story_rows(
            citizens=Citizen.objects.all(),
            citizen_id=Pseudonyms("c"),
            staff_id=Pseudonyms("s"),
            today=dt.date.today(),
            team_id=kwargs.pop("team_id", Pseudonyms("t")),
            **kwargs,
        )
    )


def test_one_row_per_story_with_tags_and_sharing_but_no_text(
    citizen, team, team_story, project_story
):
    teams = Pseudonyms("t")
    rows = _rows(team_id=teams)
    assert len(rows) == 2
    for row in rows:
        assert len(row) == len(STORY_COLUMNS)
        assert row[1] == teams(team.pk)  # the staff table's team ids
        assert row[2] == team.municipality.code
        assert not any(text in str(cell) for cell in row for text in TEXTS.values())
        assert str(team_story.author_id) not in row[:1]
    by_sharing = {row[-1]: row for row in rows}
    assert by_sharing["team"][3] == team_story.meeting_date.isoformat()
    assert by_sharing["team"][4:7] == ["labour_market", "action", "placement"]
    assert by_sharing["project"][6] == "job"


def test_only_the_newest_version_is_exported(citizen, caseworker, team_story):
    correct_story(author=caseworker, story=team_story, **content(levers=["relation", "sparring"]))
    rows = _rows()
    assert len(rows) == 1 and rows[0][4] == "relation;sparring"


def test_stories_outside_the_exports_municipalities_are_left_out(citizen, team_story, outsider):
    assert len(_rows()) == 1
    assert _rows_for(Citizen.objects.filter(municipality=outsider.municipality)) == []


def _rows_for(citizens) -> list[list]:
    return list(
        story_rows(
            citizens=citizens,
            citizen_id=Pseudonyms("c"),
            staff_id=Pseudonyms("s"),
            today=dt.date.today(),
            team_id=Pseudonyms("t"),
        )
    )


def test_the_research_export_writes_the_stories_table(tmp_path, citizen, team_story):
    from jobtro.research.exports import export_research

    result = export_research(out=tmp_path / "ud")
    assert result.counts["stories"] == 1
    with (tmp_path / "ud" / "stories.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == STORY_COLUMNS
    with (tmp_path / "ud" / "staff.csv").open(encoding="utf-8") as handle:
        staff_teams = {r[1] for r in csv.reader(handle)}
    assert rows[1][1] in staff_teams
