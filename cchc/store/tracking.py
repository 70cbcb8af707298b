"""Recording work on tasks in plain SQL: statuses, milestones, notes, evidence, due dates.

The rules are cchc.domain.tracking's; this applies them to the stored rows,
each change recorded under the command's operation. Runs inside Store.write.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from cchc.domain.errors import NotFound, UserError
from cchc.domain.tracking import milestones_due_by, on_time, reopens, task_complete
from cchc.i18n import _


@dataclass
class MilestoneResult:
    number: int
    label: str
    due: date | None
    done_on: date | None
    on_time: bool | None


@dataclass
class TaskResult:
    task_id: int
    ref: str
    old_status: str
    status: str
    milestones: list[MilestoneResult] = field(default_factory=list)


@dataclass
class FileRef:
    path: str
    sha256: str


class _Row:
    """A stored row being changed: its table, id, task and current values."""

    def __init__(self, table: str, values: dict):
        self.table = table
        self.__dict__.update(values)


_TASK = """SELECT t.id, t.plan_id, t.ref, t.status, t.removed, t.deadline_text, p.year_end, p.owner_id
           FROM task t JOIN plan p ON p.id = t.plan_id WHERE t.id = ?"""
_MILESTONES = """SELECT id, task_id, position, label, kind, due, window_start, done_on, evidence, needs_review,
                        review_reason FROM milestone WHERE task_id = ? ORDER BY position, id"""


class Tracker:
    """One command's changes to tasks, each recorded under the transaction's operation."""

    def __init__(self, tx):
        self.tx, self.db, self.rec = tx, tx.db, tx.rec

    # -- looking up ---------------------------------------------------------
    def task(self, task_id: int) -> _Row:
        row = self.db.one(_TASK, (task_id,))
        if row is None:
            raise NotFound(_("no task with id {id} (see cchc task list)").format(id=task_id))
        keys = ("id", "plan_id", "ref", "status", "removed", "deadline_text", "year_end", "owner_id")
        task = _Row("task", dict(zip(keys, row)))
        task.task_id = task.id
        if self.db.flag(task.removed):
            raise NotFound(_("task {id} was removed from its plan by a later import").format(id=task_id))
        self.rec.owner(task.owner_id)
        return task

    def milestones(self, task: _Row) -> list[_Row]:
        keys = ("id", "task_id", "position", "label", "kind", "due", "window_start", "done_on", "evidence",
                "needs_review", "review_reason")
        day = self.db.day
        found = []
        for row in self.db.rows(_MILESTONES, (task.id,)):
            m = _Row("milestone", dict(zip(keys, row)))
            m.due, m.window_start, m.done_on = day(m.due), day(m.window_start), day(m.done_on)
            m.needs_review = self.db.flag(m.needs_review)
            found.append(m)
        return found

    def milestone(self, task: _Row, number: int, miles: list[_Row] | None = None) -> _Row:
        miles = self.milestones(task) if miles is None else miles
        if not 1 <= number <= len(miles):
            if not miles:
                raise UserError(_("task {id} has no milestones").format(id=task.id), field="milestone")
            raise UserError(_("task {id} has milestones 1 to {n}, not {number} (see cchc task show {id})")
                            .format(id=task.id, n=len(miles), number=number), field="milestone")
        return miles[number - 1]

    # -- changing -----------------------------------------------------------
    def _set(self, row: _Row, name: str, value, note: str = "") -> None:
        old = getattr(row, name)
        if old == value:
            return
        self.rec.changed(row.table, row.id, row.task_id, name, old, value, note=note)
        self.db.run(f"UPDATE {row.table} SET {name} = ? WHERE id = ?", (value, row.id))
        setattr(row, name, value)

    def _status(self, task: _Row, status: str, note: str = "") -> None:
        if task.status != status:
            self._set(task, "status", status, note=note)
            self.db.run("UPDATE task SET updated_at = ? WHERE id = ?", (self.rec.when, task.id))

    def _result(self, task: _Row, old_status: str, touched: list[_Row]) -> TaskResult:
        end = date(task.year_end, 12, 31)
        numbers = {m.id: n for n, m in enumerate(self.milestones(task), 1)}
        return TaskResult(task.id, task.ref, old_status, task.status, [
            MilestoneResult(numbers[m.id], m.label, m.due, m.done_on, on_time(m.kind, m.due, m.done_on, end))
            for m in touched])

    def done(self, task_id: int, on: date, number: int | None = None, evidence: str = "",
             file: FileRef | None = None, note: str = "", every: bool = False) -> TaskResult:
        task = self.task(task_id)
        old_status = task.status
        miles = self.milestones(task)
        if number:
            targets = [self.milestone(task, number, miles)]
        elif every:
            targets = [m for m in miles if m.done_on is None]
        else:
            targets = milestones_due_by(miles, on)
        for m in targets:
            self._set(m, "done_on", on, note=note)
            if evidence or file:
                self._set(m, "evidence", evidence or (file.path if file else ""))
        if evidence or file:
            self._evidence(task, evidence, file, targets[0].id if number else None)
        if task_complete(miles):
            self._status(task, "done", note=note)
        elif task.status == "not_started":
            self._status(task, "in_progress", note=note)
        return self._result(task, old_status, targets)

    def _reopen(self, milestones: list[_Row], note: str) -> list[_Row]:
        reopened = [m for m in milestones if m.done_on is not None]
        for m in reopened:
            self._set(m, "done_on", None, note=note)
            self._set(m, "evidence", "", note=note)
        return reopened

    def set_status(self, task_id: int, status: str, on: date | None, note: str = "") -> TaskResult:
        """Any status; `on` is the completion date when it is done."""
        if status == "done":
            return self.done(task_id, on, note=note)
        task = self.task(task_id)
        old_status = task.status
        reopened = self._reopen(self.milestones(task), note) if reopens(old_status, status) else []
        self._status(task, status, note=note)
        if status == "dropped" and note and old_status != "dropped":
            self.note(task_id, note)
        return self._result(task, old_status, reopened)

    def start(self, task_id: int, number: int | None = None) -> TaskResult:
        if number is None:
            return self.set_status(task_id, "in_progress", None)
        task = self.task(task_id)
        old_status = task.status
        reopened = self._reopen([self.milestone(task, number)], "")
        self._status(task, "in_progress")
        return self._result(task, old_status, reopened)

    def note(self, task_id: int, text: str, kind: str = "") -> int:
        from cchc.store.notes import add_note

        task = self.task(task_id)
        if not text.strip():
            raise UserError(_("a note cannot be empty"))
        return add_note(self.tx, task.id, task.plan_id, text.strip(), kind)

    def evidence(self, task_id: int, text: str, file: FileRef | None, number: int | None = None) -> int:
        task = self.task(task_id)
        milestone_id = self.milestone(task, number).id if number else None
        return self._evidence(task, text.strip(), file, milestone_id)

    def _evidence(self, task: _Row, text: str, file: FileRef | None, milestone_id: int | None) -> int:
        from cchc.store.notes import add_evidence

        return add_evidence(self.tx, task.id, text, file.path if file else "", file.sha256 if file else "",
                            milestone_id)

    def set_due(self, task_id: int, due: date, number: int | None = None, note: str = "") -> None:
        """Give an event/unspecified milestone its date, or correct one; clears the review flag."""
        from cchc.domain.dates import format_date

        task = self.task(task_id)
        miles = self.milestones(task)
        if number is None and len(miles) > 1:
            raise UserError(_("task {id} has {n} milestones; choose one (see cchc task show {id})")
                            .format(id=task.id, n=len(miles)), field="milestone")
        if not miles:
            new = self.db.insert("INSERT INTO milestone (task_id, position, label, kind, due, needs_review, "
                                 "review_reason, source_text, evidence) VALUES (?, 0, '', 'date', ?, ?, '', ?, '')",
                                 (task.id, due, False, task.deadline_text))
            self.rec.created("milestone", new, task.id, note=note)
            return
        m = self.milestone(task, number or 1, miles)
        if m.window_start and due < m.window_start:
            raise UserError(_("{due} is before the start of the milestone's window ({start})")
                            .format(due=format_date(due), start=format_date(m.window_start)))
        self._set(m, "due", due, note=note)
        self._set(m, "needs_review", False, note=note)
        self._set(m, "review_reason", "", note=note)
