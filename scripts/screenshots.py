"""Take the README's screenshots from a running demo server (Debian's chromium).

jobtro demo --port 8765 &   # or: jobtro serve --data-dir var --port 8765
.venv/bin/python scripts/screenshots.py --url http://127.0.0.1:8765 --out docs/screenshots
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from playwright.sync_api import sync_playwright

PAGES = [
    ("silkeborg-sagsbehandler1", "/", "home-caseworker.png"),
    ("silkeborg-sagsbehandler1", "FIRST_DUE_RATING", "rating.png"),
    ("silkeborg-sagsbehandler1", "/tro/", "min-tro.png"),
    ("silkeborg-sagsbehandler1", "REFERRAL_WITH_COACH", "referral-coach.png"),
    ("silkeborg-leder1", "/praksis/sprogbillede/", "language-picture.png"),
    ("silkeborg-leder1", "FIRST_TEAM_BELIEF", "belief-team.png"),
    ("silkeborg-sagsbehandler1", "/borgere/?mine=on", "citizen-list.png"),
    ("silkeborg-sagsbehandler1", "FIRST_CITIZEN", "citizen-page.png"),
    ("silkeborg-leder1", "/", "home-leader.png"),
    ("forsker1", "/borgere/", "researcher-list.png"),
    ("silkeborg-admin", "/borgere/import/", "import.png"),
    ("silkeborg-leder1", "/praksis/", "practice.png"),
    ("silkeborg-leder1", "FIRST_EXPERIMENT", "experiment.png"),
    ("silkeborg-leder1", "/praksis/greb/", "greb-catalogue.png"),
    ("silkeborg-sagsbehandler1", "/praksis/historier/", "stories.png"),
    ("silkeborg-sagsbehandler1", "FIRST_COMPANY", "company.png"),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:8765")
    parser.add_argument("--out", default="docs/screenshots")
    parser.add_argument("--password", default="jobtro-demo-2026")
    parser.add_argument("--only", nargs="*")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=shutil.which("chromium"),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        for username, path, name in PAGES:
            if args.only and name not in args.only:
                continue
            context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
            page = context.new_page()
            page.goto(f"{args.url}/konto/log-ind/")
            page.fill("#id_username", username)
            page.fill("#id_password", args.password)
            page.click("main button[type=submit]")
            page.wait_for_load_state()
            if path == "FIRST_CITIZEN":
                page.goto(f"{args.url}/borgere/?mine=on")
                page.locator("#citizen-rows tbody a").first.click()
            elif path == "FIRST_EXPERIMENT":
                page.goto(f"{args.url}/praksis/eksperimenter/")
                page.locator(
                    "main a[href^='/praksis/eksperimenter/']:not([href*='nyt'])"
                ).first.click()
                page.wait_for_load_state("networkidle")
                page.locator("h2", has_text="Måling").first.evaluate(
                    "e => e.scrollIntoView({block: 'start'})"
                )
            elif path == "FIRST_COMPANY":
                page.goto(f"{args.url}/virksomheder/")
                page.locator("main table a").first.click()
            elif path == "FIRST_TEAM_BELIEF":
                page.goto(f"{args.url}/")
                page.locator("a[href^='/tro/team/']").first.click()
                page.wait_for_load_state("networkidle")
                page.locator("h2", has_text="Udviklingen pr. kvartal").first.evaluate(
                    "e => e.scrollIntoView({block: 'start'})"
                )
            elif path == "FIRST_DUE_RATING":
                page.goto(f"{args.url}/")
                page.locator("a[href*='/vurder/']").first.click()
            elif path == "REFERRAL_WITH_COACH":
                page.goto(f"{args.url}/borgere/?mine=on")
                page.locator("#citizen-rows tbody a").first.click()
                page.locator("a[href$='/henvisning/']").first.click()
                page.locator("textarea").first.fill(
                    "Borgeren er umotiveret og kan ikke arbejde mere end to timer. "
                    "Har erfaring med lager og trives bedst med faste rammer."
                )
                page.wait_for_timeout(1500)
            else:
                page.goto(f"{args.url}{path}")
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(out / name), full_page=False)
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
