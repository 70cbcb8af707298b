"""The period options of the deadline views -> an inclusive date range (pure).

--quarter I..IV|1..4, --month 1..12, --year YYYY (with neither: the whole
year), --week (Monday to Sunday around today), --within 14d|3w|2m (today to
today + that much), --from DATE --to DATE. At most one kind per command.
"""

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
    """'I'..'IV', '1'..'4', 'Q2', 'quý III' -> 1..4."""
    folded = re.sub(r"^(q|quy|quý)\s*", "", text.strip().lower())
    quarter = _ROMAN.get(folded) or (int(folded) if folded.isdigit() else None)
    if quarter not in (1, 2, 3, 4):
        raise UserError(_("--quarter: '{text}' is not a quarter (use I, II, III, IV or 1-4)").format(text=text))
    return quarter


def parse_month(text: str) -> int:
    month = int(text) if text.strip().isdigit() else 0
    if not 1 <= month <= 12:
        raise UserError(_("--month: '{text}' is not a month (use 1-12)").format(text=text))
    return month


def parse_year(text: str) -> int:
    year = int(text) if text.strip().isdigit() else 0
    if not 1900 <= year <= 2200:
        raise UserError(_("--year: '{text}' is not a year (use four digits, e.g. 2026)").format(text=text))
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
        raise UserError(_("--within: '{text}' is not a length of time (use e.g. 14d, 3w or 2m)").format(text=text))
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


@dataclass
class PeriodOptions:
    quarter: str | None = None
    month: str | None = None
    week: bool = False
    within: str | None = None
    start: str | None = None  # --from
    end: str | None = None  # --to
    year: str | None = None


def resolve(opts: PeriodOptions, today: date, default_year: int) -> Range:
    """The range the options name; none at all: the next 14 days."""
    from cchc.domain.dates import parse_user_date

    given = [name for name, on in (("--quarter", opts.quarter), ("--month", opts.month), ("--week", opts.week),
                                   ("--within", opts.within), ("--from/--to", opts.start or opts.end)) if on]
    if len(given) > 1:
        raise UserError(_("choose one period: {options} cannot be combined").format(options=", ".join(given)))
    if opts.year and (opts.week or opts.within or opts.start or opts.end):
        raise UserError(_("--year goes with --quarter or --month, or alone for the whole year"))
    year = parse_year(opts.year) if opts.year else default_year
    if opts.quarter:
        return quarter_range(year, parse_quarter(opts.quarter))
    if opts.month:
        return month_range(year, parse_month(opts.month))
    if opts.week:
        return week_range(today)
    if opts.start or opts.end:
        start = parse_user_date(opts.start, what="--from") if opts.start else today
        end = parse_user_date(opts.end, what="--to") if opts.end else date(start.year, 12, 31)
        if end < start:
            raise UserError(_("--to {end} is before --from {start}").format(
                end=end.strftime("%d/%m/%Y"), start=start.strftime("%d/%m/%Y")))
        return Range(start, end)
    if opts.year:
        return Range(date(year, 1, 1), date(year, 12, 31))
    return parse_within(opts.within or DEFAULT_WITHIN, today)


def validate(opts: PeriodOptions, today: date) -> None:
    """Reject bad period options before the database is opened."""
    resolve(opts, today, today.year)
