"""Import benchmark: hostile files against a normal one, through `jobtro import citizens`.

Builds each file of tests/citizens/hostile_files.py (an 800 MB shared string in 0.8 MB,
a 4 MB cell, 50 MB of whitespace, 20,000 columns, a million tiny rows, a CSV with a
10 MB line) plus UTF-16 and Latin-1 CSVs and a normal 1,500-row CSV and XLSX as the
baseline; runs the real import (not a dry run) of each in a fresh subprocess against a
migrated SQLite database, and prints side by side the wall time, the child's peak
memory (getrusage ru_maxrss), the exit code, how much it printed and its first message.

    .venv/bin/python bench/imports.py [--work DIR] [--timeout 120] [--memory-cap-mb 6000]

Each file goes through the command line and through the web page's dry run (Django's
test client in a child process, as an administrator). The aim (issue 12): any file of at
most 5 MB is refused or imported within 5 s and under 300 MB; the script fails when a run
passes the memory aim or ends other than with exit 0 or 2 (wall time depends on the
machine's other work: compare the cpu column). The child runs under an address-space cap (--memory-cap-mb) so that an unbounded
reader fails instead of taking the machine; a run that hits the timeout is killed.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.citizens.hostile_files builds the files

from tests.citizens import hostile_files as hostile  # noqa: E402

JOBTRO = [sys.executable, "-m", "jobtro.cli"]
HEADER = ["citizen_id", "name", "birth_year", "target_group", "enrolled_on"]
GROUP = "aktivitetsparat-kontanthjaelp"
AIM_SECONDS = 5.0
AIM_MB = 300.0
MAX_FILE_MB = 5.0


@dataclass
class Result:
    label: str
    file: Path
    code: int | None = None
    seconds: float = 0.0
    cpu: float = 0.0
    peak_mb: float = 0.0
    printed: int = 0
    first: str = ""
    web: bool = False


def rows(prefix: str, n: int) -> list[list[str]]:
    return [[f"{prefix}-{i}", f"Borger {i}", "1980", GROUP, "2025-01-06"] for i in range(n)]


def baseline_csv(path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, delimiter=";").writerows([HEADER, *rows("CSV", 1500)])
    return path


def baseline_xlsx(path: Path) -> Path:
    import openpyxl

    workbook = openpyxl.Workbook()
    for row in [HEADER, *rows("XLSX", 1500)]:
        workbook.active.append(row)
    workbook.save(path)
    return path


def encoded_csv(encoding: str, prefix: str) -> Callable[[Path], Path]:
    def build(path: Path) -> Path:
        lines = [
            HEADER,
            *[[f"{prefix}-{i}", "Søren Ærø Åberg", "1980", GROUP, "06-01-2025"] for i in range(3)],
        ]
        path.write_text("\r\n".join("\t".join(r) for r in lines) + "\r\n", encoding=encoding)
        return path

    return build


FILES: list[tuple[str, str, Callable[[Path], Path]]] = [
    ("baseline CSV, 1,500 rows", "normal.csv", baseline_csv),
    ("baseline XLSX, 1,500 rows", "normal.xlsx", baseline_xlsx),
    ("zip bomb: 800 MB shared string", "bomb.xlsx", hostile.zip_bomb_xlsx),
    ("XLSX with a 4 MB cell", "cell.xlsx", lambda p: hostile.huge_cell_xlsx(p, HEADER)),
    ("XLSX of 50 MB whitespace", "space.xlsx", lambda p: hostile.whitespace_xlsx(p, HEADER)),
    ("XLSX with 20,000 columns", "wide.xlsx", lambda p: hostile.wide_xlsx(p, HEADER)),
    ("XLSX with 1,000,000 rows", "rows.xlsx", lambda p: hostile.many_rows_xlsx(p, HEADER)),
    ("CSV with a 10 MB line", "line.csv", lambda p: hostile.long_line_csv(p, HEADER)),
    ("UTF-16 CSV (Excel 'Unicode text')", "utf16.csv", encoded_csv("utf-16", "U16")),
    ("Latin-1 CSV", "latin1.csv", encoded_csv("latin-1", "L1")),
]


def jobtro(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*JOBTRO, *args], capture_output=True, text=True, check=False,
        env={**os.environ, "JOBTRO_DATA_DIR": str(data_dir)},
    )  # fmt: skip


def prepare(data_dir: Path) -> None:
    done = jobtro(data_dir, "manage", "migrate", "--verbosity", "0")
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    code = (
        "import datetime as dt\n"
        "from jobtro.organisations.models import Municipality, Role\n"
        "from jobtro.organisations.services import create_staff\n"
        "m = Municipality.objects.create(code='740', name='Silkeborg')\n"
        "create_staff(actor=None, username='adam', first_name='Adam', last_name='Testesen',"
        " role=Role.ADMINISTRATOR, municipality=m, start_date=dt.date(2025, 1, 6))\n"
    )
    done = jobtro(data_dir, "manage", "shell", "-c", code)
    if done.returncode != 0:
        raise SystemExit(done.stderr)


WEB_CHILD = """
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobtro.settings")
import django
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from django.contrib.auth import get_user_model
from django.test import Client
from django.test.utils import setup_test_environment
import re, html
setup_test_environment()
client = Client()
client.force_login(get_user_model().objects.get(username="adam"))
client.get("/borgere/import/")  # a warm worker: the app's modules and templates loaded
import resource, time
path = sys.argv[1]
upload = SimpleUploadedFile(os.path.basename(path), open(path, "rb").read())
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
start = time.monotonic()
response = client.post("/borgere/import/", {"kind": "citizens", "action": "dry_run", "file": upload})
print("request %.2f s; peak before it %.0f MB" % (time.monotonic() - start, before))
page = response.content.decode()
errors = re.findall(r'class="form-error-message".*?</span>(.*?)</span>', page, re.S)
if errors:
    print("Fejl: " + html.unescape(errors[0].strip()))
