"""`cchc log`: every recorded change, oldest first."""

from __future__ import annotations

import typer

from cchc.commands.filters import OptStr
from cchc.commands.options import FORMAT
from cchc.domain.errors import NotFound, UserError
from cchc.i18n import _
from cchc.render.output import Col, Format, render, to_json


def log_cmd(task: OptStr = typer.Option(None, "--task", "-t", help=_("Only the changes of this task id."), metavar="ID"),
            since: OptStr = typer.Option(None, "--since", help=_("Only changes on or after DATE (dd/mm/yyyy)."), metavar="DATE"),
            fmt: Format = FORMAT) -> None:
    """List recorded changes: when, operation, command, task, field, old → new, note.

    The rows an import adds are not listed one by one (cchc changes shows the import)."""
    from cchc.commands.common import store
    from cchc.domain.dates import parse_user_date
    from cchc.domain.records import to_data
    from cchc.render.task import change_field, change_text

    if task is not None and (not task.strip().isdigit() or len(task.strip()) > 18):
        raise UserError(_("--task: '{id}' is not a task id (see cchc task list)").format(id=task))
    day = parse_user_date(since, "--since") if since else None
    with store() as db:
        if task is not None and not db.read.task_exists(int(task)):
            raise NotFound(_("no task with id {id} (see cchc task list)").format(id=task))
        rows = db.read.changes(task_id=int(task) if task else None, since=day, added_by_imports=False)
    if fmt == Format.json:
        print(to_json(rows))
        return
    shown = [{**to_data(r), "what": change_field(r), "change": change_text(r),
              "undone": _("undone by {id}").format(id=r.undone_by) if r.undone_by else ""} for r in rows]
    render(shown, [Col("at", _("When")), Col("operation_id", _("Op"), justify="right"), Col("command", _("Command")),
                   Col("task_id", _("Task"), justify="right"), Col("what", _("Field")),
                   Col("change", _("Old → new"), wrap=True), Col("note", _("Note"), wrap=True),
                   Col("undone", "")], fmt, empty=_("No change recorded."))
