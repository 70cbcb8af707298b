"""One task in full: milestones, agencies, notes, evidence and history; the change log."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

from cchc.domain.errors import NotFound
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
    numbers = {}
    for number, m in enumerate(task["milestones"], 1):  # the N of --milestone N
        m["number"] = numbers[m["id"]] = number
    task["notes"] = [{**dict(r), "created_at": _when(r["created_at"])} for r in conn.execute(
        "SELECT id, text, created_at FROM note WHERE task_id = ? ORDER BY id", (task_id,))]
    task["evidence"] = [{**dict(r), "milestone": numbers.get(r["milestone_id"]), "created_at": _when(r["created_at"])}
                        for r in conn.execute(
        "SELECT id, milestone_id, text, file_path, file_sha256, created_at FROM evidence WHERE task_id = ? ORDER BY id",
        (task_id,))]
    task["history"] = load_changes(conn, task_id=task_id)
    return task


def load_changes(conn: sqlite3.Connection, *, task_id: int | None = None, since: date | None = None,
                 operation_id: int | None = None) -> list[dict]:
    """Recorded changes, oldest first, with their operation; values decoded from JSON."""
    where, params = ["1 = 1"], []
    if task_id is not None:
        where.append("c.task_id = ?")
        params.append(task_id)
    if since is not None:
        where.append("c.at >= ?")
        params.append(since.isoformat())
    if operation_id is not None:
        where.append("c.operation_id = ?")
        params.append(operation_id)
    rows = conn.execute(
        f"""SELECT c.id, c.at, c.operation_id, o.command, o.undoes_id AS undoes, o.undone_by_id AS undone_by,
                   c.task_id, t.ref AS task_ref, c.entity, c.entity_id, c.field, c.old, c.new, c.note
            FROM change c JOIN operation o ON o.id = c.operation_id LEFT JOIN task t ON t.id = c.task_id
            WHERE {' AND '.join(where)} ORDER BY c.id""", params)
    return [{**dict(r), "at": _when(r["at"]), "old": decode(r["old"]), "new": decode(r["new"])} for r in rows]


def last_operation(conn: sqlite3.Connection) -> dict | None:
    """The operation `cchc undo` would revert: the latest not undone and not itself an undo."""
    row = conn.execute("""SELECT id, command, created_at FROM operation
                          WHERE undone_by_id IS NULL AND undoes_id IS NULL ORDER BY id DESC LIMIT 1""").fetchone()
    return {**dict(row), "created_at": _when(row["created_at"])} if row else None


def _when(value):
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def change_text(change: dict) -> str:
    """'old → new' as a person reads it (dates dd/mm/yyyy, statuses by name, rows by their kind)."""
    if change["field"] == "created":
        return _("added")
    if change["field"] == "deleted":
        return _("deleted")
    old, new = change["old"], change["new"]
    if change["entity"] == "task" and change["field"] == "status":
        from cchc.domain.vocabulary import status_label

        old, new = status_label(old), status_label(new)
    elif change["entity"] == "task" and change["field"] == "level":
        from cchc.domain.vocabulary import level_label

        old, new = level_label(old), level_label(new)
    return f"{_show(old)} → {_show(new)}"


def _field_names() -> dict[str, str]:
    """What changed, as shown in history tables: the codes in English, words in Vietnamese."""
    return {
        "status": _("status"), "text": _("text"), "product": _("product"), "deadline_text": _("deadline_text"),
        "ref": _("ref"), "level": _("level"), "budget": _("budget"), "removed": _("removed"),
        "lead_agency_id": _("lead_agency_id"), "task": _("task"), "note": _("note"), "evidence": _("evidence"),
        "milestone": _("milestone"), "indicator": _("indicator"), "indicator_value": _("indicator_value"),
        "milestone.done_on": _("milestone.done_on"), "milestone.evidence": _("milestone.evidence"),
        "milestone.due": _("milestone.due"), "milestone.needs_review": _("milestone.needs_review"),
        "milestone.review_reason": _("milestone.review_reason"),
    }


def change_field(change: dict) -> str:
    if change["entity"] == "task":
        shown = change["field"]
    elif change["field"] in ("created", "deleted"):
        shown = change["entity"]
    else:
        shown = f"{change['entity']}.{change['field']}"
    return _field_names().get(shown, shown)


def _show(value) -> str:
    from cchc.output import cell

    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return cell(date.fromisoformat(value))
        except ValueError:
            pass
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return "∅" if value is None or value == "" else cell(value)


def on_time_text(value: bool | None) -> str:
    return "" if value is None else (_("on time") if value else _("late"))


def print_task(task: dict) -> None:
    from cchc.output import Col, render
    from cchc.domain.vocabulary import kind_label, level_label, status_label

    print(f"[{task['id']}] {task['area']} {task['ref']} ({level_label(task['level'])}) — {status_label(task['status'])}")
    print(task["text"])
    for label, key in ((_("Product"), "product"), (_("Lead"), "lead_agency"), (_("Deadline (as written)"), "deadline_text")):
        if task.get(key):
            print(f"{label}: {task[key]}")
    if task["cooperating_agencies"]:
        print(_("Cooperating") + ": " + "; ".join(task["cooperating_agencies"]))
    print()
    miles = [{**m, "on_time": on_time_text(m["on_time"]), "kind": kind_label(m["kind"])} for m in task["milestones"]]
    render(miles, [Col("number", "#", justify="right"), Col("label", _("Label")), Col("kind", _("Kind")),
                   Col("due", _("Due")), Col("done_on", _("Done on")), Col("on_time", _("On time")),
                   Col("evidence", _("Evidence"), wrap=True), Col("review_reason", _("Review"), wrap=True)])
    history = [{**c, "what": change_field(c), "change": change_text(c)} for c in task["history"]]
    evidence = [{**e, "file": f"{e['file_path']} (sha256 {e['file_sha256'][:12]}…)" if e["file_path"] else ""}
                for e in task["evidence"]]
    for title, rows, cols in (
        (_("Notes"), task["notes"], [Col("created_at", _("When")), Col("text", _("Note"), wrap=True)]),
        (_("Evidence"), evidence, [Col("created_at", _("When")), Col("milestone", "#", justify="right"),
                                   Col("text", _("Evidence"), wrap=True), Col("file", _("File"), wrap=True)]),
        (_("History"), history, [Col("at", _("When")), Col("operation_id", _("Op"), justify="right"),
                                 Col("command", _("Command")), Col("what", _("Field")),
                                 Col("change", _("Change"), wrap=True), Col("note", _("Note"), wrap=True)]),
    ):
        if rows:
            print(f"\n{title}:")
            render(rows, cols)
