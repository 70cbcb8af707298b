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
from cchc.commands import typer_words
from cchc.commands.common import CchcGroup
from cchc.i18n import _

C = "cchc.commands."
# In the order `cchc --help` lists them, daily work first: name, where the command is (imported only
# when it is run, completed or asked for help), and the first sentence of its help.
COMMANDS = [
    ("import", C + "importing:import_cmd", _("Import plan documents: tasks per area, lead agencies and dated milestones (several files: all or none).")),
    ("plan", C + "plans:app", _("Imported plans: list, show, choose the current one.")),
    ("task", C + "tasks:app", _("The plan's tasks: list, show, add, edit.")),
    ("due", C + "views:due_cmd", _("Open milestones due in a period, soonest first (default: the next 14 days).")),
    ("overdue", C + "views:overdue_cmd", _("Open milestones past their due date, most late first.")),
    ("agenda", C + "views:agenda_cmd", _("A timeline of what falls due, month by month, with counts per area.")),
    ("remind", C + "views:remind_cmd", _("For each lead agency, a message in Vietnamese listing its overdue and upcoming tasks, to paste when chasing.")),
    ("start", C + "tracking:start_cmd", _("Mark tasks in progress (with --milestone N: reopen that milestone if it was done).")),
    ("done", C + "tracking:done_cmd", _("Mark tasks done on a date, with evidence: the milestones due by then (else the next one), or milestone N.")),
    ("drop", C + "tracking:drop_cmd", _("Mark tasks dropped (không thực hiện); --reason is required and kept as a note.")),
    ("status", C + "tracking:status_cmd", _("Set the status of tasks (done closes their open milestones on --on, default today).")),
    ("note", C + "tracking:note_cmd", _("Add a note to a task (shown by cchc task show), or to the plan; --kind places it in reports.")),
    ("evidence", C + "tracking:evidence_cmd", _("Record evidence (tài liệu kiểm chứng) for a task: text, a file, or both.")),
    ("set-due", C + "tracking:set_due_cmd", _("Give a milestone its due date (events, unspecified) or correct one; clears the review flag.")),
    ("undo", C + "tracking:undo_cmd", _("Undo your last operation (one command); run again to go further back.")),
    ("log", C + "log:log_cmd", _("List recorded changes: when, operation, command, task, field, old → new, note.")),
    ("indicator", C + "indicators:app", _("Indicators (chỉ tiêu): targets, recorded values, attainment.")),
    ("summary", C + "summary:summary_cmd", _("Before a meeting: progress per area and agency, indicators, the next 14 days, what needs review.")),
    ("report", C + "report:report_cmd", _("Draft the CCHC report on a quarter, 6 or 9 months or a year (in Vietnamese): Word, Markdown or HTML.")),
    ("changes", C + "summary:changes_cmd", _("What changed since a date: tasks done, started, dropped; evidence, notes, indicator values.")),
    ("export", C + "export:app", _("Export the plan to other formats.")),
    ("template", C + "template:template_cmd", _("Write an empty plan spreadsheet to fill in and import: the columns, two example rows, the area codes.")),
    ("deadline", C + "deadline:deadline_cmd", _("Show how a deadline phrase is read: milestones, kinds and due dates.")),
    ("agency", C + "agencies:app", _("Agencies: list them with their spellings, merge duplicates.")),
    ("config", C + "config:app", _("Settings of the plan's commune: the signer and the recipients of its reports.")),
    ("db", C + "db:app", _("The database file: path, status, upgrade, backup.")),
    ("province", C + "province:app", _("A province database on PostgreSQL: set-up, communes, roll-up views.")),
]


class Cchc(CchcGroup):
    registry = COMMANDS


app = typer.Typer(
    name="cchc",
    cls=Cchc,
    help=_("Track a commune's administrative-reform (CCHC) plan: tasks, deadlines, indicators."),
    no_args_is_help=True,
    add_completion=False,  # cchc's own --install-completion below: translated, and imported only when used
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"cchc {__version__}")
        raise typer.Exit()


def _install_completion(ctx: typer.Context, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from cchc.commands.completion import install

    install(ctx)


def _show_completion(ctx: typer.Context, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from cchc.commands.completion import show

    show(ctx)


@app.callback()
def main_options(
    db: Optional[str] = typer.Option(None, "--db", help=_("Database file (else CCHC_DB, else the user data folder)."), metavar=_("PATH")),
    today: Optional[str] = typer.Option(None, "--today", help=_("Pretend today is DATE (dd/mm/yyyy or yyyy-mm-dd; also CCHC_TODAY)."), metavar=_("DATE")),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help=_("Show the version and exit.")),
    install_completion: bool = typer.Option(False, "--install-completion", callback=_install_completion,
                                            expose_value=False, help=_("Install completion for the current shell.")),
    show_completion: bool = typer.Option(False, "--show-completion", callback=_show_completion, expose_value=False,
                                         help=_("Show completion for the current shell, to copy it or customize the installation.")),
) -> None:
    state.STATE.db = db
    state.STATE.today = today


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
    except KeyboardInterrupt:  # Ctrl-C: every write is one transaction, so nothing is half done; say nothing
        sys.exit(130)
    except BrokenPipeError:  # `cchc … | head`: the reader has what it wanted
        _quiet_stdout()
        sys.exit(0)
    except Exception as exc:  # noqa: BLE001 — a user never sees a traceback
        if os.environ.get("CCHC_DEBUG"):
            raise
        print(_("cchc: internal error: {error} (CCHC_DEBUG=1 shows details)").format(
            error=f"{exc.__class__.__name__}: {exc}"), file=sys.stderr)
        sys.exit(70)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so that Python's last flush does not report the closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
