"""The inline language coach: one text in, findings framed as reflection prompts out.

It never blocks a save and never changes the text; it only asks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jobtro.language import Analysis, Finding, Segment, analyse, segments

from .lexicons import lexicon_for_staff

# An inline check answers while the user types; longer texts are refused (the text can
# still be saved — only the coach steps aside).
MAX_COACH_CHARS = 20_000
MAX_SUGGESTIONS = 3


@dataclass(frozen=True, slots=True)
class CoachResult:
    analysis: Analysis
    segments: tuple[Segment, ...]

    @property
    def prompts(self) -> tuple[Finding, ...]:
        return self.analysis.deficits

    @property
    def resources(self) -> tuple[Finding, ...]:
        return self.analysis.resources


def coach_text(*, staff: Any, text: str) -> CoachResult:
    """Analyse `text` with the lexicon in force for `staff` (caller checks the length)."""
    analysis = analyse(text, lexicon=lexicon_for_staff(staff))
    return CoachResult(analysis=analysis, segments=tuple(segments(text, analysis)))
