"""`cchc due|overdue|agenda|remind`: what falls due, what is late, whom to chase."""

from __future__ import annotations

import typer

from cchc.commands import values
from cchc.commands.filters import AGENCY, AREA, PLAN, SEARCH, STATUS, OptStr
from cchc.commands.options import FORMAT
from cchc.commands.params import option
from cchc.i18n import _
from cchc.render.output import Format, say, to_json

QUARTER = option(values.QUARTER, "--quarter", "-q", help=_("Quarter I-IV or 1-4, also 'Quý I' (of --year)."))
MONTH = option(values.MONTH, "--month", "-m", help=_("Month 1-12, also 'tháng 3' (of --year)."))
WEEK = typer.Option(False, "--week", help=_("This week, Monday to Sunday."))
WITHIN = typer.Option(None, "--within", help=_("From today for this long: 14d, 3w, 2m (default: 14d)."), metavar=_("LENGTH"))
FROM = option(values.DATE, "--from", help=_("First day (dd/mm/yyyy or yyyy-mm-dd)."))
TO = option(values.DATE, "--to", help=_("Last day (dd/mm/yyyy or yyyy-mm-dd)."))
YEAR = typer.Option(None, "--year", help=_("Year of --quarter/--month, or alone the whole year (default: the plan's first year)."), metavar="YYYY")

_STYLES = {"overdue": "red", "soon": "yellow", "done": "green"}


def _filters(plan, area, agency, status, search):
    from cchc.domain.filters import Filters

    return Filters(plan=plan, area=area, agency=agency, status=status, search=search)


def _due(db, filters, query, today) -> list:
    from cchc.domain.deadline_views import as_of

    return as_of(db.read.due_items(filters, query), today)


def _each_due(db, filters, query, today):
    from cchc.domain.deadline_views import each_as_of

    return each_as_of(db.read.each_due_item(filters, query), today)


def _default_year(db, plan: str | None, today) -> int:
    ids = db.read.plan_ids(plan)
    if ids and len(ids) == 1:
        return db.read.plan(ids[0]).year_start
    return today.year


def _task_words(text, row) -> str:
    """The task (shortened: `task show ID` has it whole) and, below it, the milestone it is about."""
    from cchc.domain.deadline_views import shorten

    return shorten(text, 100) + (f"\n→ {row.label}" if row.label else "")


def due_columns():
    """ID, milestone number, due date, how late, area, ref, task (and milestone), lead, status."""
    from cchc.render.columns import pick

    return pick("task_id", "milestone", "due", "when", "area", "ref", "text", "lead_agency", "status",
                when={"drop": 3}, area={"drop": 2}, ref={"drop": 1}, status={"drop": 4}, lead_agency={"drop": 5},
                text={"words": _task_words})


def _style(row) -> str | None:
    from cchc.domain.deadline_views import urgency

    return _STYLES.get(urgency(row.status, row.days_left))


def _show_rows(rows: list, fmt: Format, empty: str) -> None:
    from cchc.render.output import View, emit

    emit(View(rows, due_columns(), empty=empty, row_style=_style), fmt)


def due_cmd(
    quarter: OptStr = QUARTER, month: OptStr = MONTH, week: bool = WEEK, within: OptStr = WITHIN,
    start: OptStr = FROM, end: OptStr = TO, year: OptStr = YEAR,
    all_: bool = typer.Option(False, "--all", help=_("Include milestones already done.")),
    include_undated: bool = typer.Option(False, "--include-undated", help=_("Also list ongoing and event milestones (no due date).")),
    plan: OptStr = PLAN, area: OptStr = AREA, agency: OptStr = AGENCY, status: OptStr = STATUS,
    search: OptStr = SEARCH, fmt: Format = FORMAT,
) -> None:
    """Open milestones due in a period, soonest first (default: the next 14 days)."""
    from cchc import state
    from cchc.commands.common import store
    from cchc.commands.periods import PeriodOptions, resolve, validate
    from cchc.domain.dates import format_date
    from cchc.domain.filters import Query

    today = state.today()
    opts = PeriodOptions(quarter=quarter, month=month, week=week, within=within, start=start, end=end, year=year)
    validate(opts, today)
    with store() as db:  # JSON and CSV are written as the rows are read
        span = resolve(opts, today, _default_year(db, plan, today))
        query = Query(start=span.start, end=span.end, include_done=all_, include_undated=include_undated)
        rows = _each_due(db, _filters(plan, area, agency, status, search), query, today)
        _show_rows(rows, fmt, _("Nothing due from {start} to {end}.").format(
            start=format_date(span.start), end=format_date(span.end)))


