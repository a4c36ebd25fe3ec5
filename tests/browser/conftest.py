"""The browser fixtures live in tests/browser_fixtures.py (a plugin for the whole suite)."""

from tests.browser_fixtures import AXE, axe_violations, chromium_path  # noqa: F401
