"""The province's roll-up: one row per commune, the most behind first. Pure functions.

Decisions:
* A commune's row counts the tasks of its plans that cover the year (as `cchc summary` counts
  them: the items that carry the deadlines), with a milestone due in the period: the quarter of
  the year, else the whole year. A five-year plan so counts, each year, the tasks due in it.
* Statuses as of today: done on time, done late (cchc.domain.summary.category), in progress,
  not started; dropped tasks are left out. overdue counts the open tasks with an open milestone
  past due (they are also in progress or not started), as `cchc summary` does.
* pct_on_time = done on time / (done + overdue): of the tasks whose outcome is known by today,
  the share done on time; None when there is none yet.
* Indicators of those plans: met, and under target (latest value as of today); one without a
  value or a target is neither.
* Most behind first: most overdue, then the lowest % on time (none last), then most done late;
  communes without a plan for the year are listed too (plans 0), so the province sees them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cchc.domain.periods import Range
from cchc.domain.records import Indicator, Plan, Task
from cchc.domain.text import fold

SORTS = ("behind", "name", "overdue", "pct", "late")


@dataclass
class CommuneRow:
    commune: str
    plans: int = 0
    tasks: int = 0
    done_on_time: int = 0
    done_late: int = 0
    overdue: int = 0
    in_progress: int = 0
    not_started: int = 0
    pct_on_time: float | None = None
    indicators_met: int = 0
    indicators_under: int = 0


def covers(plan: Plan, year: int) -> bool:
    return plan.year_start <= year <= plan.year_end


def _count(row: CommuneRow, tasks: list[Task], span: Range, today: date) -> None:
    from cchc.domain.summary import category, counted, due_in, overdue_milestones

    for task in counted(tasks):
        if not due_in(task, span) or task.status == "dropped":
            continue
        row.tasks += 1
        kind = category(task)
        setattr(row, kind, getattr(row, kind) + 1)
        row.overdue += bool(overdue_milestones(task, today))
    decided = row.done_on_time + row.done_late + row.overdue
    row.pct_on_time = round(100 * row.done_on_time / decided, 1) if decided else None


def _indicators(row: CommuneRow, indicators: list[Indicator]) -> None:
    from cchc.domain.indicators import summarise

    for ind in indicators:
        met = summarise(ind.comparator, ind.target, ind.values).met
        row.indicators_met += met is True
        row.indicators_under += met is False


def rollup(owners: list[tuple[int, str]], plans: list[Plan], tasks: list[Task], indicators: list[Indicator],
           span: Range, year: int, today: date, sort: str = "behind") -> list[CommuneRow]:
    """One row per owner (commune), sorted (see SORTS)."""
    chosen = {p.id: p.owner_id for p in plans if covers(p, year)}
    rows = []
    for owner_id, name in owners:
        row = CommuneRow(name, plans=sum(1 for o in chosen.values() if o == owner_id))
        _count(row, [t for t in tasks if chosen.get(t.plan) == owner_id], span, today)
        _indicators(row, [i for i in indicators if chosen.get(i.plan) == owner_id])
        rows.append(row)
    return sort_rows(rows, sort)


def sort_rows(rows: list[CommuneRow], sort: str) -> list[CommuneRow]:
    pct = lambda r: 101.0 if r.pct_on_time is None else r.pct_on_time  # noqa: E731  (none yet: least behind)
    keys = {
        "behind": lambda r: (-r.overdue, pct(r), -r.done_late, fold(r.commune)),
        "name": lambda r: fold(r.commune),
        "overdue": lambda r: (-r.overdue, fold(r.commune)),
        "pct": lambda r: (pct(r), fold(r.commune)),
        "late": lambda r: (-r.done_late, fold(r.commune)),
    }
    return sorted(rows, key=keys[sort])


def by_commune(items: list, plan_owner: dict[int, int], names: dict[int, str]) -> list[dict]:
    """Overdue milestones (DueItems) grouped by commune, the commune with most first."""
    groups: dict[int, list] = {}
    for item in items:
        groups.setdefault(plan_owner[item.plan], []).append(item)
    ordered = sorted(groups.items(), key=lambda g: (-len(g[1]), fold(names.get(g[0], ""))))
    return [{"commune": names.get(owner, ""), "overdue": len(rows), "items": rows} for owner, rows in ordered]
