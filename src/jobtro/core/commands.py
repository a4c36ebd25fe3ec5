"""`jobtro demo` and `jobtro serve`.

Django is already set up when these run (cli.py). The server is gunicorn, started from
Python so that `jobtro serve` is one command on every machine; its workers are forks of
this process and inherit the environment (JOBTRO_DATA_DIR, DATABASE_URL, JOBTRO_DEMO).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import sys
import time
from pathlib import Path
from typing import Any

from jobtro.errors import UserError

# gunicorn's threads serve waiting clients while another thread waits on the database;
# processes give the real parallelism (the GIL), so both are used.
DEFAULT_THREADS = 4
MAX_DEFAULT_WORKERS = 12


def run_demo(args: argparse.Namespace) -> int:
    """Migrate, build (or find) the demo data, print the logins, then serve."""
    from django.conf import settings
    from django.core.management import call_command

    from jobtro.core.demo import build_demo, logins_table

    # The demo banner must show in this process and in the server's workers.
    os.environ["JOBTRO_DEMO"] = "true"
    settings.DEMO = True
    if args.citizens < 1 or args.citizens > 100_000:
        raise UserError("--citizens skal være mellem 1 og 100000")
    if not args.no_serve:
        # Before the build, not after: a missing asset or a taken port should not cost a wait.
        check_assets()
        _check_port_free(args.host, args.port)
    _ensure_data_dir()
    call_command("migrate", verbosity=0, interactive=False)
    started = time.monotonic()
    result = build_demo(citizens=args.citizens)
    took = time.monotonic() - started
    counts = result.counts
    if result.built:
        print(
            f"Demodata bygget på {took:.1f} s: {counts['citizens']} borgere, "
            f"{counts['staff']} medarbejdere, {counts['assignments']} sagsbehandlertilknytninger, "
            f"{counts['contacts']} samtaler, {counts['actions']} indsatser, "
            f"{counts['outcomes']} udfald. Alle personer er opdigtede."
        )
    else:
        print(
            f"Demodata findes allerede i databasen ({counts['citizens']} borgere); "
            "de bygges ikke igen. Slet datamappen for at bygge dem forfra."
        )
    print()
    print(logins_table(result.logins))
    if args.logins:
        path = Path(args.logins)
        try:
            path.write_text(
                json.dumps(
                    [login.as_json() for login in result.logins], ensure_ascii=False, indent=2
                )
                + "\n",
                encoding="utf-8",
            )
        except OSError as exc:
            raise UserError(f"Kan ikke skrive logins til {path}: {exc.strerror}") from exc
        print(f"Logins skrevet til {path}")
    if args.no_serve:
        return 0
    print()
    _collect_static_for_production()
    return _serve(host=args.host, port=args.port, workers=getattr(args, "workers", None))


def run_serve(args: argparse.Namespace) -> int:
    """Serve the app with gunicorn until stopped."""
    check_assets()
    _check_port_free(args.host, args.port)
    _ensure_data_dir()
    _warn_if_unmigrated()
    _collect_static_for_production()
    return _serve(host=args.host, port=args.port, workers=args.workers)


def default_workers() -> int:
    from jobtro.settings import env_int

    configured = env_int("JOBTRO_WEB_WORKERS", default=0)
    if configured > 0:
        return configured
    # gunicorn's rule of thumb, capped: beyond a dozen processes a single machine gains
    # little, and every process holds its own database connections.
    return min(2 * (os.cpu_count() or 1) + 1, MAX_DEFAULT_WORKERS)


def _serve(*, host: str, port: int, workers: int | None) -> int:
    from django.db import connections
    from gunicorn.app.base import BaseApplication

    from jobtro.settings import env_bool, env_int

    if workers is not None and workers < 1:
        raise UserError("--workers skal være mindst 1")
    _check_port_free(host, port)
    # The workers are forks of this process: they must not share its open connection.
    connections.close_all()

    options: dict[str, Any] = {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers or default_workers(),
        "worker_class": "gthread",
        "threads": env_int("JOBTRO_WEB_THREADS", default=DEFAULT_THREADS),
        "timeout": env_int("JOBTRO_WEB_TIMEOUT", default=60),
        "graceful_timeout": 20,
        "keepalive": 5,
        # Load the app once in the master: a broken settings file stops the start at
        # once instead of in every worker, and workers start faster.
        "preload_app": True,
        "accesslog": "-" if env_bool("JOBTRO_ACCESS_LOG", default=False) else None,
        "errorlog": "-",
        "loglevel": "warning",
        "proc_name": "jobtro",
    }

    class JobtroServer(BaseApplication):  # type: ignore[misc]  # gunicorn ships no types
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            from jobtro.language import warm_up
            from jobtro.wsgi import application

            # Load the lexicon and the lemmatiser once, before the workers fork, so the
            # first language check in each worker does not wait 1–2 s.
            warm_up()
            return application

    shown = f"[{host}]" if ":" in host else host
    print(
        f"Jobtro kører på http://{shown}:{port}/ med {options['workers']} processer × "
        f"{options['threads']} tråde (stop med Ctrl+C)",
        flush=True,
    )
    JobtroServer().run()
    return 0


# The design system and htmx are built into src/jobtro/static/vendor by `make assets`
# (from npm) and shipped inside the wheel. Without them every page is unstyled and no
# htmx action works, so the server must not start.
REQUIRED_ASSETS = (
    "vendor/dkfds/css/dkfds.min.css",
    "vendor/dkfds/fonts",
    "vendor/htmx/htmx.min.js",
)


def check_assets() -> None:
    """Refuse to serve, in one line, when the design system or htmx is missing."""
    from django.contrib.staticfiles import finders

    missing = [name for name in REQUIRED_ASSETS if not finders.find(name)]
    if missing:
        raise UserError(
            "Jobtros web-filer mangler ("
            + ", ".join(missing)
            + "): kør `make assets` i kildekoden, eller installér en pakke bygget med "
            "`make wheel`. Serveren startes ikke uden dem."
        )


def _ensure_data_dir() -> None:
    """SQLite creates its file but not the folder around it; whitenoise warns about a
    missing static folder even when it serves from the finders."""
    from django.conf import settings

    folders = [Path(settings.STATIC_ROOT)]
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        folders.insert(0, Path(settings.DATABASES["default"]["NAME"]).parent)
    for folder in folders:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"Kan ikke oprette mappen {folder}: {exc.strerror}") from exc


def _collect_static_for_production() -> None:
    """In production whitenoise serves only collected, hashed files: collect them at start,
    so that the files always match the running version (quick when nothing changed)."""
    from django.conf import settings
    from django.core.management import call_command

    manifest = "Manifest" in settings.STORAGES["staticfiles"]["BACKEND"]
    if settings.WHITENOISE_USE_FINDERS and not manifest:
        return
    try:
        call_command("collectstatic", interactive=False, verbosity=0)
    except (OSError, ValueError) as exc:  # ValueError: a file referenced from CSS is missing
        first_line = str(exc).strip().splitlines()[0]
        raise UserError(
            f"Kan ikke samle statiske filer i {settings.STATIC_ROOT}: {first_line}"
        ) from exc


def _warn_if_unmigrated() -> None:
    from django.db import DatabaseError, connection
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as exc:
        raise UserError(f"Databasen kan ikke nås: {exc}") from exc
    if plan:
        print(
            f"Advarsel: {len(plan)} migreringer mangler; kør `jobtro manage migrate` først.",
            file=sys.stderr,
        )


def _check_port_free(host: str, port: int) -> None:
    """A taken port is the user's mistake: say so in one line instead of gunicorn's retries."""
    if not 0 < port < 65536:
        raise UserError(f"Ugyldig port: {port}")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise UserError(f"Ukendt værtsnavn: {host}") from exc
    family, socktype, proto, _name, address = infos[0]
    with socket.socket(family, socktype, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise UserError(
                f"Port {port} på {host} er optaget eller ikke tilladt; vælg en anden med --port"
            ) from exc


def run_token(args: argparse.Namespace) -> int:
    """`jobtro token create USERNAME --name NAME` / `jobtro token revoke NAME [--user U]`."""
    from django.contrib.auth import get_user_model
    from django.core.exceptions import ValidationError

    from jobtro.core import tokens

    try:
        if args.action == "create":
            user = get_user_model().objects.filter(username=args.username).first()
            if user is None:
                raise UserError(f"ukendt bruger «{args.username}»")
            token, raw = tokens.create_api_token(actor=None, user=user, name=args.name)
            # The token alone on stdout, so that a script can capture it; the note on stderr.
            print(raw)
            print(
                f"Nøglen «{token.name}» til {user.get_username()} er oprettet. "
                "Den vises kun denne ene gang: gem den i fagsystemet nu.",
                file=sys.stderr,
            )
            return 0
        token = tokens.find_active_token(name=args.name, username=args.user)
        tokens.revoke_api_token(actor=None, token=token)
        print(
            f"Nøglen «{token.name}» ({token.prefix}…) til {token.user.get_username()} er spærret."
        )
        return 0
    except ValidationError as exc:
        raise UserError(" ".join(" ".join(exc.messages).split())) from exc
