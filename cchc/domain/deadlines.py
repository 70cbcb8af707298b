"""Deadline cells of CCHC plans -> dated milestones (see DOMAIN.md, "Deadline phrases").

Pure: no I/O, no database, no printing. ``parse_deadline`` never raises on any text,
and its time grows linearly with the length of the cell (bench/deadlines.py).

Decisions where DOMAIN.md is silent:

* Phrases without a year ("Quý IV", "Trong năm", "Tháng 10", "6 tháng đầu năm",
  "Trước ngày 30/11") mean the plan year; in a multi-year plan they repeat once
  per year of the period (a five-year plan's "Quý IV" is Q4 of each year), each
  with the phrase's own kind.
* "<phrase> hằng năm" ("Quý I/2026. hàng năm", "Trước ngày 05/01 hằng năm"): the
  phrase repeats each year from its year (or the period start) to the period
  end; a date or a month so repeated has kind ``yearly`` (due on the date, or on
  the month's last day).  A bare "hằng năm" is recurring 31/12.  "… và những
  (các) năm tiếp theo" is read like "hằng năm", except that a year so continued
  keeps its own milestone (kind ``year``) before the later years (``yearly``).
* Two dated phrases joined by a dash, "đến" or "tới" are one window, from the
  start of the first to the end of the second, due at the end: "2026 - 2030",
  "Quý IV/2025 - Quý II/2026", "từ tháng 10/2025 đến tháng 3/2026", "từ ngày
  01/3 đến ngày 30/6/2026".  A dash after "." or ";" is a list dash, not a range.
* "Trước năm 2026" / "Trước quý III/2026", like DOMAIN's "Trước tháng 12/2026":
  the end of the year (quarter) before.
* A bare year is a year only where no other phrase has used it (not "số 12/2025",
  not "15/01/2026").
* A recurring cell lists the union of its rhythms once per date:
  "định kỳ hằng quý, 6 tháng, 9 tháng, cả năm" -> the quarter ends.  In such a
  cell "6 tháng" is 30/06 and 31/12, "9 tháng" 30/09, "cả năm" 31/12.
  "trước ngày 05 của tháng cuối quý" replaces the quarter ends of "hằng quý".
* Spans (month, quarter, window, half, year) carry start..end with due == end;
  point kinds (date, yearly, recurring) and the undated ones have start = end = None.
* A part that starts with an event phrase ("Theo …", "Sau khi …", "ngay sau khi …",
  "khi có …") is an event even if it names a date (that of another document).
  Document references ("Kế hoạch số 310/KH-UBND ngày 24/11/2025") are never deadlines.
  Events: due None, needs_review False, note "needs a date".
* Impossible days (31/11, 29/02/2026) become the month's last day, flagged; an
  impossible month or day 0 / > 31 gives an unspecified milestone, flagged.
* Dates outside the period are kept; flagged only when the year is more than one
  year away from the period (a 2026 plan may well name 2025 or 2027).
* Labels: the text before ":" of a part; in a compound cell, a part without ":"
  is labelled with the words before its phrase ("Báo cáo kết quả thực hiện cùng
  báo cáo CCHC định kỳ hằng quý" -> "Báo cáo kết quả thực hiện cùng báo cáo CCHC").
* Limits: a cell longer than MAX_CELL_CHARS, or naming more than MAX_MILESTONES
  milestones, is not read: one unspecified milestone, flagged with the reason,
  its text kept as written.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Callable

from dateutil.rrule import MONTHLY, rrule

from cchc.domain.dates import FIRST_YEAR, LAST_YEAR, format_date, parse_date, valid_year  # noqa: F401  (API)
from cchc.i18n import _
from cchc.domain.text import fold, nfc, strip_html

KINDS: tuple[str, ...] = (
    "date", "yearly", "month", "quarter", "window", "half", "year",
    "ongoing", "recurring", "event", "unspecified",
)
SPAN_KINDS = frozenset({"month", "quarter", "window", "half", "year"})
# The longest deadline cell of the five real plans has 168 characters, a
# compound one of two labelled parts.  2,000 is a dozen such cells: text that
# long is a task or a paragraph that landed in the deadline column.
MAX_CELL_CHARS = 2000
# A monthly rhythm over a ten-year plan (2021-2030) is 120 milestones.
MAX_MILESTONES = 120
# Review notes are shown to the officer, in the language of the import.
NEEDS_A_DATE = _("needs a date")
NO_DEADLINE = _("no deadline given")
UNREADABLE = _("deadline phrase not understood")

Period = int | tuple[int, int]


@dataclass(frozen=True)
class Milestone:
    label: str
    kind: str
    due: date | None
    start: date | None
    end: date | None
    needs_review: bool
    note: str
    source: str


# --------------------------------------------------------------------------- dates

def _last_day(y: int, mo: int) -> int:
    return calendar.monthrange(y, mo)[1]


def _month_end(y: int, mo: int) -> date:
    return date(y, mo, _last_day(y, mo))


# --------------------------------------------------------------------------- context

@dataclass(frozen=True)
class _Ctx:
    y0: int
    y1: int
    recurring: bool  # the part speaks of a rhythm: định kỳ, hằng quý/tháng/năm

    def years(self, y: int | None = None, every: bool = False) -> list[int]:
        if y is None:
            return list(range(self.y0, self.y1 + 1))
        if every and y <= self.y1:
            return list(range(max(y, self.y0), self.y1 + 1))
        return [y]

    def far(self, y: int | None) -> str:
        if y is None or self.y0 - 1 <= y <= self.y1 + 1:
            return ""
        span = str(self.y0) if self.y0 == self.y1 else f"{self.y0}-{self.y1}"
        return _("year {year} is far outside the plan period {span}").format(year=y, span=span)


def valid_period(first: int, last: int) -> bool:
    """Whether the engine can date a plan of these years (callers check before parse_deadline)."""
    return 1000 <= first <= last <= 9000


def _period(period: Period) -> tuple[int, int]:
    if isinstance(period, bool):
        raise TypeError(f"plan period must be a year or (first, last), not {period!r}")
    y0, y1 = (period, period) if isinstance(period, int) else tuple(period)
    if not valid_period(y0, y1):
        raise ValueError(f"bad plan period {period!r}")
    return int(y0), int(y1)


def _ms(kind: str, due: date | None = None, start: date | None = None, *notes: str) -> Milestone:
    note = "; ".join(dict.fromkeys(n for n in notes if n))
    span = kind in SPAN_KINDS
    return Milestone("", kind, due, start if span else None, due if span else None, bool(note), note, "")


def _bad(note: str) -> Milestone:
    return _ms("unspecified", None, None, note)


def _event() -> Milestone:
    return Milestone("", "event", None, None, None, False, NEEDS_A_DATE, "")


# --------------------------------------------------------------------------- phrase table
# Patterns run on the folded text (lower case, no diacritics, đ -> d), in order;
# each match is blanked so later, looser patterns do not read it again.

_QUY = r"qu[yi]"  # "Quý" and the older spelling "Quí"
# A year: 19xx-21xx anywhere; any four digits where only a year can stand ("Quý I/2201", "năm 1850"), so a
# year outside FIRST_YEAR..LAST_YEAR is flagged (_in_range), never read as the plan's year.
_Y = r"(?P<y>(?:19|20|21)[0-9]{2}|(?:(?<=/)|(?<=/ )|(?<=nam)|(?<=nam ))[0-9]{4})(?![0-9])"
_YS = rf"(?:\s*[/,.-]?\s*(?:nam\s*)?{_Y})?"
_EVERY = (r"(?P<every>[\s.,;]*(?:(?:hang|moi)\s+nam\b"
          r"|(?:va\s+)?(?:nhung|cac)\s+nam\s+(?:tiep\s+theo|ke\s+tiep|sau)\b))?")
_D = r"(?P<d>[0-9]{1,2})(?![0-9])"
_M = r"(?P<m>[0-9]{1,2})(?![0-9])"
_DAYWORD = r"\bngay\s*(?:mung\s*|mong\s*)?"
_Q = r"(?:iv|iii|ii|i|[1-4])(?![a-z0-9])"
_QTOK = re.compile(rf"(?<![a-z0-9]){_Q}")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_DOCREF = re.compile(
    r"(?:\bso\s*:?\s*)?(?<![0-9/])[0-9]+(?:/[0-9]{4})?[/-]"
    r"(?:kh|qd|nd|nq|tb|cv|ct|tt|bc|hd|hdnd|tw|cp|ttg|ubnd|snv|bnv|vpcp)\b[a-z0-9&/.-]*"
    r"(?:\s+(?:cua\s+\S+\s+)?ngay\s+[0-9]{1,2}\s*[/.-]\s*[0-9]{1,2}\s*[/.-]\s*[0-9]{2,4})?"
)
_EVENT_START = re.compile(
    r"^\W*(?:(?:thuc\s+hien|trien\s+khai|ban\s+hanh)\s+)?(?:ngay\s+)?"
    r"(?:sau\s+khi|khi\b|theo\b|tuy\s+(?:theo|thuoc)|can\s+cu)"
)
_EVENT_ANY = re.compile(
    r"\b(?:sau\s+khi|khi\s+co|dot\s+xuat|theo\s+(?:yeu\s+cau|huong\s+dan|ke\s+hoach|lo\s+trinh|"
    r"quy\s+dinh|chi\s+dao|van\s+ban|thong\s+bao|tien\s+do|quyet\s+dinh|de\s+an|chuong\s+trinh))\b"
)
_RHYTHM = re.compile(rf"\bdinh\s*ky\b|\b(?:hang|moi)\s+(?:{_QUY}|thang|nam)\b")
# Words that lead up to a phrase and are no part of the label a part without ":" takes from the words
# before its phrase ("Báo cáo kết quả chậm nhất trong Quý I" -> "Báo cáo kết quả")
_FILLER_WORDS = frozenset({"truoc", "trong", "vao", "ngay", "den", "han", "xong", "tu", "het", "ca", "nop", "gui",
                           "dinhky"})
_FILLER_PAIRS = frozenset({("cham", "nhat"), ("dinh", "ky")})
_RANGE_JOIN = re.compile(r"\s*(?:-|den|toi)\s*(?:het\s+)?(?:ngay\s*(?:mung\s*)?)?")  # between a window's ends
_PUNCT = ".,;:-"  # around a label's words


def _int(s: str | None) -> int | None:
    return None if s is None else int(s)


def _span_q(y: int, lo: int, hi: int) -> tuple[date, date]:
    """(due, start) of quarters lo..hi of year y; _span_m the same for months."""
    start = date(y, 3 * lo - 2, 1)
    return _month_end(y, 3 * hi), start


def _span_m(y: int, lo: int, hi: int) -> tuple[date, date]:
    return _month_end(y, hi), date(y, lo, 1)


def _spans(kind: str, m: re.Match, ctx: _Ctx, lo: int, hi: int, span=_span_m) -> list[Milestone]:
    y = _int(m["y"])
    return [_ms(kind, *span(yy, lo, hi), ctx.far(y)) for yy in ctx.years(y, bool(m["every"]))]


def _on_quarters(m: re.Match, ctx: _Ctx) -> list[Milestone]:
    qs = [_ROMAN[t] for t in _QTOK.findall(m["qs"])]
    kind = "quarter" if min(qs) == max(qs) else "window"
    return _spans(kind, m, ctx, min(qs), max(qs), _span_q)


def _on_before_quarter(m: re.Match, ctx: _Ctx) -> list[Milestone]:
    q, y = _ROMAN[m["q"]], _int(m["y"])
    out = []
    for yy in ctx.years(y, bool(m["every"])):
        due = date(yy, 3 * q - 2, 1) - timedelta(days=1)
        out.append(_ms("quarter", due, date(due.year, due.month - 2, 1), ctx.far(y)))
    return out


def _on_month(m: re.Match, ctx: _Ctx) -> list[Milestone]:
    mo = int(m["m"])
    if not 1 <= mo <= 12:
        return [_bad(_("month {month} does not exist").format(month=mo))]
    return _spans("yearly" if m["every"] else "month", m, ctx, mo, mo)


def _on_months(m: re.Match, ctx: _Ctx) -> list[Milestone]:
    lo, hi = int(m["m1"]), int(m["m"])
    if not 1 <= lo < hi <= 12:
        return [_bad(_("months {first}-{last} are not a range of months").format(first=lo, last=hi))]
    return _spans("window", m, ctx, lo, hi)


def _on_before_month(m: re.Match, ctx: _Ctx) -> list[Milestone]:
    mo, y, every = int(m["m"]), _int(m["y"]), bool(m["every"])
    if not 1 <= mo <= 12:
        return [_bad(_("month {month} does not exist").format(month=mo))]
    out = []
    for yy in ctx.years(y, every):
        due = date(yy, mo, 1) - timedelta(days=1)
        out.append(_ms("yearly" if every else "month", due, due.replace(day=1), ctx.far(y)))
    return out


def _on_half(m: re.Match, ctx: _Ctx) -> list[Milestone]:
    lo = 1 if m["h"] == "dau" else 7
    return _spans("half", m, ctx, lo, lo + 5)


def _on_year(m: re.Match, ctx: _Ctx) -> list[Milestone]:
    """A year, and with "và những năm tiếp theo" (or "hằng năm") 31/12 of each later year of the period."""
    y = int(m["y"])
    first = _ms("year", date(y, 12, 31), date(y, 1, 1), ctx.far(y))
    later = range(max(y + 1, ctx.y0), ctx.y1 + 1) if m["every"] else ()
    return [first] + [_ms("yearly", date(yy, 12, 31)) for yy in later]


def _on_before_year(m: re.Match, ctx: _Ctx) -> list[Milestone]:
    y = int(m["y"]) - 1
    return [_ms("year", date(y, 12, 31), date(y, 1, 1), ctx.far(y))]


def _on_this_year(m: re.Match, ctx: _Ctx) -> list[Milestone]:
    if ctx.recurring:  # "định kỳ hằng quý, 6 tháng, cả năm": the yearly report
        return _month_ends(ctx, (12,))
    return [_ms("year", date(y, 12, 31), date(y, 1, 1)) for y in ctx.years()]


def _dated(ctx: _Ctx, kind: str, y: int, mo: int, d: int, shown: str, far: str = "") -> Milestone:
    if not 1 <= mo <= 12 or not 1 <= d <= 31 or not 1 <= y <= 9998:
        return _bad(_("{date} is not a date").format(date=shown))
    last = _last_day(y, mo)
    if d <= last:
        return _ms(kind, date(y, mo, d), None, far)
    fixed = date(y, mo, last)
    return _ms(kind, fixed, None, _("{date} is not a date; read as {fixed}").format(date=shown, fixed=format_date(fixed)),
               far)


def _on_date(m: re.Match, ctx: _Ctx) -> list[Milestone]:
    ys = m["y"]
    y = None if ys is None else int(ys) + (2000 if len(ys) == 2 else 0)
    every = bool(m["every"])
    kind = "yearly" if every else "date"
    d, mo, far = int(m["d"]), int(m["m"]), ctx.far(y)
    out = []
    for yy in ctx.years(y, every):
        shown = f"{m['d']}/{m['m']}/{ys if ys and not every else yy}"
        out.append(_dated(ctx, kind, yy, mo, d, shown, far))
    return out


def _on_quarter_day(m: re.Match, ctx: _Ctx) -> list[Milestone]:
    return _days(ctx, (3, 6, 9, 12), int(m["d"]), m["d"])


def _on_month_day(m: re.Match, ctx: _Ctx) -> list[Milestone]:
    return _days(ctx, tuple(range(1, 13)), int(m["d"]), m["d"])


def _days(ctx: _Ctx, months: tuple[int, ...], d: int, shown: str) -> list[Milestone]:
    return [_dated(ctx, "recurring", y, mo, d, f"{shown}/{mo:02d}/{y}") for y in ctx.years() for mo in months]


def _month_ends(ctx: _Ctx, months: tuple[int, ...]) -> list[Milestone]:
    return list(_recurring_ends(ctx.y0, ctx.y1, months))


@lru_cache(maxsize=64)
def _recurring_ends(y0: int, y1: int, months: tuple[int, ...]) -> tuple[Milestone, ...]:
    """Cached: a cell may name its rhythm many times ("hằng quý … hằng quý")."""
    rule = rrule(MONTHLY, bymonth=months, bymonthday=-1, dtstart=datetime(y0, 1, 1), until=datetime(y1, 12, 31))
    return tuple(_ms("recurring", dt.date()) for dt in rule)


def _rhythm(months: tuple[int, ...], only_in_rhythm: bool = False) -> Callable[[re.Match, _Ctx], list[Milestone]]:
    def handler(m: re.Match, ctx: _Ctx) -> list[Milestone]:
        return _month_ends(ctx, months) if ctx.recurring or not only_in_rhythm else []
    return handler


def _on_ongoing(m: re.Match, ctx: _Ctx) -> list[Milestone]:
    return [_ms("ongoing")]


_RULES: list[tuple[str, re.Pattern, Callable[[re.Match, _Ctx], list[Milestone]]]] = [
    (name, re.compile(rx), fn) for name, rx, fn in (
        ("quarter_day", rf"{_DAYWORD}{_D}\s*(?:cua\s+|trong\s+)?thang\s+cuoi\s+(?:cua\s+)?(?:moi\s+|hang\s+)?{_QUY}\b",
         _on_quarter_day),
        ("month_day", rf"{_DAYWORD}{_D}\s*(?:cua\s+)?(?:hang|moi)\s+thang\b", _on_month_day),
        ("date", rf"{_DAYWORD}{_D}\s+thang\s*{_M}(?:\s*,?\s*(?:nam\s*)?{_Y})?{_EVERY}", _on_date),
        ("date", rf"(?<![0-9]){_Y}-{_M}-{_D}{_EVERY}", _on_date),
        ("date", rf"(?<![0-9/.]){_D}\s*(?P<s>[/.-])\s*{_M}\s*(?P=s)\s*(?P<y>[0-9]{{4}}|[0-9]{{2}})(?![0-9]){_EVERY}",
         _on_date),
        ("date", rf"(?<![0-9/.]){_D}\s*/\s*{_M}(?!\s*[/.-]\s*[0-9])(?P<y>){{0}}{_EVERY}", _on_date),
        ("month", rf"\btruoc\s+(?:het\s+)?thang\s*{_M}{_YS}{_EVERY}", _on_before_month),
        ("month", rf"\btruoc\s+(?:het\s+)?{_M}\s*[/.-]\s*{_Y}(?P<every>){{0}}", _on_before_month),
        ("month", rf"\b(?:tu\s+)?thang\s*(?P<m1>[0-9]{{1,2}})\s*(?:-|,|va|den)\s*(?:thang\s*)?{_M}{_YS}{_EVERY}",
         _on_months),
        ("month", rf"\bthang\s*{_M}(?!\s*ngay){_YS}{_EVERY}", _on_month),
        ("half", rf"(?:(?<![0-9])0?6\s*thang|\bnua)\s*(?P<h>dau|cuoi)\s*(?:nam)?(?:\s*[/,.-]?\s*{_Y})?{_EVERY}",
         _on_half),
        ("quarter", rf"\btruoc\s+{_QUY}\s*(?P<q>{_Q}){_YS}{_EVERY}", _on_before_quarter),
        ("quarter", rf"\b{_QUY}\s*(?P<qs>{_Q}(?:\s*(?:,|-|&|\+|;|va|den)\s*(?:{_QUY}\s*)?{_Q})*){_YS}{_EVERY}",
         _on_quarters),
        ("month", rf"(?<![0-9/.]){_M}\s*[/.-]\s*{_Y}(?P<every>){{0}}", _on_month),
        ("year", rf"\btruoc\s+(?:nam\s*)?{_Y}", _on_before_year),
        ("year", rf"\b(?:(?:ca|trong|het|cuoi|suot)\s+)?nam\s*{_Y}{_EVERY}", _on_year),
        ("year", rf"(?<![0-9/.]){_Y}(?!\s*[/.]\s*[0-9]){_EVERY}", _on_year),
        ("year", r"\b(?:ca|trong|het|cuoi|suot)\s+nam\b(?!\s*[0-9])", _on_this_year),
        ("every_quarter", rf"\b(?:(?:hang|moi)\s+{_QUY}|dinh\s*ky\s+(?:theo\s+)?{_QUY})\b", _rhythm((3, 6, 9, 12))),
        ("every_month", r"\b(?:(?:hang|moi)\s+thang|dinh\s*ky\s+(?:theo\s+)?thang)\b", _rhythm(tuple(range(1, 13)))),
        ("every_year", r"\b(?:(?:hang|moi)\s+nam|dinh\s*ky\s+(?:theo\s+)?nam)\b", _rhythm((12,))),
        ("every_half", r"(?<![0-9])0?6\s*thang\b(?!\s*(?:dau|cuoi))", _rhythm((6, 12), only_in_rhythm=True)),
        ("every_9m", r"(?<![0-9])0?9\s*thang\b", _rhythm((9,), only_in_rhythm=True)),
        ("ongoing", r"\b(?:thuong\s*xuyen|lien\s*tuc|hang\s+ngay)\b", _on_ongoing),
    )
]
# a specific day of the quarter's (month's) rhythm replaces its plain end dates
_SUPPRESS = {"quarter_day": "every_quarter", "month_day": "every_month"}
_RANGE_KINDS = frozenset({"date", "month", "quarter", "window", "half", "year"})


# --------------------------------------------------------------------------- cells

_SEP = re.compile(r"(?:^|(?<=\s))[-+]+(?=\s|$)")
_BULLETS = re.compile(r"[•●▪◦■□❖➢►✓√⁃‣∙·]")
_COLON = re.compile(r"(?<![0-9]):|:(?![0-9])")
_RANGE_BEFORE = re.compile(r"(?:\b[ivx]+|[0-9])$")
_RANGE_AFTER = re.compile(rf"\s*(?:(?:{_QUY}|thang|nam|ngay)\s*(?:mung\s*)?)?(?:[ivx]+\b|[0-9])")
_BLANK = "\x00"  # what a read phrase becomes: neither a word nor a space, so no later pattern reaches across it


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    if c.isspace():
        return " "
    f = fold(c)
    return f[0] if f else _BLANK


def _afold(s: str) -> str:
    """fold(), one output character per input character (so positions line up)."""
    return "".join(map(_fold_char, s))


def _clean(text: str) -> str:
    text = strip_html(text or "")
    text = _BULLETS.sub(" - ", re.sub(r"\s+", " ", text))
    return nfc(text)


def _trim(s: str) -> str:
    return s.strip(" ;,:").lstrip(".").strip(" ;,:")


def _has_text(s: str) -> bool:
    return any(c.isalnum() for c in s)


def _split(s: str) -> list[str]:
    """Parts of a compound cell, cut at list dashes (not at ranges like "Quý I - IV", "2026 - 2030")."""
    f, cuts, last = _afold(s), [], 0
    for m in _SEP.finditer(f):
        if _is_range_dash(f, m.start(), m.end()):
            continue
        cuts.append(s[last:m.start()])
        last = m.end()
    cuts.append(s[last:])
    return [p for p in map(_trim, cuts) if _has_text(p)]


def _is_range_dash(f: str, start: int, end: int) -> bool:
    """A numeral right before the dash and a numeral (or "quý/tháng/năm/ngày" and one) right after it."""
    before = start - (start > 0 and f[start - 1] == " ")  # spaces are single after _clean
    return bool(_RANGE_BEFORE.search(f, max(0, before - 6), before)) and bool(_RANGE_AFTER.match(f, end))


@dataclass
class _Hit:
    """One phrase read in a part: where it is, which rule read it, what it gave."""
    start: int
    end: int
    rule: str
    milestones: list[Milestone]


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """text with each (start, end) span overwritten by _BLANK, in one pass."""
    pieces, last = [], 0
    for a, b in spans:
        pieces += [text[last:a], _BLANK * (b - a)]
        last = b
    pieces.append(text[last:])
    return "".join(pieces)


def _scan(body: str, ctx: _Ctx) -> tuple[list[Milestone], int]:
    """All milestones named in a folded part body, and where the first phrase starts."""
    work = _blanked(body, [m.span() for m in _DOCREF.finditer(body)])
    hits: list[_Hit] = []
    for name, rx, handler in _RULES:
        spans = []
        for m in rx.finditer(work):
            spans.append(m.span())
            got = handler(m, ctx)
            if got:
                hits.append(_Hit(m.start(), m.end(), name, got))
        if spans:
            work = _blanked(work, spans)
    hits = _joined_ranges(sorted(hits, key=lambda h: h.start), body)
    drop = {_SUPPRESS[h.rule] for h in hits if h.rule in _SUPPRESS}
    first = min((h.start for h in hits), default=len(body))
    return _unique(ms for h in hits if h.rule not in drop for ms in h.milestones), first


def _joined_ranges(hits: list[_Hit], body: str) -> list[_Hit]:
    """Two single dated phrases with only "-", "đến" or "tới" between them -> one window."""
    out: list[_Hit] = []
    i = 0
    while i < len(hits):
        a = hits[i]
        b = hits[i + 1] if i + 1 < len(hits) else None
        window = _window(a, b) if b and _RANGE_JOIN.fullmatch(body, a.end, b.start) else None
        if window is None:
            out.append(a)
            i += 1
        else:
            out.append(_Hit(a.start, b.end, "window", [window]))
            i += 2
    return out


def _window(a: _Hit, b: _Hit) -> Milestone | None:
    if len(a.milestones) != 1 or len(b.milestones) != 1:
        return None
    first, last = a.milestones[0], b.milestones[0]
    if first.kind not in _RANGE_KINDS or last.kind not in _RANGE_KINDS or first.due is None or last.due is None:
        return None
    if first == last:
        return first
    start = first.start or first.due
    if start > last.due:
        return None
    return _ms("window", last.due, start, first.note, last.note)


def _unique(items) -> list[Milestone]:
    seen, out = set(), []
    for ms in items:
        key = ms.due if ms.due is not None else (ms.kind, ms.note)
        if key not in seen:
            seen.add(key)
            out.append(ms)
    return sorted(out, key=lambda ms: (ms.due is not None, ms.due or date.min))


def _lead_label(text: str) -> str:
    """The words before a phrase, without trailing fillers ("trước", "chậm nhất"...)."""
    words = [(m.start() + len(m.group().rstrip(_PUNCT)), m.group().strip(_PUNCT))
             for m in re.finditer(r"\S+", _afold(text))]
    while words:
        word = words[-1][1]
        if not word or word in _FILLER_WORDS:
            words.pop()
        elif len(words) > 1 and (words[-2][1], word) in _FILLER_PAIRS:
            del words[-2:]
        else:
            break
    return _trim(text[:words[-1][0]]) if words else ""


def _parse_part(part: str, ctx_years: tuple[int, int], compound: bool) -> list[Milestone]:
    f = _afold(part)
    label, at = "", 0
    colon = _COLON.search(f)
    if colon and _has_text(part[colon.end():]):
        label, at = _trim(part[:colon.start()]), colon.end()
    body = f[at:]
    ctx = _Ctx(*ctx_years, recurring=bool(_RHYTHM.search(body)))
    if _EVENT_START.match(body):
        found, first = [_event()], 0
    else:
        found, first = _scan(body, ctx)
        if not found:
            ev = _EVENT_ANY.search(body)
            found, first = ([_event()], ev.start()) if ev else ([_bad(UNREADABLE)], 0)
    if compound and not label and found[0].kind != "unspecified":
        label = _lead_label(part[at:at + first])
    return [replace(ms, label=label, source=part) for ms in found]


def _not_read(source: str, note: str) -> list[Milestone]:
    return [Milestone("", "unspecified", None, None, None, True, note, source)]


def parse_deadline(text: str, period: Period, *, max_chars: int | None = MAX_CELL_CHARS,
                   max_milestones: int | None = MAX_MILESTONES) -> list[Milestone]:
    """The milestones of one deadline cell, in the order written (see module doc).

    A limit of None lifts it (bench/deadlines.py measures the parser without them).
    """
    years = _period(period)
    clean = _clean(text)
    if max_chars is not None and len(clean) > max_chars:
        return _not_read(clean, _("{n} characters are too long for a deadline (at most {limit}); "
                                  "kept as written, not read").format(n=len(clean), limit=max_chars))
    parts = _split(clean)
    if not parts:
        return _not_read(clean, NO_DEADLINE)
    out: list[Milestone] = []
    for part in parts:
        out += _parse_part(part, years, len(parts) > 1)
        if max_milestones is not None and len(out) > max_milestones:
            return _not_read(clean, _("names more than {limit} milestones; kept as written, not read")
                             .format(limit=max_milestones))
    return [_in_range(m) for m in out]


def _in_range(m: Milestone) -> Milestone:
    """A date outside the years cchc accepts anywhere is not stored: kept as written, flagged."""
    bad = next((d.year for d in (m.due, m.start, m.end) if d and not valid_year(d.year)), None)
    if bad is None:
        return m
    note = _("year {year} is outside {first}–{last}; kept as written, not read").format(
        year=bad, first=FIRST_YEAR, last=LAST_YEAR)
    return replace(m, kind="unspecified", due=None, start=None, end=None, needs_review=True, note=note)
