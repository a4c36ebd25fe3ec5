"""Success stories on other pages: the stories linked to an experiment, for the
experiment page. Usage: {% load stories %}{% experiment_stories experiment %}"""

from __future__ import annotations

from typing import Any

from django import template

from jobtro.stories import policy

from ..models import Story

register = template.Library()

SHOWN = 5


@register.inclusion_tag("stories/_experiment_stories.html", takes_context=True)
def experiment_stories(context: dict[str, Any], experiment: Any) -> dict[str, Any]:
    """The newest stories linked to the experiment that the reader may see, and a link
    to tell one (for those who tell stories)."""
    user = context["request"].user
    stories = (
        Story.objects.visible_to(user)
        .current()
        .filter(experiment=experiment)
        .select_related("team")
    )
    return {
        "experiment": experiment,
        "stories": list(stories[:SHOWN]),
        "count": stories.count(),
        "may_tell": policy.story_teams(user).exists(),
    }
