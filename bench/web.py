"""Web benchmark: the demo server under 20 concurrent clients, over loopback.

Builds (or reuses) a demo database in a temporary data folder, starts `jobtro serve` on
a free port on 127.0.0.1, logs in as the demo caseworker and leader, and drives each
scenario with N client threads (each its own keep-alive connection and session) for a
bounded time and number of requests. Prints p50/p95 latency and requests per second
for the citizen list and the citizen page, beside /healthz — a bare Django view that
runs `SELECT 1` — as the ceiling of the same server. Stops the server at the end.

    .venv/bin/python bench/web.py [--clients 20] [--seconds 10] [--citizens 1500]

Uses only the standard library (http.client), so it needs no extra dependency.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

HOST = "127.0.0.1"
JOBTRO = [sys.executable, "-m", "jobtro.cli"]
AIM_P95_MS = 150.0


class Client:
    """One keep-alive HTTP/1.1 connection with its own cookies (its own login session)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection(HOST, port, timeout=30)

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, bytes]:
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed an idle keep-alive connection: reconnect once.
                self.conn.close()
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
                if attempt == 2:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        return response.status, data

    def login(self, username: str, password: str) -> None:
        status, page = self.request("GET", "/konto/log-ind/")
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or match is None:
            raise SystemExit(f"login page answered {status} without a CSRF token")
        form = {
            "csrfmiddlewaretoken": match.group(1).decode(),
            "username": username,
            "password": password,
        }
        status, _ = self.request("POST", "/konto/log-ind/", urlencode(form))
        if status != 302:
            raise SystemExit(f"login as {username} failed with {status}")


@dataclass
class Result:
    name: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0
    server_cpu: float = float("nan")  # CPU seconds the server's processes used

    @property
    def cpu_ms(self) -> float:
        """Server CPU per request: unlike latency, it hardly depends on other load."""
        return self.server_cpu / len(self.latencies) * 1000 if self.latencies else float("nan")

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


