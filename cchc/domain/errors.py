"""Errors a user can cause. The CLI prints them as one line and exits 2."""

from __future__ import annotations

import sys

from typer._click.exceptions import ClickException
from typer._click.utils import echo


class UserError(ClickException):
    """Bad input: a wrong file, date, id or value. Exit code 2, no traceback."""

    exit_code = 2

    def show(self, file=None) -> None:
        echo(f"cchc: {self.format_message()}", file=file or sys.stderr)


class ImportRefused(UserError):
    """A file that cannot be imported as a plan."""


class NotFound(UserError):
    """An id, key or name that does not exist."""
