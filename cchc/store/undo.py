"""Undo: an actor's last operation reverted, newest change first, recorded as an undo operation.

A created row is undone by deleting it, a deleted row by inserting its
snapshot again, a changed field by setting the old value back after checking
that it still holds the value the operation left. Undo takes the actor's own
last operation; it refuses when someone else later changed the same records
(or worked on tasks the operation created), and walks past, saying so, the
actor's later operations that cannot be undone (recorded by an older cchc).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from cchc.domain.errors import UserError
from cchc.domain.records import Change, Operation
from cchc.i18n import _
from cchc.store.dialect import Db
from cchc.store.history import OPERATION_SELECT, snapshot


class UndoReads:
    db: Db

    def undo_plan(self, actor: str) -> "UndoPlan":
        """What `cchc undo` would do for `actor` (see UndoPlan)."""
        plan = UndoPlan()
        for row in self.db.rows(OPERATION_SELECT + " WHERE actor = ? AND undone_by_id IS NULL AND undoes_id IS NULL "
                                "ORDER BY id DESC", (actor,)):
            op = self._operation(row)
            if op.undoable:
                plan.target = op
                break
            plan.passed.append(op)
        if plan.target is not None:
            plan.changes = self.changes(operation_id=plan.target.id)
            plan.conflict = self._conflict(plan.target, plan.changes)
        return plan

    def _conflict(self, target: Operation, changes: list[Change]) -> Operation | None:
        """A later operation of someone else, still in force, that touched the same rows (or the
        tasks the target created)."""
        rows = {(c.entity, c.entity_id) for c in changes}
        created_tasks = {c.entity_id for c in changes if c.entity == "task" and c.field == "created"}
        for op_id, actor, entity, entity_id, task_id in self.db.rows(
                """SELECT o.id, o.actor, c.entity, c.entity_id, c.task_id FROM change c
                   JOIN operation o ON o.id = c.operation_id
                   WHERE c.operation_id > ? AND o.undone_by_id IS NULL AND o.undoes_id IS NULL ORDER BY c.id""",
                (target.id,)):
            if actor != target.actor and ((entity, entity_id) in rows or task_id in created_tasks):
                return self.operation(op_id)
        return None


@dataclass
class UndoPlan:
    target: Operation | None = None  # the actor's last operation that can be undone
    passed: list[Operation] = field(default_factory=list)  # later ones of the actor that cannot: they stay
    changes: list[Change] = field(default_factory=list)
    conflict: Operation | None = None  # someone else's later operation on the same rows


# -- undo --------------------------------------------------------------------------


def undo(tx, expected: "UndoPlan") -> UndoPlan:
    """Revert the planned operation (newest change first), recorded as an undo operation."""
    current = tx.read.undo_plan(tx.actor)
    same = (current.target and expected.target and current.target.id == expected.target.id
            and [o.id for o in current.passed] == [o.id for o in expected.passed])
    if not same:
        raise UserError(_("another command changed the history meanwhile; nothing changed, run cchc undo again"))
    op = current.target
    if current.conflict is not None:
        raise UserError(conflict_message(op, current.conflict))
    tx.rec.undoes = op.id
    tx.rec.undoable = False
    tx.rec.undo_note = _("an undo is not undone; redo the command instead")
    for change in reversed(current.changes):
        _revert(tx, op, change)
    return current


def conflict_message(op: Operation, later: Operation) -> str:
    return _("operation {id} ({command}) cannot be undone: {actor} changed the same records later in operation "
             "{later} ({later_command}); nothing changed").format(
        id=op.id, command=op.command, actor=later.actor, later=later.id, later_command=later.command)


def _revert(tx, op: Operation, change: Change) -> None:
    from cchc.store.ddl import COLUMNS

    db, rec = tx.db, tx.rec

    def refuse(why: str) -> UserError:
        return UserError(_("operation {id} ({command}) cannot be undone: {why}; nothing changed")
                         .format(id=op.id, command=op.command, why=why))

    table = change.entity
    if table not in COLUMNS or "id" not in COLUMNS[table]:
        raise refuse(_("unknown kind of record '{entity}'").format(entity=table))
    row = snapshot(db, table, change.entity_id)
    what = "{entity} {id}".format(entity=table, id=change.entity_id)
    try:
        if change.field == "created":
            if row is None:
                raise refuse(_("{what} no longer exists").format(what=what))
            db.run(f'DELETE FROM "{table}" WHERE id = ?', (change.entity_id,))
            rec.deleted(table, change.entity_id, change.task_id, row)
        elif change.field == "deleted":
            if row is not None:
                raise refuse(_("{what} exists again").format(what=what))
            old = {k: v for k, v in (change.old or {}).items() if k in COLUMNS[table]}
            names = ", ".join(f'"{k}"' for k in old)
            db.run(f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(old))})', list(old.values()))
            rec.created(table, change.entity_id, change.task_id)
        else:
            if change.field not in COLUMNS[table]:
                raise refuse(_("unknown field {entity}.{field}").format(entity=table, field=change.field))
            if row is None:
                raise refuse(_("{what} no longer exists").format(what=what))
            current = row[change.field]
            if not same_value(current, change.new):
                raise refuse(_("{what} {field} was changed again later (now {value})")
                             .format(what=what, field=change.field, value=current))
            db.run(f'UPDATE "{table}" SET "{change.field}" = ? WHERE id = ?', (change.old, change.entity_id))
            rec.changed(table, change.entity_id, change.task_id, change.field, current, change.old)
    except tx.store.dialect.IntegrityError as exc:
        raise refuse(_("later work depends on it ({reason})").format(reason=exc)) from None


def _comparable(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return value
    return value


def same_value(stored: Any, recorded: Any) -> bool:
    """A value read from the database against one decoded from a change (dates, booleans alike)."""
    return _comparable(stored) == _comparable(recorded)
