"""Indicators (chỉ tiêu): values as officers type them, periods, attainment, trends.

Pure functions: no database, no printing. Values are numbers ("55,5", "55.5",
"55,5%") or counts read off the public-service portal (132 of 240 → 55.0%).
"""

from __future__ import annotations

import calendar
import difflib
import re
from dataclasses import dataclass
from datetime import date

from cchc.domain.errors import UserError
from cchc.i18n import _
from cchc.domain.text import fold

COMPARATORS = (">=", ">", "<=", "<", "=")
_OP_ALIASES = {"≥": ">=", "≤": "<=", "=>": ">=", "=<": "<=", "==": "=", "ge": ">=", "gt": ">",
               "le": "<=", "lt": "<", "eq": "="}
_SYMBOL = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "="}
_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:[.,]\d+)*|[.,]\d+)$")
SPARKS = "▁▂▃▄▅▆▇█"


# -- numbers -----------------------------------------------------------------


def parse_number(text: str, what: str) -> float:
    """'55,5', '55.5', '55,5%', '1.234,5' → float; UserError naming `what` otherwise."""
    raw = text.strip().replace(" ", "").replace("\u00a0", "")
    if raw.endswith("%"):
        raw = raw[:-1]
    if not _NUMBER.match(raw):
        raise UserError(_("{what}: '{text}' is not a number").format(what=what, text=text))
    seps = [i for i, c in enumerate(raw) if c in ".,"]
    if len(seps) > 1 and len({raw[i] for i in seps}) == 1:
        if not re.fullmatch(r"[+-]?\d{1,3}(?:[.,]\d{3})+", raw):
            raise UserError(_("{what}: '{text}' is not a number").format(what=what, text=text))
        raw = raw.replace(raw[seps[0]], "")  # "1.234.567" groups thousands
    elif seps:  # the last separator is the decimal point
        last = seps[-1]
        raw = raw[:last].replace(".", "").replace(",", "") + "." + raw[last + 1:]
    return float(raw)


def is_percent(unit: str) -> bool:
    return unit.strip() == "%"


def check_value(value: float, unit: str, what: str) -> float:
    if value < 0:
        raise UserError(_("{what}: {value} is negative").format(what=what, value=show_number(value)))
    if is_percent(unit) and value > 100:
        raise UserError(_("{what}: {value} is not a percentage (0–100)").format(what=what, value=show_number(value)))
    return value


def from_counts(num: float, den: float, what: str) -> float:
    """The percentage num/den, rounded to 2 decimals (132 of 240 → 55.0)."""
    if den == 0:
        raise UserError(_("{what}: the denominator is 0").format(what=what))
    if num < 0 or den < 0:
        raise UserError(_("{what}: counts cannot be negative").format(what=what))
    if num > den:
        raise UserError(_("{what}: numerator {num} is greater than denominator {den}").format(
            what=what, num=show_number(num), den=show_number(den)))
    return round(num / den * 100, 2)


def measured(unit: str, what: str, value: str | None = None, num: str | None = None,
             den: str | None = None) -> tuple[float, float | None, float | None]:
    """(value, numerator, denominator) from what the officer typed, checked."""
    if value is not None and (num is not None or den is not None):
        raise UserError(_("{what}: give a value or a numerator and denominator, not both").format(what=what))
    if value is not None:
        return check_value(parse_number(value, what), unit, what), None, None
    if num is None or den is None:
        raise UserError(_("{what}: give a value, or both a numerator and a denominator").format(what=what))
    if not is_percent(unit):
        raise UserError(_("{what}: a numerator and denominator need a percentage indicator (unit is '{unit}')").format(
            what=what, unit=unit))
    n, d = parse_number(num, what), parse_number(den, what)
    return from_counts(n, d, what), n, d


def show_number(value: float | None) -> str:
    """55.5 -> "55.5", or "55,5" in Vietnamese (officers write a decimal comma)."""
    from cchc.i18n import LANGUAGE

    if value is None:
        return ""
    text = f"{round(value, 2):g}"
    return text.replace(".", ",") if LANGUAGE == "vi" else text


# -- targets -----------------------------------------------------------------


def parse_comparator(text: str) -> str:
    op = _OP_ALIASES.get(text.strip().lower(), text.strip())
    if op not in COMPARATORS:
        raise UserError(_("'{text}' is not one of >=, >, <=, <, =").format(text=text), field="op")
    return op


