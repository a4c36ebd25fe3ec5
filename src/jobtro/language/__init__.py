"""Danish deficit and resource language analysis — pure Python, never Django.

The web app, the command line and researchers call the same few functions:

- `analyse(text, lexicon=None) -> Analysis` for one text (the inline coach), and
  `segments(text, analysis)` to render it with the findings marked;
- `language_picture(texts, lexicon=None) -> LanguagePicture` for a team's aggregate;
- `default_lexicon()`, `Lexicon.load(path)`, `Lexicon.from_text(yaml)` and
  `lexicon.extended(overlay)` for a municipality's or team's "spilleregler";
- `warm_up()` where a server wants the first request to be as quick as the rest.
"""

from jobtro.language.analyser import (
    Analysis,
    Finding,
    LanguagePicture,
    Segment,
    analyse,
    language_picture,
    segments,
)
from jobtro.language.lexicon import Lexicon, LexiconError, default_lexicon


def warm_up(lexicon: Lexicon | None = None) -> None:
    """Load the lexicon and the lemmatiser's dictionary now (about two seconds, once
    per process) instead of on the first analysis."""
    analyse("Borgeren er motiveret.", lexicon=lexicon)


__all__ = [
    "Analysis",
    "Finding",
    "LanguagePicture",
    "Lexicon",
    "LexiconError",
    "Segment",
    "analyse",
    "default_lexicon",
    "language_picture",
    "segments",
    "warm_up",
]
