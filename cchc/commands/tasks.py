"""`cchc task list|show`: the plan's tasks."""

from __future__ import annotations

import typer

from cchc.commands import values
from cchc.commands.filters import AGENCY, AREA, LEVEL, PLAN, SEARCH, STATUS, OptStr
from cchc.commands.options import FORMAT
from cchc.commands.params import argument, option
from cchc.i18n import _
from cchc.render.output import Format, say, to_json

app = typer.Typer(help=_("The plan's tasks: list, show, add, edit."), no_args_is_help=True)


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
        filters = Filters(plan=plan, area=area, agency=agency, status=status, search=search, level=level)
        lines = None if search else (lambda: db.read.task_json(filters))
        emit(View(db.read.iter_tasks(filters), list_columns(), empty=_("No task matches."), json_lines=lines), fmt)


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


# -- correcting the plan -------------------------------------------------------------------

TEXT = option(values.TEXT, "--text", help=_("What is to be done."))
LEAD = option(values.AGENCY, "--lead", help=_("Lead agency, as the decision writes it."))
COOPERATING = option(values.TEXT, "--cooperating", help=_("Cooperating agencies, separated by ';'."))
DEADLINE = option(values.TEXT, "--deadline", help=_("Deadline as written (\"Quý III/2026\"); read into milestones."))
REF = option(values.TEXT, "--ref", help=_("The plan's number for it (TT)."))
PRODUCT = option(values.TEXT, "--product", help=_("Expected product."))


def _edit(area, ref, level, text, product, lead, cooperating, deadline):
    from cchc.domain.errors import UserError
    from cchc.domain.vocabulary import AREAS, LEVELS, area_code
    from cchc.store.task_edits import TaskEdit

    code = None
    if area is not None:
        code = area_code(area)
        if code is None:
            raise UserError(_("unknown area '{area}' (codes: {codes})").format(area=area, codes=", ".join(AREAS)),
                            field="area")
    if level is not None and level not in LEVELS:
        raise UserError(_("'{level}' is not one of {levels}").format(level=level, levels=", ".join(LEVELS)),
                        field="level")
    if text is not None and not text.strip():
        raise UserError(_("the task needs its text"), field="text")
    split = None if cooperating is None else [c.strip() for c in cooperating.split(";") if c.strip()]
    strip = (lambda v: None if v is None else v.strip())
    return TaskEdit(area=code, ref=strip(ref), level=level, text=strip(text), product=strip(product),
                    lead=strip(lead), cooperating=split, deadline=strip(deadline))


@app.command("add")
def add_cmd(area: OptStr = AREA, text: OptStr = TEXT, lead: OptStr = LEAD, cooperating: OptStr = COOPERATING,
            deadline: OptStr = DEADLINE, ref: OptStr = REF, level: OptStr = LEVEL, product: OptStr = PRODUCT,
            plan: OptStr = option(values.ONE_PLAN, "--plan", help=_("Plan id (default: the current plan)."))) -> None:
    """Add a task the plan did not have (a decision of the chairman mid-year); undo removes it."""
    from cchc.commands.common import store
    from cchc.domain.errors import UserError
    from cchc.store.task_edits import add_task

    for name, value in (("--area", area), ("--text", text), ("--lead", lead)):
        if value is None:
            raise UserError(_("task add needs {option}").format(option=name))
    edit = _edit(area, ref, level, text, product, lead, cooperating, deadline)
    with store() as db:
        plan_id = db.read.one_plan_id(plan)
        task_id, n = db.write(f"task add --area {edit.area} --ref {edit.ref or '-'}",
                              lambda tx: add_task(tx, plan_id, edit))
    say(_("Added task {id} to plan {plan} ({area} {ref}) with {n} milestones; see cchc task show {id}.").format(
        id=task_id, plan=plan_id, area=edit.area, ref=edit.ref or "-", n=n))


@app.command("edit")
def edit_cmd(task_id: int = argument(values.TASK_NUMBER, help=_("Task id (see cchc task list).")),
             text: OptStr = TEXT, lead: OptStr = LEAD, cooperating: OptStr = COOPERATING, deadline: OptStr = DEADLINE,
             area: OptStr = AREA, ref: OptStr = REF, level: OptStr = LEVEL, product: OptStr = PRODUCT) -> None:
    """Correct a task: its text, lead and cooperating agencies, deadline (read again into milestones), area or ref."""
    from cchc.commands.common import store
    from cchc.domain.errors import UserError
    from cchc.store.task_edits import edit_task

    if all(v is None for v in (text, lead, cooperating, deadline, area, ref, level, product)):
        raise UserError(_("nothing to change; give --text, --lead, --cooperating, --deadline, --area, --ref, "
                          "--level or --product"))
    edit = _edit(area, ref, level, text, product, lead, cooperating, deadline)
    with store() as db:
        db.read.task(task_id)  # an unknown or removed task: one line
        changed = db.write(f"task edit {task_id}", lambda tx: edit_task(tx, task_id, edit))
    from cchc.render.task import change_field

    words = ", ".join(change_field({"entity": "task", "field": "cooperating" if n == "cooperating" else n})
                      for n in changed)
    say(_("Task {id}: changed {fields}.").format(id=task_id, fields=words) if changed
        else _("Task {id}: nothing changed.").format(id=task_id))
