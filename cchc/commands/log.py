"""`cchc log`: every recorded change, oldest first."""

from __future__ import annotations

import typer

from cchc.commands import values
from cchc.commands.filters import OptStr
from cchc.commands.params import option
from cchc.commands.options import FORMAT
from cchc.domain.errors import NotFound, UserError
from cchc.i18n import _
from cchc.render.output import Format
from cchc.render.task import change_field, change_text


def log_cmd(task: OptStr = option(values.TASK_ID, "--task", "-t", help=_("Only the changes of this task id.")),
            since: OptStr = typer.Option(None, "--since", help=_("Only changes on or after DATE (dd/mm/yyyy)."), metavar=_("DATE")),
            fmt: Format = FORMAT) -> None:
    """List recorded changes: when, operation, command, task, field, old → new, note.

    The rows an import adds are not listed one by one (cchc changes shows the import)."""
    from cchc.commands.common import store
    from cchc.domain.dates import parse_user_date

    if task is not None and (not task.strip().isdigit() or len(task.strip()) > 18):
        raise UserError(_("--task: '{id}' is not a task id (see cchc task list)").format(id=task))
    day = parse_user_date(since, "--since") if since else None
    with store() as db:
        if task is not None and not db.read.task_exists(int(task)):
            raise NotFound(_("no task with id {id} (see cchc task list)").format(id=task))
        rows = db.read.changes(task_id=int(task) if task else None, since=day, added_by_imports=False)
    from cchc.render.output import View, emit

    # a change undone since is struck through: at 80 columns there is no room for "undone by N"
    emit(View(rows, log_columns(), empty=_("No change recorded."), row_style=_undone_style), fmt)


def _undone_style(change) -> str | None:
    return "strike dim" if change.undone_by else None


def log_columns():
    """When, operation, command, task id, field, old → new, note, undone by."""
    from cchc.render.columns import Column, pick

    return pick("at", "operation_id") + [
        Column("command", _("Command"), cut=True, min_width=8, drop=3),
        Column("task_id", _("Task"), "id"),
        Column("field", _("Field"), "code", words=lambda _v, r: change_field(r)),
        Column("change", _("Old → new"), fold=True, min_width=12, value=lambda r: (r.old, r.new),
               words=lambda _v, r: change_text(r)),
        Column("note", _("Note"), fold=True, min_width=8, drop=2),
        Column("undone_by", "", "code", drop=1, words=lambda v, _r: _("undone by {id}").format(id=v) if v else "")]
