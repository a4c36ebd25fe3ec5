"""The `jobtro` command.

Each subcommand imports what it needs lazily, so that `jobtro language check` and
`jobtro analyse` start without Django, and a user's mistake ends in exit code 2 with
a one-line reason on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from jobtro.errors import UserError

IMPORT_KINDS = [
    "citizens",
    "staff",
    "assignments",
    "contacts",
    "actions",
    "outcomes",
    "ratings",
    "companies",
]


def _django_setup(args: argparse.Namespace) -> None:
    """Point Django at the database the contract names, then set it up."""
    data_dir = getattr(args, "data_dir", None)
    if data_dir:
        path = Path(data_dir).resolve()
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"datamappen {path} kan ikke oprettes: {exc.strerror}") from exc
        os.environ["JOBTRO_DATA_DIR"] = str(path)
        # --data-dir wins over DATABASE_URL (docs/contracts.md: the order of lookup).
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobtro.settings")
    import django

    django.setup()


def _with_django(
    handler: Callable[[argparse.Namespace], int],
) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        _django_setup(args)
        return handler(args)

    return run


# --- handlers -----------------------------------------------------------------


def _demo(args: argparse.Namespace) -> int:
    from jobtro.core.commands import run_demo

    return run_demo(args)


def _serve(args: argparse.Namespace) -> int:
    from jobtro.core.commands import run_serve

    return run_serve(args)


def _import(args: argparse.Namespace) -> int:
    from jobtro.citizens.commands import run_import

    return run_import(args)


def _export(args: argparse.Namespace) -> int:
    from jobtro.research.commands import run_export

    return run_export(args)


def _backup(args: argparse.Namespace) -> int:
    from jobtro.core.backup import run_backup

    return run_backup(args)


def _restore(args: argparse.Namespace) -> int:
    from jobtro.core.backup import run_restore

    return run_restore(args)


def _token(args: argparse.Namespace) -> int:
    from jobtro.core.commands import run_token

    return run_token(args)


def _manage(args: argparse.Namespace) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["jobtro manage", *args.rest])
    return 0


def _synth(args: argparse.Namespace) -> int:
    from jobtro.analysis.cli import run_synth

    return run_synth(args)


def _analyse(args: argparse.Namespace) -> int:
    from jobtro.analysis.cli import run_analyse

    return run_analyse(args)


def _language_check(args: argparse.Namespace) -> int:
    from jobtro.language.cli import run_check

    return run_check(args)


def installed_version() -> str:
    """The version pip installed (the wheel's metadata), not a constant to forget."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("jobtro")
    except PackageNotFoundError:
        return "ukendt (ikke installeret)"


# --- parser -------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jobtro", description="Jobtro — tro på borgernes jobchance."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {installed_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def db_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("--data-dir", help="mappe med SQLite-database og filer")

    p = sub.add_parser("demo", help="byg demodata og start serveren")
    db_args(p)
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--no-serve", action="store_true", help="byg kun demodata")
    p.add_argument("--logins", help="skriv demo-logins som JSON til denne fil")
    p.add_argument("--citizens", type=int, default=1500, help="antal demoborgere")
    p.set_defaults(handler=_with_django(_demo))

    p = sub.add_parser("serve", help="start webserveren")
    db_args(p)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=None)
    p.set_defaults(handler=_with_django(_serve))

    p = sub.add_parser("import", help="importér CSV eller XLSX (alt eller intet)")
    db_args(p)
    p.add_argument(
        "kind",
        # Parsed before Django starts, so the kinds are listed here; a test keeps the list
        # equal to the import registry (citizens.imports.kinds.KINDS).
        choices=IMPORT_KINDS,
    )
    p.add_argument("file")
    p.add_argument("--dry-run", action="store_true", help="vis fejl og forhåndsvisning, gem intet")
    p.add_argument("--municipality", help="kommunenummer, når filen ikke har kolonnen")
    p.set_defaults(handler=_with_django(_import))

    p = sub.add_parser("export", help="eksportér forskningsdata")
    db_args(p)
    p.add_argument("what", choices=["research"])
    p.add_argument("--out", required=True)
    p.add_argument("--project")
    p.add_argument(
        "--format",
        default="csv",
        help="formater adskilt af komma: csv, parquet, dta (Stata), sav (SPSS); CSV skrives altid",
    )
    p.add_argument(
        "--enrolled-from", help="kohorte: borgere indskrevet fra denne dato (ÅÅÅÅ-MM-DD)"
    )
    p.add_argument("--enrolled-to", help="kohorte: borgere indskrevet til og med denne dato")
    p.add_argument("--lang", choices=["da", "en"], default="da", help="sprog i etiketter")
    p.set_defaults(handler=_with_django(_export))

    p = sub.add_parser("synth", help="skriv et syntetisk forskningsdatasæt med kendt sandhed")
    p.add_argument("--out", required=True)
    p.add_argument("--citizens", type=int, default=4000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--hr-belief", type=float, default=1.33)
    p.add_argument("--hr-change", type=float, default=0.78)
    p.set_defaults(handler=_synth)

    p = sub.add_parser("analyse", help="analysér en forskningsdatamappe")
    p.add_argument("dir")
    p.add_argument("--out", required=True)
    p.add_argument(
        "--exact-timing",
        action="store_true",
        help="brug vurderingernes præcise datoer (ca. 3 gange langsommere på store data)",
    )
    p.set_defaults(handler=_analyse)

    p = sub.add_parser("language", help="sprogværktøjer")
    lang = p.add_subparsers(dest="language_command", required=True, metavar="COMMAND")
    c = lang.add_parser("check", help="find underskuds- og ressourcesprog (JSON lines)")
    c.add_argument("file", nargs="?", help="fil med JSON lines eller tekst; ellers stdin")
    c.set_defaults(handler=_language_check)

    p = sub.add_parser("backup", help="tag backup af hele databasen")
    db_args(p)
    p.add_argument("file")
    p.set_defaults(handler=_with_django(_backup))

    p = sub.add_parser("restore", help="gendan hele databasen fra en backup")
    db_args(p)
    p.add_argument("file")
    p.add_argument("--yes", action="store_true", help="overskriv uden at spørge")
    p.set_defaults(handler=_with_django(_restore))

    p = sub.add_parser("token", help="API-nøgler til integrationer")
    token = p.add_subparsers(dest="action", required=True, metavar="COMMAND")
    c = token.add_parser("create", help="opret en nøgle til en bruger; den vises én gang")
    db_args(c)
    c.add_argument("username", metavar="USERNAME")
    c.add_argument("--name", required=True, help="nøglens navn, fx fagsystemets navn")
    c.set_defaults(handler=_with_django(_token))
    c = token.add_parser("revoke", help="spær en nøgle med det navn")
    db_args(c)
    c.add_argument("name", metavar="NAME")
    c.add_argument("--user", help="brugeren, når flere har en nøgle med det navn")
    c.set_defaults(handler=_with_django(_token))

    p = sub.add_parser("manage", help="Djangos manage.py-kommandoer")
    db_args(p)
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(handler=_with_django(_manage))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except UserError as exc:
        print(f"jobtro: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        # A setting that is not understood (settings.py says which, in Danish) is the
        # user's configuration, not a bug: one line, exit 2.
        django_exceptions = sys.modules.get("django.core.exceptions")
        if django_exceptions and isinstance(exc, django_exceptions.ImproperlyConfigured):
            text = str(exc).strip()
            first_line = text.splitlines()[0] if text else type(exc).__name__
            print(f"jobtro: {first_line}", file=sys.stderr)
            return 2
        # A database that is not set up or not reachable is the user's setup, not a bug.
        db_errors = sys.modules.get("django.db.utils")
        if db_errors and isinstance(exc, db_errors.OperationalError | db_errors.ProgrammingError):
            text = str(exc).strip()
            first_line = text.splitlines()[0] if text else type(exc).__name__
            print(
                f"jobtro: databasen svarer ikke som ventet ({first_line}); "
                "er den sat op med `jobtro manage migrate`?",
                file=sys.stderr,
            )
            return 2
        raise
    except KeyboardInterrupt:
        print("jobtro: afbrudt", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
