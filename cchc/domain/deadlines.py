"""Deadline cells of CCHC plans -> dated milestones (see DOMAIN.md, "Deadline phrases").

Pure: no I/O, no database, no printing. ``parse_deadline`` never raises on any text.

Decisions where DOMAIN.md is silent:

* Phrases without a year ("Quý IV", "Trong năm", "Tháng 10", "6 tháng đầu năm",
  "Trước ngày 30/11") mean the plan year; in a multi-year plan they repeat once
  per year of the period (a five-year plan's "Quý IV" is Q4 of each year), each
  with the phrase's own kind.
* "<phrase> hằng năm" ("Quý I/2026. hàng năm", "Trước ngày 05/01 hằng năm"): the
  phrase repeats each year from its year (or the period start) to the period
  end; a day-and-month date so repeated has kind ``yearly``.  A bare "hằng năm"
  is recurring 31/12.
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
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import lru_cache
from typing import Callable

from dateutil.relativedelta import relativedelta
from dateutil.rrule import MONTHLY, rrule

from cchc.domain.dates import format_date, parse_date  # noqa: F401  (part of this module's API)
from cchc.i18n import _
from cchc.domain.text import fold, nfc, strip_html

KINDS: tuple[str, ...] = (
    "date", "yearly", "month", "quarter", "window", "half", "year",
    "ongoing", "recurring", "event", "unspecified",
)
SPAN_KINDS = frozenset({"month", "quarter", "window", "half", "year"})
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
    return (date(y, mo, 1) + relativedelta(day=31)).day


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
    note = "; ".join(n for n in notes if n)
    span = kind in SPAN_KINDS
    return Milestone("", kind, due, start if span else None, due if span else None, bool(note), note, "")


def _bad(note: str) -> Milestone:
    return _ms("unspecified", None, None, note)


def _event() -> Milestone:
    return Milestone("", "event", None, None, None, False, NEEDS_A_DATE, "")


# --------------------------------------------------------------------------- phrase table
# Patterns run on the folded text (lower case, no diacritics, đ -> d), in order;
# each match is blanked so later, looser patterns do not read it again.

_Y = r"(?P<y>(?:19|20|21)[0-9]{2})(?![0-9])"
_YS = rf"(?:\s*[/,.-]?\s*(?:nam\s*)?{_Y})?"
_EVERY = r"(?P<every>[\s.,;]*(?:hang|moi)\s+nam\b)?"
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
_RHYTHM = re.compile(r"\bdinh\s*ky\b|\b(?:hang|moi)\s+(?:quy|thang|nam)\b")
_FILLER = re.compile(
    r"(?:[\s.,;:-]|\b(?:truoc|cham\s+nhat|trong|vao|ngay|den|han|xong|tu|het|dinh\s*ky|ca|nop|gui)\b)+$"
)


def _int(s: str | None) -> int | None:
    return None if s is None else int(s)


def _span_q(y: int, lo: int, hi: int) -> tuple[date, date]:
    """(due, start) of quarters lo..hi of year y; _span_m the same for months."""
    start = date(y, 3 * lo - 2, 1)
    return date(y, 3 * hi, 1) + relativedelta(day=31), start


def _span_m(y: int, lo: int, hi: int) -> tuple[date, date]:
    return date(y, hi, 1) + relativedelta(day=31), date(y, lo, 1)


def _spans(kind: str, m: re.Match, ctx: _Ctx, lo: int, hi: int, span=_span_m) -> list[Milestone]:
    y = _int(m["y"])
    return [_ms(kind, *span(yy, lo, hi), ctx.far(y)) for yy in ctx.years(y, bool(m["every"]))]


def _on_quarters(m: re.Match, ctx: _Ctx) -> list[Milestone]:
    qs = [_ROMAN[t] for t in _QTOK.findall(m["qs"])]
    kind = "quarter" if min(qs) == max(qs) else "window"
    return _spans(kind, m, ctx, min(qs), max(qs), _span_q)


def _on_month(m: re.Match, ctx: _Ctx) -> list[Milestone]:
    mo = int(m["m"])
    if not 1 <= mo <= 12:
        return [_bad(_("month {month} does not exist").format(month=mo))]
    return _spans("month", m, ctx, mo, mo)


def _on_months(m: re.Match, ctx: _Ctx) -> list[Milestone]:
    lo, hi = int(m["m1"]), int(m["m"])
    if not 1 <= lo < hi <= 12:
        return [_bad(_("months {first}-{last} are not a range of months").format(first=lo, last=hi))]
    return _spans("window", m, ctx, lo, hi)


def _on_before_month(m: re.Match, ctx: _Ctx) -> list[Milestone]:
    mo, y = int(m["m"]), _int(m["y"])
    if not 1 <= mo <= 12:
        return [_bad(_("month {month} does not exist").format(month=mo))]
    out = []
    for yy in ctx.years(y, bool(m["every"])):
        due = date(yy, mo, 1) - relativedelta(days=1)
        out.append(_ms("month", due, due.replace(day=1), ctx.far(y)))
    return out


def _on_half(m: re.Match, ctx: _Ctx) -> list[Milestone]:
    lo = 1 if m["h"] == "dau" else 7
    return _spans("half", m, ctx, lo, lo + 5)


def _on_year(m: re.Match, ctx: _Ctx) -> list[Milestone]:
    y = int(m["y"])
    return [_ms("year", date(y, 12, 31), date(y, 1, 1), ctx.far(y))]


def _on_years(m: re.Match, ctx: _Ctx) -> list[Milestone]:
    a, b = sorted((int(m["y1"]), int(m["y"])))
    return [_ms("window", date(b, 12, 31), date(a, 1, 1), ctx.far(a), ctx.far(b))]


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
    rule = rrule(MONTHLY, bymonth=months, bymonthday=-1,
                 dtstart=datetime(ctx.y0, 1, 1), until=datetime(ctx.y1, 12, 31))
    return [_ms("recurring", dt.date()) for dt in rule]


def _rhythm(months: tuple[int, ...], only_in_rhythm: bool = False) -> Callable[[re.Match, _Ctx], list[Milestone]]:
    def handler(m: re.Match, ctx: _Ctx) -> list[Milestone]:
        return _month_ends(ctx, months) if ctx.recurring or not only_in_rhythm else []
    return handler


def _on_ongoing(m: re.Match, ctx: _Ctx) -> list[Milestone]:
    return [_ms("ongoing")]


_RULES: list[tuple[str, re.Pattern, Callable[[re.Match, _Ctx], list[Milestone]]]] = [
    (name, re.compile(rx), fn) for name, rx, fn in (
        ("quarter_day", rf"{_DAYWORD}{_D}\s*(?:cua\s+|trong\s+)?thang\s+cuoi\s+(?:cua\s+)?(?:moi\s+|hang\s+)?quy\b",
         _on_quarter_day),
        ("month_day", rf"{_DAYWORD}{_D}\s*(?:cua\s+)?(?:hang|moi)\s+thang\b", _on_month_day),
        ("date", rf"{_DAYWORD}{_D}\s+thang\s*{_M}(?:\s*,?\s*(?:nam\s*)?{_Y})?{_EVERY}", _on_date),
        ("date", rf"(?<![0-9]){_Y}-{_M}-{_D}{_EVERY}", _on_date),
        ("date", rf"(?<![0-9/.]){_D}\s*(?P<s>[/.-])\s*{_M}\s*(?P=s)\s*(?P<y>[0-9]{{4}}|[0-9]{{2}})(?![0-9]){_EVERY}",
         _on_date),
        ("date", rf"(?<![0-9/.]){_D}\s*/\s*{_M}(?!\s*[/.-]\s*[0-9])(?P<y>){{0}}{_EVERY}", _on_date),
        ("month", rf"\btruoc\s+(?:het\s+)?thang\s*{_M}{_YS}{_EVERY}", _on_before_month),
        ("month", rf"\b(?:tu\s+)?thang\s*(?P<m1>[0-9]{{1,2}})\s*(?:-|,|va|den)\s*(?:thang\s*)?{_M}{_YS}{_EVERY}",
         _on_months),
        ("month", rf"\bthang\s*{_M}(?!\s*ngay){_YS}{_EVERY}", _on_month),
        ("half", rf"(?:(?<![0-9])0?6\s*thang|\bnua)\s*(?P<h>dau|cuoi)\s*(?:nam)?(?:\s*[/,.-]?\s*{_Y})?{_EVERY}",
         _on_half),
        ("quarter", rf"\bquy\s*(?P<qs>{_Q}(?:\s*(?:,|-|&|\+|;|va|den)\s*(?:quy\s*)?{_Q})*){_YS}{_EVERY}",
         _on_quarters),
        ("month", rf"(?<![0-9/.]){_M}\s*/\s*{_Y}(?P<every>){{0}}", _on_month),
        ("year", rf"\b(?:nam|giai\s*doan|tu\s+nam)\s*(?P<y1>(?:19|20|21)[0-9]{{2}})\s*(?:-|den)\s*(?:nam\s*)?{_Y}",
         _on_years),
        ("year", rf"\b(?:(?:ca|trong|het|cuoi|suot)\s+)?nam\s*{_Y}", _on_year),
        ("year", r"\b(?:ca|trong|het|cuoi|suot)\s+nam\b(?!\s*[0-9])", _on_this_year),
        ("every_quarter", r"\b(?:(?:hang|moi)\s+quy|dinh\s*ky\s+(?:theo\s+)?quy)\b", _rhythm((3, 6, 9, 12))),
        ("every_month", r"\b(?:(?:hang|moi)\s+thang|dinh\s*ky\s+(?:theo\s+)?thang)\b", _rhythm(tuple(range(1, 13)))),
        ("every_year", r"\b(?:(?:hang|moi)\s+nam|dinh\s*ky\s+(?:theo\s+)?nam)\b", _rhythm((12,))),
        ("every_half", r"(?<![0-9])0?6\s*thang\b(?!\s*(?:dau|cuoi))", _rhythm((6, 12), only_in_rhythm=True)),
        ("every_9m", r"(?<![0-9])0?9\s*thang\b", _rhythm((9,), only_in_rhythm=True)),
        ("ongoing", r"\b(?:thuong\s*xuyen|lien\s*tuc|hang\s+ngay)\b", _on_ongoing),
    )
]
# a specific day of the quarter's (month's) rhythm replaces its plain end dates
_SUPPRESS = {"quarter_day": "every_quarter", "month_day": "every_month"}


# --------------------------------------------------------------------------- cells

_SEP = re.compile(r"(?:^|(?<=\s))[-+]+(?=\s|$)")
_BULLETS = re.compile(r"[•●▪◦■□❖➢►✓√⁃‣∙·]")
_COLON = re.compile(r"(?<![0-9]):|:(?![0-9])")
_RANGE_BEFORE = re.compile(r"(?:\b[ivx]+|[0-9])$")
_RANGE_AFTER = re.compile(r"(?:[ivx]+\b|[0-9])")


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    f = "" if c.isspace() else fold(c)
    return f[0] if f else " "


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
    """Parts of a compound cell, cut at list dashes (not at ranges like "Quý I - IV")."""
    f, cuts, last = _afold(s), [], 0
    for m in _SEP.finditer(f):
        if _RANGE_BEFORE.search(f[:m.start()].rstrip()) and _RANGE_AFTER.match(f[m.end():].lstrip()):
            continue
        cuts.append(s[last:m.start()])
        last = m.end()
    cuts.append(s[last:])
    return [p for p in map(_trim, cuts) if _has_text(p)]


def _scan(body: str, ctx: _Ctx) -> tuple[list[Milestone], int]:
    """All milestones named in a folded part body, and where the first phrase starts."""
    work = _DOCREF.sub(lambda m: " " * len(m.group()), body)
    found: list[tuple[str, Milestone]] = []
    first = len(body)
    for name, rx, handler in _RULES:
        for m in list(rx.finditer(work)):
            got = handler(m, ctx)
            if got:
                found += [(name, ms) for ms in got]
                first = min(first, m.start())
            work = work[:m.start()] + " " * (m.end() - m.start()) + work[m.end():]
    names = {n for n, _ in found}
    drop = {_SUPPRESS[n] for n in names if n in _SUPPRESS}
    return _unique(ms for n, ms in found if n not in drop), first


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
    cut = _FILLER.search(_afold(text))
    return _trim(text[:cut.start()] if cut else text)


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


def parse_deadline(text: str, period: Period) -> list[Milestone]:
    """The milestones of one deadline cell, in the order written (see module doc)."""
    years = _period(period)
    clean = _clean(text)
    parts = _split(clean)
    if not parts:
        return [Milestone("", "unspecified", None, None, None, True, NO_DEADLINE, clean)]
    out: list[Milestone] = []
    for part in parts:
        out += _parse_part(part, years, len(parts) > 1)
    return out