def target_text(comparator: str | None, target: float | None, unit: str) -> str:
    """'≥ 55%', '> 98%', '≥ 3', '' when the plan gives no number."""
    if target is None:
        return ""
    amount = show_number(target) + ("%" if is_percent(unit) else "" if unit in ("", "count") else f" {unit}")
    return f"{_SYMBOL.get(comparator or '>=', comparator)} {amount}"


def met(value: float | None, comparator: str | None, target: float | None) -> bool | None:
    """True/False against the target; None when there is no value or no target."""
    if value is None or target is None:
        return None
    op = comparator or ">="
    return {">=": value >= target, ">": value > target, "<=": value <= target,
            "<": value < target, "=": abs(value - target) < 1e-9}[op]


def gap(value: float | None, target: float | None) -> float | None:
    """value − target (negative: below the target)."""
    if value is None or target is None:
        return None
    return round(value - target, 2)


def show_gap(value: float | None) -> str:
    if value is None:
        return ""
    return ("+" if value > 0 else "") + show_number(value)


# -- trends ------------------------------------------------------------------


def sparkline(values: list[float], last: int = 8) -> str:
    """'▁▃▅█' for the last values, scaled between their minimum and maximum."""
    values = values[-last:]
    if not values:
        return ""
    low, high = min(values), max(values)
    if high == low:
        return SPARKS[3] * len(values)
    return "".join(SPARKS[round((v - low) / (high - low) * (len(SPARKS) - 1))] for v in values)


