"""The four example experiments as data (data/templates.da.yaml), loaded once on use."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

from .models import Lever, Theme

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class ExperimentTemplate:
    key: str
    title: str
    question: str
    hypothesis: str
    theme: str
    lever: str
    plan: str

    @property
    def theme_label(self) -> str:
        return str(Theme(self.theme).label)

    @property
    def lever_label(self) -> str:
        return str(Lever(self.lever).label)

    def initial(self) -> dict[str, str]:
        """The experiment form's starting values."""
        return {
            "title": self.title,
            "question": self.question,
            "hypothesis": self.hypothesis,
            "theme": self.theme,
            "lever": self.lever,
        }


@functools.cache
def experiment_templates() -> tuple[ExperimentTemplate, ...]:
    raw = yaml.safe_load((DATA / "templates.da.yaml").read_text(encoding="utf-8"))
    found = tuple(ExperimentTemplate(**entry) for entry in raw["templates"])
    for t in found:  # a typo in the data file fails loudly, not as a blank form
        Theme(t.theme), Lever(t.lever)
    return found


def template_by_key(key: str) -> ExperimentTemplate | None:
    return next((t for t in experiment_templates() if t.key == key), None)
