"""The meeting summary: per area, per lead agency, indicators, what is next, what needs review.

Pure functions over the tasks the store reads (cchc.domain.records.Task).

Decisions:
* A counted task is an item that carries milestones, or a childless item
  without any. In hierarchical plans (Mục tiêu → Nhiệm vụ → Hoạt động) the
  objectives and tasks whose activities carry the deadlines have no
  milestones of their own and are not counted, so nothing is counted twice.
* Each counted task is in exactly one of done_on_time, done_late,
  in_progress, not_started, dropped (they add up to total). A done task is
  late when any of its milestones was done after its due date (undated
  milestones: after the end of the plan period), else on time.
* overdue is counted across in_progress and not_started: an open task with an
  open milestone due before today, the tasks `cchc overdue` lists.
* pct_done = done / (total − dropped): a dropped task is no longer expected.
* With a quarter, only tasks with a milestone due in it are counted (a task
  due in several quarters counts in each), in the areas, agencies and review
  list; statuses are still as of today, and "upcoming" is always the 14 days
  from today.
* Indicators: the latest value recorded as of today (its as-of date).
"""

from __future__ import annotations

from datetime import date, timedelta

from cchc.domain.periods import Range
from cchc.domain.records import Indicator, Plan, Task
from cchc.domain.text import fold
from cchc.domain.vocabulary import AREAS, OPEN_STATUSES as OPEN
from cchc.i18n import _

COUNT_KEYS = ("total", "done_on_time", "done_late", "in_progress", "not_started", "overdue", "dropped")
UPCOMING_DAYS = 14


# -- one task -----------------------------------------------------------------


def counted(rows: list[Task]) -> list[Task]:
    """The items that carry the deadlines (see the module notes)."""
    parents = {r.parent for r in rows if r.parent is not None}
    return [r for r in rows if r.milestones or r.id not in parents]


def is_late(row: Task) -> bool:
    return any(m.on_time is False for m in row.milestones)


def overdue_milestones(row: Task, today: date) -> list:
    if row.status not in OPEN:
        return []
    return [m for m in row.milestones if m.done_on is None and m.due is not None and m.due < today]


def category(row: Task) -> str:
    """done_on_time, done_late, in_progress, not_started or dropped."""
    if row.status == "done":
        return "done_late" if is_late(row) else "done_on_time"
    return row.status


def due_in(row: Task, span: Range) -> bool:
    return any(m.due is not None and m.due in span for m in row.milestones)


def done_date(row: Task) -> date | None:
    """When a done task was finished: its last milestone completion."""
    dates = [m.done_on for m in row.milestones if m.done_on]
    return max(dates) if dates else None


# -- counts -------------------------------------------------------------------


def empty_counts() -> dict:
    return dict.fromkeys(COUNT_KEYS, 0)


def add(counts: dict, row: Task, today: date) -> None:
    counts["total"] += 1
    counts[category(row)] += 1
    if overdue_milestones(row, today):
        counts["overdue"] += 1


def pct_done(counts: dict) -> float | None:
    expected = counts["total"] - counts["dropped"]
    if expected <= 0:
        return None
    return round(100 * (counts["done_on_time"] + counts["done_late"]) / expected, 1)


def area_counts(rows: list[Task], today: date, areas: list[str] | None = None) -> list[dict]:
    """One row per area (the given ones, else those with tasks), in the plans' order."""
    by_area = {code: empty_counts() for code in (areas or [])}
    for row in rows:
        add(by_area.setdefault(row.area, empty_counts()), row, today)
    result = []
    for code in [c for c in AREAS if c in by_area] + [c for c in by_area if c not in AREAS]:
        counts = by_area[code]
        result.append({"area": code, "name": AREAS.get(code, code), **counts, "pct_done": pct_done(counts)})
    return result


def totals(areas: list[dict]) -> dict:
    counts = {k: sum(a[k] for a in areas) for k in COUNT_KEYS}
    return {**counts, "pct_done": pct_done(counts)}


def agency_counts(rows: list[Task], today: date) -> list[dict]:
    """Per lead agency (by its name, whatever the spelling): open, overdue, done late; the most behind first."""
    by_agency: dict[str | None, dict] = {}
    for row in rows:
        name = row.agency or row.lead_agency
        entry = by_agency.setdefault(name, {"agency": name, "total": 0, "open": 0, "overdue": 0, "done_late": 0})
        entry["total"] += 1
        entry["open"] += row.status in OPEN
        entry["overdue"] += bool(overdue_milestones(row, today))
        entry["done_late"] += category(row) == "done_late"
    return sorted(by_agency.values(), key=lambda e: (-e["overdue"], -e["done_late"], -e["open"],
                                                     e["agency"] is None, fold(e["agency"] or "")))


# -- lists --------------------------------------------------------------------


def needs_review(rows: list[Task]) -> list[dict]:
    """Open milestones of open tasks flagged at import, or waiting for a date (events, no deadline)."""
    found = []
    for row in rows:
        if row.status not in OPEN:
            continue
        for m in row.milestones:
            if m.done_on is not None:
                continue
            if m.needs_review:
                reason = m.review_reason or _("flagged at import")
            elif m.due is None and m.kind in ("event", "unspecified"):
                reason = _("needs a date") if m.kind == "event" else _("no deadline")
            else:
                continue
            found.append({"task_id": row.id, "area": row.area, "ref": row.ref, "text": row.text,
                          "label": m.label, "kind": m.kind, "due": m.due, "lead_agency": row.lead_agency,
                          "reason": reason})
    return found


def upcoming_range(today: date) -> Range:
    return Range(today, today + timedelta(days=UPCOMING_DAYS))


PLAN_KEYS = ("id", "title", "commune", "number", "issuer", "year_start", "year_end")


def summary(plan: Plan, rows: list[Task], indicators: list[dict], upcoming: list, today: date,
            span: Range | None = None) -> dict:
    """The whole summary as JSON-ready data (dates as date objects)."""
    tasks = counted(rows)
    chosen = [r for r in tasks if due_in(r, span)] if span else tasks
    areas = area_counts(chosen, today, list({r.area: None for r in tasks}))
    return {
        "plan": {k: getattr(plan, k) for k in PLAN_KEYS},
        "as_of": today,
        "quarter": {"start": span.start, "end": span.end} if span else None,
        "areas": areas,
        "totals": totals(areas),
        "agencies": agency_counts(chosen, today),
        "indicators": indicators,
        "upcoming": upcoming,
        "needs_review": needs_review(chosen),
    }


# -- indicators ---------------------------------------------------------------


def indicator_rows(indicators: list[Indicator]) -> list[dict]:
    """Each indicator's target, latest value and whether it is met (values as of the caller's day)."""
    from cchc.domain.indicators import summarise, target_text

    rows = []
    for ind in indicators:
        s = summarise(ind.comparator, ind.target, ind.values)
        rows.append({"key": ind.key, "name": ind.name, "unit": ind.unit, "comparator": ind.comparator,
                     "target": ind.target, "target_text": target_text(ind.comparator, ind.target, ind.unit),
                     "latest": s.latest.value if s.latest else None,
                     "latest_period": s.latest.period if s.latest else None,
                     "latest_as_of": s.latest.as_of if s.latest else None,
                     "met": s.met})
    return rows
