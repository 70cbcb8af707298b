"""Dates as officers type and read them: dd/mm/yyyy in, dd/mm/yyyy out."""

from __future__ import annotations

import re
from datetime import date

from cchc.errors import UserError

_DMY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def parse_user_date(text: str, what: str = "date") -> date:
    """dd/mm/yyyy or yyyy-mm-dd; a UserError naming the text otherwise."""
    iso = _ISO.match(text)
    dmy = _DMY.match(text)
    if iso:
        year, month, day = map(int, iso.groups())
    elif dmy:
        day, month, year = map(int, dmy.groups())
    else:
        raise UserError(f"{what}: '{text}' is not a date (use dd/mm/yyyy or yyyy-mm-dd)")
    try:
        return date(year, month, day)
    except ValueError:
        raise UserError(f"{what}: '{text}' does not exist in the calendar") from None


def show_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""
