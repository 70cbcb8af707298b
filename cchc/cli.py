"""The `cchc` command: global options and the list of commands.

Command modules import only typer and light cchc modules at the top; heavy
libraries (sqlalchemy, alembic, docx, openpyxl) are imported inside commands.
"""

from __future__ import annotations

import os
import sys
from typing import Optional

import typer

from cchc import __version__, state
from cchc.commands import agencies, plans, tasks
from cchc.commands import db as db_cmd
from cchc.commands import indicators
from cchc.commands.deadline import deadline_cmd
from cchc.commands.importing import import_cmd
from cchc.commands.template import template_cmd
from cchc.commands import export, views
from cchc.commands import log, tracking
from cchc.commands import summary as summary_cmds
from cchc.i18n import _

app = typer.Typer(
    name="cchc",
    help=_("Track a commune's administrative-reform (CCHC) plan: tasks, deadlines, indicators."),
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"cchc {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    db: Optional[str] = typer.Option(None, "--db", help=_("Database file (else CCHC_DB, else the user data folder)."), metavar="PATH"),
    today: Optional[str] = typer.Option(None, "--today", help=_("Pretend today is DATE (dd/mm/yyyy or yyyy-mm-dd; also CCHC_TODAY)."), metavar="DATE"),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help=_("Show the version and exit.")),
) -> None:
    state.STATE.db = db
    state.STATE.today = today


app.command("import")(import_cmd)
app.command("template")(template_cmd)
app.command("deadline")(deadline_cmd)
app.add_typer(plans.app, name="plan")
app.add_typer(tasks.app, name="task")
app.add_typer(agencies.app, name="agency")
app.add_typer(db_cmd.app, name="db")
app.add_typer(indicators.app, name="indicator")
app.command("due")(views.due_cmd)
app.command("overdue")(views.overdue_cmd)
app.command("agenda")(views.agenda_cmd)
app.command("remind")(views.remind_cmd)
app.add_typer(export.app, name="export")
for _name in ("summary", "report", "changes"):
    app.command(_name)(getattr(summary_cmds, f"{_name}_cmd"))
for _name, _cmd in (("start", tracking.start_cmd), ("done", tracking.done_cmd), ("drop", tracking.drop_cmd),
                   ("status", tracking.status_cmd), ("note", tracking.note_cmd), ("evidence", tracking.evidence_cmd),
                   ("set-due", tracking.set_due_cmd), ("undo", tracking.undo_cmd), ("log", log.log_cmd)):
    app.command(_name)(_cmd)


def _utf8_streams() -> None:
    """Vietnamese text must not crash a Windows console or pipe in a legacy code page."""
    for stream in (sys.stdout, sys.stderr):
        if (getattr(stream, "encoding", "") or "").lower().replace("-", "") != "utf8":
            try:
                stream.reconfigure(encoding="utf-8", errors="replace")
            except (AttributeError, ValueError):
                pass


def main() -> None:
    _utf8_streams()
    command = typer.main.get_command(app)
    try:
        command.main(prog_name="cchc")
    except KeyboardInterrupt:
        print("cchc: interrupted; nothing was changed by the unfinished command", file=sys.stderr)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 — a user never sees a traceback
        if os.environ.get("CCHC_DEBUG"):
            raise
        print(f"cchc: internal error: {exc.__class__.__name__}: {exc} (CCHC_DEBUG=1 shows details)", file=sys.stderr)
        sys.exit(70)
