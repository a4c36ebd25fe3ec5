"""Success stories ("succeshistorier") told at team meetings, tagged so they become data.

A story is about a citizen's course but never identifies the citizen (services.py
guards the text). Rows are append-only: a correction is a new row that supersedes the
previous one (migration 0002 makes the database refuse an UPDATE), so nothing told is
ever lost. Levers and themes are the experiments' vocabulary, one for the product.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobtro.core.appendonly import AppendOnlyModel, AppendOnlyQuerySet
from jobtro.experiments.models import Lever, Theme
from jobtro.organisations.models import Municipality, Staff, Team


class Sharing(models.TextChoices):
    """How far the storyteller consents to share the story."""

    TEAM = "team", _("Kun teamet")
    MUNICIPALITY = "municipality", _("Hele kommunen")
    PROJECT = "project", _("Hele projektet på tværs af kommuner")


class Difference(models.TextChoices):
    """What kind of difference the story tells of (our own words)."""

    JOB = "job", _("Job")
    EDUCATION = "education", _("Uddannelse")
    PLACEMENT = "placement", _("Virksomhedspraktik eller løntilskud")
    CITIZEN_BELIEF = "citizen_belief", _("Ny tro hos borgeren")
    STAFF_BELIEF = "staff_belief", _("Ny tro hos medarbejderen")
    COMPANY = "company", _("Nyt samarbejde med en virksomhed")
    TEAM_PRACTICE = "team_practice", _("Ny praksis i teamet")


class TagKind(models.TextChoices):
    LEVER = "lever", _("Greb-område")
    THEME = "theme", _("Tema")
    DIFFERENCE = "difference", _("Forskel")


TAG_CHOICES: dict[str, type[models.TextChoices]] = {
    TagKind.LEVER: Lever,
    TagKind.THEME: Theme,
    TagKind.DIFFERENCE: Difference,
}


class StoryQuerySet(AppendOnlyQuerySet):
    def visible_to(self, user: Any) -> StoryQuerySet:
        """The one place that decides who reads a story (see policy.py)."""
        from jobtro.stories.policy import visible_stories

        return visible_stories(self, user)

    def current(self) -> StoryQuerySet:
        """The newest version of each story (not superseded by a correction)."""
        return self.filter(superseded_by__isnull=True)

    def tagged(self, *, kind: str, value: str) -> StoryQuerySet:
        return self.filter(tags__kind=kind, tags__value=value)


class Story(AppendOnlyModel):
    """One version of a success story; a correction adds the next version."""

    change_refused = "En gemt historie kan ikke ændres; ret den som en ny version"
    delete_refused = "En gemt historie kan ikke slettes"

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="stories", verbose_name=_("kommune")
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="stories", verbose_name=_("team")
    )
    author = models.ForeignKey(
        Staff, on_delete=models.PROTECT, related_name="stories", verbose_name=_("fortalt af")
    )
    meeting_date = models.DateField(_("dato for teammødet"))
    what_happened = models.TextField(_("hvad skete der"))
    what_made_difference = models.TextField(_("hvad gjorde forskellen"))
    what_we_learn = models.TextField(_("hvad lærer vi"))
    sharing = models.CharField(_("deling"), max_length=20, choices=Sharing.choices)
    experiment = models.ForeignKey(
        "experiments.Experiment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stories",
        verbose_name=_("eksperiment"),
    )
    # The first version of the story (null on the first version itself) and the
    # version this one corrects: one straight line of versions, never a fork.
    original = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("gemt"), default=timezone.now)

    objects = StoryQuerySet.as_manager()

    TEXTS = ("what_happened", "what_made_difference", "what_we_learn")

    class Meta:
        ordering = ["-meeting_date", "-id"]
        verbose_name = _("succeshistorie")
        verbose_name_plural = _("succeshistorier")
        constraints = [
            models.CheckConstraint(
                condition=Q(sharing__in=["team", "municipality", "project"]),
                name="story_sharing_known",
            ),
            models.CheckConstraint(
                condition=Q(original__isnull=True, supersedes__isnull=True, version=1)
                | Q(original__isnull=False, supersedes__isnull=False, version__gt=1),
                name="story_version_chain",
            ),
        ]

    def __str__(self) -> str:
        return f"Succeshistorie {self.story_id} v{self.version}"

    @property
    def story_id(self) -> int:
        """The story's lasting id: the first version's."""
        return self.original_id or self.pk

    def tag_values(self, kind: str) -> list[str]:
        return sorted(t.value for t in self.tags.all() if t.kind == kind)

    def tag_labels(self, kind: str) -> list[str]:
        labels = dict(TAG_CHOICES[kind].choices)
        return [str(labels.get(v, v)) for v in self.tag_values(kind)]

    @property
    def lever_labels(self) -> list[str]:
        return self.tag_labels(TagKind.LEVER)

    @property
    def theme_labels(self) -> list[str]:
        return self.tag_labels(TagKind.THEME)

    @property
    def difference_labels(self) -> list[str]:
        return self.tag_labels(TagKind.DIFFERENCE)


class StoryTag(AppendOnlyModel):
    """One tag the storyteller chose for one version of a story."""

    change_refused = "Et gemt mærke kan ikke ændres"
    delete_refused = "Et gemt mærke kan ikke slettes"

    story = models.ForeignKey(Story, on_delete=models.PROTECT, related_name="tags")
    kind = models.CharField(max_length=20, choices=TagKind.choices)
    value = models.CharField(max_length=30)

    class Meta:
        ordering = ["kind", "value"]
        verbose_name = _("mærke")
        verbose_name_plural = _("mærker")
        constraints = [
            models.UniqueConstraint(fields=["story", "kind", "value"], name="story_tag_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=["lever", "theme", "difference"]),
                name="story_tag_kind_known",
            ),
        ]
        indexes = [models.Index(fields=["kind", "value"], name="story_tag_kind_value")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}"
