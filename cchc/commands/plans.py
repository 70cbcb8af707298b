"""`cchc plan …`: the imported plans and which one is current."""

from __future__ import annotations

from typing import Optional

import typer

from cchc.commands.options import FORMAT
from cchc.domain.errors import NotFound
from cchc.i18n import _
from cchc.output import Col, Format, render, to_json

app = typer.Typer(help=_("Imported plans: list, show, choose the current one."), no_args_is_help=True)

_COLS = [Col("id", "ID", justify="right"), Col("current", ""), Col("commune", _("Commune")),
         Col("number", _("Number")), Col("period", _("Period")), Col("tasks", _("Tasks"), justify="right"),
         Col("title", _("Title"), wrap=True)]


def _plans(conn) -> list[dict]:
    from cchc.queries import current_plan_id

    current = current_plan_id(conn)
    rows = conn.execute(
        """SELECT p.id, p.title, p.commune, p.number, p.issuer, p.year_start, p.year_end, p.source_name,
                  p.imported_at, (SELECT count(*) FROM task t WHERE t.plan_id = p.id AND t.removed = 0) AS tasks
           FROM plan p ORDER BY p.id""").fetchall()
    return [{**dict(r), "current": "*" if r["id"] == current else "",
             "period": str(r["year_start"]) if r["year_start"] == r["year_end"] else f"{r['year_start']}-{r['year_end']}"}
            for r in rows]


@app.command("list")
def list_cmd(fmt: Format = FORMAT) -> None:
    """List imported plans (* marks the current one)."""
    from cchc import db

    with db.read() as conn:
        rows = _plans(conn)
    if fmt == Format.json:
        keys = ("id", "title", "commune", "number", "year_start", "year_end", "tasks")
        print(to_json([{k: r[k] for k in keys} | {"current": r["current"] == "*"} for r in rows]))
        return
    render(rows, _COLS, fmt, empty=_("No plan imported yet; run: cchc import FILE"))


@app.command("show")
def show_cmd(plan_id: Optional[int] = typer.Argument(None, help=_("Plan id (default: the current plan).")), fmt: Format = FORMAT) -> None:
    """Show a plan: its metadata and task counts per area."""
    from cchc import db
    from cchc.domain.vocabulary import AREAS
    from cchc.queries import plan_ids

    with db.read() as conn:
        pid = plan_ids(conn, None if plan_id is None else str(plan_id))[0]
        plan = next(r for r in _plans(conn) if r["id"] == pid)
        areas = conn.execute("""SELECT area_code, count(*) AS n, sum(status = 'done') AS done FROM task
                                WHERE plan_id = ? AND removed = 0 GROUP BY area_code""", (pid,)).fetchall()
    counts = {r["area_code"]: (r["n"], r["done"]) for r in areas}
    area_rows = [{"area": c, "name": n, "tasks": counts.get(c, (0, 0))[0], "done": counts.get(c, (0, 0))[1]}
                 for c, n in AREAS.items()]
    if fmt == Format.json:
        print(to_json({**plan, "areas": area_rows}))
        return
    from datetime import datetime

    from cchc.output import cell

    plan["imported_at"] = cell(datetime.fromisoformat(plan["imported_at"])) if plan["imported_at"] else ""
    for label, key in ((_("Plan"), "id"), (_("Title"), "title"), (_("Commune"), "commune"), (_("Number"), "number"),
                       (_("Issuer"), "issuer"), (_("Period"), "period"), (_("Source file"), "source_name"),
                       (_("Imported at"), "imported_at")):
        print(f"{label}: {plan[key]}")
    render(area_rows, [Col("area", _("Area")), Col("name", _("Name")), Col("tasks", _("Tasks"), justify="right"),
                       Col("done", _("Done"), justify="right")], fmt)


@app.command("use")
def use_cmd(plan_id: int = typer.Argument(..., help=_("Plan id."))) -> None:
    """Make a plan the current one (the default of every view)."""
    from cchc import db
    from cchc.models import Plan, Setting

    with db.write() as session:
        if session.get(Plan, plan_id) is None:
            raise NotFound(_("no plan with id {id} (see cchc plan list)").format(id=plan_id))
        session.merge(Setting(key="current_plan", value=str(plan_id)))
    print(_("Current plan: {id}").format(id=plan_id))
