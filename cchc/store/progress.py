"""What was recorded about a plan's progress, for reports as of a day (cchc.domain.as_of).

The changes of undone operations and of undos are left out: an undone command
never happened. One statement per kind of row, however many tasks.
"""

from __future__ import annotations

from cchc.domain.records import PlanNote, Progress, TrackedChange
from cchc.store.dialect import Db

_TRACKED = """SELECT c.operation_id, c.at, c.task_id, c.entity, c.entity_id, c.field, c.old, c.new, c.note
              FROM task t JOIN change c ON c.task_id = t.id JOIN operation o ON o.id = c.operation_id
              WHERE t.plan_id = ? AND o.undone_by_id IS NULL AND o.undoes_id IS NULL
                AND ((c.entity = 'task' AND c.field = 'status')
                     OR (c.entity = 'milestone' AND c.field IN ('done_on', 'evidence'))
                     OR (c.entity IN ('evidence', 'note') AND c.field = 'created'))
              ORDER BY c.id"""


class ProgressReads:
    """Mixed into store.read beside HistoryReads, whose `_value` types the recorded values as their columns."""

    db: Db

    def progress(self, plan_id: int) -> Progress:
        """The plan's tracked changes (oldest first), notes (on tasks and on the plan) and evidence."""
        stamp = self.db.stamp
        changes = [TrackedChange(op, stamp(at), task, entity, entity_id, field, self._value(entity, field, old),
                                 self._value(entity, field, new), note)
                   for op, at, task, entity, entity_id, field, old, new, note in self.db.rows(_TRACKED, (plan_id,))]
        notes = [PlanNote(i, task, text, stamp(at), kind) for i, task, text, at, kind in self.db.rows(
            "SELECT id, task_id, text, created_at, kind FROM note WHERE plan_id = ? ORDER BY id", (plan_id,))]
        return Progress(changes, notes, self.evidence(plan_id=plan_id))
