"""Periods as date ranges (pure): quarters I..IV|1..4, months 1..12, years, weeks
(Monday to Sunday), lengths of time (14d, 3w, 2m from today)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from cchc.domain.errors import UserError
from cchc.i18n import _

DEFAULT_WITHIN = "14d"
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_WITHIN = re.compile(r"^\s*(\d{1,4})\s*([dwm]?)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Range:
    start: date
    end: date  # inclusive

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


def parse_quarter(text: str) -> int:
    """'I'..'IV', '1'..'4', 'Q2', 'quý III', 'Quí I', 'quy 1' -> 1..4 (what --period accepts)."""
    from cchc.domain.text import fold

    folded = re.sub(r"^(quy|qui|q)\s*", "", fold(text).strip())
    quarter = _ROMAN.get(folded) or (int(folded) if folded.isdigit() and len(folded) == 1 else None)
    if quarter not in (1, 2, 3, 4):
        raise UserError(_("'{text}' is not a quarter (use I, II, III, IV or 1-4)").format(text=text), field="quarter")
    return quarter


def parse_month(text: str) -> int:
    """'3', '03', 'tháng 3', 'thang 03', 'T3' -> 3."""
    from cchc.domain.text import fold

    folded = re.sub(r"^(thang|t)\s*", "", fold(text).strip())
    month = int(folded) if folded.isdigit() and len(folded) <= 2 else 0
    if not 1 <= month <= 12:
        raise UserError(_("'{text}' is not a month (use 1-12)").format(text=text), field="month")
    return month


def parse_year(text: str) -> int:
    from cchc.domain.dates import valid_year

    year = int(text) if text.strip().isdigit() and len(text.strip()) <= 4 else 0
    if not valid_year(year):
        raise UserError(_("'{text}' is not a year (use four digits, e.g. 2026)").format(text=text), field="year")
    return year


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's last day (31/01 + 1 = 28/02)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, month_end(year, month + 1).day))


def month_end(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def parse_within(text: str, today: date) -> Range:
    """'14d', '3w', '2m' (a bare number is days) -> today .. today + that much."""
    match = _WITHIN.match(text)
    if not match:
        raise UserError(_("'{text}' is not a length of time (use e.g. 14d, 3w or 2m)").format(text=text),
                        field="within")
    n, unit = int(match[1]), match[2].lower() or "d"
    if unit == "m":
        return Range(today, add_months(today, n))
    return Range(today, today + timedelta(days=n * (7 if unit == "w" else 1)))


def quarter_range(year: int, quarter: int) -> Range:
    return Range(date(year, 3 * quarter - 2, 1), month_end(year, 3 * quarter))


def month_range(year: int, month: int) -> Range:
    return Range(date(year, month, 1), month_end(year, month))


def week_range(today: date) -> Range:
    monday = today - timedelta(days=today.weekday())
    return Range(monday, monday + timedelta(days=6))
