"""Fixtures for the pure analysis core: no database, no Django models.

The project's pytest settings load Django for the whole suite; nothing here asks for
the ``db`` fixture, so these tests never touch a database.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jobtro.analysis.io import ResearchData, from_tables
from jobtro.analysis.panel import Panel, build_panel
from jobtro.analysis.synth import Cohort, SynthConfig, synthesize, write_folder


@pytest.fixture(scope="session")
def cohort() -> Cohort:
    """A modest synthetic cohort with the default truth (HR 1.33 per step, 0.78 change)."""
    return synthesize(SynthConfig(n_citizens=3000, seed=11))


@pytest.fixture(scope="session")
def data(cohort: Cohort) -> ResearchData:
    return from_tables(cohort)


@pytest.fixture(scope="session")
def panel(data: ResearchData) -> Panel:
    return build_panel(data)


@pytest.fixture(scope="session")
def folder(cohort: Cohort, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_folder(cohort, tmp_path_factory.mktemp("research"))
