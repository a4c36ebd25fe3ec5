"""`jobtro serve` and `jobtro demo` start a real server on loopback and stop again."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

START_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


@contextmanager
def running(*args: str) -> Iterator[subprocess.Popen[str]]:
    """Start `jobtro ARGS` in its own process group and always stop it afterwards."""
    env = {**os.environ, "JOBTRO_WEB_WORKERS": "1", "JOBTRO_WEB_THREADS": "2"}
    process = subprocess.Popen(
        [sys.executable, "-m", "jobtro.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        process.communicate()


def wait_for_health(process: subprocess.Popen[str], port: int) -> tuple[int, str]:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            _out, err = process.communicate()
            raise AssertionError(f"the server stopped with {process.returncode}: {err}")
        try:
            return get(f"http://127.0.0.1:{port}/healthz")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise AssertionError("the server did not answer /healthz in time")


def test_serve_answers_healthz_and_stops_on_sigterm(tmp_path: Path):
    port = free_port()
    with running(
        "serve", "--data-dir", str(tmp_path), "--port", str(port), "--workers", "1"
    ) as server:
        status, body = wait_for_health(server, port)
        assert status == 200
        assert json.loads(body)["status"] == "ok"
        os.killpg(server.pid, signal.SIGTERM)
        assert server.wait(timeout=20) == 0


def test_demo_serves_with_the_demo_banner(tmp_path: Path):
    port = free_port()
    args = ("demo", "--data-dir", str(tmp_path), "--port", str(port), "--citizens", "20")
    with running(*args) as server:
        status, _body = wait_for_health(server, port)
        assert status == 200
        status, page = get(f"http://127.0.0.1:{port}/konto/log-ind/")
        assert status == 200
        assert "demo-banner" in page


def test_serve_on_a_taken_port_says_so_in_one_line(tmp_path: Path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "jobtro.cli",
                "serve",
                "--data-dir",
                str(tmp_path),
                "--port",
                str(port),
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "optaget" in result.stderr


def test_serve_refuses_in_one_line_when_the_design_system_and_htmx_are_missing(monkeypatch, capsys):
    """An install without `make assets` served every page unstyled and without htmx."""
    from django.contrib.staticfiles import finders

    from jobtro.cli import main

    monkeypatch.setattr(finders, "find", lambda path, *args, **kwargs: None)
    port = free_port()
    assert main(["serve", "--port", str(port)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "web-filer mangler" in err
    assert "vendor/htmx/htmx.min.js" in err
    assert "make assets" in err
    # Nothing was started: the port is still free.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", port))


def test_assets_check_passes_when_the_vendored_files_are_there():
    from jobtro.core.commands import check_assets

    check_assets()
