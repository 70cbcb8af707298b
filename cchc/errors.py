"""Errors a user can cause. The CLI prints them as one line and exits 2."""

from __future__ import annotations


class UserError(Exception):
    """Bad input: a wrong file, date, id or value. Exit code 2, no traceback."""

    exit_code = 2


class ImportRefused(UserError):
    """A file that cannot be imported as a plan."""