def bar(value: float, top: float, width: int, target: float | None = None) -> str:
    """'█████▌    │  ' : the value as a bar, the target as a marker."""
    top = top or 1
    eighths = max(0, min(width * 8, round(value / top * width * 8)))
    cells = list("█" * (eighths // 8) + ("▏▎▍▌▋▊▉"[eighths % 8 - 1] if eighths % 8 else ""))
    cells += [" "] * (width - len(cells))
    if target is not None and 0 <= target <= top:
        cells[min(width - 1, round(target / top * width))] = "│"
    return "".join(cells)


def chart_top(unit: str, values: list[float], target: float | None) -> float:
    if is_percent(unit):
        return 100.0
    return max([*values, target or 0, 1])


# -- periods -----------------------------------------------------------------

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_PERIOD_FORMS = (
    (re.compile(r"^(\d{4})-?q([1-4])$"), lambda m: f"{m[1]}-Q{m[2]}"),
    (re.compile(r"^(?:quy|q)(i|ii|iii|iv|[1-4])(?:/|-|nam)(\d{4})$"),
     lambda m: f"{m[2]}-Q{_ROMAN.get(m[1], m[1])}"),
    (re.compile(r"^(\d{4})-(\d{1,2})$"), lambda m: _month(m[1], m[2])),
    (re.compile(r"^(?:thang)?(\d{1,2})/(\d{4})$"), lambda m: _month(m[2], m[1])),
    (re.compile(r"^(?:nam)?(\d{4})$"), lambda m: m[1]),
)


def _month(year: str, month: str) -> str | None:
    return f"{year}-{int(month):02d}" if 1 <= int(month) <= 12 else None


def parse_period(text: str, what: str | None = None) -> str:
    """'2026-Q1', 'Q1/2026', 'quý I/2026' → '2026-Q1'; '2026-3', '03/2026' → '2026-03'; '2026'."""
    from cchc.domain.dates import valid_year

    raw = re.sub(r"\s+", "", fold(text))
    for pattern, build in _PERIOD_FORMS:
        m = pattern.match(raw)
        if m and build(m) and valid_year(int(build(m)[:4])):
            return build(m)
    message = _("'{text}' is not a period (use 2026-Q1, 2026-03 or 2026)").format(text=text)
    raise UserError(f"{what}: {message}" if what else message, field=None if what else "period")


def period_bounds(period: str) -> tuple[date, date]:
    """First and last day of '2026-Q1', '2026-03', '2026' or an ISO date."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", period):
        day = date.fromisoformat(period)
        return day, day
    year = int(period[:4])
    if "-Q" in period:
        q = int(period[-1])
        return date(year, 3 * q - 2, 1), _month_end(year, 3 * q)
    if len(period) == 7:
        month = int(period[5:])
        return date(year, month, 1), _month_end(year, month)
    return date(year, 1, 1), date(year, 12, 31)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def quarter_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def resolve_period(period: str | None, as_of: date | None, today: date,
                   what: str | None = None) -> tuple[str, date]:
    """(period, as_of): no period → the as-of date itself, else the quarter of today;
    no as-of → today while the period runs, else its last day."""
    if period is not None:
        period = parse_period(period, what)
    elif as_of is not None:
        period = as_of.isoformat()
    else:
        period = quarter_of(today)
    if as_of is None:
        start, end = period_bounds(period)
        as_of = today if start <= today <= end else end
    return period, as_of


def parse_target_period(text: str) -> str:
    """An indicator's own period: '' (the whole plan), '2026' or '2028-2030'."""
    from cchc.domain.dates import valid_year

    raw = text.strip().replace("–", "-").replace(" ", "")
    if raw == "" or (re.fullmatch(r"\d{4}", raw) and valid_year(int(raw))):
        return raw
    m = re.fullmatch(r"(\d{4})-(\d{4})", raw)
    if m and m[1] <= m[2] and valid_year(int(m[1])) and valid_year(int(m[2])):
        return raw
    raise UserError(_("'{text}' is not a year or a span of years (2026, 2028-2030)").format(text=text), field="period")


# -- keys --------------------------------------------------------------------


def check_key(key: str) -> str:
    if not _KEY.match(key):
        raise UserError(_("'{key}' is not a valid key: use lowercase letters, digits and dashes "
                          "(ty-le-thanh-toan-truc-tuyen)").format(key=key))
    return key


def closest_keys(wanted: str, keys: list[str], n: int = 3) -> list[str]:
    """Keys containing what was typed (accents, case and spaces ignored), then near spellings."""
    needle = "-".join(re.findall(r"[a-z0-9]+", fold(wanted)))
    if not needle:
        return []
    inside = sorted((k for k in keys if needle in k), key=len)
    near = difflib.get_close_matches(needle, keys, n=n, cutoff=0.6)
    return list(dict.fromkeys(inside + near))[:n]


def unknown_key_message(key: str, keys: list[str]) -> str:
    close = closest_keys(key, keys)
    if close:
        return _("no indicator '{key}'; did you mean: {keys}?").format(key=key, keys=", ".join(close))
    return _("no indicator '{key}' (see cchc indicator list)").format(key=key)


@dataclass
class Summary:
    """An indicator with its values, as the list and show views need it."""

    latest: object | None  # the latest IndicatorValue
    met: bool | None
    gap: float | None
    trend: str


def summarise(comparator: str | None, target: float | None, values: list) -> Summary:
    """values (IndicatorValue records) sorted oldest first (by as_of); the latest decides attainment."""
    latest = values[-1] if values else None
    value = latest.value if latest else None
    return Summary(latest, met(value, comparator, target), gap(value, target),
                   sparkline([v.value for v in values]))


# -- a spreadsheet of values -------------------------------------------------

# Header names, folded and stripped of everything but letters and digits.
_COLUMNS = {
    "key": ("key", "ma", "machitieu", "chitieu", "indicator", "khoa"),
    "period": ("period", "ky", "kybaocao", "thoiky", "quy", "thang"),
    "as_of": ("asof", "date", "ngay", "tinhdenngay", "denngay"),
    "value": ("value", "giatri", "ketqua", "tyle", "solieu"),
    "num": ("num", "numerator", "tuso", "so"),
    "den": ("den", "denominator", "mauso", "tong", "tongso"),
    "source": ("source", "nguon", "ghichu", "note"),
}


def _column(header: str) -> str | None:
    name = re.sub(r"[^a-z0-9]", "", fold(header))
    return next((col for col, names in _COLUMNS.items() if name in names), None)


def read_values_csv(text: str) -> list[dict]:
    """Rows of a values spreadsheet as {line, key, period, as_of, value, num, den, source} strings.

    Comma or semicolon separated (whichever the header uses more), header names
    matched loosely (English or Vietnamese, accents optional)."""
    import csv
    import io

    text = text.lstrip("\ufeff")
    header = text.split("\n", 1)[0]
    if not header.strip():
        raise UserError(_("the file is empty; the first line must name the columns (key, period, value, source)"))
    delimiter = ";" if header.count(";") > header.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    columns = [_column(h) for h in next(reader)]
    if "key" not in columns or ("value" not in columns and not {"num", "den"} <= set(columns)):
        raise UserError(_("line 1: the columns must include key and value (or num and den); found: {found}").format(
            found=header.strip()))
    rows = []
    for cells in reader:
        if not any(c.strip() for c in cells):
            continue
        row = {"line": reader.line_num}
        for col, cell_text in zip(columns, cells):
            if col and cell_text.strip():
                row[col] = cell_text.strip()
        rows.append(row)
    return rows
