"""One task in full: milestones, agencies, notes, evidence and history."""

from __future__ import annotations

import sqlite3

from cchc.errors import NotFound
from cchc.history import decode
from cchc.i18n import _
from cchc.queries import Filters, load_tasks


def load_task(conn: sqlite3.Connection, task_id: int) -> dict:
    plan = conn.execute("SELECT plan_id FROM task WHERE id = ?", (task_id,)).fetchone()
    if plan is None:
        raise NotFound(_("no task with id {id} (see cchc task list)").format(id=task_id))
    rows = [r for r in load_tasks(conn, Filters(plan=str(plan[0]))) if r["id"] == task_id]
    if not rows:  # removed from an amended plan: still shown on request
        raise NotFound(_("task {id} was removed from its plan by a later import").format(id=task_id))
    task = rows[0]
    task["notes"] = [dict(r) for r in conn.execute(
        "SELECT text, created_at FROM note WHERE task_id = ? ORDER BY id", (task_id,))]
    task["evidence"] = [dict(r) for r in conn.execute(
        "SELECT milestone_id, text, file_path, file_sha256, created_at FROM evidence WHERE task_id = ? ORDER BY id",
        (task_id,))]
    task["history"] = [{**dict(r), "old": decode(r["old"]), "new": decode(r["new"])} for r in conn.execute(
        """SELECT c.at, c.operation_id, o.command, c.entity, c.entity_id, c.field, c.old, c.new, c.note
           FROM change c JOIN operation o ON o.id = c.operation_id WHERE c.task_id = ? ORDER BY c.id""", (task_id,))]
    return task


def print_task(task: dict) -> None:
    from cchc.output import Col, render

    print(f"[{task['id']}] {task['area']} {task['ref']} ({task['level']}) — {task['status']}")
    print(task["text"])
    for label, key in ((_("Product"), "product"), (_("Lead"), "lead_agency"), (_("Deadline (as written)"), "deadline_text")):
        if task.get(key):
            print(f"{label}: {task[key]}")
    if task["cooperating_agencies"]:
        print(f"{_('Cooperating')}: {'; '.join(task['cooperating_agencies'])}")
    print()
    render(task["milestones"], [Col("id", "#", justify="right"), Col("label", _("Label")), Col("kind", _("Kind")),
                                Col("due", _("Due")), Col("done_on", _("Done on")), Col("on_time", _("On time")),
                                Col("review_reason", _("Review"), wrap=True)])
    for title, key, cols in (
        (_("Notes"), "notes", [Col("created_at", _("When")), Col("text", _("Note"), wrap=True)]),
        (_("Evidence"), "evidence", [Col("created_at", _("When")), Col("text", _("Evidence"), wrap=True), Col("file_path", _("File"))]),
        (_("History"), "history", [Col("at", _("When")), Col("command", _("Command")), Col("field", _("Field")),
                                    Col("old", _("Old")), Col("new", _("New"))]),
    ):
        if task[key]:
            print(f"\n{title}:")
            render(task[key], cols)
