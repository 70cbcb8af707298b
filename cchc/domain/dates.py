"""Dates as officers type and read them: dd/mm/yyyy in, dd/mm/yyyy out.

The one home of dates: parsing, the dd/mm/yyyy format, and the one range of
years cchc accepts anywhere (dates, years, periods): 1900 to 2200.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime

from cchc.domain.errors import UserError
from cchc.i18n import _


def valid_year(year: int) -> bool:
    """A year cchc accepts anywhere (FIRST_YEAR..LAST_YEAR, below)."""
    return FIRST_YEAR <= year <= LAST_YEAR


_USER_DATES = (
    re.compile(r"(?P<y>[0-9]{4})-(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})"),
    re.compile(r"(?P<d>[0-9]{1,2})(?P<s>[/.-])(?P<m>[0-9]{1,2})(?P=s)(?P<y>[0-9]{4}|[0-9]{2})"),
)


def parse_date(text: str) -> date:
    """A date typed by the officer: dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy,
    dd/mm/yy (20yy) or yyyy-mm-dd.  Raises ValueError naming the text."""
    raw = (text or "").strip()
    for rx in _USER_DATES:
        m = rx.fullmatch(raw)
        if m:
            y = int(m["y"]) + (2000 if len(m["y"]) == 2 else 0)
            return _checked(raw, y, int(m["m"]), int(m["d"]))
    raise ValueError(_("cannot read '{text}' as a date; write dd/mm/yyyy (e.g. 15/01/2026) or yyyy-mm-dd")
                     .format(text=raw))


def _checked(raw: str, y: int, mo: int, d: int) -> date:
    if not valid_year(y):
        raise ValueError(_("'{text}' is not a date: year {year} is outside {first}–{last}").format(
            text=raw, year=y, first=FIRST_YEAR, last=LAST_YEAR))
    if not 1 <= mo <= 12:
        raise ValueError(_("'{text}' is not a date: there is no month {month}").format(text=raw, month=mo))
    last = calendar.monthrange(y, mo)[1]
    if d < 1:
        raise ValueError(_("'{text}' is not a date: there is no day {day}").format(text=raw, day=d))
    if d > last:
        raise ValueError(_("'{text}' is not a date: {month}/{year} has only {n} days")
                         .format(text=raw, month=f"{mo:02d}", year=y, n=last))
    return date(y, mo, d)


def format_date(d: date | None) -> str:
    """dd/mm/yyyy, or "" for None."""
    return "" if d is None else f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def format_stamp(d: datetime | None) -> str:
    """dd/mm/yyyy hh:mm, or "" for None."""
    return "" if d is None else f"{format_date(d)} {d.hour:02d}:{d.minute:02d}"


def parse_user_date(text: str, what: str | None = None) -> date:
    """parse_date for a command-line value: a UserError naming the option."""
    try:
        return parse_date(text)
    except ValueError as exc:
        raise UserError((what or _("date")) + f": {exc}") from None


def show_date(value: date | None) -> str:
    return format_date(value)


_YEARS = re.compile(r"\s*(\d{4})\s*(?:[-–]\s*(\d{4}))?\s*")
FIRST_YEAR, LAST_YEAR = 1900, 2200  # a plan's years, typed or read, lie in this range


def valid_years(first: int, last: int) -> bool:
    """A plan period cchc accepts: first <= last, both within FIRST_YEAR..LAST_YEAR."""
    return FIRST_YEAR <= first <= last <= LAST_YEAR


def parse_years(text: str, what: str) -> tuple[int, int]:
    """'2026' or '2026-2030' typed for an option: (first, last) year."""
    m = _YEARS.fullmatch(text)
    first, last = (int(m.group(1)), int(m.group(2) or m.group(1))) if m else (0, 0)
    if not valid_years(first, last):
        raise UserError(_("{option}: '{text}' is not a year or a period like 2026-2030").format(option=what, text=text))
    return first, last
