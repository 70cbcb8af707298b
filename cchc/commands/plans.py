"""`cchc plan …`: the imported plans and which one is current."""

from __future__ import annotations

from typing import Optional

import typer

from cchc.commands import values
from cchc.commands.options import FORMAT
from cchc.commands.params import argument
from cchc.domain.errors import NotFound
from cchc.i18n import _
from cchc.render.safe import one_line
from cchc.render.output import Col, Format, render, say, to_json

app = typer.Typer(help=_("Imported plans: list, show, choose the current one."), no_args_is_help=True)

_COLS = [Col("id", "ID", justify="right"), Col("current", ""), Col("commune", _("Commune")),
         Col("number", _("Number")), Col("period", _("Period")), Col("tasks", _("Tasks"), justify="right"),
         Col("title", _("Title"), wrap=True)]


def _plans(db) -> list[dict]:
    from cchc.domain.records import to_data

    current = db.read.current_plan_id()
    return [{**to_data(p), "current": "*" if p.id == current else "",
             "period": str(p.year_start) if p.year_start == p.year_end else f"{p.year_start}-{p.year_end}"}
            for p in db.read.plans()]


@app.command("list")
def list_cmd(fmt: Format = FORMAT) -> None:
    """List imported plans (* marks your current one)."""
    from cchc.commands.common import store

    with store() as db:
        rows = _plans(db)
    if fmt == Format.json:
        keys = ("id", "title", "commune", "number", "year_start", "year_end", "tasks", "owner_id")
        print(to_json([{k: r[k] for k in keys} | {"current": r["current"] == "*"} for r in rows]))
        return
    render(rows, _COLS, fmt, empty=_("No plan imported yet; run: cchc import FILE"))


@app.command("show")
def show_cmd(plan_id: Optional[int] = argument(values.PLAN_NUMBER, default=None, help=_("Plan id (default: the current plan).")),
             fmt: Format = FORMAT) -> None:
    """Show a plan: its metadata and task counts per area."""
    from cchc.commands.common import store
    from cchc.domain.vocabulary import AREAS

    with store() as db:
        pid = db.read.plan_ids(None if plan_id is None else str(plan_id))[0]
        plan = next(r for r in _plans(db) if r["id"] == pid)
        counts = db.read.area_counts(pid)
    area_rows = [{"area": c, "name": n, "tasks": counts.get(c, (0, 0))[0], "done": counts.get(c, (0, 0))[1]}
                 for c, n in AREAS.items()]
    if fmt == Format.json:
        print(to_json({**plan, "areas": area_rows}))
        return
    from cchc.render.output import cell

    plan["imported_at"] = cell(plan["imported_at"])
    for label, key in ((_("Plan"), "id"), (_("Title"), "title"), (_("Commune"), "commune"), (_("Number"), "number"),
                       (_("Issuer"), "issuer"), (_("Period"), "period"), (_("Source file"), "source_name"),
                       (_("Imported at"), "imported_at")):
        say(f"{label}: {one_line(plan[key])}")
    render(area_rows, [Col("area", _("Area")), Col("name", _("Name")), Col("tasks", _("Tasks"), justify="right"),
                       Col("done", _("Done"), justify="right")], fmt)


@app.command("use")
def use_cmd(plan_id: int = argument(values.PLAN_NUMBER, help=_("Plan id."))) -> None:
    """Make a plan your current one (the default of every view; each user has their own)."""
    from cchc.commands.common import store
    from cchc.store.plans import use_plan

    if not 0 < plan_id < 2 ** 63:
        raise NotFound(_("no plan with id {id} (see cchc plan list)").format(id=plan_id))
    with store() as db:
        db.write(f"plan use {plan_id}", lambda tx: use_plan(tx, plan_id))
    say(_("Current plan: {id}").format(id=plan_id))
