"""What every command shares: the store of --db, and turning domain errors into one line."""

from __future__ import annotations

import sys

from typer.core import TyperGroup


def store():
    """The store of --db (else CCHC_DB, else the user data folder), opened on first use."""
    from cchc import state
    from cchc.store import open_store

    opened = open_store(state.db_path())
    opened.clock = state.now  # history is recorded on the injectable today
    return opened


def error_line(exc) -> str:
    return f"cchc: {exc.format_message()}"


class CchcGroup(TyperGroup):
    """The `cchc` command group: a domain error becomes one line on stderr and exit code 2."""

    def invoke(self, ctx):
        from cchc.domain.errors import UserError

        try:
            return super().invoke(ctx)
        except UserError as exc:
            print(error_line(exc), file=sys.stderr)
            ctx.exit(2)