else:
    found = re.findall(r"(Tør-kørslen[^<]*)<", page)
    print(found[0].strip() if found else "status %s" % response.status_code)
sys.exit(0 if response.status_code == 200 else 2)
"""


def measure(
    result: Result, data_dir: Path, out: Path, *, timeout: float, cap_mb: int, web: bool
) -> None:
    def limit() -> None:
        cap = cap_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    if web:
        command = [sys.executable, "-c", WEB_CHILD, str(result.file)]
    else:
        command = [*JOBTRO, "import", "citizens", str(result.file), "--municipality", "740"]
    env = {**os.environ, "JOBTRO_DATA_DIR": str(data_dir)}
    start = time.monotonic()
    with out.open("wb") as stdout:
        child = subprocess.Popen(
            command, stdout=stdout, stderr=subprocess.STDOUT, env=env, preexec_fn=limit
        )
        timer = threading.Timer(timeout, child.kill)
        timer.start()
        _pid, status, usage = os.wait4(child.pid, 0)
        timer.cancel()
    result.seconds = time.monotonic() - start
    result.code = os.waitstatus_to_exitcode(status)
    result.cpu = usage.ru_utime + usage.ru_stime  # less swayed by other work than wall time
    result.peak_mb = usage.ru_maxrss / 1024  # kilobytes on Linux
    result.printed = out.stat().st_size
    with out.open("rb") as printed:
        head = printed.read(4096).decode("utf-8", "replace")
    wanted = ("Fejl:", "Importeret", "Tør-kørslen")
    lines = [line for line in head.splitlines() if line.startswith(wanted)]
    lines = lines or head.strip().splitlines()[-1:] or [""]
    result.first = lines[0][:100]
    request = [line for line in head.splitlines() if line.startswith("request ")]
    if request:
        result.first = f"[{request[0]}] {result.first}"


def megabytes(size: float) -> str:
    return f"{size / (1024 * 1024):.2f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, help="folder for the files and the database")
    parser.add_argument(
        "--timeout", type=float, default=120.0, help="seconds before a run is killed"
    )
    parser.add_argument("--memory-cap-mb", type=int, default=6000, help="address-space cap per run")
    parser.add_argument("--only", help="run only the files whose label contains this text")
    args = parser.parse_args()

    work = args.work or Path(tempfile.mkdtemp(prefix="jobtro-bench-imports-"))
    work.mkdir(parents=True, exist_ok=True)
    results: list[Result] = []
    for label, name, build in FILES:
        if args.only and args.only.lower() not in label.lower():
            continue
        started = time.monotonic()
        path = build(work / name)
        print(
            f"built {name:<12} {megabytes(path.stat().st_size):>6} MB in {time.monotonic() - started:.1f} s"
        )
        results.append(Result(f"{label}, command line", path))
        results.append(Result(f"{label}, web page", path, web=True))

    template, data_dir = work / "template", work / "data"
    shutil.rmtree(template, ignore_errors=True)
    template.mkdir()
    prepare(template)
    for result in results:
        shutil.rmtree(data_dir, ignore_errors=True)  # every run against the same fresh database
        shutil.copytree(template, data_dir)
        measure(
            result,
            data_dir,
            work / f"{result.file.name}.{'web' if result.web else 'cli'}.out",
            timeout=args.timeout,
            cap_mb=args.memory_cap_mb,
            web=result.web,
        )

    width = max(len(r.label) for r in results)
    print(
        f"\n{'file':<{width}}  {'MB':>5}  {'exit':>4}  {'wall s':>6}  {'cpu s':>5}  {'peak MB':>7}  "
        f"{'printed':>9}  first message"
    )
    missed = 0
    for r in results:
        size = r.file.stat().st_size
        # Wall time is reported against the aim but not counted: on a shared machine it
        # measures the neighbours as much as the import (see the cpu column).
        if size <= MAX_FILE_MB * 1024 * 1024 and (r.peak_mb > AIM_MB or r.code not in (0, 2)):
            missed += 1
        print(
            f"{r.label:<{width}}  {megabytes(size):>5}  {r.code!s:>4}  {r.seconds:>6.2f}  {r.cpu:>5.2f}  "
            f"{r.peak_mb:>7.0f}  {r.printed:>9}  {r.first}"
        )
    print(
        f"\naim: a file of at most {MAX_FILE_MB:.0f} MB is refused or imported within "
        f"{AIM_SECONDS:.0f} s and under {AIM_MB:.0f} MB peak; {missed} over the memory or "
        "without a clean exit code"
    )
    print(
        f"load average after the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; the "
        "3-row UTF-16 and Latin-1 files show the cost of starting Python and Django alone"
    )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
