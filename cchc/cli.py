"""The `cchc` command: global options and the list of commands.

Command modules import only typer and light cchc modules at the top; heavy
libraries (sqlalchemy, alembic, docx, openpyxl) are imported inside commands.
"""

from __future__ import annotations

import inspect
import os
import sys
from typing import Optional

import typer

from cchc import __version__, state
from cchc.commands import agencies, export, indicators, log, plans, province, tasks, tracking, typer_words, views
from cchc.commands import config as config_cmds
from cchc.commands import report as report_cmds
from cchc.commands import db as db_cmd
from cchc.commands import summary as summary_cmds
from cchc.commands.common import CchcGroup
from cchc.commands.deadline import deadline_cmd
from cchc.commands.importing import import_cmd
from cchc.commands.template import template_cmd
from cchc.i18n import _

app = typer.Typer(
    name="cchc",
    cls=CchcGroup,
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


# In the order `cchc --help` lists them: daily work first.
_COMMANDS = (
    ("import", import_cmd), ("plan", plans.app), ("task", tasks.app),
    ("due", views.due_cmd), ("overdue", views.overdue_cmd), ("agenda", views.agenda_cmd), ("remind", views.remind_cmd),
    ("start", tracking.start_cmd), ("done", tracking.done_cmd), ("drop", tracking.drop_cmd),
    ("status", tracking.status_cmd), ("note", tracking.note_cmd), ("evidence", tracking.evidence_cmd),
    ("set-due", tracking.set_due_cmd), ("undo", tracking.undo_cmd), ("log", log.log_cmd),
    ("indicator", indicators.app), ("summary", summary_cmds.summary_cmd), ("report", report_cmds.report_cmd),
    ("changes", summary_cmds.changes_cmd), ("export", export.app), ("template", template_cmd),
    ("deadline", deadline_cmd), ("agency", agencies.app), ("config", config_cmds.app), ("db", db_cmd.app),
    ("province", province.app),
)


def _register(parent: typer.Typer) -> None:
    for name, target in _COMMANDS:
        if isinstance(target, typer.Typer):
            parent.add_typer(target, name=name)
        else:
            parent.command(name, cls=getattr(target, "command_class", None))(target)


def _translate_help(typer_app: typer.Typer) -> None:
    """Command help comes from docstrings; give typer their translation."""
    for info in typer_app.registered_commands:
        if info.help is None and info.callback.__doc__:
            info.help = _(inspect.getdoc(info.callback))
    for group in typer_app.registered_groups:
        _translate_help(group.typer_instance)


_register(app)
_translate_help(app)
typer_words.install()


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
        print(_("cchc: interrupted; nothing was changed by the unfinished command"), file=sys.stderr)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 — a user never sees a traceback
        if os.environ.get("CCHC_DEBUG"):
            raise
        print(_("cchc: internal error: {error} (CCHC_DEBUG=1 shows details)").format(
            error=f"{exc.__class__.__name__}: {exc}"), file=sys.stderr)
        sys.exit(70)
