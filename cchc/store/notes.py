"""Notes and evidence (tài liệu kiểm chứng): the one loader of each, and adding them."""

from __future__ import annotations

from cchc.domain.records import Evidence, Note
from cchc.store.dialect import Db

_EVIDENCE = "SELECT e.id, e.task_id, e.milestone_id, e.text, e.file_path, e.file_sha256, e.created_at FROM evidence e"


class NoteReads:
    db: Db

    def notes(self, task_id: int) -> list[Note]:
        stamp = self.db.stamp
        return [Note(i, text, stamp(at), kind) for i, text, at, kind in self.db.rows(
            "SELECT id, text, created_at, kind FROM note WHERE task_id = ? ORDER BY id", (task_id,))]

    def evidence(self, *, task_id: int | None = None, plan_id: int | None = None) -> dict[int, list[Evidence]]:
        """Task id -> its evidence records, oldest first: of one task, or of every task of a plan."""
        if task_id is not None:
            rows = self.db.rows(_EVIDENCE + " WHERE e.task_id = ? ORDER BY e.id", (task_id,))
        else:
            rows = self.db.rows(_EVIDENCE + " JOIN task t ON t.id = e.task_id WHERE t.plan_id = ? "
                                "ORDER BY e.task_id, e.id", (plan_id,))
        found: dict[int, list[Evidence]] = {}
        for row in rows:
            found.setdefault(row[1], []).append(Evidence(*row[:6], self.db.stamp(row[6])))
        return found

    def budgets(self, plan_id: int) -> dict[int, str]:
        return dict(self.db.rows("SELECT id, budget FROM task WHERE plan_id = ?", (plan_id,)))


def add_note(tx, task_id: int, plan_id: int, text: str, kind: str = "") -> int:
    new = tx.db.insert("INSERT INTO note (task_id, plan_id, text, created_at, kind) VALUES (?, ?, ?, ?, ?)",
                       (task_id, plan_id, text, tx.rec.when, kind))
    tx.rec.created("note", new, task_id, note=text)
    return new


def add_plan_note(tx, plan_id: int, text: str, kind: str = "") -> int:
    """A note on the plan itself (a report-level note: strengths, shortcomings, causes, proposals)."""
    new = tx.db.insert("INSERT INTO note (task_id, plan_id, text, created_at, kind) VALUES (NULL, ?, ?, ?, ?)",
                       (plan_id, text, tx.rec.when, kind))
    tx.rec.created("note", new, None, note=text)
    tx.rec.owner(tx.read.plan_owner(plan_id))
    return new


def add_evidence(tx, task_id: int, text: str, file_path: str, file_sha256: str, milestone_id: int | None) -> int:
    new = tx.db.insert("INSERT INTO evidence (task_id, milestone_id, text, file_path, file_sha256, created_at) "
                       "VALUES (?, ?, ?, ?, ?, ?)", (task_id, milestone_id, text, file_path, file_sha256, tx.rec.when))
    tx.rec.created("evidence", new, task_id, note=text or file_path)
    return new
