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
        except (KeyError, ValueError, TypeError, IndexError, AttributeError, OverflowError):
            line = damage_behind()
            if line is None:
                raise
            print(f"cchc: {line}", file=sys.stderr)
            ctx.exit(2)


def damage_behind() -> str | None:
    """A value a sound database cannot hold (a status damaged on the disk) fails the code that reads it:
    when `db check` finds problems in the database, the failure is reported as theirs, in one line."""
    import os

    from cchc import state
    from cchc.i18n import _
    from cchc.store import open_store, problems

    path = state.db_path()
    if os.environ.get("CCHC_DEBUG") or not path.is_file():
        return None
    try:
        found, _damaged = problems(open_store(path))
    except Exception:  # noqa: BLE001 — the original failure is what the officer sees then
        return None
    if not found:
        return None
    return _("{path}: a command failed on a value the database should not hold ({problem}); "
             "cchc db check lists every problem").format(path=path, problem=found[0].detail)
