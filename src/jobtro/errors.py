"""Errors shared by the command line and the pure cores (no Django here)."""


class UserError(Exception):
    """A mistake in the user's input: reported in one line on stderr, exit code 2."""
