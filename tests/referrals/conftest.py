"""Referral fixtures: the company consultants (shared with the language-use tests) and
a clean lexicon cache, as there."""

from __future__ import annotations

from tests.language_use.conftest import (  # noqa: F401 - pytest fixtures
    SECTIONS,
    _fresh_lexicon_cache,
    consultant,
    odder_consultant,
)