def overdue_cmd(
    check: bool = typer.Option(False, "--check", help=_("Exit 1 when anything is overdue, else 0 (for cron).")),
    plan: OptStr = PLAN, area: OptStr = AREA, agency: OptStr = AGENCY, status: OptStr = STATUS,
    search: OptStr = SEARCH, fmt: Format = FORMAT,
) -> None:
    """Open milestones past their due date, most late first."""
    from cchc import state
    from cchc.commands.common import store
    from cchc.domain.filters import Query

    today = state.today()
    shown = [0]
    with store() as db:  # JSON and CSV are written as the rows are read

        def counted(rows):
            for row in rows:
                shown[0] += 1
                yield row

        _show_rows(counted(_each_due(db, _filters(plan, area, agency, status, search), Query(before=today), today)),
                   fmt, _("Nothing is overdue."))
    if check and shown[0]:
        raise typer.Exit(1)


def agenda_cmd(
    months: int = typer.Option(3, "--months", metavar="N", help=_("How many months from today's month.")),
    by: str = typer.Option("month", "--by", help=_("Group by month or quarter."), metavar="month|quarter"),
    plan: OptStr = PLAN, area: OptStr = AREA, agency: OptStr = AGENCY, status: OptStr = STATUS,
    search: OptStr = SEARCH, fmt: Format = FORMAT,
) -> None:
    """A timeline of what falls due, month by month, with counts per area."""
    from datetime import date

    from cchc import state
    from cchc.commands.common import store
    from cchc.domain.deadline_views import agenda, agenda_range
    from cchc.domain.errors import UserError
    from cchc.domain.filters import Query
    from cchc.domain.vocabulary import AREAS

    if not 1 <= months <= 60:
        raise UserError(_("--months: {n} is out of range (1-60)").format(n=months))
    if by not in ("month", "quarter"):
        raise UserError(_("--by: '{value}' is not month or quarter").format(value=by))
    today = state.today()
    with store() as db:
        ids = db.read.plan_ids(plan)
        ends = [db.read.plan(i).year_end for i in ids] if ids else [p.year_end for p in db.read.plans()]
        span = agenda_range(today, months, by, date(max(ends), 12, 31) if ends else None)
        rows = _due(db, _filters(plan, area, agency, status, search), Query(end=span.end), today)
    buckets = agenda(rows, span, by, list(AREAS))
    if fmt == Format.json:
        print(to_json(buckets))
    elif fmt != Format.table:
        from dataclasses import replace

        from cchc.render.columns import Column
        from cchc.render.output import View, emit

        period = Column("period", _("Period"), "code", value=lambda r: r[0])
        items = [(b.get("month") or b.get("quarter"), r) for b in buckets for r in b["items"]]
        columns = [period] + [replace(c, value=lambda pair, c=c: c.raw(pair[1]),
                                      words=(lambda v, pair, c=c: c.words(v, pair[1])) if c.words else None)
                              for c in due_columns()]
        emit(View(items, columns), fmt)
    else:
        _print_agenda(buckets)


