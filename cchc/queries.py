"""Read-side queries shared by the listing commands (plain SQL over sqlite3).

Filters that SQL cannot express portably (accent-insensitive matching) are
resolved in Python first, then passed to SQL as id lists.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

from cchc.domain.vocabulary import AREAS, area_code
from cchc.domain.errors import NotFound, UserError
from cchc.i18n import _
from cchc.domain.text import fold


@dataclass
class Filters:
    plan: str | None = None  # an id, "all", or None for the current plan
    area: str | None = None
    agency: str | None = None
    status: str | None = None
    search: str | None = None
    level: str | None = None


def current_plan_id(conn: sqlite3.Connection) -> int | None:
    row = conn.execute(
        "SELECT p.id FROM setting s JOIN plan p ON p.id = CAST(s.value AS INTEGER) WHERE s.key = 'current_plan'"
    ).fetchone()
    if row:
        return row[0]
    row = conn.execute("SELECT max(id) FROM plan").fetchone()
    return row[0]


def plan_ids(conn: sqlite3.Connection, plan: str | None) -> list[int] | None:
    """The plans a view covers: None means all plans."""
    if plan is not None and plan.strip().lower() == "all":
        return None
    if plan is None:
        current = current_plan_id(conn)
        if current is None:
            raise UserError(_("no plan imported yet; run: cchc import FILE"))
        return [current]
    if not plan.strip().isdigit():
        raise UserError(_("--plan: '{plan}' is not a plan id (see cchc plan list) or 'all'").format(plan=plan))
    if conn.execute("SELECT 1 FROM plan WHERE id = ?", (int(plan),)).fetchone() is None:
        raise NotFound(_("no plan with id {id} (see cchc plan list)").format(id=plan))
    return [int(plan)]


def agency_ids(conn: sqlite3.Connection, query: str) -> list[int]:
    """Agencies the query names: the one whose key it spells, else those whose name
    or any alias contains it (accents and case ignored), single agencies before groups."""
    from cchc.domain.agencies import agency_key

    exact = conn.execute("SELECT id FROM agency WHERE key = ?", (agency_key(query),)).fetchall()
    if exact:
        return [exact[0][0]]
    needle = fold(query)
    rows = conn.execute("SELECT a.id, a.name, a.is_group FROM agency a UNION ALL "
                        "SELECT a.id, l.alias, a.is_group FROM agency_alias l JOIN agency a ON a.id = l.agency_id")
    found = {(agency_id, bool(group)) for agency_id, name, group in rows if needle in fold(name)}
    single = sorted(i for i, group in found if not group)
    return single or sorted(i for i, _group in found)


def task_conditions(conn: sqlite3.Connection, f: Filters, alias: str = "t") -> tuple[str, list]:
    """SQL conditions (joined by AND) and parameters for the task filters."""
    from cchc.domain.vocabulary import parse_status

    where, params = [f"{alias}.removed = 0"], []
    ids = plan_ids(conn, f.plan)
    if ids is not None:
        where.append(f"{alias}.plan_id IN ({','.join('?' * len(ids))})")
        params += ids
    if f.area:
        code = area_code(f.area)
        if code is None:
            raise UserError(_("--area: unknown area '{area}' (codes: {codes})").format(area=f.area, codes=", ".join(AREAS)))
        where.append(f"{alias}.area_code = ?")
        params.append(code)
    if f.agency:
        found = agency_ids(conn, f.agency)
        where.append(f"{alias}.lead_agency_id IN ({','.join('?' * len(found)) or 'NULL'})")
        params += found
    if f.status:
        where.append(f"{alias}.status = ?")
        params.append(parse_status(f.status))
    if f.level:
        if f.level not in ("objective", "task", "activity"):
            raise UserError(_("--level: '{level}' is not one of objective, task, activity").format(level=f.level))
        where.append(f"{alias}.level = ?")
        params.append(f.level)
    return " AND ".join(where), params


def matches_search(row: dict, search: str | None) -> bool:
    if not search:
        return True
    haystack = fold(" ".join(str(row.get(k) or "") for k in ("ref", "text", "product", "lead_agency")))
    return fold(search) in haystack


def period_end(year_end: int) -> date:
    return date(year_end, 12, 31)


def load_tasks(conn: sqlite3.Connection, f: Filters) -> list[dict]:
    """Tasks with their agencies and milestones, in plan order, as task-list rows."""
    from cchc.domain.vocabulary import on_time

    where, params = task_conditions(conn, f)
    tasks = conn.execute(
        f"""SELECT t.id, t.plan_id, t.area_code, t.ref, t.level, t.parent_id, t.text, t.product,
                   a.name AS lead_agency, t.deadline_text, t.status, p.year_end, t.source_line
            FROM task t JOIN plan p ON p.id = t.plan_id LEFT JOIN agency a ON a.id = t.lead_agency_id
            WHERE {where} ORDER BY t.plan_id, t.position, t.id""", params).fetchall()
    chosen = f"SELECT t.id FROM task t WHERE {where}"  # the same tasks, without binding their ids
    coop = _by_task(conn, f"""SELECT c.task_id, a.name FROM task_cooperation c JOIN agency a ON a.id = c.agency_id
                              WHERE c.task_id IN ({chosen}) ORDER BY c.task_id, c.position""", params)
    miles = _by_task(conn, f"""SELECT m.task_id, m.id, m.label, m.kind, m.due, m.window_start, m.needs_review,
                               m.review_reason, m.done_on, m.evidence FROM milestone m
                               WHERE m.task_id IN ({chosen}) ORDER BY m.task_id, m.position""", params)
    rows = []
    for t in tasks:
        end = period_end(t["year_end"])
        milestones = [{
            "id": m["id"], "label": m["label"], "kind": m["kind"], "due": _date(m["due"]),
            "start": _date(m["window_start"]), "needs_review": bool(m["needs_review"]),
            "review_reason": m["review_reason"], "done_on": _date(m["done_on"]),
            "on_time": on_time(m["kind"], _date(m["due"]), _date(m["done_on"]), end),
            "evidence": m["evidence"],
        } for m in miles.get(t["id"], [])]
        row = {"id": t["id"], "plan": t["plan_id"], "area": t["area_code"], "ref": t["ref"], "level": t["level"],
               "parent": t["parent_id"], "text": t["text"], "product": t["product"], "lead_agency": t["lead_agency"],
               "cooperating_agencies": [c["name"] for c in coop.get(t["id"], [])],
               "deadline_text": t["deadline_text"], "status": t["status"], "milestones": milestones}
        if matches_search(row, f.search):
            rows.append(row)
    return rows


def _by_task(conn: sqlite3.Connection, sql: str, params: list) -> dict[int, list[sqlite3.Row]]:
    """Rows grouped by their first column, a task id: one statement however many tasks."""
    grouped: dict[int, list] = {}
    for row in conn.execute(sql, params):
        grouped.setdefault(row[0], []).append(row)
    return grouped


def _date(value) -> date | None:
    return date.fromisoformat(value) if value else None
