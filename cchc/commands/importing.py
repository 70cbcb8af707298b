"""`cchc import FILE…`: plan documents become tasks, milestones and agencies."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import List, Optional

import typer

from cchc.commands.options import FORMAT
from cchc.domain.errors import UserError
from cchc.domain.vocabulary import AREAS
from cchc.i18n import _
from cchc.render.output import Col, Format, render, say, to_json


def import_cmd(
    files: List[Path] = typer.Argument(..., help=_("Plan files (.txt, .md, .docx, .xlsx, .csv, .pdf)."), metavar=_("FILE...")),
    dry_run: bool = typer.Option(False, "--dry-run", help=_("Show what would be imported; write nothing.")),
    year: Optional[str] = typer.Option(None, "--year", help=_("Plan year or period (2026 or 2026-2030), if the document is wrong."), metavar=_("YEAR")),
    commune: Optional[str] = typer.Option(None, "--commune", metavar=_("NAME"), help=_("Commune name, if the document does not say.")),
    title: Optional[str] = typer.Option(None, "--title", metavar=_("TEXT"), help=_("Plan title, if the document does not say.")),
    fmt: Format = FORMAT,
) -> None:
    """Import plan documents: tasks per area, lead agencies and dated milestones (several files: all or none)."""
    from cchc.importers.service import Overrides, import_files

    overrides = Overrides.parse(year=year, commune=commune, title=title)
    progress = _progress(len(files), fmt)
    try:
        reports = import_files(files, overrides, dry_run=dry_run,
                               progress=(lambda path: progress.advance(progress.task_ids[0])) if progress else None)
    except UserError as exc:
        if len(files) > 1:
            raise UserError(exc.format_message() + "; " + _("none of the {n} files was imported").format(n=len(files)))
        raise
    finally:
        if progress:
            progress.stop()
    if fmt == Format.json:
        print(to_json([r.as_json() for r in reports]))
        return
    for report in reports:
        _show(report, fmt, dry_run)


def _progress(count: int, fmt: Format):
    from cchc.render.output import is_terminal

    if count < 2 or fmt != Format.table or not is_terminal():
        return None
    from rich.progress import Progress

    progress = Progress(transient=True)
    progress.add_task("import", total=count)
    progress.start()
    return progress


def _show(report, fmt: Format, dry_run: bool) -> None:
    for notice in report.notices:
        print(_("Note: {file}: {notice}").format(file=report.file, notice=notice))
    head = _("Dry run, nothing written: ") if dry_run else ""
    if report.status == "unchanged":
        say(head + _("{file}: already imported as plan {id}; nothing changed.").format(file=report.file, id=report.plan_id))
        return
    verb = {"new": _("imported as plan {id}"), "updated": _("updated plan {id}")}[report.status]
    say(head + f"{report.file}: " + verb.format(id=report.plan_id) + f" — {report.commune} ({report.period})")
    counts = Counter(report.area_tasks)
    milestones = Counter(report.area_milestones)
    rows = [{"area": code, "name": AREAS[code], "tasks": counts[code], "milestones": milestones[code]}
            for code in AREAS if counts[code]]
    rows.append({"area": _("total"), "name": "", "tasks": sum(counts.values()), "milestones": sum(milestones.values())})
    render(rows, [Col("area", _("Area")), Col("name", _("Name")), Col("tasks", _("Tasks"), justify="right"),
                  Col("milestones", _("Milestones"), justify="right")], fmt)
    if report.status == "updated":
        for line in report.diff_lines():
            say(line)
    if report.indicators:
        say(_("Indicators (targets) found: {n} — see cchc indicator list").format(n=report.indicators))
    if report.review:
        print()
        say(_("Needs review ({n}):").format(n=len(report.review)))
        render(report.review, [Col("line", _("Line"), justify="right"), Col("task_id", "ID", justify="right"),
                               Col("area", _("Area")), Col("ref", _("Ref")),
                               Col("text", _("Text"), wrap=True), Col("reason", _("Why"), wrap=True)], fmt)
