"""`cchc task list|show`: the plan's tasks."""

from __future__ import annotations

import typer

from cchc.commands.filters import AGENCY, AREA, LEVEL, PLAN, SEARCH, STATUS, OptStr
from cchc.commands.options import FORMAT
from cchc.i18n import _
from cchc.output import Col, Format, render, to_json

app = typer.Typer(help=_("The plan's tasks: list and show."), no_args_is_help=True)


def _deadlines(row: dict) -> str:
    parts = []
    for m in row["milestones"]:
        due = m["due"].strftime("%d/%m/%Y") if m["due"] else {"ongoing": _("ongoing"), "event": _("needs a date")}.get(m["kind"], _("no date"))
        parts.append((f"{m['label']}: " if m["label"] else "") + due + (" ✓" if m["done_on"] else "") + (" (!)" if m["needs_review"] else ""))
    return "; ".join(parts)


@app.command("list")
def list_cmd(plan: OptStr = PLAN, area: OptStr = AREA, level: OptStr = LEVEL, agency: OptStr = AGENCY,
             status: OptStr = STATUS, search: OptStr = SEARCH, fmt: Format = FORMAT) -> None:
    """List tasks with their lead agency, deadline and status."""
    from cchc import db
    from cchc.queries import Filters, load_tasks

    with db.read() as conn:
        rows = load_tasks(conn, Filters(plan=plan, area=area, agency=agency, status=status, search=search, level=level))
    if fmt == Format.json:
        print(to_json(rows))
        return
    from cchc.domain.vocabulary import status_label

    for row in rows:
        row["due"] = _deadlines(row)
        row["cooperating"] = "; ".join(row["cooperating_agencies"])
        row["status"] = status_label(row["status"])
    render(rows, [Col("id", "ID", justify="right"), Col("area", _("Area")), Col("ref", _("Ref")),
                  Col("text", _("Task"), wrap=True), Col("lead_agency", _("Lead")), Col("due", _("Due"), wrap=True),
                  Col("status", _("Status"))], fmt, empty=_("No task matches."))


@app.command("show")
def show_cmd(task_id: int = typer.Argument(..., help=_("Task id (see cchc task list).")), fmt: Format = FORMAT) -> None:
    """Show one task: milestones, agencies, notes, evidence and history."""
    from cchc import db
    from cchc.task_detail import load_task

    with db.read() as conn:
        task = load_task(conn, task_id)
    if fmt == Format.json:
        print(to_json(task))
        return
    from cchc.task_detail import print_task

    print_task(task)
