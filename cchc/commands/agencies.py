"""`cchc agency list|merge`: one agency however each plan spells it."""

from __future__ import annotations

import typer

from cchc.commands.options import FORMAT
from cchc.domain.errors import UserError
from cchc.i18n import _
from cchc.render.output import Col, Format, render, say

app = typer.Typer(help=_("Agencies: list them with their spellings, merge duplicates."), no_args_is_help=True)


@app.command("list")
def list_cmd(fmt: Format = FORMAT) -> None:
    """List agencies, every spelling seen, and how many tasks each leads."""
    from cchc.commands.common import store

    with store() as db:
        rows = db.read.agencies()
    # a province's file holds each commune's own agencies, often of the same names: say whose each is
    communes = [Col("commune", _("Commune"))] if len({a.owner_id for a in rows}) > 1 else []
    render(rows, communes + [Col("id", "ID", justify="right"), Col("name", _("Agency")),
                             Col("tasks_led", _("Tasks led"), justify="right"), Col("aliases", _("Spellings"), wrap=True)],
           fmt, empty=_("No agency yet."))


@app.command("merge")
def merge_cmd(name: str = typer.Argument(..., help=_("Agency to merge away (name, spelling or id).")),
              into: str = typer.Argument(..., help=_("Agency to keep (name, spelling or id)."))) -> None:
    """Merge one agency into another of the same commune: its tasks and spellings move over (undo reverts it)."""
    from cchc.commands.common import store
    from cchc.store.agencies import merge

    with store() as db:
        current = db.read.current_plan_id()
        owner = db.read.plan_owner(current) if current else None  # names are looked up in your plan's commune
        source, target = db.read.find_agency(name, owner), db.read.find_agency(into, owner)
        if source.id == target.id:
            raise UserError(_("'{a}' and '{b}' are already one agency").format(a=name, b=into))
        db.write(f"agency merge {name} {into}", lambda tx: merge(tx, tx.read.find_agency(name, owner),
                                                                 tx.read.find_agency(into, owner)))
    say(_("Merged '{a}' into '{b}'.").format(a=source.name, b=target.name))
