"""What changed since a date, from the recorded history, grouped for a meeting.

Pure over the store's Change records and their ChangeContext. Operations
later undone, and the undo operations themselves, are left out: what they
changed no longer holds.
"""

from __future__ import annotations

from datetime import date

from cchc.domain.dates import format_date
from cchc.domain.records import Change, ChangeContext
from cchc.i18n import _

# group key -> title, in the order shown
GROUPS: dict[str, str] = {
    "imports": _("Plans imported or updated"),
    "done": _("Tasks done"),
    "milestones_done": _("Milestones done (task still open)"),
    "started": _("Tasks started"),
    "dropped": _("Tasks dropped"),
    "reopened": _("Tasks reopened"),
    "evidence": _("Evidence added"),
    "notes": _("Notes added"),
    "due_dates": _("Due dates set or changed"),
    "indicator_values": _("Indicator values recorded"),
    "other": _("Other changes"),
}


def _status_group(old: str | None, new: str | None) -> str:
    if new == "done":
        return "done"
    if new == "dropped":
        return "dropped"
    if new == "in_progress" and old == "not_started":
        return "started"
    return "reopened"


def group_of(change: Change) -> str | None:
    """The group a change belongs to; None for details shown with another change."""
    entity, field = change.entity, change.field
    if entity == "task" and field == "status":
        return _status_group(change.old, change.new)
    if entity == "milestone" and field == "done_on":
        return "milestones_done" if change.new else None  # reopening shows as the task's status
    if entity == "milestone" and field == "due":
        return "due_dates"
    if entity in ("evidence", "note") and field == "created":
        return "evidence" if entity == "evidence" else "notes"
    if entity == "indicator_value" and field in ("created", "value"):
        return "indicator_values"
    if entity == "milestone" and field in ("evidence", "needs_review", "review_reason"):
        return None
    if entity == "indicator_value":
        return None
    if entity in ("plan", "agency", "agency_alias", "current_plan", "setting"):
        return None  # shown with the import, merge or choice of plan they belong to
    return "other"


def _value_text(value: tuple) -> str:
    from cchc.domain.indicators import show_number

    key, period, amount, unit, _plan = value
    shown = "%" if unit == "%" else f" {unit}" if unit not in ("", "count") else ""
    return f"{key} {period}: {show_number(amount)}{shown}"


def detail(change: Change, context: ChangeContext, done_on: date | None = None) -> str:
    """One line saying what happened, beyond the task itself."""
    entity, field = change.entity, change.field
    if entity == "task" and field == "status":
        from cchc.domain.vocabulary import status_label

        what = f"{status_label(change.old)} → {status_label(change.new)}"
        if change.new == "done" and done_on:
            what += ", " + _("done on {date}").format(date=format_date(done_on))
        return what + (f" ({change.note})" if change.note else "")
    if entity == "milestone":
        label = context.milestones.get(change.entity_id, "")
        value = format_date(change.new) if isinstance(change.new, date) else ""
        return (f"{label}: " if label else "") + value
    if entity in ("evidence", "note"):
        return change.note
    if entity == "indicator_value":
        value = context.values.get(change.entity_id)
        return _value_text(value) if value else _("value {id} (since removed)").format(id=change.entity_id)
    return f"{change.command}: {change.entity}.{change.field}"


def skipped(change: Change) -> bool:
    return change.undone_by is not None or change.undoes is not None


def group(changes: list[Change], context: ChangeContext) -> dict[str, list[dict]]:
    """Group key -> items (oldest first); every group present, maybe empty."""
    grouped: dict[str, list[dict]] = {key: [] for key in GROUPS}
    done_ops = {(c.operation_id, c.task_id) for c in changes
                if c.entity == "task" and c.field == "status" and c.new == "done"}
    done_on: dict[tuple, date] = {}  # (operation, task) -> the last completion date it recorded
    for c in changes:
        if c.entity == "milestone" and c.field == "done_on" and c.new:
            key = (c.operation_id, c.task_id)
            done_on[key] = max(done_on.get(key, c.new), c.new)
    imports: set[int] = set()
    for change in changes:
        if change.note == "import" and change.field in ("created", "deleted"):  # one line per import
            if change.operation_id not in imports and not skipped(change):
                imports.add(change.operation_id)
                grouped["imports"].append({"at": change.at, "operation_id": change.operation_id,
                                           "command": change.command, "task_id": None, "area": None, "ref": None,
                                           "text": None, "detail": change.command})
            continue
        key = group_of(change)
        if key is None or skipped(change):
            continue
        if key == "milestones_done" and (change.operation_id, change.task_id) in done_ops:
            continue  # the task itself is listed as done
        task = context.tasks.get(change.task_id, {})
        when_done = done_on.get((change.operation_id, change.task_id))
        grouped[key].append({"at": change.at, "operation_id": change.operation_id, "command": change.command,
                             "task_id": change.task_id, "area": task.get("area"), "ref": task.get("ref"),
                             "text": task.get("text"), "detail": detail(change, context, when_done)})
    return grouped


def in_plans(changes: list[Change], context: ChangeContext, plan_ids: list[int] | None) -> list[Change]:
    """The changes of tasks (and indicator values) of the given plans; None: all."""
    if plan_ids is None:
        return changes
    keep = []
    for change in changes:
        if change.entity == "indicator_value":
            value = context.values.get(change.entity_id)
            plan = value[4] if value else None
        else:
            plan = context.tasks.get(change.task_id, {}).get("plan")
        if plan in plan_ids:
            keep.append(change)
    return keep
