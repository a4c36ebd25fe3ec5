"""The `jobtro` command keeps docs/contracts.md: its subcommands, and exit code 2 with a
one-line reason (never a traceback) for a user's mistake."""

import subprocess
import sys

import pytest

from jobtro.cli import build_parser, main

CONTRACT_COMMANDS = [
    "demo",
    "serve",
    "import",
    "export",
    "synth",
    "analyse",
    "language",
    "backup",
    "restore",
    "token",
]


def run(*args, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "jobtro.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        **kwargs,
    )


def test_every_contract_command_exists():
    help_text = build_parser().format_help()
    for command in CONTRACT_COMMANDS:
        assert command in help_text


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["nonsense"],
        ["import", "pets", "x.csv"],
        ["demo", "--port", "not-a-number"],
        ["synth"],
    ],
)
def test_a_user_mistake_exits_2_without_a_traceback(argv):
    result = run(*argv)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip()


def test_import_of_a_missing_file_exits_2_with_one_line(tmp_path):
    result = run(
        "import",
        "citizens",
        str(tmp_path / "findes-ikke.csv"),
        "--data-dir",
        str(tmp_path / "data"),
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_main_returns_2_for_user_errors(capsys):
    from jobtro.errors import UserError

    def fail(_args):
        raise UserError("filen findes ikke")

    parser = build_parser()
    args = parser.parse_args(["synth", "--out", "x"])
    args.handler = fail
    import jobtro.cli as cli

    original = cli.build_parser
    cli.build_parser = lambda: type("P", (), {"parse_args": lambda self, argv: args})()
    try:
        assert main([]) == 2
    finally:
        cli.build_parser = original
    assert capsys.readouterr().err.strip() == "jobtro: filen findes ikke"


def test_the_import_command_offers_every_registered_kind():
    from jobtro.citizens.imports.kinds import KINDS
    from jobtro.cli import IMPORT_KINDS

    assert sorted(IMPORT_KINDS) == sorted(KINDS)


def test_version_prints_the_installed_version():
    from importlib.metadata import version

    result = subprocess.run(
        [sys.executable, "-m", "jobtro.cli", "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"jobtro {version('jobtro')}"
