"""Build the wheel, install it into a fresh virtual environment, and serve one page.

The wheel must be the whole product: the design system and htmx inside it, no repository
and no npm needed. This script proves it the way an operator would meet it:

    python .ci/check_wheel.py            (`make wheel-check`; CI runs it)

1. `pip wheel` builds dist/jobtro-VERSION-py3-none-any.whl from the repository (after
   `make assets` put the vendored files in place);
2. a new virtual environment outside the repository gets `pip install` of that wheel;
3. from an empty folder, `jobtro --version`, `jobtro manage migrate` and `jobtro serve`
   run on loopback; the login page, its stylesheet and htmx must answer 200 with the
   right types, and `/healthz` must answer 200.

Standard library only. Exits non-zero with the reason on the first failure.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = os.environ.get("PYTHON", "python3")


def run(*cmd: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    shown = " ".join(str(c) for c in cmd)
    print(f"$ {shown}", flush=True)
    done = subprocess.run(
        [str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {shown}\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    return done.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
        return response.status, response.headers.get("Content-Type", ""), response.read()


def main() -> int:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="jobtro-wheel-") as tmp_name:
        tmp = Path(tmp_name)
        dist = tmp / "dist"
        run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", dist, ROOT)
        wheels = sorted(dist.glob("jobtro-*.whl"))
        if len(wheels) != 1:
            sys.exit(f"expected one jobtro wheel in {dist}, found {wheels}")
        wheel = wheels[0]
        listing = run(sys.executable, "-m", "zipfile", "-l", wheel)
        for needed in (
            "jobtro/static/vendor/dkfds/css/dkfds.min.css",
            "jobtro/static/vendor/htmx/htmx.min.js",
            "jobtro/locale/en/LC_MESSAGES/django.mo",
            "jobtro/templates/base.html",
        ):
            if needed not in listing:
                sys.exit(f"the wheel lacks {needed}: run `make assets` before building it")
        print(f"wheel {wheel.name}: {wheel.stat().st_size / 1e6:.1f} MB", flush=True)

        venv = tmp / "venv"
        run(PYTHON, "-m", "venv", venv)
        bin_dir = venv / "bin"
        run(bin_dir / "pip", "install", "--quiet", "--disable-pip-version-check", wheel)
        workdir = tmp / "empty"
        workdir.mkdir()
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("JOBTRO_", "DATABASE_URL", "PYTHONPATH", "VIRTUAL_ENV"))
        }
        env.update(
            JOBTRO_DATA_DIR=str(tmp / "data"),
            JOBTRO_WEB_WORKERS="1",
            JOBTRO_WEB_THREADS="2",
            PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
        )
        version = run(bin_dir / "jobtro", "--version", cwd=workdir, env=env).strip()
        print(version, flush=True)
        run(bin_dir / "jobtro", "manage", "migrate", "--verbosity", "0", cwd=workdir, env=env)
        where = run(
            bin_dir / "python", "-c", "import jobtro; print(jobtro.__file__)", cwd=workdir, env=env
        )
        if str(ROOT) in where:
            sys.exit(f"the fresh environment imported jobtro from the repository: {where}")

        port = free_port()
        server = subprocess.Popen(
            [str(bin_dir / "jobtro"), "serve", "--port", str(port)],
            cwd=workdir,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 90
            while True:
                if server.poll() is not None:
                    sys.exit(f"jobtro serve stopped: {server.communicate()[0][-3000:]}")
                try:
                    status, _, _ = fetch(base + "/healthz")
                    if status == 200:
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    sys.exit("jobtro serve did not answer /healthz within 90 s")
                time.sleep(0.5)
            status, kind, body = fetch(base + "/konto/log-ind/")
            page = body.decode()
            if status != 200 or "text/html" not in kind:
                sys.exit(f"the login page answered {status} {kind}")
            for pattern, expected_type, at_least in (
                (r'href="([^"]*dkfds[^"]*\.css)"', "text/css", 100_000),
                (r'src="([^"]*htmx[^"]*\.js)"', "javascript", 10_000),
            ):
                found = re.search(pattern, page)
                if not found:
                    sys.exit(f"the login page does not link {pattern}")
                status, kind, asset = fetch(base + found.group(1))
                if status != 200 or expected_type not in kind or len(asset) < at_least:
                    sys.exit(f"{found.group(1)} answered {status} {kind}, {len(asset)} bytes")
                print(f"{found.group(1)}: {status} {kind}, {len(asset) / 1e3:.0f} kB", flush=True)
        finally:
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGTERM)
                try:
                    server.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(server.pid, signal.SIGKILL)
            server.communicate()
        shutil.rmtree(venv, ignore_errors=True)
    print(
        f"The wheel installs whole and serves a styled page ({time.monotonic() - started:.0f} s)."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
