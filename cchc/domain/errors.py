"""Errors a user can cause: what is wrong and where, in one sentence.

Domain and store code raise these; only the command line (cchc/cli.py) knows
that they become one line on stderr and exit code 2.
"""

from __future__ import annotations


class UserError(Exception):
    """Bad input: a wrong file, date, id or value. Nothing was changed.

    `field` names what was wrong ("plan", "area", "on"); the command line shows
    it as its option ("--plan: …")."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def format_message(self) -> str:
        return f"--{self.field.replace('_', '-')}: {self.message}" if self.field else self.message


class ImportRefused(UserError):
    """A file that cannot be imported as a plan."""


class NotFound(UserError):
    """An id, key or name that does not exist."""


class DatabaseBusy(UserError):
    """Another command held the write lock for longer than cchc waits."""


class Damaged(UserError):
    """The database file is damaged: `cchc db check` names what, `cchc db recover` saves what is left."""
