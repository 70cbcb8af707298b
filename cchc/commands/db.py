"""`cchc db`: where the database is, its schema revision, backups, upgrades."""

from __future__ import annotations

from pathlib import Path

import typer

from cchc import state
from cchc.commands.options import FORMAT
from cchc.domain.errors import UserError
from cchc.i18n import _
from cchc.render.output import Col, Format, render, say

app = typer.Typer(help=_("The database file: path, status, upgrade, backup."), no_args_is_help=True)


@app.command("path")
def path_cmd() -> None:
    """Print the database file's path."""
    say(state.db_path())


@app.command("status")
def status_cmd(fmt: Format = FORMAT) -> None:
    """Create or upgrade the database if needed and show its revision and row counts."""
    from cchc.commands.common import store
    from cchc.store.schema import HEAD

    with store() as db:
        revision = db.read.revision()
        rows = [{"table": t, "rows": n} for t, n in db.read.table_rows()]
    if fmt == Format.json:
        from cchc.render.output import to_json

        print(to_json({"path": str(state.db_path()), "revision": revision, "head": HEAD,
                       "up_to_date": revision == HEAD, "tables": rows}))
        return
    say(_("Database: {path}").format(path=state.db_path()))
    print(_("Schema revision: {rev} (current)").format(rev=revision) if revision == HEAD
          else _("Schema revision: {rev} (behind {head})").format(rev=revision, head=HEAD))
    render(rows, [Col("table", _("Table")), Col("rows", _("Rows"), justify="right")], fmt)


@app.command("upgrade")
def upgrade_cmd() -> None:
    """Upgrade the database to the current schema (done automatically on open)."""
    from cchc.commands.common import store

    with store() as db:
        say(_("Database {path} is at schema {rev}.").format(path=state.db_path(), rev=db.read.revision()))


@app.command("backup")
def backup_cmd(
    target: Path = typer.Argument(..., help=_("Backup file to write.")),
    force: bool = typer.Option(False, "--force", help=_("Overwrite an existing file.")),
) -> None:
    """Copy the database with SQLite's online backup (safe while cchc is in use)."""
    from cchc.commands.common import store
    from cchc.store import backup

    if target.exists() and not force:
        raise UserError(_("{path}: exists; use --force to overwrite it").format(path=target))
    if target.is_dir():
        raise UserError(_("{path}: is a folder").format(path=target))
    with store() as db:
        backup(db, target)
    say(_("Backed up {src} to {dst}").format(src=state.db_path(), dst=target))


@app.command("check")
def check_cmd(fmt: Format = FORMAT) -> None:
    """Check the file's integrity and cchc's own rules; exit 1 if anything is wrong."""
    from cchc.commands.common import store

    with store() as db:
        problems = [{"check": p.check, "detail": p.detail} for p in db.read.problems()]
    if fmt == Format.json:
        from cchc.render.output import to_json

        print(to_json({"ok": not problems, "problems": problems}))
    elif problems:
        render(problems, [Col("check", _("Check")), Col("detail", _("Problem"), wrap=True)], fmt)
    else:
        say(_("Database {path}: no problem found.").format(path=state.db_path()))
    if problems:
        raise typer.Exit(1)


@app.command("restore")
def restore_cmd(
    backup: Path = typer.Argument(..., help=_("Backup file made by cchc db backup.")),
    yes: bool = typer.Option(False, "--yes", "-y", help=_("Do not ask for confirmation.")),
) -> None:
    """Replace the database with a backup; the replaced file is kept as a dated copy."""
    from cchc.store import restore, validate_backup

    validate_backup(backup)
    target = state.db_path()
    if not yes:
        from cchc.commands.prompt import confirm

        confirm(_("Replace {db} with {backup}?").format(db=target, backup=backup))
    kept = restore(backup, target)
    if kept:
        say(_("Restored {backup}; the replaced database is kept as {kept}").format(backup=backup, kept=kept))
    else:
        say(_("Restored {backup} to {db}").format(backup=backup, db=target))


@app.command("init")
def init_cmd() -> None:
    """Create an empty database (or upgrade an older one) at the path of --db."""
    from cchc.commands.common import store

    with store(create=True) as db:
        revision = db.read.revision()
    say(_("Database {path} is ready (schema {rev}).").format(path=state.db_path(), rev=revision))
