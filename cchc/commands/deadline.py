"""`cchc deadline TEXT`: how cchc reads a deadline phrase."""

from __future__ import annotations

import os
from typing import Optional

import typer
from typer.core import TyperCommand

from cchc.commands.options import FORMAT
from cchc.i18n import _
from cchc.render.output import Col, Format, render, to_json

_MARK = "\x00"  # never in a real argument: argv strings cannot hold NUL


def _is_text(arg: str) -> bool:
    """'- Quý I/2026', '-• Báo cáo': a dash and then what no option name has (a space, a non-ASCII letter)."""
    return len(arg) > 1 and arg[0] == "-" and not (arg[1].isascii() and (arg[1].isalnum() or arg[1] == "-"))


def _unmark(value):
    if isinstance(value, str):
        return value[1:] if value.startswith(_MARK) else value
    if isinstance(value, (list, tuple)):
        return type(value)(_unmark(v) for v in value)
    if isinstance(value, os.PathLike):
        return type(value)(_unmark(os.fspath(value)))
    return value


class FreeTextCommand(TyperCommand):
    """A command whose text arguments may begin with a list dash: `cchc deadline "- Quý I/2026"`.

    Click takes every argument that begins with "-" for an option, and stops
    at "No such option". An argument that begins with "-" followed by a space
    or any character an option name cannot have is text: it is hidden from the
    option parser behind a NUL and handed back, unmarked, to the parameters
    (and to error messages). Options, "--" and a lone "-" work as before.
    Use it with `app.command(cls=FreeTextCommand)` on any command that takes
    text copied from a plan.
    """

    def parse_args(self, ctx, args: list[str]) -> list[str]:
        try:
            rest = super().parse_args(ctx, [_MARK + a if _is_text(a) else a for a in args])
        except Exception as exc:  # click's UsageError and kin quote the argument, escaped
            if isinstance(getattr(exc, "message", None), str):
                exc.message = exc.message.replace("\\x00", "").replace(_MARK, "")
            raise
        ctx.params = {name: _unmark(value) for name, value in ctx.params.items()}
        ctx.args = _unmark(list(rest))
        return ctx.args


def parse_period(text: str | None):
    """'2026' or '2026-2030' (None: the year of --today)."""
    from cchc import state
    from cchc.domain.dates import parse_years

    if not text:
        return state.today().year
    start, end = parse_years(text, "--period")
    return start if start == end else (start, end)


def deadline_cmd(
    text: str = typer.Argument(..., help=_("The deadline phrase, as the plan writes it (it may begin with \"- \")."), metavar="TEXT"),
    period: Optional[str] = typer.Option(None, "--period", help=_("Plan year or period: 2026 or 2026-2030 (default: the year of --today)."), metavar="YEAR"),
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


deadline_cmd.command_class = FreeTextCommand  # cchc.cli registers the command with it
