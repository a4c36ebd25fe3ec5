"""The installation's own keys, kept in the data directory outside production.

Outside production Jobtro must start without any configuration, yet a key shipped in
the source would be public: anyone could recompute the HMAC of every valid CPR number
(a few hundred million) and reverse the stored hashes. So the first start of an
installation draws its keys with `secrets` and keeps them in one file in the data
directory, readable by the owner only. Production takes its keys from the
environment and never reads or writes this file.

The file uses the environment's own syntax (`JOBTRO_SECRET_KEY=…`), so that moving an
installation to production is a copy of its two lines into the service's environment.

No Django here: settings.py imports this module before Django is set up.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import tempfile
from pathlib import Path

FILE_NAME = "jobtro-keys.env"
NAMES = ("JOBTRO_SECRET_KEY", "JOBTRO_CPR_HASH_KEY")
_HEADER = (
    "# Jobtros nøgler for denne installation, dannet ved første start. Hold filen hemmelig\n"
    "# (kun ejeren må læse den) og tag den med, hvis installationen flyttes: uden\n"
    "# JOBTRO_CPR_HASH_KEY kan registerimport ikke længere genkende borgerne.\n"
)


class KeysFileError(Exception):
    """The keys file cannot be read, written or trusted (a Danish one-line reason)."""


def new_keys() -> dict[str, str]:
    # 50 random bytes for Django (its deploy check asks for 50 characters or more),
    # 32 for the CPR HMAC: both far beyond guessing.
    return {
        "JOBTRO_SECRET_KEY": secrets.token_urlsafe(50),
        "JOBTRO_CPR_HASH_KEY": secrets.token_urlsafe(32),
    }


def load_or_create(path: Path) -> dict[str, str]:
    """The keys in path; on the very first start, new keys written there first.

    Two processes starting at once agree: each writes a complete private file and
    hard-links it to the final name, which only the first one can do; the other reads
    what the first wrote. A reader never sees a half-written file.
    """
    if not path.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            _publish(path, new_keys(), replace=False)
        except OSError as exc:
            raise KeysFileError(
                f"nøglefilen {path} kan ikke oprettes: {exc.strerror or exc}"
            ) from exc
    return read(path)


def read(path: Path) -> dict[str, str]:
    """The keys in path, refused when others than the owner may read the file."""
    try:
        mode = path.stat().st_mode
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise KeysFileError(f"nøglefilen {path} kan ikke læses: {exc.strerror or exc}") from exc
    if mode & 0o077:
        raise KeysFileError(
            f"nøglefilen {path} kan læses af andre end ejeren; ret det med chmod 600 {path}"
        )
    keys: dict[str, str] = {}
    for line in text.splitlines():
        name, sep, value = line.strip().partition("=")
        if sep and name in NAMES and value.strip():
            keys[name] = value.strip()
    missing = [name for name in NAMES if name not in keys]
    if missing:
        raise KeysFileError(f"nøglefilen {path} mangler {missing[0]}")
    return keys


def replace(path: Path, keys: dict[str, str]) -> None:
    """Put keys in path in one step (a restore brings the keys of its backup)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _publish(path, keys, replace=True)
    except OSError as exc:
        raise KeysFileError(f"nøglefilen {path} kan ikke skrives: {exc.strerror or exc}") from exc


def fingerprint(key: str) -> str:
    """A short id that tells two keys apart without revealing either."""
    return hmac.new(key.encode(), b"jobtro-key-fingerprint", hashlib.sha256).hexdigest()[:16]


def _publish(path: Path, keys: dict[str, str], *, replace: bool) -> None:
    # mkstemp creates the file with mode 0600 whatever the umask.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".jobtro-keys-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(_HEADER + "".join(f"{name}={keys[name]}\n" for name in NAMES))
            out.flush()
            os.fsync(out.fileno())
        if replace:
            os.replace(tmp, path)
            return
        # Another process may have been first: its keys are then the installation's.
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
