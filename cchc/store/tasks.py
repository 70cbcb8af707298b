"""Reading tasks and their milestones: the task list, one task, the deadline views.

Filters that SQL cannot express portably (accent-insensitive matching) are
resolved in Python first, then passed to SQL as id lists. One statement per
kind of row, however many tasks.
"""

from __future__ import annotations

from datetime import date
from typing import Callable, Iterator

from cchc.domain.errors import NotFound, UserError
from cchc.domain.filters import Filters, Query, matches_search
from cchc.domain.records import DueItem, Milestone, Task
from cchc.i18n import _
from cchc.store.dialect import Db, marks


class TaskReads:
    db: Db

    def task_conditions(self, f: Filters, alias: str = "t") -> tuple[str, list]:
        """SQL conditions (joined by AND) and parameters for the task filters."""
        from cchc.domain.vocabulary import AREAS, LEVELS, area_code, parse_status

        where, params = [f"{alias}.removed = ?"], [False]
        ids = self.plan_ids(f.plan)
        if ids is not None:
            where.append(f"{alias}.plan_id IN ({marks(ids)})")
            params += ids
        if f.area:
            code = area_code(f.area)
            if code is None:
                raise UserError(_("unknown area '{area}' (codes: {codes})").format(area=f.area, codes=", ".join(AREAS)),
                                field="area")
            where.append(f"{alias}.area_code = ?")
            params.append(code)
        if f.agency:
            found = self.agency_ids(f.agency, ids)
            where.append(f"{alias}.lead_agency_id IN ({marks(found)})")
            params += found
        if f.status:
            where.append(f"{alias}.status = ?")
            params.append(parse_status(f.status))
        if f.level:
            if f.level not in LEVELS:
                raise UserError(_("'{level}' is not one of {levels}").format(level=f.level, levels=", ".join(LEVELS)),
                                field="level")
            where.append(f"{alias}.level = ?")
            params.append(f.level)
        return " AND ".join(where), params

    def tasks(self, f: Filters) -> list[Task]:
        """Tasks with their agencies (as written) and milestones, in plan order."""
        return list(self.iter_tasks(f))

    def iter_tasks(self, f: Filters) -> Iterator[Task]:
        """The tasks of `tasks`, one at a time: three cursors in the same order (plan, position, id),
        merged as they are read, so memory does not grow with the number of plans."""
        from cchc.domain.tracking import on_time

        where, params = self.task_conditions(f)
        order = "t.plan_id, t.position, t.id"
        rows = self.db.stream(
            f"""SELECT t.id, t.plan_id, t.area_code, t.ref, t.level, t.parent_id, t.text, t.product,
                       t.lead_written, t.deadline_text, t.status, p.year_end, a.name
                FROM task t JOIN plan p ON p.id = t.plan_id LEFT JOIN agency a ON a.id = t.lead_agency_id
                WHERE {where} ORDER BY {order}""", params)
        coop = following(self.db.stream(f"""SELECT c.task_id, c.written FROM task_cooperation c
                                             JOIN task t ON t.id = c.task_id WHERE {where}
                                             ORDER BY {order}, c.position""", params))
        miles = following(self.db.stream(
            f"""SELECT m.task_id, m.id, m.label, m.kind, m.due, m.window_start, m.needs_review, m.review_reason,
                       m.done_on, m.evidence FROM milestone m JOIN task t ON t.id = m.task_id WHERE {where}
                ORDER BY {order}, m.position, m.id""", params))
        day, flag = self.db.day, self.db.flag
        for (tid, plan, area, ref, level, parent, text, product, lead, deadline, status, year_end, agency) in rows:
            end = date(year_end, 12, 31)
            milestones = []
            for _t, mid, label, kind, due, start, review, reason, done_on, evidence in miles(tid):
                due, done_on = day(due), day(done_on)
                milestones.append(Milestone(mid, label, kind, due, day(start), flag(review), reason, done_on,
                                            on_time(kind, due, done_on, end), evidence))
            task = Task(tid, plan, area, ref, level, parent, text, product, lead or None,
                        [c[1] for c in coop(tid)], deadline, status, milestones, agency, end)
            if matches_search(f.search, ref, text, product, task.lead_agency):
                yield task

    def task_json(self, f: Filters) -> Iterator[bytes]:
        """The tasks of `iter_tasks` as compact JSON, one line each, written by the engine
        (cchc.store.task_json); without a text search, which matches in Python."""
        from cchc.store.task_json import task_json

        if f.search:
            raise ValueError("task_json: a text search needs iter_tasks")
        return task_json(self.db, *self.task_conditions(f))

    def task(self, task_id: int) -> Task:
        """One task (NotFound for an unknown id, or a task a later import removed from its plan)."""
        row = self.db.one("SELECT plan_id, removed FROM task WHERE id = ?", (task_id,))
        if row is None:
            raise NotFound(_("no task with id {id} (see cchc task list)").format(id=task_id))
        if self.db.flag(row[1]):
            raise NotFound(_("task {id} was removed from its plan by a later import").format(id=task_id))
        return next(t for t in self.tasks(Filters(plan=str(row[0]))) if t.id == task_id)

    def task_exists(self, task_id: int) -> bool:
        return self.db.one("SELECT 1 FROM task WHERE id = ?", (task_id,)) is not None

    def due_items(self, f: Filters, q: Query) -> list[DueItem]:
        """Milestones of the filtered tasks, soonest first (undated last); status and days_left
        are the task's until cchc.domain.deadline_views.as_of applies today."""
        return list(self.each_due_item(f, q))

    def each_due_item(self, f: Filters, q: Query) -> Iterator[DueItem]:
        """`due_items` one at a time, as the cursor reads them."""
        where, params = self.task_conditions(f)
        if not q.include_done:
            where += " AND m.done_on IS NULL"
            if not f.status:
                where += " AND t.status NOT IN ('done', 'dropped')"
        dated, dparams = ["m.due IS NOT NULL"], []
        for cond, value in (("m.due >= ?", q.start), ("m.due <= ?", q.end), ("m.due < ?", q.before)):
            if value is not None:
                dated.append(cond)
                dparams.append(value)
        when = " AND ".join(dated)
        if q.include_undated:
            when = f"({when}) OR m.due IS NULL"
        number = """(SELECT count(*) FROM milestone n WHERE n.task_id = m.task_id
                     AND (n.position < m.position OR (n.position = m.position AND n.id <= m.id)))"""
        sql = f"""SELECT t.id, m.id, {number}, t.plan_id, t.area_code, t.ref, t.text, m.label, m.kind, m.due, t.lead_written,
                         t.status, t.product, m.done_on, a.name
                  FROM milestone m JOIN task t ON t.id = m.task_id JOIN area ar ON ar.code = t.area_code
                       LEFT JOIN agency a ON a.id = t.lead_agency_id
                  WHERE {where} AND ({when})
                  ORDER BY CASE WHEN m.due IS NULL THEN 1 ELSE 0 END, m.due, t.plan_id, ar.position, t.position,
                           t.id, m.position"""
        day = self.db.day
        for (tid, mid, number, plan, area, ref, text, label, kind, due, lead, status, product, done_on, agency) in \
                self.db.stream(sql, params + dparams):
            if matches_search(f.search, ref, text, product, lead):
                yield DueItem(tid, mid, number, plan, area, ref, text, label, kind, day(due), lead or None, status,
                              None, product, day(done_on), agency)


def following(rows: Iterator[tuple]) -> Callable[[int], list[tuple]]:
    """For rows ordered as the tasks are: `take(task_id)` gives that task's rows, reading no further."""
    pending: list = [next(rows, None)]

    def take(task_id: int) -> list[tuple]:
        found = []
        while pending[0] is not None and pending[0][0] == task_id:
            found.append(pending[0])
            pending[0] = next(rows, None)
        return found

    return take
