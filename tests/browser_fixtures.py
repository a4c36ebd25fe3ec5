"""Browser fixtures for every test module: one Playwright and Debian's chromium per
session (never a downloaded browser), a desktop page and a phone-sized page."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def chromium_path() -> str | None:
    return (
        os.environ.get("JOBTRO_CHROMIUM")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        if in_ci():
            pytest.fail("CI=true: Debian's chromium must be installed for the browser tests")
        pytest.skip("chromium is not installed (apt-get install chromium); browser tests skipped")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls in the
    # test itself are synchronous and safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _page(browser, **options):
    # bypass_csp only lets the test inject axe-core; the CSP itself is tested in test_security.
    context = browser.new_context(locale="da-DK", bypass_csp=True, **options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


@pytest.fixture
def page(browser):
    context, page = _page(browser, viewport={"width": 1280, "height": 900})
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    context, page = _page(
        browser, viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    )
    yield page
    context.close()


def axe_violations(page, *, tags=("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")) -> list[dict]:
    """Run axe-core in the page (injected from the npm package, not from a CDN)."""
    if not AXE.exists():
        pytest.fail(f"axe-core is missing at {AXE}: run `make assets`")
    # A click that navigates returns once the navigation has started: wait for the new
    # document, or the script would be added to a page without a head yet.
    page.wait_for_load_state()
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        list(tags),
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]
