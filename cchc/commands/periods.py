"""The period options of the deadline views -> an inclusive date range.

--quarter I..IV|1..4, --month 1..12, --year YYYY (with neither: the whole
year), --week (Monday to Sunday around today), --within 14d|3w|2m (today to
today + that much), --from DATE --to DATE. At most one kind per command.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cchc.domain.errors import UserError
from cchc.domain.periods import (DEFAULT_WITHIN, Range, month_range, parse_month, parse_quarter, parse_within,
                                 parse_year, quarter_range, week_range)
from cchc.i18n import _


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
    from cchc.domain.dates import format_date, parse_user_date

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
            raise UserError(_("--to {end} is before --from {start}").format(end=format_date(end), start=format_date(start)))
        return Range(start, end)
    if opts.year:
        return Range(date(year, 1, 1), date(year, 12, 31))
    return parse_within(opts.within or DEFAULT_WITHIN, today)


def validate(opts: PeriodOptions, today: date) -> None:
    """Reject bad period options before the database is opened."""
    resolve(opts, today, today.year)
