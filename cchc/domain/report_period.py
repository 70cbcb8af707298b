"""The periods a commune reports on: a quarter, 6 months, 9 months, a year (pure).

Each runs from its first day to its last within one year: quý I–IV, 6 tháng
đầu năm (01/01–30/06), 6 tháng cuối năm (01/07–31/12), 9 tháng (01/01–30/09),
năm (01/01–31/12). The next period is what "Phương hướng, nhiệm vụ kỳ tới"
looks at: the next quarter, the second half, quarter IV after 9 months, the
next year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cchc.domain.errors import UserError
from cchc.domain.periods import Range, month_end
from cchc.i18n import _

ROMAN = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class ReportPeriod:
    kind: str  # quarter, half, months (9), year
    year: int
    number: int = 0  # the quarter 1-4, the half 1-2, the months (9)

    @property
    def span(self) -> Range:
        first, last = {"quarter": (3 * self.number - 2, 3 * self.number),
                       "half": (6 * self.number - 5, 6 * self.number),
                       "months": (1, self.number), "year": (1, 12)}[self.kind]
        return Range(date(self.year, first, 1), month_end(self.year, last))

    @property
    def name(self) -> str:
        """As a report's title says it: 'quý I năm 2026', '6 tháng đầu năm 2026', '9 tháng năm 2026'."""
        if self.kind == "quarter":
            return f"quý {ROMAN[self.number - 1]} năm {self.year}"
        if self.kind == "half":
            return f"6 tháng {'đầu' if self.number == 1 else 'cuối'} năm {self.year}"
        if self.kind == "months":
            return f"{self.number} tháng năm {self.year}"
        return f"năm {self.year}"

    def following(self) -> "ReportPeriod":
        if self.kind == "quarter":
            return ReportPeriod("quarter", self.year + (self.number == 4), self.number % 4 + 1)
        if self.kind == "half":
            return ReportPeriod("half", self.year + (self.number == 2), self.number % 2 + 1)
        if self.kind == "months":
            return ReportPeriod("quarter", self.year, 4)
        return ReportPeriod("year", self.year + 1)


def report_period(*, quarter: int | None = None, half: str | None = None, months: str | None = None,
                  year: int | None = None, default_year: int, today: date) -> ReportPeriod:
    """The period the options name (at most one of quarter, half, months; a year alone is the annual
    report); none: today's quarter. `--months 3`, `6` and `12` are quý I, 6 tháng đầu năm and năm."""
    given = [name for name, value in (("--quarter", quarter), ("--half", half), ("--months", months)) if value]
    if len(given) > 1:
        raise UserError(_("choose one period: {options} cannot be combined").format(options=", ".join(given)))
    chosen = year or default_year
    if quarter:
        return ReportPeriod("quarter", chosen, quarter)
    if half:
        if half.strip() not in ("1", "2"):
            raise UserError(_("'{text}' is not a half year (use 1 or 2)").format(text=half), field="half")
        return ReportPeriod("half", chosen, int(half))
    if months:
        count = {"3": ("quarter", 1), "6": ("half", 1), "9": ("months", 9), "12": ("year", 0)}.get(months.strip())
        if count is None:
            raise UserError(_("'{text}' is not a reporting period in months (use 3, 6, 9 or 12)").format(text=months),
                            field="months")
        return ReportPeriod(count[0], chosen, count[1])
    if year:
        return ReportPeriod("year", year)
    return ReportPeriod("quarter", chosen, (today.month - 1) // 3 + 1)


def as_of_day(period: ReportPeriod, today: date, given: date | None = None) -> date:
    """The day a report counts as of: the period's last day (today while it runs), or `given` within it."""
    from cchc.domain.dates import format_date

    span = period.span
    if given is None and today < span.start:
        raise UserError(_("the period reported on has not begun yet: it begins on {start}, after today ({today})")
                        .format(start=format_date(span.start), today=format_date(today)))
    day = given or min(span.end, today)
    if day > today:
        raise UserError(_("{day} is after today ({today}); a report cannot count what has not happened").format(
            day=format_date(day), today=format_date(today)), field="as_of")
    if not span.start <= day <= span.end:
        raise UserError(_("{day} is outside the period reported on ({start} – {end})").format(
            day=format_date(day), start=format_date(span.start), end=format_date(span.end)), field="as_of")
    return day
