"""Deadline views: milestone rows for a date range, agenda buckets, reminders.

`milestone_rows` is the only function that reads the database (plain SQL);
the rest are pure functions over its rows.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

from cchc.i18n import _, ngettext
from cchc.domain.periods import Range, add_months, month_end
from cchc.queries import Filters, matches_search, task_conditions

OPEN_TASK = "t.status NOT IN ('done', 'dropped')"
# The keys of a milestone row, in JSON order.
ROW_KEYS = ("task_id", "milestone_id", "plan", "area", "ref", "text", "label", "kind", "due",
            "lead_agency", "status", "days_left")


@dataclass
class Query:
    """Which milestones a view wants, on top of the shared task filters."""

    start: date | None = None  # None: no lower bound
    end: date | None = None  # None: no upper bound (inclusive otherwise)
    before: date | None = None  # strictly before (overdue)
    include_done: bool = False
    include_undated: bool = False


def milestone_rows(conn: sqlite3.Connection, f: Filters, q: Query, today: date) -> list[dict]:
    """Milestones of the filtered tasks, soonest first (undated last)."""
    where, params = task_conditions(conn, f)
    if not q.include_done:
        where += " AND m.done_on IS NULL" + ("" if f.status else f" AND {OPEN_TASK}")
    dated, dparams = ["m.due IS NOT NULL"], []
    for cond, value in (("m.due >= ?", q.start), ("m.due <= ?", q.end), ("m.due < ?", q.before)):
        if value is not None:
            dated.append(cond)
            dparams.append(value.isoformat())
    when = " AND ".join(dated)
    if q.include_undated:
        when = f"({when}) OR m.due IS NULL"
    sql = f"""SELECT t.id AS task_id, m.id AS milestone_id, t.plan_id AS plan, t.area_code AS area, t.ref, t.text,
                     t.product, m.label, m.kind, m.due, a.name AS lead_agency, t.status, m.done_on
              FROM milestone m JOIN task t ON t.id = m.task_id JOIN area ar ON ar.code = t.area_code
                   LEFT JOIN agency a ON a.id = t.lead_agency_id
              WHERE {where} AND ({when})
              ORDER BY m.due IS NULL, m.due, t.plan_id, ar.position, t.position, t.id, m.position"""
    rows = []
    for r in conn.execute(sql, params + dparams):
        row = dict(r)
        if not matches_search(row, f.search):
            continue
        rows.append(_finish(row, today))
    return rows


def _finish(row: dict, today: date) -> dict:
    due = date.fromisoformat(row["due"]) if row["due"] else None
    status = "done" if row["done_on"] else row["status"]
    return {**{k: row[k] for k in ROW_KEYS if k in row}, "due": due, "status": status,
            "days_left": days_left(due, today)}


def days_left(due: date | None, today: date) -> int | None:
    """Days until due; negative when late; None when undated."""
    return None if due is None else (due - today).days


def when_words(days: int | None, kind: str = "") -> str:
    if days is None:
        return {"ongoing": _("ongoing"), "event": _("needs a date")}.get(kind, _("no date"))
    if days == 0:
        return _("due today")
    if days > 0:
        return ngettext("{n} day left", "{n} days left", days).format(n=days)
    return ngettext("{n} day late", "{n} days late", -days).format(n=-days)


def urgency(row: dict) -> str | None:
    """'done', 'overdue', 'soon' (within 7 days) or None: the colour of a row."""
    if row["status"] == "done":
        return "done"
    days = row["days_left"]
    if days is None:
        return None
    if days < 0:
        return "overdue"
    return "soon" if days <= 7 else None


# --------------------------------------------------------------------------- agenda

def agenda_range(today: date, months: int, by: str) -> Range:
    """From the start of today's month (quarter) over `months` months, whole buckets."""
    first = date(today.year, today.month, 1)
    if by == "quarter":
        first = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    last = add_months(date(today.year, today.month, 1), months - 1)
    if by == "quarter":
        last = date(last.year, 3 * ((last.month - 1) // 3) + 3, 1)
    return Range(first, month_end(last.year, last.month))


def bucket_key(day: date, by: str) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}" if by == "quarter" else f"{day.year}-{day.month:02d}"


def agenda(rows: list[dict], span: Range, by: str, area_order: list[str]) -> list[dict]:
    """One bucket per month (or quarter) of the span, empty ones included."""
    key = "quarter" if by == "quarter" else "month"
    buckets: dict[str, dict] = {}
    day = span.start
    while day <= span.end:
        buckets.setdefault(bucket_key(day, by), {key: bucket_key(day, by), "total": 0, "areas": {}, "items": []})
        day = add_months(day, 1)
    for row in rows:
        if row["due"] is None or row["due"] not in span:
            continue
        bucket = buckets[bucket_key(row["due"], by)]
        bucket["total"] += 1
        bucket["areas"][row["area"]] = bucket["areas"].get(row["area"], 0) + 1
        bucket["items"].append(row)
    for bucket in buckets.values():
        bucket["areas"] = {c: bucket["areas"][c] for c in area_order if c in bucket["areas"]}
    return list(buckets.values())


def bucket_title(bucket: dict) -> str:
    if "quarter" in bucket:
        year, quarter = bucket["quarter"].split("-Q")
        return _("Quarter {q}/{year}").format(q=("I", "II", "III", "IV")[int(quarter) - 1], year=year)
    year, month = bucket["month"].split("-")
    return f"{month}/{year}"


def bar(count: int, widest: int, width: int = 20, char: str = "█") -> str:
    if not count:
        return ""
    return char * max(1, round(width * count / max(widest, 1)))


# --------------------------------------------------------------------------- remind

# The reminder is pasted to Vietnamese colleagues: its text is Vietnamese by
# design and does not go through the translation catalog.
GREETING = "Kính gửi: {agency}"
REQUEST = "Đề nghị quý cơ quan khẩn trương thực hiện các nhiệm vụ sau:"
OVERDUE = "- Đã quá hạn:"
UPCOMING = "- Sắp đến hạn:"
CLOSING = "Đề nghị quý cơ quan báo cáo kết quả thực hiện kèm tài liệu kiểm chứng. Trân trọng./."


def shorten(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:.-– ")
    return cut + "…"


def remind_line(row: dict, area_names: dict[str, str]) -> str:
    ref = row["ref"].rstrip(".")
    what = shorten(row["text"])
    if row["label"]:
        what += f" ({row['label']})"
    days = row["days_left"]
    late = f"trễ {-days} ngày" if days < 0 else ("hôm nay" if days == 0 else f"còn {days} ngày")
    where = area_names.get(row["area"], row["area"])
    return f"  + Nhiệm vụ {ref} ({where}): {what} – hạn {row['due']:%d/%m/%Y}, {late}."


def reminders(rows: list[dict], today: date, area_names: dict[str, str]) -> list[dict]:
    """Per lead agency (in name order) its overdue and upcoming milestones and a message to paste."""
    by_agency: dict[str, dict] = {}
    for row in rows:
        if not row["lead_agency"] or row["due"] is None:
            continue
        entry = by_agency.setdefault(row["lead_agency"], {"agency": row["lead_agency"], "overdue": [], "upcoming": []})
        entry["overdue" if row["due"] < today else "upcoming"].append(row)
    result = []
    for name in sorted(by_agency, key=_sort_key):
        entry = by_agency[name]
        entry["message"] = reminder_message(entry, area_names)
        result.append(entry)
    return result


def reminder_message(entry: dict, area_names: dict[str, str]) -> str:
    lines = [GREETING.format(agency=entry["agency"]), REQUEST]
    for title, key in ((OVERDUE, "overdue"), (UPCOMING, "upcoming")):
        if entry[key]:
            lines.append(title)
            lines += [remind_line(row, area_names) for row in entry[key]]
    lines.append(CLOSING)
    return "\n".join(lines)


def _sort_key(name: str) -> str:
    from cchc.domain.text import fold

    return fold(name)
