"""`cchc agency list|merge`: one agency however each plan spells it."""

from __future__ import annotations

import typer

from cchc.commands.options import FORMAT
from cchc.domain.errors import NotFound, UserError
from cchc.i18n import _
from cchc.output import Col, Format, render

app = typer.Typer(help=_("Agencies: list them with their spellings, merge duplicates."), no_args_is_help=True)


@app.command("list")
def list_cmd(fmt: Format = FORMAT) -> None:
    """List agencies, every spelling seen, and how many tasks each leads."""
    from cchc import db

    with db.read() as conn:
        rows = [dict(r) for r in conn.execute(
            """SELECT a.id, a.name, a.is_group,
                      (SELECT count(*) FROM task t WHERE t.lead_agency_id = a.id AND t.removed = 0) AS tasks_led
               FROM agency a ORDER BY tasks_led DESC, a.name""")]
        aliases: dict[int, list[str]] = {}
        for agency_id, alias in conn.execute("SELECT agency_id, alias FROM agency_alias ORDER BY id"):
            aliases.setdefault(agency_id, []).append(alias)
    for row in rows:
        row["is_group"] = bool(row["is_group"])
        row["aliases"] = aliases.get(row["id"], [])
    render(rows, [Col("id", "ID", justify="right"), Col("name", _("Agency")), Col("tasks_led", _("Tasks led"), justify="right"),
                  Col("aliases", _("Spellings"), wrap=True)], fmt, empty=_("No agency yet."))


def _find(session, name: str):
    from sqlmodel import select

    from cchc.models import Agency, AgencyAlias
    from cchc.domain.text import fold

    exact = [a for a in session.exec(select(Agency)) if fold(a.name) == fold(name)]
    exact += [session.get(Agency, al.agency_id) for al in session.exec(select(AgencyAlias)) if fold(al.alias) == fold(name)]
    if not exact and name.strip().isdigit():
        exact = [a for a in [session.get(Agency, int(name))] if a]
    ids = {a.id for a in exact}
    if len(ids) == 1:
        return exact[0]
    if not ids:
        raise NotFound(_("no agency named '{name}' (see cchc agency list)").format(name=name))
    raise UserError(_("'{name}' names several agencies; use the id from cchc agency list").format(name=name))


@app.command("merge")
def merge_cmd(name: str = typer.Argument(..., help=_("Agency to merge away (name, spelling or id).")),
              into: str = typer.Argument(..., help=_("Agency to keep (name, spelling or id)."))) -> None:
    """Merge one agency into another: its tasks and spellings move over."""
    from sqlmodel import select

    from cchc import db
    from cchc.history import Recorder
    from cchc.models import AgencyAlias, Task, TaskCooperation

    with db.write() as session:
        source, target = _find(session, name), _find(session, into)
        if source.id == target.id:
            raise UserError(_("'{a}' and '{b}' are already one agency").format(a=name, b=into))
        rec = Recorder(session, f"agency merge {name} {into}")
        for task in session.exec(select(Task).where(Task.lead_agency_id == source.id)):
            rec.changed("task", task.id, task.id, "lead_agency_id", source.id, target.id)
            task.lead_agency_id = target.id
            session.add(task)
        target_tasks = {c.task_id for c in session.exec(select(TaskCooperation).where(TaskCooperation.agency_id == target.id))}
        for link in session.exec(select(TaskCooperation).where(TaskCooperation.agency_id == source.id)):
            session.delete(link)
            if link.task_id not in target_tasks:
                session.add(TaskCooperation(task_id=link.task_id, agency_id=target.id, position=link.position))
        for alias in session.exec(select(AgencyAlias).where(AgencyAlias.agency_id == source.id)):
            alias.agency_id = target.id
            session.add(alias)
        session.flush()
        session.delete(source)
        merged = (source.name, target.name)
    print(_("Merged '{a}' into '{b}'.").format(a=merged[0], b=merged[1]))
