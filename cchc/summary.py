"""The meeting summary: per area, per lead agency, indicators, what is next, what needs review.

Pure functions over the task rows of cchc.queries.load_tasks, except the two
`load_*` readers at the end (plain SQL, like cchc.views.milestone_rows).

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

import sqlite3
from datetime import date, timedelta

from cchc.domain.vocabulary import AREAS
from cchc.i18n import _
from cchc.domain.periods import Range
from cchc.domain.text import fold

COUNT_KEYS = ("total", "done_on_time", "done_late", "in_progress", "not_started", "overdue", "dropped")
OPEN = ("not_started", "in_progress")
UPCOMING_DAYS = 14


# -- one task -----------------------------------------------------------------


def counted(rows: list[dict]) -> list[dict]:
    """The items that carry the deadlines (see the module notes)."""
    parents = {r["parent"] for r in rows if r["parent"] is not None}
    return [r for r in rows if r["milestones"] or r["id"] not in parents]


def is_late(row: dict) -> bool:
    return any(m["on_time"] is False for m in row["milestones"])


def overdue_milestones(row: dict, today: date) -> list[dict]:
    if row["status"] not in OPEN:
        return []
    return [m for m in row["milestones"] if m["done_on"] is None and m["due"] is not None and m["due"] < today]


def category(row: dict) -> str:
    """done_on_time, done_late, in_progress, not_started or dropped."""
    if row["status"] == "done":
        return "done_late" if is_late(row) else "done_on_time"
    return row["status"]


def due_in(row: dict, span: Range) -> bool:
    return any(m["due"] is not None and m["due"] in span for m in row["milestones"])


def done_date(row: dict) -> date | None:
    """When a done task was finished: its last milestone completion."""
    dates = [m["done_on"] for m in row["milestones"] if m["done_on"]]
    return max(dates) if dates else None


# -- counts -------------------------------------------------------------------


def empty_counts() -> dict:
    return dict.fromkeys(COUNT_KEYS, 0)


def add(counts: dict, row: dict, today: date) -> None:
    counts["total"] += 1
    counts[category(row)] += 1
    if overdue_milestones(row, today):
        counts["overdue"] += 1


def pct_done(counts: dict) -> float | None:
    expected = counts["total"] - counts["dropped"]
    if expected <= 0:
        return None
    return round(100 * (counts["done_on_time"] + counts["done_late"]) / expected, 1)


def area_counts(rows: list[dict], today: date, areas: list[str] | None = None) -> list[dict]:
    """One row per area (the given ones, else those with tasks), in the plans' order."""
    by_area = {code: empty_counts() for code in (areas or [])}
    for row in rows:
        add(by_area.setdefault(row["area"], empty_counts()), row, today)
    result = []
    for code in [c for c in AREAS if c in by_area] + [c for c in by_area if c not in AREAS]:
        counts = by_area[code]
        result.append({"area": code, "name": AREAS.get(code, code), **counts, "pct_done": pct_done(counts)})
    return result


def totals(areas: list[dict]) -> dict:
    counts = {k: sum(a[k] for a in areas) for k in COUNT_KEYS}
    return {**counts, "pct_done": pct_done(counts)}


def agency_counts(rows: list[dict], today: date) -> list[dict]:
    """Per lead agency: open, overdue, done late; the most behind first."""
    by_agency: dict[str | None, dict] = {}
    for row in rows:
        entry = by_agency.setdefault(row["lead_agency"], {"agency": row["lead_agency"], "total": 0, "open": 0,
                                                         "overdue": 0, "done_late": 0})
        entry["total"] += 1
        entry["open"] += row["status"] in OPEN
        entry["overdue"] += bool(overdue_milestones(row, today))
        entry["done_late"] += category(row) == "done_late"
    return sorted(by_agency.values(), key=lambda e: (-e["overdue"], -e["done_late"], -e["open"],
                                                     e["agency"] is None, fold(e["agency"] or "")))


# -- lists --------------------------------------------------------------------


def needs_review(rows: list[dict]) -> list[dict]:
    """Open milestones of open tasks flagged at import, or waiting for a date (events, no deadline)."""
    found = []
    for row in rows:
        if row["status"] not in OPEN:
            continue
        for m in row["milestones"]:
            if m["done_on"] is not None:
                continue
            if m["needs_review"]:
                reason = m["review_reason"] or _("flagged at import")
            elif m["due"] is None and m["kind"] in ("event", "unspecified"):
                reason = _("needs a date") if m["kind"] == "event" else _("no deadline")
            else:
                continue
            found.append({"task_id": row["id"], "area": row["area"], "ref": row["ref"], "text": row["text"],
                          "label": m["label"], "kind": m["kind"], "due": m["due"], "lead_agency": row["lead_agency"],
                          "reason": reason})
    return found


def upcoming_range(today: date) -> Range:
    return Range(today, today + timedelta(days=UPCOMING_DAYS))


def summary(plan: dict, rows: list[dict], indicators: list[dict], upcoming: list[dict], today: date,
            span: Range | None = None) -> dict:
    """The whole summary as JSON-ready data (dates as date objects)."""
    tasks = counted(rows)
    chosen = [r for r in tasks if due_in(r, span)] if span else tasks
    areas = area_counts(chosen, today, list({r["area"]: None for r in tasks}))
    return {
        "plan": plan,
        "as_of": today,
        "quarter": {"start": span.start, "end": span.end} if span else None,
        "areas": areas,
        "totals": totals(areas),
        "agencies": agency_counts(chosen, today),
        "indicators": indicators,
        "upcoming": upcoming,
        "needs_review": needs_review(chosen),
    }


# -- reading ------------------------------------------------------------------


def load_plan(conn: sqlite3.Connection, plan_id: int) -> dict:
    row = conn.execute("SELECT id, title, commune, number, issuer, year_start, year_end FROM plan WHERE id = ?",
                       (plan_id,)).fetchone()
    return dict(row)


def load_indicators(conn: sqlite3.Connection, plan_id: int, until: date | None = None) -> list[dict]:
    """The plan's indicators: target, latest value (recorded as of `until` at the latest), met or not."""
    from cchc.indicators import summarise, target_text

    by_indicator: dict[int, list[dict]] = {}
    for v in conn.execute("SELECT v.indicator_id, v.period, v.as_of, v.value, v.source FROM indicator_value v "
                          "JOIN indicator i ON i.id = v.indicator_id WHERE i.plan_id = ? "
                          "ORDER BY v.indicator_id, v.as_of, v.period, v.id", (plan_id,)):
        by_indicator.setdefault(v["indicator_id"], []).append({
            "period": v["period"], "as_of": date.fromisoformat(v["as_of"][:10]), "value": v["value"],
            "source": v["source"]})
    rows = []
    for ind in conn.execute("SELECT * FROM indicator WHERE plan_id = ? ORDER BY id", (plan_id,)).fetchall():
        values = by_indicator.get(ind["id"], [])
        if until is not None:
            values = [v for v in values if v["as_of"] <= until]
        s = summarise(ind["comparator"], ind["target"], values)
        rows.append({"key": ind["key"], "name": ind["name"], "unit": ind["unit"], "comparator": ind["comparator"],
                     "target": ind["target"], "target_text": target_text(ind["comparator"], ind["target"], ind["unit"]),
                     "latest": s.latest["value"] if s.latest else None,
                     "latest_period": s.latest["period"] if s.latest else None,
                     "latest_as_of": s.latest["as_of"] if s.latest else None,
                     "met": s.met})
    return rows
