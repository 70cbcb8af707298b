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
    say(_("Schema revision: {rev} (current)").format(rev=revision) if revision == HEAD
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
def check_cmd(fmt: Format = FORMAT,
              repair: bool = typer.Option(False, "--repair", help=_(
                  "Store again, from their rows, the tasks' JSON the check finds wrong."))) -> None:
    """Check the file's integrity and cchc's own rules; exit 1 if anything is wrong."""
    from cchc.commands.common import store
    from cchc.store import problems as check

    found, damaged = check(store())
    stale = [p.row_id for p in found if p.check == "task_json"]
    if repair and stale:
        from cchc.store.task_json import store_again

        with store() as db:
            db.write("db check --repair", lambda tx: store_again(tx.db, stale))
        found = [p for p in found if p.check != "task_json"]
        say(_("Stored again, from their rows, the JSON of {n} task(s).").format(n=len(stale)))
    damaged = damaged or any(p.check == "integrity" for p in found)
    problems = [{"check": p.check, "detail": p.detail, "table": p.table} for p in found]
    if fmt == Format.json:
        from cchc.render.output import to_json

        print(to_json({"ok": not problems, "damaged": damaged, "problems": problems}))
    elif problems:
        render(problems, [Col("check", _("Check")), Col("detail", _("Problem"), wrap=True)], fmt)
        if damaged:
            say(_("The file is damaged: cchc db recover NEW.db saves every row that can still be read."))
    else:
        say(_("Database {path}: no problem found.").format(path=state.db_path()))
    if problems:
        raise typer.Exit(1)


@app.command("copy")
def copy_cmd(
    to: str = typer.Option(..., "--to", metavar="URL",
                           help=_("The province's database (postgresql://ROLE@HOST/DB; the password in a password file).")),
) -> None:
    """Copy this database into a province's PostgreSQL database: plans, tasks, statuses, evidence, notes,
    indicator values and the whole history (log and undo go on working). Running it again changes nothing."""
    from cchc.commands.common import store
    from cchc.store import open_store
    from cchc.store.copy import copy_store
    from cchc.store.dialect import shown_target

    with store() as source, open_store(to) as target:
        result = copy_store(source, target)
    communes = ", ".join(result.owners) or _("no commune")
    if result.already:
        say(_("{db} already holds this history of {communes}: nothing copied.").format(db=shown_target(to),
                                                                                        communes=communes))
        return
    say(_("Copied {communes} into {db}: {plans} plans, {tasks} tasks, {operations} operations, {rows} rows in all.")
          .format(communes=communes, db=shown_target(to), plans=result.rows.get("plan", 0),
                  tasks=result.rows.get("task", 0), operations=result.rows.get("operation", 0),
                  rows=sum(result.rows.values())))


@app.command("recover")
def recover_cmd(target: Path = typer.Argument(..., help=_("The new database file to save the rows into."))) -> None:
    """Save every row that can still be read from a damaged database into a new database file."""
    from cchc.store import recover

    source = state.db_path()
    done = recover(source, target)
    rows = [{"table": t.table, "rows": t.rows,
             "note": "; ".join(n for n in (_("some rows could not be read") if t.damaged else "",
                                           _("{n} rows clash with others and were left out").format(n=t.conflicts)
                                           if t.conflicts else "") if n)} for t in done.tables]
    render(rows, [Col("table", _("Table")), Col("rows", _("Rows saved"), justify="right"), Col("note", _("Note"))])
    if done.orphans:
        say(_("{n} saved rows refer to rows that were lost (cchc db check lists them).").format(n=done.orphans))
    if done.remade:
        say(_("Lost from the file's list of tables, made again empty: {names}.").format(names=", ".join(done.remade)))
    if done.indexes_left_out:
        say(_("Indexes not made again (their table or declaration is lost, or saved values clash): {names}.")
              .format(names=", ".join(done.indexes_left_out)))
    say(_("Saved into {target}. Check it with cchc --db {target} db check, then use it with cchc db restore {target}.")
          .format(target=target))


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
