"""`db check`: the engine's own checks (SQLite's integrity and foreign keys) plus cchc's invariants.
Returns problems, prints nothing."""

from __future__ import annotations

from dataclasses import dataclass

from cchc.i18n import _
from cchc.store.dialect import Db, marks


@dataclass
class Problem:
    check: str
    detail: str
    table: str | None = None  # the table a damaged page belongs to, when known
    row_id: int | None = None  # the row, where a repair needs it


def _invariants():
    from cchc.domain.vocabulary import DATED_KINDS, LEVELS, STATUSES

    return [
        ("task_plan", "SELECT id FROM task WHERE plan_id IS NULL OR plan_id NOT IN (SELECT id FROM plan)", (),
         _("task {0} has no plan")),
        ("task_area", "SELECT id, area_code FROM task WHERE area_code IS NULL OR area_code NOT IN (SELECT code FROM area)",
         (), _("task {0} has no valid area ({1})")),
        ("task_status", f"SELECT id, status FROM task WHERE status NOT IN ({marks(STATUSES)})", STATUSES,
         _("task {0} has an unknown status '{1}'")),
        ("task_level", f"SELECT id, level FROM task WHERE level NOT IN ({marks(LEVELS)})", LEVELS,
         _("task {0} has an unknown level '{1}'")),
        ("task_parent", "SELECT c.id FROM task c JOIN task p ON p.id = c.parent_id WHERE p.plan_id != c.plan_id", (),
         _("task {0} has a parent in another plan")),
        ("milestone_task", "SELECT id FROM milestone WHERE task_id NOT IN (SELECT id FROM task)", (),
         _("milestone {0} belongs to no task")),
        ("milestone_undated", f"SELECT id, kind FROM milestone WHERE due IS NULL AND kind IN ({marks(DATED_KINDS)})",
         DATED_KINDS, _("milestone {0} of kind {1} has no due date")),
        ("milestone_ongoing", "SELECT id FROM milestone WHERE due IS NOT NULL AND kind = 'ongoing'", (),
         _("milestone {0} is ongoing but has a due date")),
        ("milestone_window", "SELECT id FROM milestone WHERE window_start IS NOT NULL AND due IS NOT NULL "
         "AND window_start > due", (), _("milestone {0} starts after it is due")),
        ("alias_orphan", "SELECT id, alias FROM agency_alias WHERE agency_id NOT IN (SELECT id FROM agency)", (),
         _("agency spelling '{1}' belongs to no agency")),
        ("lead_agency", "SELECT id FROM task WHERE lead_agency_id IS NOT NULL "
         "AND lead_agency_id NOT IN (SELECT id FROM agency)", (), _("task {0} is led by a missing agency")),
        ("agency_owner", "SELECT t.id FROM task t JOIN agency a ON a.id = t.lead_agency_id JOIN plan p ON p.id = t.plan_id "
         "WHERE a.owner_id != p.owner_id", (), _("task {0} is led by another commune's agency")),
        ("indicator_plan", "SELECT key FROM indicator WHERE plan_id NOT IN (SELECT id FROM plan)", (),
         _("indicator {0} belongs to no plan")),
    ]


def _dates_out_of_range(db: Db) -> list[Problem]:
    """Dates cchc accepts lie in FIRST_YEAR..LAST_YEAR; an older cchc stored some that do not."""
    from datetime import date

    from cchc.domain.dates import FIRST_YEAR, LAST_YEAR

    bounds = (date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31))
    problems = []
    for table, column in (("milestone", "due"), ("milestone", "done_on"), ("milestone", "window_start"),
                          ("indicator_value", "as_of")):
        for row_id, day in db.rows(f"SELECT id, {column} FROM {table} WHERE {column} < ? OR {column} > ?", bounds):
            problems.append(Problem("date_range", _("{table} {id}: {column} {day} is outside {first}–{last}").format(
                table=table, id=row_id, column=column, day=day, first=FIRST_YEAR, last=LAST_YEAR)))
    return problems


def cchc_invariants(db: Db) -> list[Problem]:
    from cchc.domain.tracking import due_fits_kind

    problems = [Problem(name, message.format(*row)) for name, sql, params, message in _invariants()
                for row in db.rows(sql, params)] + _dates_out_of_range(db)
    for mid, kind, due in db.rows("SELECT id, kind, due FROM milestone WHERE due IS NOT NULL"):
        try:
            fits = due_fits_kind(kind, db.day(due))
        except (TypeError, ValueError):
            problems.append(Problem("milestone_due", _("milestone {id} has an unreadable due date '{due}'")
                                    .format(id=mid, due=due)))
            continue
        if not fits:
            problems.append(Problem("milestone_due", _("milestone {id}: due {due} does not fit its kind '{kind}'")
                                    .format(id=mid, due=due, kind=kind)))
    return problems


def stored_json_problems(db: Db) -> list[Problem]:
    """A task whose stored JSON (task list --format json) is not what its rows give: the triggers keep
    it true, so only damage or a hand edit of the column itself does that."""
    from cchc.store.task_json import built_task_json

    where, params = "t.json_text IS NOT NULL AND t.removed = ?", [False]
    stored = dict(db.rows(f"SELECT t.id, t.json_text FROM task t WHERE {where}", params))
    shown = _("task {id}: wrong stored JSON; cchc db check --repair stores it again")
    return [Problem("task_json", shown.format(id=tid), "task", tid)
            for tid, line in built_task_json(db, where, params)
            if stored.get(tid) != line.decode("utf-8", "replace")]


def check(db: Db) -> list[Problem]:
    problems = [Problem(c, d) for c, d in db.dialect.integrity_problems(db.conn)]
    if any(p.check == "integrity" for p in problems):
        return problems  # a damaged file: cchc's own checks would only add noise
    return problems + cchc_invariants(db) + stored_json_problems(db)
