"""Uploaded import files, kept between the dry run and the real import.

The file is stored under MEDIA_ROOT/imports with a random name, and the session
remembers its token, SHA-256 and whether its dry run passed; the real import runs
only on that very file, unchanged, in the same session. The file holds personal data
(perhaps CPR numbers), so it is deleted after the import and swept after a day.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest

SESSION_KEY = "citizens_import"
MAX_AGE_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class KeptUpload:
    token: str
    name: str
    kind: str
    sha256: str
    suffix: str
    passed: bool = False
    job: str = ""  # "check" or "import" while it runs in the background
    rows: int = 0  # as counted when the file's limits were checked

    @property
    def path(self) -> Path:
        return folder() / f"{self.token}{self.suffix}"

    def unchanged(self) -> bool:
        return self.path.is_file() and _sha256(self.path) == self.sha256


def folder() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def keep(upload: UploadedFile, *, kind: str) -> KeptUpload:
    """Write the upload to disk under a random name, hashing it on the way."""
    sweep()
    token = secrets.token_urlsafe(18)
    name = Path(upload.name or "import").name[:200]
    suffix = Path(name).suffix.lower()[:8]
    digest = hashlib.sha256()
    target = folder() / f"{token}{suffix}"
    with target.open("xb") as out:
        for chunk in upload.chunks():
            digest.update(chunk)
            out.write(chunk)
    return KeptUpload(token=token, name=name, kind=kind, sha256=digest.hexdigest(), suffix=suffix)


def remember(
    request: HttpRequest, upload: KeptUpload, *, passed: bool, job: str = ""
) -> KeptUpload:
    """Bind the upload to this session, replacing (and deleting) an earlier one."""
    earlier = pending(request)
    if earlier is not None and earlier.token != upload.token:
        discard(request, earlier)
    kept = KeptUpload(**{**asdict(upload), "passed": passed, "job": job})
    request.session[SESSION_KEY] = asdict(kept)
    return kept


def pending(request: HttpRequest) -> KeptUpload | None:
    data = request.session.get(SESSION_KEY)
    if not isinstance(data, dict):
        return None
    try:
        return KeptUpload(**data)
    except TypeError:
        return None


def discard(request: HttpRequest | None, upload: KeptUpload) -> None:
    upload.path.unlink(missing_ok=True)
    (folder() / f"{upload.token}.status.json").unlink(missing_ok=True)
    if request is not None:
        data = request.session.get(SESSION_KEY)
        if isinstance(data, dict) and data.get("token") == upload.token:
            del request.session[SESSION_KEY]


def sweep() -> None:
    """Delete kept files older than a day (an abandoned dry run)."""
    limit = time.time() - MAX_AGE_SECONDS
    for path in folder().iterdir():
        if path.is_file() and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()
