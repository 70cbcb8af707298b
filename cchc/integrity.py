"""`db check`: SQLite's own checks plus cchc's invariants. Returns problems, prints nothing."""

from __future__ import annotations

import calendar
import sqlite3
from dataclasses import dataclass
from datetime import date

from cchc.i18n import _

DATED_KINDS = ("date", "yearly", "month", "quarter", "window", "half", "year", "recurring")


@dataclass
class Problem:
    check: str
    detail: str


def _rows(conn: sqlite3.Connection, sql: str) -> list[tuple]:
    return [tuple(r) for r in conn.execute(sql).fetchall()]


def sqlite_checks(conn: sqlite3.Connection) -> list[Problem]:
    problems = [Problem("integrity", r[0]) for r in _rows(conn, "PRAGMA integrity_check") if r[0] != "ok"]
    problems += [Problem("foreign_key", _("{table} row {row} points to a missing {parent}")
                         .format(table=r[0], row=r[1], parent=r[2]))
                 for r in _rows(conn, "PRAGMA foreign_key_check")]
    return problems


_INVARIANTS: list[tuple[str, str, str]] = [
    ("task_plan", "SELECT id FROM task WHERE plan_id IS NULL OR plan_id NOT IN (SELECT id FROM plan)",
     _("task {0} has no plan")),
    ("task_area", "SELECT id, area_code FROM task WHERE area_code IS NULL OR area_code NOT IN (SELECT code FROM area)",
     _("task {0} has no valid area ({1})")),
    ("task_status", "SELECT id, status FROM task WHERE status NOT IN ('not_started','in_progress','done','dropped')",
     _("task {0} has an unknown status '{1}'")),
    ("task_level", "SELECT id, level FROM task WHERE level NOT IN ('objective','task','activity')",
     _("task {0} has an unknown level '{1}'")),
    ("task_parent", "SELECT c.id FROM task c JOIN task p ON p.id = c.parent_id WHERE p.plan_id != c.plan_id",
     _("task {0} has a parent in another plan")),
    ("milestone_task", "SELECT id FROM milestone WHERE task_id NOT IN (SELECT id FROM task)",
     _("milestone {0} belongs to no task")),
    ("milestone_undated", f"SELECT id, kind FROM milestone WHERE due IS NULL AND kind IN {DATED_KINDS}",
     _("milestone {0} of kind {1} has no due date")),
    ("milestone_ongoing", "SELECT id FROM milestone WHERE due IS NOT NULL AND kind = 'ongoing'",
     _("milestone {0} is ongoing but has a due date")),
    ("milestone_window", "SELECT id FROM milestone WHERE window_start IS NOT NULL AND due IS NOT NULL AND window_start > due",
     _("milestone {0} starts after it is due")),
    ("alias_orphan", "SELECT id, alias FROM agency_alias WHERE agency_id NOT IN (SELECT id FROM agency)",
     _("agency spelling '{1}' belongs to no agency")),
    ("lead_agency", "SELECT id FROM task WHERE lead_agency_id IS NOT NULL AND lead_agency_id NOT IN (SELECT id FROM agency)",
     _("task {0} is led by a missing agency")),
    ("indicator_plan", "SELECT key FROM indicator WHERE plan_id NOT IN (SELECT id FROM plan)",
     _("indicator {0} belongs to no plan")),
]


def _due_fits_kind(kind: str, due: date) -> bool:
    last = calendar.monthrange(due.year, due.month)[1]
    if kind == "month":
        return due.day == last
    if kind in ("quarter", "window"):
        return due.month % 3 == 0 and due.day == last
    if kind == "half":
        return (due.month, due.day) in ((6, 30), (12, 31))
    if kind == "year":
        return (due.month, due.day) == (12, 31)
    return True


def cchc_invariants(conn: sqlite3.Connection) -> list[Problem]:
    problems = [Problem(name, message.format(*row)) for name, sql, message in _INVARIANTS for row in _rows(conn, sql)]
    for mid, kind, due in _rows(conn, "SELECT id, kind, due FROM milestone WHERE due IS NOT NULL"):
        try:
            fits = _due_fits_kind(kind, date.fromisoformat(due))
        except (TypeError, ValueError):
            problems.append(Problem("milestone_due", _("milestone {id} has an unreadable due date '{due}'")
                                    .format(id=mid, due=due)))
            continue
        if not fits:
            problems.append(Problem("milestone_due", _("milestone {id}: due {due} does not fit its kind '{kind}'")
                                    .format(id=mid, due=due, kind=kind)))
    return problems


def check(conn: sqlite3.Connection) -> list[Problem]:
    problems = sqlite_checks(conn)
    if any(p.check == "integrity" for p in problems):
        return problems  # a damaged file: cchc's own checks would only add noise
    return problems + cchc_invariants(conn)