def _print_agenda(buckets: list[dict]) -> None:
    from cchc.domain.dates import format_date
    from cchc.domain.deadline_views import bar, bucket_title, shorten, urgency
    from cchc.render.output import is_terminal
    from cchc.render.safe import one_line

    rich = is_terminal()
    widest = max((b["total"] for b in buckets), default=0)
    title_width = max((len(bucket_title(b)) for b in buckets), default=0)
    lines: list[tuple[str, str | None]] = []
    for bucket in buckets:
        areas = "  ".join(f"{code} {n}" for code, n in bucket["areas"].items())
        graph = bar(bucket["total"], widest, char="█" if rich else "#")
        late = "  " + _("({n} overdue, carried over)").format(n=bucket["overdue"]) if bucket["overdue"] else ""
        lines.append((f"{bucket_title(bucket):<{title_width}}  {graph:<20} {bucket['total']:>3}{late}", "bold"))
        lines.append(("\t" + areas, "bold"))  # the counts per area: on the line above if they fit, never cut
        for row in bucket["items"]:
            label = f" ({row.label})" if row.label else ""
            text = (f"  {format_date(row.due)}  [{row.task_id} #{row.milestone}] {row.area} {row.ref} "
                    f"{shorten(row.text, 70)}{label} — {row.lead_agency or ''}")
            lines.append((one_line(text.rstrip(" —")), _STYLES.get(urgency(row.status, row.days_left))))
    width = None
    if rich:
        from cchc.render.output import console

        out = console()
        width = out.width
    lines = _areas_placed(lines, width)
    if not rich:
        print("\n".join(text for text, _style in lines))
        return
    from rich.text import Text

    for text, style in lines:
        out.print(Text(text, style=style or ""), overflow="ellipsis", no_wrap=True)


def _areas_placed(lines: list[tuple[str, str | None]], width: int | None) -> list[tuple[str, str | None]]:
    """A bucket's counts per area (a line starting with a tab) joined to its heading when they fit in `width`,
    else on lines of their own, broken between areas: a count is never cut at the window's edge."""
    from cchc.render.layout import text_width

    placed: list[tuple[str, str | None]] = []
    for text, style in lines:
        if not text.startswith("\t"):
            placed.append((text, style))
            continue
        pairs = text[1:].split("  ")
        if not pairs[0]:
            continue
        joined = placed[-1][0] + "   " + "  ".join(pairs)
        if width is None or text_width(joined) <= width:
            placed[-1] = (joined, style)
            continue
        line = " "
        for pair in pairs:
            if line.strip() and text_width(line + "  " + pair) > width:
                placed.append((line, style))
                line = " "
            line += "  " + pair
        placed.append((line, style))
    return placed


def remind_cmd(
    within: OptStr = typer.Option(None, "--within", help=_("Upcoming means due within this long: 14d, 3w, 2m (default: 14d)."), metavar=_("LENGTH")),
    plan: OptStr = PLAN, area: OptStr = AREA, agency: OptStr = AGENCY, status: OptStr = STATUS,
    search: OptStr = SEARCH, fmt: Format = FORMAT,
) -> None:
    """For each lead agency, a message in Vietnamese listing its overdue and upcoming tasks, to paste when chasing."""
    from cchc import state
    from cchc.commands.common import store
    from cchc.domain.deadline_views import reminders
    from cchc.domain.filters import Query
    from cchc.domain.periods import DEFAULT_WITHIN, parse_within
    from cchc.domain.vocabulary import AREAS

    today = state.today()
    span = parse_within(within or DEFAULT_WITHIN, today)
    with store() as db:
        rows = _due(db, _filters(plan, area, agency, status, search), Query(end=span.end), today)
    result = reminders(rows, today, AREAS)
    if fmt == Format.json:
        print(to_json(result))
    elif fmt != Format.table:
        from cchc.render.columns import Column
        from cchc.render.output import View, emit

        emit(View(result, [Column("agency", _("Agency"), cut=True), Column("overdue", _("Overdue"), "number", value=lambda r: len(r["overdue"])),
                           Column("upcoming", _("Upcoming"), "number", value=lambda r: len(r["upcoming"])),
                           Column("message", _("Message"), fold=True)]), fmt)
    elif not result:
        from cchc.domain.dates import format_date

        say(_("Nothing to chase: no overdue task and nothing due by {end}.").format(end=format_date(span.end)))
    else:
        from cchc.render.safe import shown

        print("\n\n".join(shown(r["message"]) for r in result))
