"""What TAB completion offers from the database: task ids with their text, agencies, plans, indicator keys.

Opened read-only, never created or upgraded; a missing or foreign database offers nothing.
One statement per kind of value, bounded by LIMIT.
"""

from __future__ import annotations

from pathlib import Path

LIMIT = 200


class Lookups:
    def __init__(self, path: Path, actor: str):
        from cchc.store.sqlite import connect_for_completion

        self.conn = connect_for_completion(path)
        self.actor = actor

    def _rows(self, sql: str, params: tuple = ()) -> list[tuple]:
        if self.conn is None:
            return []
        import sqlite3

        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.Error:
            return []

    def _plan(self) -> int | None:
        rows = self._rows("SELECT plan_id FROM current_plan WHERE actor = ?", (self.actor,)) or \
            self._rows("SELECT max(id) FROM plan")
        return rows[0][0] if rows else None

    def tasks(self, prefix: str) -> list[tuple[str, str]]:
        """(id, "area ref text") of the current plan's tasks whose id begins with `prefix`."""
        rows = self._rows("""SELECT t.id, t.area_code, t.ref, t.text FROM task t
                             WHERE t.plan_id = ? AND t.removed = ? AND CAST(t.id AS TEXT) LIKE ?
                             ORDER BY t.id LIMIT ?""", (self._plan(), False, prefix + "%", LIMIT))
        return [(str(tid), f"{area} {ref} {text}") for tid, area, ref, text in rows]

    def plans(self) -> list[tuple[str, str]]:
        return [(str(pid), f"{commune} {start}" + (f"-{end}" if end != start else ""))
                for pid, commune, start, end in self._rows(
                    "SELECT id, commune, year_start, year_end FROM plan ORDER BY id LIMIT ?", (LIMIT,))]

    def agencies(self) -> list[tuple[str, str]]:
        """Names of the agencies of the current plan's commune, and every spelling seen."""
        plan = self._plan()
        names = self._rows("""SELECT DISTINCT a.name FROM agency a JOIN plan p ON p.owner_id = a.owner_id
                              WHERE p.id = ? ORDER BY a.name LIMIT ?""", (plan, LIMIT))
        written = self._rows("""SELECT DISTINCT t.lead_written FROM task t WHERE t.plan_id = ? AND t.removed = ?
                                AND t.lead_written != ? ORDER BY t.lead_written LIMIT ?""", (plan, False, "", LIMIT))
        return [(name, "") for (name,) in names] + [(w, "") for (w,) in written if (w,) not in names]

    def indicators(self) -> list[tuple[str, str]]:
        return [(key, name) for key, name in self._rows(
            "SELECT key, name FROM indicator WHERE plan_id = ? ORDER BY key LIMIT ?", (self._plan(), LIMIT))]

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
