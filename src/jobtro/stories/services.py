"""Telling and correcting success stories. Plain, keyword-only, typed, atomic, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobtro.core import audit
from jobtro.core.guard import check_no_citizen_names
from jobtro.experiments.models import Lever, Theme
from jobtro.organisations.models import Staff, Team
from jobtro.stories import policy

from .models import Difference, Sharing, Story, StoryTag, TagKind

# The author may correct a story (as a new version) for this long after first telling
# it; after that the story stands as the team heard it and as the research counted it.
CORRECTION_DAYS = 30
MAX_TEXT_CHARS = 5_000

TEXT_REQUIRED = {
    "what_happened": gettext_lazy("Fortæl, hvad der skete."),
    "what_made_difference": gettext_lazy("Skriv, hvad der gjorde forskellen."),
    "what_we_learn": gettext_lazy("Skriv, hvad I lærer af historien."),
}


def _check_texts(
    *, municipality_id: int, texts: dict[str, str], writer: Staff
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    written = {field: text for field, text in texts.items() if text.strip()}
    for field in texts.keys() - written.keys():
        errors[field] = [TEXT_REQUIRED[field]]
    for field, text in written.items():
        if len(text) > MAX_TEXT_CHARS:
            errors[field] = [_("Teksten er for lang (højst 5.000 tegn).")]
    try:
        check_no_citizen_names(
            written,
            municipality_ids=[municipality_id],
            name_message=_("Skriv uden borgerens fulde navn; historien fortælles anonymt."),
            writer=writer,
        )
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    return errors


def _check_tags(
    *, levers: Iterable[str], themes: Iterable[str], differences: Iterable[str]
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for field, values, allowed in (
        ("levers", levers, Lever.values),
        ("themes", themes, Theme.values),
        ("differences", differences, Difference.values),
    ):
        if any(v not in allowed for v in values):
            errors[field] = [_("Vælg fra listen.")]
    if not levers and "levers" not in errors:
        errors["levers"] = [_("Vælg mindst ét greb-område.")]
    if not differences and "differences" not in errors:
        errors["differences"] = [_("Vælg mindst én slags forskel.")]
    return errors


@dataclass(frozen=True)
class _Content:
    """What the storyteller writes and chooses: the same for a story and a correction."""

    meeting_date: dt.date
    texts: dict[str, str]
    levers: tuple[str, ...]
    themes: tuple[str, ...]
    differences: tuple[str, ...]
    sharing: str
    experiment: Any

    @classmethod
    def of(
        cls, *, meeting_date: dt.date, what_happened: str, what_made_difference: str,
        what_we_learn: str, levers: Iterable[str], themes: Iterable[str],
        differences: Iterable[str], sharing: str, experiment: Any,
    ) -> _Content:  # fmt: skip
        return cls(
            meeting_date=meeting_date,
            texts={
                "what_happened": what_happened,
                "what_made_difference": what_made_difference,
                "what_we_learn": what_we_learn,
            },
            levers=tuple(sorted(set(levers))),
            themes=tuple(sorted(set(themes))),
            differences=tuple(sorted(set(differences))),
            sharing=sharing,
            experiment=experiment,
        )

    def same_as(self, story: Story) -> bool:
        return (
            self.meeting_date == story.meeting_date
            and all(getattr(story, k) == v for k, v in self.texts.items())
            and self.sharing == story.sharing
            and (self.experiment.pk if self.experiment else None) == story.experiment_id
            and list(self.levers) == story.tag_values(TagKind.LEVER)
            and list(self.themes) == story.tag_values(TagKind.THEME)
            and list(self.differences) == story.tag_values(TagKind.DIFFERENCE)
        )


def _validate(*, author: Staff, team: Team, content: _Content) -> None:
    errors: dict[str, list[str]] = {}
    if content.meeting_date > timezone.localdate():
        errors["meeting_date"] = [_("Teammødet kan ikke ligge i fremtiden.")]
    if content.sharing not in Sharing.values:
        errors["sharing"] = [_("Vælg, hvem historien må deles med.")]
    experiment = content.experiment
    if experiment is not None and not (
        policy.story_experiments(author.user).filter(pk=experiment.pk).exists()
    ):
        errors["experiment"] = [_("Vælg et eksperiment, du kan se.")]
    errors.update(
        _check_tags(levers=content.levers, themes=content.themes, differences=content.differences)
    )
    text_errors = _check_texts(
        municipality_id=team.municipality_id, texts=content.texts, writer=author
    )
    for field, messages in text_errors.items():
        errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _save(*, author: Staff, team: Team, content: _Content, previous: Story | None) -> Story:
    story = Story.objects.create(
        municipality_id=team.municipality_id,
        team=team,
        author=author,
        meeting_date=content.meeting_date,
        sharing=content.sharing,
        experiment=content.experiment,
        original_id=previous.story_id if previous else None,
        supersedes=previous,
        version=previous.version + 1 if previous else 1,
        **content.texts,
    )
    StoryTag.objects.bulk_create(
        [
            StoryTag(story=story, kind=kind, value=value)
            for kind, values in (
                (TagKind.LEVER, content.levers),
                (TagKind.THEME, content.themes),
                (TagKind.DIFFERENCE, content.differences),
            )
            for value in values
        ]
    )
    return story


def _tag_detail(story: Story) -> dict[str, Any]:
    return {
        "team": story.team_id,
        "version": story.version,
        "sharing": story.sharing,
        "experiment": story.experiment_id,
        "levers": story.tag_values(TagKind.LEVER),
        "themes": story.tag_values(TagKind.THEME),
        "differences": story.tag_values(TagKind.DIFFERENCE),
    }


@transaction.atomic
def tell_story(
    *, author: Staff, team: Team, meeting_date: dt.date, what_happened: str,
    what_made_difference: str, what_we_learn: str, levers: Iterable[str],
    themes: Iterable[str] = (), differences: Iterable[str], sharing: str,
    experiment: Any = None,
) -> Story:  # fmt: skip
    """Register a success story told at a team meeting, with its tags; nothing is saved
    when a text names a citizen or holds a CPR number."""
    if not policy.story_teams(author.user).filter(pk=team.pk).exists():
        raise ValidationError({"team": [_("Vælg et team, du selv er med i eller leder.")]})
    content = _Content.of(
        meeting_date=meeting_date, what_happened=what_happened,
        what_made_difference=what_made_difference, what_we_learn=what_we_learn,
        levers=levers, themes=themes, differences=differences, sharing=sharing,
        experiment=experiment,
    )  # fmt: skip
    _validate(author=author, team=team, content=content)
    story = _save(author=author, team=team, content=content, previous=None)
    audit.log(
        actor=author,
        action="stories.story.created",
        target=story,
        municipality_id=story.municipality_id,
        detail=_tag_detail(story),
    )
    return story


def correction_deadline(story: Story) -> dt.date:
    first = story.original.created_at if story.original_id else story.created_at
    return timezone.localdate(first) + dt.timedelta(days=CORRECTION_DAYS)


def may_correct(*, story: Story, staff: Staff | None) -> bool:
    """The author, on the newest version, within CORRECTION_DAYS of first telling it."""
    return (
        staff is not None
        and story.author_id == staff.pk
        and not Story.objects.filter(supersedes=story).exists()
        and timezone.localdate() <= correction_deadline(story)
    )


@transaction.atomic
def correct_story(
    *, author: Staff, story: Story, meeting_date: dt.date, what_happened: str,
    what_made_difference: str, what_we_learn: str, levers: Iterable[str],
    themes: Iterable[str] = (), differences: Iterable[str], sharing: str,
    experiment: Any = None,
) -> Story:  # fmt: skip
    """Save the author's correction as the story's next version; earlier versions stay."""
    # Lock the version being corrected, so two corrections at once cannot both win
    # (the one-to-one `supersedes` refuses the second in any case).
    story = Story.objects.select_for_update().get(pk=story.pk)
    if story.author_id != author.pk:
        raise ValidationError(_("Kun den, der fortalte historien, kan rette den."))
    if Story.objects.filter(supersedes=story).exists():
        raise ValidationError(_("Historien er allerede rettet; ret den nyeste version."))
    if timezone.localdate() > correction_deadline(story):
        raise ValidationError(
            _("Historien kan kun rettes i %(days)s dage, efter den blev fortalt.")
            % {"days": CORRECTION_DAYS}
        )
    content = _Content.of(
        meeting_date=meeting_date, what_happened=what_happened,
        what_made_difference=what_made_difference, what_we_learn=what_we_learn,
        levers=levers, themes=themes, differences=differences, sharing=sharing,
        experiment=experiment,
    )  # fmt: skip
    _validate(author=author, team=story.team, content=content)
    if content.same_as(story):
        raise ValidationError(_("Historien er ikke ændret."))
    new = _save(author=author, team=story.team, content=content, previous=story)
    audit.log(
        actor=author,
        action="stories.story.corrected",
        target=new,
        municipality_id=new.municipality_id,
        detail={**_tag_detail(new), "supersedes": story.pk},
    )
    return new
