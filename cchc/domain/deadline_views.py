"""Deadline views (pure), over the milestones the store lists (cchc.domain.records.DueItem):
what is due and how late, agenda buckets, reminders per lead agency."""

from __future__ import annotations

from datetime import date
from typing import Iterable, Iterator

from cchc.domain.dates import format_date
from cchc.domain.periods import Range, add_months, month_end
from cchc.domain.records import DueItem
from cchc.i18n import _, ngettext

def as_of(items: Iterable[DueItem], today: date) -> list[DueItem]:
    """Apply today: days left (negative when late), and "done" as the status of a done milestone."""
    return list(each_as_of(items, today))


def each_as_of(items: Iterable[DueItem], today: date) -> Iterator[DueItem]:
    """`as_of`, one item at a time (a listing written as it is read)."""
    for item in items:
        item.days_left = days_left(item.due, today)
        if item.done_on:
            item.status = "done"
        yield item


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


def urgency(status: str, days: int | None) -> str | None:
    """'done', 'overdue', 'soon' (within 7 days) or None: the colour of a row."""
    if status == "done":
        return "done"
    if days is None:
        return None
    if days < 0:
        return "overdue"
    return "soon" if days <= 7 else None


# --------------------------------------------------------------------------- agenda

def agenda_range(today: date, months: int, by: str, period_end: date | None = None) -> Range:
    """From the start of today's month (quarter) over `months` months, whole buckets, never past the
    end of the plan's period."""
    first = date(today.year, today.month, 1)
    if by == "quarter":
        first = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    last = add_months(date(today.year, today.month, 1), months - 1)
    if by == "quarter":
        last = date(last.year, 3 * ((last.month - 1) // 3) + 3, 1)
    end = month_end(last.year, last.month)
    if period_end is not None and first <= period_end < end:
        end = period_end
    return Range(first, end)


def bucket_key(day: date, by: str) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}" if by == "quarter" else f"{day.year}-{day.month:02d}"


def agenda(rows: list[DueItem], span: Range, by: str, area_order: list[str]) -> list[dict]:
    """One bucket per month (or quarter) of the span, empty ones included. What is still open from
    before the span is overdue: it is carried into the first bucket (counted in `overdue` too)."""
    key = "quarter" if by == "quarter" else "month"
    buckets: dict[str, dict] = {}
    day = span.start
    while day <= span.end:
        buckets.setdefault(bucket_key(day, by), {key: bucket_key(day, by), "total": 0, "overdue": 0, "areas": {},
                                                 "items": []})
        day = add_months(day, 1)
    first = next(iter(buckets.values()), None)
    for row in rows:
        if row.due is None or row.due > span.end:
            continue
        carried = row.due < span.start
        if carried and (first is None or row.status == "done"):
            continue
        bucket = first if carried else buckets[bucket_key(row.due, by)]
        bucket["total"] += 1
        bucket["overdue"] += carried
        bucket["areas"][row.area] = bucket["areas"].get(row.area, 0) + 1
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


def remind_line(row: DueItem, area_names: dict[str, str]) -> str:
    ref = row.ref.rstrip(".")
    what = shorten(row.text)
    if row.label:
        what += f" ({row.label})"
    days = row.days_left
    late = f"trễ {-days} ngày" if days < 0 else ("hôm nay" if days == 0 else f"còn {days} ngày")
    where = area_names.get(row.area, row.area)
    return f"  + Nhiệm vụ {ref} ({where}): {what} – hạn {format_date(row.due)}, {late}."


def reminders(rows: list[DueItem], today: date, area_names: dict[str, str]) -> list[dict]:
    """Per lead agency (by its name, in name order) its overdue and upcoming milestones and a message to paste."""
    by_agency: dict[str, dict] = {}
    for row in rows:
        name = row.agency or row.lead_agency
        if not name or row.due is None:
            continue
        entry = by_agency.setdefault(name, {"agency": name, "overdue": [], "upcoming": []})
        entry["overdue" if row.due < today else "upcoming"].append(row)
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
