"""`cchc db`: where the database is, its schema revision, backups, upgrades."""

from __future__ import annotations

from pathlib import Path

import typer

from cchc import state
from cchc.commands.options import FORMAT
from cchc.errors import UserError
from cchc.i18n import _
from cchc.output import Col, Format, render

app = typer.Typer(help=_("The database file: path, status, upgrade, backup."), no_args_is_help=True)


@app.command("path")
def path_cmd() -> None:
    """Print the database file's path."""
    print(state.db_path())


@app.command("status")
def status_cmd(fmt: Format = FORMAT) -> None:
    """Create or upgrade the database if needed and show its revision and row counts."""
    from cchc import db
    from cchc.schema_version import HEAD

    with db.read() as conn:
        revision = db.current_revision(conn)
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            "AND name != 'alembic_version' ORDER BY name")]
        rows = [{"table": t, "rows": conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]} for t in tables]
    if fmt == Format.json:
        from cchc.output import to_json

        print(to_json({"path": str(state.db_path()), "revision": revision, "head": HEAD,
                       "up_to_date": revision == HEAD, "tables": rows}))
        return
    print(_("Database: {path}").format(path=state.db_path()))
    print(_("Schema revision: {rev} (current)").format(rev=revision) if revision == HEAD
          else _("Schema revision: {rev} (behind {head})").format(rev=revision, head=HEAD))
    render(rows, [Col("table", _("Table")), Col("rows", _("Rows"), justify="right")], fmt)


@app.command("upgrade")
def upgrade_cmd() -> None:
    """Upgrade the database to the current schema (done automatically on open)."""
    from cchc import db

    with db.read() as conn:
        print(_("Database {path} is at schema {rev}.").format(path=state.db_path(), rev=db.current_revision(conn)))


@app.command("backup")
def backup_cmd(
    target: Path = typer.Argument(..., help=_("Backup file to write.")),
    force: bool = typer.Option(False, "--force", help=_("Overwrite an existing file.")),
) -> None:
    """Copy the database with SQLite's online backup (safe while cchc is in use)."""
    import sqlite3

    from cchc import db

    if target.exists() and not force:
        raise UserError(_("{path}: exists; use --force to overwrite it").format(path=target))
    if target.is_dir():
        raise UserError(_("{path}: is a folder").format(path=target))
    with db.read() as conn:
        tmp = target.with_name(target.name + ".part")
        try:
            dest = sqlite3.connect(tmp)
            with dest:
                conn.backup(dest)
            dest.close()
            tmp.replace(target)
        except (sqlite3.Error, OSError) as exc:
            tmp.unlink(missing_ok=True)
            raise UserError(_("{path}: backup failed ({err})").format(path=target, err=exc)) from None
    print(_("Backed up {src} to {dst}").format(src=state.db_path(), dst=target))
