"""`cchc report`: the report on a quarter, 6 months, 9 months or a year, in Word, Markdown or HTML."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from cchc.commands import values
from cchc.commands.filters import ONE_PLAN, OptStr
from cchc.commands.params import option
from cchc.i18n import _
from cchc.render.output import say



class ReportFormat(str, Enum):
    docx = "docx"
    markdown = "markdown"
    html = "html"


SUFFIXES = {".docx": ReportFormat.docx, ".md": ReportFormat.markdown, ".html": ReportFormat.html,
            ".htm": ReportFormat.html}


def output_kind(fmt: ReportFormat | None, output: Path | None) -> ReportFormat:
    """The format asked for, else the one -o's suffix names, else Markdown; Word needs a file."""
    from cchc.domain.errors import UserError

    kind = fmt or (SUFFIXES.get(output.suffix.lower(), ReportFormat.markdown) if output else ReportFormat.markdown)
    if kind == ReportFormat.docx and output is None:
        raise UserError(_("--format docx needs a file: add -o FILE.docx"))
    return kind


def default_year(plan, today) -> int:
    """This year when it lies in the plan's period, else the plan's first year."""
    return today.year if plan.year_start <= today.year <= plan.year_end else plan.year_start


def write_document(document, kind: ReportFormat, output: Path | None, done_message: str) -> None:
    """Render report blocks (cchc.domain.report_blocks.Report) to a file, or Markdown/HTML to stdout."""
    if kind == ReportFormat.docx:
        from cchc.render.report_docx import render

        data = render(document)
    else:
        from cchc.render.report_text import html, markdown

        text = markdown(document) if kind == ReportFormat.markdown else html(document)
        if output is None:
            from cchc.render.safe import shown

            print(shown(text), end="")
            return
        data = text.encode("utf-8")
    from cchc.files import write_file

    write_file(output, data)
    say(done_message.format(path=output))


def report_cmd(
    quarter: OptStr = option(values.QUARTER, "--quarter", "-q", help=_("A quarter, I-IV or 1-4.")),
    half: OptStr = typer.Option(None, "--half", help=_("A half year: 1 (6 tháng đầu năm) or 2 (cuối năm)."),
                                metavar="1|2"),
    months: OptStr = typer.Option(None, "--months", help=_("Months from January: 9 (9 tháng); 3, 6 and 12 also."),
                                  metavar="N"),
    year: OptStr = typer.Option(None, "--year", metavar="YYYY",
                                help=_("The year reported on; alone, the annual report (default: this year within "
                                       "the plan period).")),
    as_of: OptStr = option(values.DATE, "--as-of",
                           help=_("Count as of this day of the period (default: its last day, or today while "
                                        "it runs).")),
    fmt: Optional[ReportFormat] = typer.Option(None, "--format", "-f", case_sensitive=False,
                                               help=_("docx, markdown or html (default: from -o, else markdown).")),
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", metavar=_("FILE"),
        help=_("File to write (replaced); without it markdown and html go to stdout.")),
    plan: OptStr = ONE_PLAN,
) -> None:
    """Draft the CCHC report on a quarter, 6 or 9 months or a year (in Vietnamese): Word, Markdown or HTML.

    Counted as of the period's last day from the recorded history: what was done, late, ongoing or
    dropped then, with evidence, notes and indicator values; signed and addressed as cchc config says."""
    from cchc import state
    from cchc.commands.common import store
    from cchc.commands.config import file_settings
    from cchc.domain.as_of import plan_as_of
    from cchc.domain.dates import parse_user_date
    from cchc.domain.filters import Filters
    from cchc.domain.periods import parse_quarter, parse_year
    from cchc.domain.report import build
    from cchc.domain.report_period import as_of_day, report_period
    from cchc.domain.summary import indicator_rows

    kind = output_kind(fmt, output)
    today = state.today()
    number, the_year = parse_quarter(quarter) if quarter else None, parse_year(year) if year else None
    given = parse_user_date(as_of, "--as-of") if as_of else None
    extra = file_settings()
    with store() as db:
        plan_id = db.read.one_plan_id(plan)
        info = db.read.plan(plan_id)
        period = report_period(quarter=number, half=half, months=months, year=the_year,
                               default_year=default_year(info, today), today=today)
        _check_in_plan(period.year, info)
        day = as_of_day(period, today, given)
        tasks = db.read.tasks(Filters(plan=str(plan_id)))
        progress = db.read.progress(plan_id)
        indicators = indicator_rows(db.read.indicators([plan_id], until=day))
        settings = {**info.signer, **extra, **db.read.settings(info.owner_id)}  # what the officer set comes first
    document = build(info, plan_as_of(tasks, progress, day), indicators, period, today, settings)
    write_document(document, kind, output, _("Wrote the report to {path}"))


def _check_in_plan(year: int, plan) -> None:
    from cchc.domain.errors import UserError

    if not plan.year_start <= year <= plan.year_end:
        span = str(plan.year_start) if plan.year_start == plan.year_end else f"{plan.year_start}-{plan.year_end}"
        raise UserError(_("plan {id} covers {span}; {year} is outside it").format(id=plan.id, span=span, year=year),
                        field="year")