def server_cpu_seconds(pid: int) -> float:
    """User and system CPU of the gunicorn master and its workers (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        this, parent = int(stat.parent.name), int(fields[1])
        if pid in (this, parent):
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def drive(
    name: str,
    clients: list[Client],
    paths: Callable[[int, int], str],
    *,
    seconds: float,
    max_requests: int,
    server_pid: int,
) -> Result:
    """All clients at once, each back to back, until the time or its request budget ends."""
    result = Result(name)
    lock = threading.Lock()
    start_gate = threading.Barrier(len(clients) + 1)

    def work(index: int, client: Client) -> None:
        for n in range(3):  # warm the connection and the worker
            client.request("GET", paths(index, n))
        start_gate.wait()
        deadline = time.monotonic() + seconds
        mine: list[float] = []
        errors = 0
        n = 0
        while n < max_requests and time.monotonic() < deadline:
            began = time.perf_counter()
            status, _body = client.request("GET", paths(index, n))
            mine.append(time.perf_counter() - began)
            errors += status != 200
            n += 1
        with lock:
            result.latencies.extend(mine)
            result.errors += errors

    threads = [threading.Thread(target=work, args=(i, c)) for i, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    start_gate.wait()
    began = time.monotonic()
    cpu_before = server_cpu_seconds(server_pid)
    for thread in threads:
        thread.join()
    result.seconds = time.monotonic() - began
    result.server_cpu = server_cpu_seconds(server_pid) - cpu_before
    return result


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@contextmanager
def server(data_dir: Path, port: int, workers: int | None) -> Iterator[int]:
    """`jobtro serve` in its own process group; always stopped on the way out."""
    args = [*JOBTRO, "serve", "--data-dir", str(data_dir), "--host", HOST, "--port", str(port)]
    if workers:
        args += ["--workers", str(workers)]
    log_path = data_dir / "server.log"
    # A file, not a pipe: a pipe nobody reads would block the server once it fills.
    with log_path.open("w") as log:
        process = subprocess.Popen(args, start_new_session=True, stdout=log, stderr=log)
        try:
            deadline = time.monotonic() + 60
            while True:
                if process.poll() is not None:
                    raise SystemExit(f"server stopped: {log_path.read_text()}")
                try:
                    if Client(port).request("GET", "/healthz")[0] == 200:
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise SystemExit("server did not answer /healthz within 60 s")
                time.sleep(0.2)
            yield process.pid
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()


def citizen_ids(client: Client, pages: int = 4) -> list[int]:
    ids: list[int] = []
    for page in range(1, pages + 1):
        _status, body = client.request("GET", f"/borgere/?side={page}")
        ids += [int(i) for i in re.findall(rb'href="/borgere/(\d+)/"', body)]
    if not ids:
        raise SystemExit("the user sees no citizens; is the demo built?")
    return sorted(set(ids))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=10.0, help="per scenario")
    parser.add_argument("--requests", type=int, default=2000, help="per client and scenario")
    parser.add_argument("--citizens", type=int, default=1500)
    parser.add_argument("--workers", type=int, default=None, help="server processes")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "jobtro-bench-web",
        help="demo data folder (reused when it already holds the demo)",
    )
    args = parser.parse_args()

    logins_file = args.data_dir / "logins.json"
    args.data_dir.mkdir(parents=True, exist_ok=True)
    built = subprocess.run(
        [*JOBTRO, "demo", "--no-serve", "--data-dir", str(args.data_dir),
         "--citizens", str(args.citizens), "--logins", str(logins_file)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if built.returncode != 0:
        raise SystemExit(built.stderr)
    print(built.stdout.splitlines()[0])
    logins = json.loads(logins_file.read_text(encoding="utf-8"))
    by_role: dict[str, dict[str, str]] = {}
    for entry in logins:
        by_role.setdefault(entry["role"], entry)

    port = free_port()
    results: list[Result] = []
    with server(args.data_dir, port, args.workers) as server_pid:
        sessions: dict[str, list[Client]] = {}
        ids: dict[str, list[int]] = {}
        for role in ("caseworker", "leader"):
            login = by_role[role]
            sessions[role] = []
            for _ in range(args.clients):
                client = Client(port)
                client.login(login["username"], login["password"])
                sessions[role].append(client)
            ids[role] = citizen_ids(sessions[role][0])

        bare = [Client(port) for _ in range(args.clients)]
        run = {"seconds": args.seconds, "max_requests": args.requests, "server_pid": server_pid}
        results.append(drive("bare view      /healthz", bare, lambda i, n: "/healthz", **run))
        for role, label in (("caseworker", "sagsbehandler"), ("leader", "leder")):
            results.append(
                drive(
                    f"citizen list   /borgere/ ({label})",
                    sessions[role],
                    lambda i, n: "/borgere/",
                    **run,
                )
            )
            visible = ids[role]
            results.append(
                drive(
                    f"citizen page   /borgere/<id>/ ({label}, {len(visible)} ids)",
                    sessions[role],
                    lambda i, n, v=visible: f"/borgere/{v[(i * 7 + n) % len(v)]}/",
                    **run,
                )
            )

    bare_rate = results[0].rate
    print()
    print(
        f"{args.clients} concurrent clients over loopback, {args.seconds:g} s per scenario, "
        f"{os.cpu_count()} CPUs, demo with {args.citizens} citizens"
    )
    width = max(len(r.name) for r in results)
    print(
        f"{'scenario':<{width}}  {'requests':>8}  {'errors':>6}  {'p50 ms':>7}  {'p95 ms':>7}  "
        f"{'req/s':>7}  {'of bare':>7}  {'CPU ms/req':>10}"
    )
    for r in results:
        print(
            f"{r.name:<{width}}  {len(r.latencies):>8}  {r.errors:>6}  {r.percentile(0.5):>7.1f}  "
            f"{r.percentile(0.95):>7.1f}  {r.rate:>7.1f}  {r.rate / bare_rate:>7.0%}  {r.cpu_ms:>10.1f}"
        )
    print()
    print(
        f"aim: p95 < {AIM_P95_MS:.0f} ms and at least 50 % of the bare view's requests per second"
    )
    print(f"load average after the run: {os.getloadavg()[0]:.1f} (other work skews latency)")
    return 1 if any(r.errors for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
