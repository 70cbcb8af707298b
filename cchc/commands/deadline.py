"""`cchc deadline TEXT`: how cchc reads a deadline phrase."""

from __future__ import annotations

from typing import Optional

import typer

from cchc.commands.options import FORMAT
from cchc.commands import values
from cchc.commands.params import argument
from cchc.i18n import _
from cchc.render.output import Col, Format, render, to_json


def parse_period(text: str | None):
    """'2026' or '2026-2030' (None: the year of --today)."""
    from cchc import state
    from cchc.domain.dates import parse_years

    if not text:
        return state.today().year
    start, end = parse_years(text, "--period")
    return start if start == end else (start, end)


def deadline_cmd(
    text: str = argument(values.TEXT, help=_("The deadline phrase, as the plan writes it (it may begin with \"- \").")),
    period: Optional[str] = typer.Option(None, "--period", help=_("Plan year or period: 2026 or 2026-2030 (default: the year of --today)."), metavar=_("YEAR")),
    fmt: Format = FORMAT,
) -> None:
    """Show how a deadline phrase is read: milestones, kinds and due dates."""
    from cchc.domain.deadlines import parse_deadline

    years = parse_period(period)
    milestones = parse_deadline(text, years)
    rows = [{"label": m.label, "kind": m.kind, "due": m.due, "start": m.start, "end": m.end,
             "needs_review": m.needs_review, "note": m.note} for m in milestones]
    if fmt == Format.json:
        shown = str(years) if isinstance(years, int) else f"{years[0]}-{years[1]}"
        print(to_json({"text": text, "period": shown, "milestones": rows}))
        return
    from cchc.domain.vocabulary import kind_label

    shown = [{**r, "kind": kind_label(r["kind"])} for r in rows]
    render(shown, [Col("label", _("Label")), Col("kind", _("Kind")), Col("due", _("Due")),
                  Col("needs_review", _("Review")), Col("note", _("Note"), wrap=True)], fmt)

