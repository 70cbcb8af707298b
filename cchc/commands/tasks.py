"""`cchc task list|show`: the plan's tasks."""

from __future__ import annotations

import typer

from cchc.commands import values
from cchc.commands.filters import AGENCY, AREA, LEVEL, PLAN, SEARCH, STATUS, OptStr
from cchc.commands.options import FORMAT
from cchc.commands.params import argument
from cchc.i18n import _
from cchc.render.output import Format, to_json

app = typer.Typer(help=_("The plan's tasks: list and show."), no_args_is_help=True)


def _deadlines(row) -> str:
    from cchc.domain.dates import format_date

    parts = []
    for number, m in enumerate(row.milestones, 1):
        due = format_date(m.due) if m.due else {"ongoing": _("ongoing"), "event": _("needs a date")}.get(m.kind, _("no date"))
        parts.append(f"#{number} " + (f"{m.label}: " if m.label else "") + due + (" ✓" if m.done_on else "")
                     + (" (!)" if m.needs_review else ""))
    return "\n".join(parts)


@app.command("list")
def list_cmd(plan: OptStr = PLAN, area: OptStr = AREA, level: OptStr = LEVEL, agency: OptStr = AGENCY,
             status: OptStr = STATUS, search: OptStr = SEARCH, fmt: Format = FORMAT) -> None:
    """List tasks with their lead agency, deadline and status."""
    from cchc.commands.common import store
    from cchc.domain.filters import Filters

    from cchc.render.output import View, emit

    with store() as db:  # JSON and CSV are written as the rows are read
        rows = db.read.iter_tasks(Filters(plan=plan, area=area, agency=agency, status=status, search=search,
                                          level=level))
        emit(View(rows, list_columns(), empty=_("No task matches.")), fmt)


def list_columns():
    """ID, area, ref, task, lead, deadlines (each milestone: number, label, date), status.
    CSV gets the deadline as the plan wrote it."""
    from cchc.render.columns import Column, pick

    deadlines = Column("deadline_text", _("Due"), fold=True, min_width=14, drop=2, words=lambda _text, t: _deadlines(t))
    return (pick("id", "area", "ref", "text", "lead_agency", area={"drop": 1}, lead_agency={"drop": 3})
            + [deadlines] + pick("status", status={"drop": 0}))


@app.command("show")
def show_cmd(task_id: int = argument(values.TASK_NUMBER, help=_("Task id (see cchc task list).")),
             fmt: Format = FORMAT) -> None:
    """Show one task: milestones, agencies, notes, evidence and history."""
    from cchc.commands.common import store
    from cchc.domain.errors import NotFound
    from cchc.domain.task_detail import task_detail

    if not 0 < task_id < 2 ** 63:
        raise NotFound(_("no task with id {id} (see cchc task list)").format(id=task_id))
    with store() as db:
        record = db.read.task(task_id)
        task = task_detail(record, db.read.notes(task_id), db.read.evidence(task_id=task_id).get(task_id, []),
                           db.read.changes(task_id=task_id))
    if fmt == Format.json:
        print(to_json(task))
        return
    from cchc.render.task import print_task

    print_task(task)
