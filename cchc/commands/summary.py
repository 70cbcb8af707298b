"""`cchc summary|changes`: the meeting summary, what changed since a date."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from cchc.commands import values
from cchc.commands.filters import ONE_PLAN, PLAN, OptStr
from cchc.commands.params import option
from cchc.commands.options import FORMAT
from cchc.i18n import _
from cchc.render.output import Format, say

QUARTER = option(values.QUARTER, "--quarter", "-q", help=_("Quarter I-IV or 1-4, also 'Quý I' (of --year)."))
YEAR = typer.Option(None, "--year", help=_("Year of --quarter (default: this year within the plan period)."),
                    metavar="YYYY")


def _year(text: str | None, plan, today) -> int:
    from cchc.domain.periods import parse_year

    if text:
        return parse_year(text)
    return today.year if plan.year_start <= today.year <= plan.year_end else plan.year_start


# -- summary ------------------------------------------------------------------


class SummaryFormat(str, Enum):
    """The listing formats, and a printable page (Word or HTML)."""

    table = "table"
    json = "json"
    csv = "csv"
    tsv = "tsv"
    markdown = "markdown"
    docx = "docx"
    html = "html"


PRINTABLE = (SummaryFormat.docx, SummaryFormat.html)


def summary_cmd(quarter: OptStr = QUARTER, year: OptStr = YEAR, plan: OptStr = ONE_PLAN,
                fmt: SummaryFormat = typer.Option(SummaryFormat.table, "--format", "-f", case_sensitive=False,
                                                  help=_("Output format; docx and html: a printable page.")),
                output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="FILE",
                                                      help=_("File for --format docx or html (replaced)."))) -> None:
    """Before a meeting: progress per area and agency, indicators, the next 14 days, what needs review."""
    from cchc import state
    from cchc.commands.common import store
    from cchc.domain.deadline_views import as_of
    from cchc.domain.errors import UserError
    from cchc.domain.filters import Filters, Query
    from cchc.domain.periods import parse_quarter, quarter_range
    from cchc.domain.summary import indicator_rows, summary, upcoming_range
    from cchc.render.output import to_json

    if fmt in (SummaryFormat.csv, SummaryFormat.tsv):
        raise UserError(_("--format {fmt}: the summary has several tables; use table, markdown or json").format(
            fmt=fmt.value))
    if output is not None and fmt not in PRINTABLE:
        raise UserError(_("-o goes with --format docx or html"))
    if fmt == SummaryFormat.docx and output is None:
        raise UserError(_("--format docx needs a file: add -o FILE.docx"))
    today = state.today()
    number = parse_quarter(quarter) if quarter else None
    with store() as db:
        plan_id = db.read.one_plan_id(plan)
        info = db.read.plan(plan_id)
        span = quarter_range(_year(year, info, today), number) if number else None
        filters = Filters(plan=str(plan_id))
        rows = db.read.tasks(filters)
        soon = upcoming_range(today)
        upcoming = as_of(db.read.due_items(filters, Query(start=soon.start, end=soon.end)), today)
        indicators = indicator_rows(db.read.indicators([plan_id], until=today))
    data = summary(info, rows, indicators, upcoming, today, span)
    if fmt in PRINTABLE:
        from cchc.commands.report import ReportFormat, write_document
        from cchc.domain.summary_sheet import sheet

        write_document(sheet(data), ReportFormat(fmt.value), output, _("Wrote the summary to {path}"))
    elif fmt == SummaryFormat.json:
        print(to_json(data))
    else:
        _print_summary(data, Format(fmt.value))


def _columns():
    """The summary's tables: per area, per lead agency, indicators, what falls due, what needs review."""
    from cchc.render.columns import Column, pick

    def count(key, header):
        return Column(key, header, "number")

    areas = [Column("area", _("Area"), "area"), Column("name", _("Name"), fold=True, drop=2, min_width=12),
             count("total", _("Total")), count("done_on_time", _("On time")), count("done_late", _("Late")),
             count("in_progress", _("In progress")), count("not_started", _("Not started")),
             count("overdue", _("Overdue")), count("dropped", _("Dropped")),
             Column("pct_done", _("Done (%)"), "percent"), Column("bar", "", "code", drop=1)]
    agencies = [Column("agency", _("Lead agency"), fold=True, min_width=16), count("open", _("Open")),
                count("overdue", _("Overdue")), count("done_late", _("Done late")), count("total", _("Total"))]
    indicators = [Column("name", _("Indicator"), fold=True, min_width=16), Column("target_text", _("Target"), "code"),
                  Column("latest_text", _("Latest"), "code"), Column("latest_period", _("Period"), "code", drop=1),
                  Column("met_text", _("Met"), "code")]
    upcoming = pick("task_id", "milestone", "due", "area", "ref", "text", "label", "lead_agency",
                    area={"drop": 3}, ref={"drop": 2}, lead_agency={"drop": 5}, label={"drop": 4})
    review = pick("task_id", "milestone", "area", "ref", "text", "label") + [
        Column("reason", _("Why"), fold=True, min_width=12)]
    return areas, agencies, indicators, upcoming, review


