"""Page benchmark: one client, one page at a time, in process — the time a single view
takes on the demo, without the network or other load.

Builds (or reuses) a demo database in a data folder, as `jobtro demo` does, finds the
pages' ids through the ORM, logs in as the demo leader and caseworker and requests each
page `--repeat` times after `--warmup` untimed requests. Prints the first (cold)
request, p50 and p95 in milliseconds and the number of SQL queries per request for:

- the leader's team belief page          /tro/team/<team>/
- the team language picture              /praksis/sprogbillede/<team>/
- an experiment page and its language    /praksis/eksperimenter/<id>/ (+ sprogbillede/)
- the companies list and a company page  /virksomheder/, /virksomheder/<id>/
- the matching page                      /virksomheder/borger/<citizen>/match/

    .venv/bin/python bench/pages.py [--data-dir DIR] [--repeat 20] [--citizens 1500]

The cold figure is each page's first request in a fresh process that has loaded the
lexicon and the lemmatiser as `jobtro serve` does before it forks (jobtro.language.warm_up)
and served one other page: per-process memories (the lexicon in force, each text's
language counts) are still empty then. Uses Django's test client, so it needs no server.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

JOBTRO = [sys.executable, "-m", "jobtro.cli"]
AIM_MS = 300.0


@dataclass
class Page:
    label: str
    username: str
    path: str
    htmx: bool = False
    status: int = 0
    cold_ms: float = float("nan")
    queries: int = 0
    times: list[float] = field(default_factory=list)

    def percentile(self, q: float) -> float:
        ordered = sorted(self.times)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000


def build_demo(data_dir: Path, citizens: int) -> list[dict[str, str]]:
    logins_file = data_dir / "logins.json"
    if not (data_dir / "jobtro.sqlite3").exists() or not logins_file.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        built = subprocess.run(
            [*JOBTRO, "demo", "--no-serve", "--data-dir", str(data_dir),
             "--citizens", str(citizens), "--logins", str(logins_file)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if built.returncode != 0:
            raise SystemExit(built.stderr)
    return json.loads(logins_file.read_text(encoding="utf-8"))


def setup_django(data_dir: Path) -> None:
    """The CLI's lookup: --data-dir wins over DATABASE_URL."""
    os.environ["JOBTRO_DATA_DIR"] = str(data_dir.resolve())
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobtro.settings")
    import django

    django.setup()


def pages_for(logins: list[dict[str, str]]) -> list[Page]:
    """The pages to time, with ids from the demo (the first municipality's logins)."""
    from django.utils import timezone

    from jobtro.citizens.models import Assignment
    from jobtro.companies.models import Company
    from jobtro.core import access
    from jobtro.experiments.measurement import about_language
    from jobtro.experiments.models import Experiment
    from jobtro.organisations.models import Staff

    by_role: dict[str, dict[str, str]] = {}
    for entry in logins:
        by_role.setdefault(entry["role"], entry)
    leader_name, caseworker_name = by_role["leader"]["username"], by_role["caseworker"]["username"]
    leader = Staff.objects.select_related("user").get(user__username=leader_name)
    caseworker = Staff.objects.select_related("user").get(user__username=caseworker_name)
    team = access.led_teams(leader).order_by("pk").first()
    if team is None:
        raise SystemExit(f"{leader_name} leads no team; is the demo built?")
    experiments = list(Experiment.objects.visible_to(leader.user).order_by("pk"))
    experiment = next((e for e in experiments if about_language(e)), None) or (
        experiments[0] if experiments else None
    )
    company = Company.objects.visible_to(caseworker.user).order_by("pk").first()
    citizen_id = (
        Assignment.objects.filter(caseworker=caseworker, end_date__isnull=True)
        .order_by("citizen_id")
        .values_list("citizen_id", flat=True)
        .first()
    )
    pages = [
        Page("team belief (leader)", leader_name, f"/tro/team/{team.pk}/"),
        Page("team language picture (leader)", leader_name, f"/praksis/sprogbillede/{team.pk}/"),
    ]
    if experiment is not None:
        base = f"/praksis/eksperimenter/{experiment.pk}/"
        pages.append(Page("experiment page (leader)", leader_name, base))
        if about_language(experiment):
            pages.append(
                Page(
                    "experiment language, htmx (leader)", leader_name, base + "sprogbillede/", True
                )
            )
    pages.append(Page("companies list (caseworker)", caseworker_name, "/virksomheder/"))
    if company is not None:
        pages.append(
            Page("company page (caseworker)", caseworker_name, f"/virksomheder/{company.pk}/")
        )
    if citizen_id is not None:
        pages.append(
            Page(
                "matching (caseworker)",
                caseworker_name,
                f"/virksomheder/borger/{citizen_id}/match/",
            )
        )
    print(f"today {timezone.localdate()}, team {team}, experiment {experiment}, company {company}")
    return pages


def run(pages: list[Page], *, repeat: int, warmup: int) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    users = get_user_model().objects
    clients: dict[str, Client] = {}
    for page in pages:
        if page.username not in clients:
            clients[page.username] = Client(HTTP_HOST="127.0.0.1")
            clients[page.username].force_login(users.get(username=page.username))
    from jobtro.language import warm_up

    warm_up()  # as `jobtro serve` does before it forks its workers
    for client in clients.values():
        client.get("/")  # the process's first request (imports, translations, templates)
    headers = {"HX-Request": "true"}
    for page in pages:
        client = clients[page.username]
        extra = headers if page.htmx else {}
        began = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            page.status = client.get(page.path, headers=extra).status_code
        page.cold_ms = (time.perf_counter() - began) * 1000
        page.queries = len(queries)
        for _ in range(max(warmup - 1, 0)):
            client.get(page.path, headers=extra)
        for _ in range(repeat):
            began = time.perf_counter()
            status = client.get(page.path, headers=extra).status_code
            page.times.append(time.perf_counter() - began)
            if status != 200:
                page.status = status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=2, help="untimed requests first")
    parser.add_argument("--citizens", type=int, default=1500, help="when building the demo")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "jobtro-bench-pages",
        help="demo data folder (built when it holds no demo, else reused)",
    )
    args = parser.parse_args()

    logins = build_demo(args.data_dir, args.citizens)
    setup_django(args.data_dir)
    pages = pages_for(logins)
    run(pages, repeat=args.repeat, warmup=args.warmup)

    print(f"\n{args.repeat} requests per page after {args.warmup} warm-up, {os.cpu_count()} CPUs")
    width = max(len(p.label) for p in pages)
    print(
        f"{'page':<{width}}  {'status':>6}  {'cold ms':>8}  {'p50 ms':>7}  {'p95 ms':>7}  "
        f"{'queries':>7}  path"
    )
    for p in pages:
        print(
            f"{p.label:<{width}}  {p.status:>6}  {p.cold_ms:>8.1f}  {p.percentile(0.5):>7.1f}  "
            f"{p.percentile(0.95):>7.1f}  {p.queries:>7}  {p.path}"
        )
    print(f"\naim: p95 < {AIM_MS:.0f} ms per page")
    print(f"load average after the run: {os.getloadavg()[0]:.1f} (other work skews latency)")
    return 1 if any(p.status != 200 for p in pages) else 0


if __name__ == "__main__":
    sys.exit(main())
