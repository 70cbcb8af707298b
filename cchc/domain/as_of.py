"""A plan's tasks as they stood at the end of a day, from the recorded history (pure).

Every recorded fact takes effect on the day the officer gave it, else on the
day it was recorded:
* a completion on its completion date (`done --on 28/03` typed on 02/04 was
  done on 28/03), and so do the status change and the evidence recorded with
  it in the same command;
* evidence on the date of the document it cites ("… ngày 20/03/2026") when
  that is earlier than the day it was recorded;
* a start, a drop, a reopening and a note on the day they were recorded.
For each field, the value as of the day is the one set by the last change in
force by then (in the order they were recorded); a field no change had
reached yet holds the value before its first change. Undone commands never
happened (cchc.store.progress leaves them out). Due dates, texts and the plan's
tasks are the current ones: they are the plan, not its progress.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from cchc.domain.records import Milestone, PlanNote, Progress, Task, TrackedChange
from cchc.domain.tracking import on_time

_DOCUMENT_DATE = re.compile(r"ngày\s+(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})", re.IGNORECASE)


@dataclass
class Dated:
    text: str
    day: date  # when it took effect


@dataclass
class TaskAsOf:
    """One task at the end of the day: its status and milestones then, and what was recorded for it."""

    task: Task
    evidence: list[Dated] = field(default_factory=list)  # in force by the day, oldest first
    notes: list[PlanNote] = field(default_factory=list)  # recorded by the day
    drop_reason: str = ""  # why it was dropped, when it was dropped by the day
    completed_on: date | None = None  # when it was done, when it was done by the day


@dataclass
class PlanAsOf:
    day: date
    tasks: list[TaskAsOf]
    plan_notes: list[PlanNote]  # report-level notes recorded by the day


def document_date(text: str) -> date | None:
    """The date of the document a piece of evidence cites: 'Kế hoạch số 12/KH-UBND ngày 10/01/2026'."""
    for match in _DOCUMENT_DATE.finditer(text or ""):
        day, month, year = (int(g) for g in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return None


class _Effect:
    """The day each tracked change takes effect (see the module notes)."""

    def __init__(self, changes: list[TrackedChange]):
        self.completed: dict[tuple[int, int], date] = {}
        for c in changes:
            if c.field == "done_on" and isinstance(c.new, date):
                key = (c.operation_id, c.task_id)
                self.completed[key] = max(c.new, self.completed.get(key, c.new))

    def day(self, change: TrackedChange) -> date:
        if change.field == "done_on" and isinstance(change.new, date):
            return change.new
        return self.completed.get((change.operation_id, change.task_id), change.at.date())


def _value_on(changes: list[TrackedChange], current, day: date, effect: _Effect):
    """The field's value at the end of `day`: set by the last change in force by then."""
    in_force = [c for c in changes if effect.day(c) <= day]
    if in_force:
        return in_force[-1].new
    return changes[0].old if changes else current


def plan_as_of(tasks: list[Task], progress: Progress, day: date) -> PlanAsOf:
    """The tasks (current plan, progress as of `day`) with their evidence, notes and drop reasons then."""
    effect = _Effect(progress.changes)
    by_field: dict[tuple[str, int, str], list[TrackedChange]] = {}
    for c in progress.changes:
        by_field.setdefault((c.entity, c.entity_id, c.field), []).append(c)
    created = {c.entity_id: effect.day(c) for c in progress.changes if c.entity == "evidence"}
    notes: dict[int | None, list[PlanNote]] = {}
    for n in progress.notes:
        if n.created_at.date() <= day:
            notes.setdefault(n.task_id, []).append(n)
    result = []
    for task in tasks:
        statuses = by_field.get(("task", task.id, "status"), [])
        status = _value_on(statuses, task.status, day, effect)
        milestones = [_milestone(m, by_field, day, effect, task.period_end) for m in task.milestones]
        then = replace(task, status=status, milestones=milestones)
        result.append(TaskAsOf(then, _evidence(then, progress, created, day), notes.get(task.id, []),
                               _drop_reason(statuses, day, effect) if status == "dropped" else "",
                               _completed_on(then, statuses, day, effect) if status == "done" else None))
    return PlanAsOf(day, result, notes.get(None, []))


def _milestone(m: Milestone, by_field: dict, day: date, effect: _Effect, period_end: date | None) -> Milestone:
    done_on = _value_on(by_field.get(("milestone", m.id, "done_on"), []), m.done_on, day, effect)
    evidence = _value_on(by_field.get(("milestone", m.id, "evidence"), []), m.evidence, day, effect)
    end = period_end or date.max
    return replace(m, done_on=done_on, evidence=evidence or "", on_time=on_time(m.kind, m.due, done_on, end))


def _evidence(task: Task, progress: Progress, created: dict[int, date], day: date) -> list[Dated]:
    """Evidence records in force by the day, then milestone evidence then, without repeats."""
    found: list[Dated] = []
    for record in progress.evidence.get(task.id, []):
        text = " ".join((record.text or record.file_path).split())
        took = min(d for d in (created.get(record.id, record.created_at.date()), document_date(text)) if d)
        if text and took <= day and all(e.text != text for e in found):
            found.append(Dated(text, took))
    for m in task.milestones:
        text = " ".join(m.evidence.split())
        if text and m.done_on and all(e.text != text for e in found):
            found.append(Dated(text, m.done_on))
    return found


def _last_set(status_changes: list[TrackedChange], status: str, day: date, effect: _Effect) -> TrackedChange | None:
    """The last change in force by the day that set this status."""
    found = [c for c in status_changes if c.new == status and effect.day(c) <= day]
    return found[-1] if found else None


def _drop_reason(status_changes: list[TrackedChange], day: date, effect: _Effect) -> str:
    change = _last_set(status_changes, "dropped", day, effect)
    return change.note if change else ""


def _completed_on(task: Task, status_changes: list[TrackedChange], day: date, effect: _Effect) -> date | None:
    """A done task's last milestone completion; without completed milestones, the day it was set done."""
    dates = [m.done_on for m in task.milestones if m.done_on]
    if dates:
        return max(dates)
    change = _last_set(status_changes, "done", day, effect)
    return effect.day(change) if change else None
