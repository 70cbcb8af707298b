"""Tracking work: statuses, milestones, notes, evidence, due dates, and undo.

Every change goes through a Recorder (one Operation per command), so `cchc log`
lists it and `cchc undo` reverts it. Functions take a session and a Recorder;
the command owns the one transaction. Nothing here prints.

Decisions where the issue was silent:
* Milestones are numbered 1, 2, … in plan order (position), as `task show` shows
  them; `--milestone N` takes that number.
* A task is done when all its dated milestones are done (all its milestones
  when none has a date). Completing part of a not-started task starts it.
* `done` without --milestone closes the open milestones due by the given day,
  else the next one due (a quarterly report done in March is Q1's, not the
  year's); undated ones close with the last dated one. `--all` closes every
  open milestone. Milestones already done keep their date.
* A done task set back to in_progress, and any task set to not_started, has
  its milestones reopened (done date and milestone evidence cleared; undo
  restores them); `start --milestone N` reopens milestone N only. Dropping
  keeps milestones as they are.
* A completion date after today is refused: it is a typo, not a record.
* Undo takes the latest operation not yet undone and not itself an undo; it
  refuses (rather than skips) an operation it cannot revert fully.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlmodel import Session, select

from cchc.domain.dates import show_date
from cchc.domain.errors import NotFound, UserError
from cchc.history import Recorder, decode
from cchc.i18n import _
from cchc.models import Change, Evidence, Milestone, Note, Operation, Plan, Task
from cchc.domain.vocabulary import on_time


@dataclass
class FileRef:
    path: str
    sha256: str


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


def parse_ids(raw: list[str]) -> list[int]:
    """Task ids as typed, in order, duplicates dropped."""
    ids: list[int] = []
    for text in raw:
        if not text.strip().isdigit():
            raise UserError(_("'{id}' is not a task id (see cchc task list)").format(id=text))
        if int(text) not in ids:
            ids.append(int(text))
    return ids


def file_ref(path: str) -> FileRef:
    """A file recorded by absolute path and SHA-256 (never copied)."""
    p = Path(path).expanduser()
    if not p.exists():
        raise NotFound(_("--file: {path} does not exist").format(path=path))
    if p.is_dir():
        raise UserError(_("--file: {path} is a folder, not a file").format(path=path))
    digest = hashlib.sha256()
    try:
        with p.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError as exc:
        raise UserError(_("--file: {path} cannot be read ({reason})").format(path=path, reason=exc.strerror)) from None
    return FileRef(str(p.resolve()), digest.hexdigest())


def check_done_date(on: date, today: date) -> date:
    if on > today:
        raise UserError(_("--on: {on} is after today ({today}); a completion date cannot be in the future")
                        .format(on=show_date(on), today=show_date(today)))
    return on


def milestones_due_by(milestones: list, on: date) -> list:
    """What `done` without --milestone closes on `on` (see the module docstring)."""
    still_open = [m for m in milestones if m.done_on is None]
    dated = sorted((m for m in still_open if m.due is not None), key=lambda m: m.due)
    chosen = [m for m in dated if m.due <= on] or dated[:1]
    if len(chosen) == len(dated):
        chosen += [m for m in still_open if m.due is None]
    return chosen


def task_complete(milestones: list) -> bool:
    """All dated milestones done (all milestones when none is dated)."""
    dated = [m for m in milestones if m.due is not None]
    return all(m.done_on is not None for m in (dated or milestones))


class Tracker:
    """One command's changes to tasks, each recorded under the Recorder's operation."""

    def __init__(self, session: Session, rec: Recorder):
        self.session = session
        self.rec = rec

    # -- looking up ---------------------------------------------------------
    def task(self, task_id: int) -> Task:
        task = self.session.get(Task, task_id)
        if task is None:
            raise NotFound(_("no task with id {id} (see cchc task list)").format(id=task_id))
        if task.removed:
            raise NotFound(_("task {id} was removed from its plan by a later import").format(id=task_id))
        return task

    def milestones(self, task: Task) -> list[Milestone]:
        query = select(Milestone).where(Milestone.task_id == task.id).order_by(Milestone.position, Milestone.id)
        return list(self.session.exec(query))

    def milestone(self, task: Task, number: int) -> Milestone:
        miles = self.milestones(task)
        if not 1 <= number <= len(miles):
            if not miles:
                raise UserError(_("--milestone: task {id} has no milestones").format(id=task.id))
            raise UserError(_("--milestone: task {id} has milestones 1 to {n}, not {number} (see cchc task show {id})")
                            .format(id=task.id, n=len(miles), number=number))
        return miles[number - 1]

    # -- changing -----------------------------------------------------------
    def _set(self, row, name: str, value, note: str = "") -> None:
        entity = type(row).__tablename__
        task_id = row.id if isinstance(row, Task) else row.task_id
        self.rec.changed(entity, row.id, task_id, name, getattr(row, name), value, note=note)
        setattr(row, name, value)
        self.session.add(row)

    def _status(self, task: Task, status: str, note: str = "") -> None:
        if task.status != status:
            self._set(task, "status", status, note=note)
            task.updated_at = self.rec.when

    def _result(self, task: Task, old_status: str, touched: list[Milestone]) -> TaskResult:
        end = date(self.session.get(Plan, task.plan_id).year_end, 12, 31)
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
            targets = [self.milestone(task, number)]
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

    def _reopen(self, milestones: list[Milestone], note: str) -> list[Milestone]:
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
        reopened = []
        if status == "not_started" or (status == "in_progress" and old_status == "done"):
            reopened = self._reopen(self.milestones(task), note)
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

    def note(self, task_id: int, text: str) -> Note:
        task = self.task(task_id)
        if not text.strip():
            raise UserError(_("a note cannot be empty"))
        row = Note(task_id=task.id, text=text.strip(), created_at=self.rec.when)
        self.session.add(row)
        self.session.flush()
        self.rec.created("note", row.id, task.id, note=row.text)
        return row

    def evidence(self, task_id: int, text: str, file: FileRef | None, number: int | None = None) -> Evidence:
        task = self.task(task_id)
        if not text.strip() and file is None:
            raise UserError(_("give the evidence as text or with --file PATH"))
        milestone_id = self.milestone(task, number).id if number else None
        return self._evidence(task, text.strip(), file, milestone_id)

    def _evidence(self, task: Task, text: str, file: FileRef | None, milestone_id: int | None) -> Evidence:
        row = Evidence(task_id=task.id, milestone_id=milestone_id, text=text, created_at=self.rec.when,
                       file_path=file.path if file else "", file_sha256=file.sha256 if file else "")
        self.session.add(row)
        self.session.flush()
        self.rec.created("evidence", row.id, task.id, note=text or row.file_path)
        return row

    def set_due(self, task_id: int, due: date, number: int | None = None, note: str = "") -> Milestone:
        """Give an event/unspecified milestone its date, or correct one; clears the review flag."""
        task = self.task(task_id)
        miles = self.milestones(task)
        if number is None and len(miles) > 1:
            raise UserError(_("task {id} has {n} milestones; choose one with --milestone N (see cchc task show {id})")
                            .format(id=task.id, n=len(miles)))
        if not miles:
            m = Milestone(task_id=task.id, position=0, kind="date", due=due, source_text=task.deadline_text)
            self.session.add(m)
            self.session.flush()
            self.rec.created("milestone", m.id, task.id, note=note)
            return m
        m = self.milestone(task, number or 1)
        if m.window_start and due < m.window_start:
            raise UserError(_("{due} is before the start of the milestone's window ({start})")
                            .format(due=show_date(due), start=show_date(m.window_start)))
        self._set(m, "due", due, note=note)
        self._set(m, "needs_review", False, note=note)
        self._set(m, "review_reason", "", note=note)
        return m


# -- undo ------------------------------------------------------------------

# Operations whose changes are not all recorded, so undo cannot restore them.
def _not_undoable() -> dict[str, str]:
    return {
        "import": _("an import replaces milestones without recording them; import the earlier file again instead"),
        "agency merge": _("a merge deletes the merged agency without recording it"),
    }


def undo_refusal(command: str) -> str | None:
    for prefix, reason in _not_undoable().items():
        if command == prefix or command.startswith(prefix + " "):
            return reason
    return None


def last_undoable(session: Session) -> Operation | None:
    """The latest operation not undone and not itself an undo."""
    query = select(Operation).where(Operation.undone_by_id.is_(None), Operation.undoes_id.is_(None))
    return session.exec(query.order_by(Operation.id.desc())).first()


def undo(session: Session, op: Operation, when: datetime | None = None) -> Operation:
    """Revert every change of `op` (newest first) and record the reversal as a new operation."""
    reason = undo_refusal(op.command)
    if reason:
        raise UserError(_("operation {id} ({command}) cannot be undone: {reason}; nothing changed")
                        .format(id=op.id, command=op.command, reason=reason))
    rec = Recorder(session, "undo {id}".format(id=op.id), when)
    rec.operation = Operation(command=rec.command, created_at=rec.when, undoes_id=op.id)
    session.add(rec.operation)
    session.flush()
    changes = session.exec(select(Change).where(Change.operation_id == op.id).order_by(Change.id.desc()))
    for change in list(changes):
        _revert(session, rec, op, change)
    op.undone_by_id = rec.operation.id
    session.add(op)
    session.flush()
    return rec.operation


def _revert(session: Session, rec: Recorder, op: Operation, change: Change) -> None:
    from sqlalchemy import delete, insert, update
    from sqlalchemy import select as core_select
    from sqlalchemy.exc import IntegrityError
    from sqlmodel import SQLModel

    def refuse(why: str) -> UserError:
        return UserError(_("operation {id} ({command}) cannot be undone: {why}; nothing changed")
                         .format(id=op.id, command=op.command, why=why))

    table = SQLModel.metadata.tables.get(change.entity)
    if table is None or "id" not in table.c:
        raise refuse(_("unknown kind of record '{entity}'").format(entity=change.entity))
    where = table.c.id == change.entity_id
    row = session.execute(core_select(table).where(where)).mappings().first()
    what = "{entity} {id}".format(entity=change.entity, id=change.entity_id)
    try:
        if change.field == "created":
            if row is None:
                raise refuse(_("{what} no longer exists").format(what=what))
            session.execute(delete(table).where(where))
            rec.changed(change.entity, change.entity_id, change.task_id, "deleted", _snapshot(row), None)
        elif change.field == "deleted":
            if row is not None:
                raise refuse(_("{what} exists again").format(what=what))
            old = decode(change.old) or {}
            session.execute(insert(table).values({k: _typed(table.c[k], v) for k, v in old.items() if k in table.c}))
            rec.created(change.entity, change.entity_id, change.task_id)
        else:
            if change.field not in table.c:
                raise refuse(_("unknown field {entity}.{field}").format(entity=change.entity, field=change.field))
            if row is None:
                raise refuse(_("{what} no longer exists").format(what=what))
            column = table.c[change.field]
            current = row[change.field]
            if not _same(current, _typed(column, decode(change.new))):
                raise refuse(_("{what} {field} was changed again later (now {value})")
                             .format(what=what, field=change.field, value=current))
            old = _typed(column, decode(change.old))
            session.execute(update(table).where(where).values({change.field: old}))
            rec.changed(change.entity, change.entity_id, change.task_id, change.field, current, old)
    except IntegrityError as exc:
        raise refuse(_("the database refuses it ({reason})").format(reason=exc.orig)) from None
    session.flush()


def _typed(column, value):
    """A JSON-decoded value back in the column's Python type (ISO text -> date...)."""
    if value is None:
        return None
    try:
        kind = column.type.python_type
    except NotImplementedError:
        return value
    if kind is datetime and isinstance(value, str):
        return datetime.fromisoformat(value)
    if kind is date and isinstance(value, str):
        return date.fromisoformat(value)
    if kind in (bool, float, int) and not isinstance(value, kind):
        return kind(value)
    return value


def _same(current, expected) -> bool:
    if isinstance(current, datetime) and isinstance(expected, datetime):
        return current.replace(tzinfo=None) == expected.replace(tzinfo=None)
    return current == expected


def _snapshot(row) -> dict:
    """A whole row as JSON-ready values, kept in Change.old of a 'deleted' change."""
    return {k: v.isoformat() if isinstance(v, (date, datetime)) else v for k, v in dict(row).items()}
