"""History: one operation per command, one change per row or field it touched.

Values are stored as JSON text (dates in ISO) so undo (cchc/store/undo.py)
can restore them exactly.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from cchc.domain.errors import UserError
from cchc.domain.records import Change, Operation
from cchc.domain.text import clean_value
from cchc.i18n import _
from cchc.store.dialect import Db


def _iso(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(" ", "microseconds")
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot record {type(value).__name__}")


def encode(value: Any) -> str | None:
    """JSON text of a value or a row snapshot (dates and times in ISO, as SQLite stores them),
    its text clean as the store keeps it."""
    if value is None:
        return None
    if isinstance(value, (date, datetime)):
        return json.dumps(_iso(value))
    return json.dumps(clean_value(value), ensure_ascii=False, default=_iso)


def decode(text: str | None) -> Any:
    return None if text is None else json.loads(text)


class Recorder:
    """Collects a command's changes; `flush` writes them as one operation (none if nothing changed)."""

    def __init__(self, db: Db, command: str, actor: str, when: datetime):
        self.db = db
        self.command = command
        self.actor = actor
        self.when = when
        self.rows: list[tuple] = []
        self.owners: set[int] = set()
        self.undoable, self.undo_note = True, ""
        self.undoes: int | None = None
        self.operation_id: int | None = None

    @property
    def any(self) -> bool:
        return bool(self.rows)

    def owner(self, owner_id: int | None) -> None:
        if owner_id is not None:
            self.owners.add(owner_id)

    def changed(self, entity: str, entity_id: int, task_id: int | None, field: str,
                old: Any, new: Any, note: str = "") -> None:
        old, new = clean_value(old), clean_value(new)
        if old != new:
            self.rows.append((entity, entity_id, task_id, field, encode(old), encode(new), note))

    def created(self, entity: str, entity_id: int, task_id: int | None = None, note: str = "") -> None:
        self.rows.append((entity, entity_id, task_id, "created", None, None, note))

    def deleted(self, entity: str, entity_id: int, task_id: int | None, snapshot: dict, note: str = "") -> None:
        """A deleted row, kept whole in `old` so undo can insert it again."""
        self.rows.append((entity, entity_id, task_id, "deleted", encode(snapshot), None, note))

    def flush(self) -> int | None:
        if not self.rows:
            return None
        owner = next(iter(self.owners)) if len(self.owners) == 1 else None
        op = self.db.insert(
            "INSERT INTO operation (command, created_at, undoes_id, actor, owner_id, undoable, undo_note) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (self.command, self.when, self.undoes, self.actor, owner, self.undoable, self.undo_note))
        self.db.many("INSERT INTO change (operation_id, entity, entity_id, task_id, field, old, new, at, note) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", [(op, *row[:6], self.when, row[6]) for row in self.rows])
        if self.undoes is not None:
            self.db.run("UPDATE operation SET undone_by_id = ? WHERE id = ?", (op, self.undoes))
        self.operation_id = op
        return op


def snapshot(db: Db, table: str, row_id: int) -> dict | None:
    """A row as history keeps it: without what the database derives from it (task.json_text)."""
    rows = db.dicts(f'SELECT * FROM "{checked_table(table)}" WHERE id = ?', (row_id,))
    if not rows:
        return None
    rows[0].pop("json_text", None)
    return rows[0]


def checked_table(table: str) -> str:
    from cchc.store.ddl import COLUMNS

    if table not in COLUMNS or "id" not in COLUMNS[table]:
        raise UserError(_("unknown kind of record '{entity}'").format(entity=table))
    return table


# -- reading -----------------------------------------------------------------------

_CHANGES = """SELECT c.id, c.at, c.operation_id, o.command, o.actor, o.undoes_id, o.undone_by_id,
                     c.task_id, t.ref, c.entity, c.entity_id, c.field, c.old, c.new, c.note
              FROM change c JOIN operation o ON o.id = c.operation_id LEFT JOIN task t ON t.id = c.task_id"""
OPERATION_SELECT = "SELECT id, command, created_at, actor, undoable, undo_note, undoes_id, undone_by_id FROM operation"


class HistoryReads:
    db: Db

    def changes(self, *, task_id: int | None = None, since: date | None = None,
                operation_id: int | None = None, added_by_imports: bool = True) -> list[Change]:
        """Recorded changes, oldest first, with their operation; values decoded from JSON.
        added_by_imports=False leaves out the rows an import added (its changes to existing rows stay)."""
        where, params = [], []
        if not added_by_imports:
            where.append("NOT (c.field = ? AND c.note = ?)")
            params += ["created", "import"]
        for cond, value in (("c.task_id = ?", task_id), ("c.at >= ?", since), ("c.operation_id = ?", operation_id)):
            if value is not None:
                where.append(cond)
                params.append(value)
        sql = _CHANGES + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY c.id"
        stamp = self.db.stamp
        return [Change(r[0], stamp(r[1]), r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11],
                       self._value(r[9], r[11], r[12]), self._value(r[9], r[11], r[13]), r[14])
                for r in self.db.rows(sql, params)]

    def _value(self, entity: str, field: str, text: str | None):
        """A recorded value, typed as its column is (dates as `date`, times as `datetime`)."""
        from cchc.store.ddl import TYPES

        value = decode(text)
        kind = TYPES.get(entity, {}).get(field)
        if value is None or kind is None or not isinstance(value, str):
            return value
        try:
            return self.db.day(value) if kind == "date" else self.db.stamp(value)
        except ValueError:
            return value

    def change_context(self, changes: list[Change]) -> "ChangeContext":
        """The tasks, milestone labels and indicator values these changes refer to."""
        from cchc.domain.records import ChangeContext
        from cchc.store.dialect import marks

        def ids(entity: str | None = None) -> list[int]:
            if entity is None:
                return sorted({c.task_id for c in changes if c.task_id is not None})
            return sorted({c.entity_id for c in changes if c.entity == entity})

        tasks, milestones, values = {}, {}, {}
        for chunk in _chunks(ids()):
            for tid, plan, area, ref, text in self.db.rows(
                    f"SELECT id, plan_id, area_code, ref, text FROM task WHERE id IN ({marks(chunk)})", chunk):
                tasks[tid] = {"plan": plan, "area": area, "ref": ref, "text": text}
        for chunk in _chunks(ids("milestone")):
            milestones.update(self.db.rows(f"SELECT id, label FROM milestone WHERE id IN ({marks(chunk)})", chunk))
        for chunk in _chunks(ids("indicator_value")):
            for vid, period, value, key, unit, plan in self.db.rows(
                    f"""SELECT v.id, v.period, v.value, i.key, i.unit, i.plan_id FROM indicator_value v
                        JOIN indicator i ON i.id = v.indicator_id WHERE v.id IN ({marks(chunk)})""", chunk):
                values[vid] = (key, period, value, unit, plan)
        return ChangeContext(tasks, milestones, values)

    def _operation(self, row) -> Operation:
        return Operation(row[0], row[1], self.db.stamp(row[2]), row[3], self.db.flag(row[4]), row[5], row[6], row[7])

    def operation(self, operation_id: int) -> Operation | None:
        row = self.db.one(OPERATION_SELECT + " WHERE id = ?", (operation_id,))
        return self._operation(row) if row else None


def _chunks(ids: list[int], size: int = 500):
    for start in range(0, len(ids), size):
        yield ids[start:start + size]
