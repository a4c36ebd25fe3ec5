"""Large imports run in a background thread while the page polls their progress.

A small status file beside the kept upload (MEDIA_ROOT/imports/<token>.status.json)
carries the phase, the progress and, at the end, the report; any app process can
answer the page's poll from it. If the process dies mid-import, the transaction is
rolled back (nothing is saved) and the status goes stale, which the page reports.
"""

from __future__ import annotations

import contextvars
import json
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path
from threading import Thread
from typing import Any

from django.db import connection

from . import uploads
from .services import ImportReport, ProgressCallback

logger = logging.getLogger(__name__)

# Files from this size, or with this many rows, are checked and imported in the
# background with a progress bar (a small file of many short rows takes as long).
BACKGROUND_BYTES = 2 * 1024 * 1024
BACKGROUND_ROWS = 5_000
# No progress written for this long: the process that ran the import is gone.
STALE_SECONDS = 5 * 60

_threads: dict[str, Thread] = {}


def status_path(token: str) -> Path:
    return uploads.folder() / f"{token}.status.json"


def start(*, token: str, work: Callable[[ProgressCallback], ImportReport]) -> None:
    """Run work(progress) in a thread; the request's audit context goes with it."""
    _write(token, {"state": "running", "phase": "check", "done": 0, "total": 0})
    context = contextvars.copy_context()
    thread = Thread(
        target=context.run, args=(_run, token, work), name=f"jobtro-import-{token[:8]}", daemon=True
    )
    _threads[token] = thread
    thread.start()


def _run(token: str, work: Callable[[ProgressCallback], ImportReport]) -> None:
    last = 0.0

    def progress(phase: str, done: int, total: int) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last >= 0.5:
            last = now
            _write(token, {"state": "running", "phase": phase, "done": done, "total": total})

    try:
        report = work(progress)
        _write(token, {"state": "done", "report": report.to_dict()})
    except Exception:
        logger.exception("Import %s failed", token[:8])
        _write(token, {"state": "failed"})
    finally:
        connection.close()  # this thread's own connection
        _threads.pop(token, None)


def read(token: str) -> dict[str, Any] | None:
    path = status_path(token)
    try:
        status = json.loads(path.read_text(encoding="utf-8"))
        age = time.time() - path.stat().st_mtime
    except (OSError, ValueError):
        return None
    if status.get("state") == "running" and age > STALE_SECONDS and token not in _threads:
        return {"state": "failed"}
    return status


def forget(token: str) -> None:
    status_path(token).unlink(missing_ok=True)


def wait(token: str, timeout: float = 60) -> None:
    """Block until the import finished (for tests and an orderly shutdown)."""
    thread = _threads.get(token)
    if thread is not None:
        thread.join(timeout)


def _write(token: str, status: dict[str, Any]) -> None:
    path = status_path(token)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(status), encoding="utf-8")
    os.replace(temporary, path)