def _area_rows(data: dict, rich: bool) -> list[dict]:
    from cchc.domain.deadline_views import bar

    rows = []
    for area in data["areas"] + [{**data["totals"], "area": _("all"), "name": ""}]:
        filled = bar(round(area["pct_done"] or 0), 100, width=10, char="█" if rich else "#")
        rows.append({**area, "bar": filled + ("░" if rich else ".") * (10 - len(filled))})
    return rows


def _indicator_rows(data: dict) -> list[dict]:
    from cchc.domain.indicators import show_number

    words = {True: _("met"), False: _("not met"), None: ""}
    return [{**i, "name": i["name"], "latest_text": show_number(i["latest"]) + ("%" if i["unit"] == "%" and
                                                                             i["latest"] is not None else ""),
             "met_text": words[i["met"]] if i["latest"] is not None else _("no value yet")}
            for i in data["indicators"]]


def _sections(data: dict, rich: bool) -> list[tuple[str, list[dict], list]]:
    from cchc.domain.deadline_views import shorten
    from cchc.domain.records import to_data

    agencies = [{**a, "agency": a["agency"] or _("(no lead agency)")} for a in data["agencies"]]
    short = {key: [{**to_data(r), "text": shorten(to_data(r)["text"], 80)} for r in data[key]]
             for key in ("upcoming", "needs_review")}
    areas, agency_cols, indicators, upcoming, review = _columns()
    return [
        (_("Areas"), _area_rows(data, rich), areas),
        (_("Lead agencies, most behind first"), agencies, agency_cols),
        (_("Indicators"), _indicator_rows(data), indicators),
        (_("Due in the next 14 days"), short["upcoming"], upcoming),
        (_("Needs review"), short["needs_review"], review),
    ]


def _heading(data: dict) -> str:
    from cchc.render.output import cell

    plan = data["plan"]
    parts = [plan["title"] or _("Plan {id}").format(id=plan["id"]), plan["commune"],
             _("as of {date}").format(date=cell(data["as_of"]))]
    if data["quarter"]:
        parts.append(_("tasks due {start} – {end}").format(start=cell(data["quarter"]["start"]),
                                                           end=cell(data["quarter"]["end"])))
    return " — ".join(p for p in parts if p)


def _print_summary(data: dict, fmt: Format) -> None:
    from cchc.render.output import is_terminal, markdown_table, plain_table
    from cchc.render.safe import one_line

    if fmt == Format.markdown:
        print(f"# {one_line(_heading(data))}")
        for title, rows, cols in _sections(data, False):
            print(f"\n## {title}\n")
            cols = [c for c in cols if c.key != "bar"]
            print(markdown_table(rows, cols) if rows else _("(none)"))
        return
    if not is_terminal():
        print(one_line(_heading(data)))
        for title, rows, cols in _sections(data, False):
            print(f"\n{title}:")
            print(plain_table(rows, cols) if rows else _("(none)"))
        return
    from rich.panel import Panel
    from rich.text import Text

    from cchc.render.output import console, rich_table

    out = console()
    out.print(Panel(Text(one_line(_heading(data))), style="bold"))
    for title, rows, cols in _sections(data, True):
        body = rich_table(rows, cols, width=out.width - 4) if rows else Text(_("(none)"))
        out.print(Panel(body, title=Text(title), title_align="left", expand=False))


# -- changes ------------------------------------------------------------------

def _change_columns():
    from cchc.render.columns import Column, pick

    return pick("at", "task_id", "area", "ref", "text", area={"drop": 2}, ref={"drop": 1}) + [
        Column("detail", _("What"), fold=True, min_width=12)]


def changes_cmd(
    since: str = typer.Option(..., "--since", help=_("First day to include (dd/mm/yyyy), e.g. the last meeting."),
                              metavar=_("DATE")),
    plan: OptStr = PLAN, fmt: Format = FORMAT,
) -> None:
    """What changed since a date: tasks done, started, dropped; evidence, notes, indicator values."""
    from cchc import state
    from cchc.commands.common import store
    from cchc.domain.changes import GROUPS, group, in_plans
    from cchc.domain.dates import parse_user_date
    from cchc.render.output import to_json

    day = parse_user_date(since, what="--since")
    today = state.today()
    with store() as db:
        ids = db.read.plan_ids(plan)
        changes = [c for c in db.read.changes(since=day) if c.at.date() <= today]  # as of --today
        context = db.read.change_context(changes)
    grouped = group(in_plans(changes, context, ids), context)
    if fmt == Format.json:
        print(to_json({"since": day, "changes": grouped}))
        return
    from cchc.render.columns import Column
    from cchc.render.output import View, emit

    if fmt in (Format.csv, Format.tsv):
        emit(View([{**item, "group": key} for key, items in grouped.items() for item in items],
                  [Column("group", "group", "code")] + _change_columns()), fmt)
        return
    shown = [(key, items) for key, items in grouped.items() if items]
    if not shown:
        from cchc.render.output import cell

        say(_("No change recorded since {date}.").format(date=cell(day)))
        return
    for index, (key, items) in enumerate(shown):
        title = f"{GROUPS[key]} ({len(items)})"
        print(("\n" if index else "") + (f"## {title}\n" if fmt == Format.markdown else f"{title}:"))
        emit(View(items, _change_columns()), fmt)
