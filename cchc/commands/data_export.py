"""`cchc export json|csv|xlsx`: one plan's data; csv and xlsx in the columns `cchc import` reads."""

from __future__ import annotations

from pathlib import Path

import typer

from cchc.commands.filters import ONE_PLAN, OptStr
from cchc.i18n import _
from cchc.render.output import say

OUTPUT = typer.Option(..., "--output", "-o", help=_("The file to write (replaced if it exists)."), metavar=_("FILE"))


def _load(plan: str | None, with_indicators: bool = True):
    from cchc.commands.common import store
    from cchc.domain.export import indicator_rows, task_rows
    from cchc.domain.filters import Filters

    with store() as db:
        plan_id = db.read.one_plan_id(plan)
        info = db.read.plan(plan_id)
        tasks = task_rows(db.read.tasks(Filters(plan=str(plan_id))), db.read.budgets(plan_id),
                          db.read.evidence(plan_id=plan_id))
        indicators = indicator_rows(db.read.indicators([plan_id])) if with_indicators else []
    return info, tasks, indicators


def _done(output: Path, tasks: list) -> None:
    say(_("Wrote {n} tasks to {path}").format(n=len(tasks), path=output))


def json_cmd(output: Path = OUTPUT, plan: OptStr = ONE_PLAN) -> None:
    """Tasks with milestones, statuses, evidence, and the indicators with their values, as JSON."""
    from cchc.domain.export import json_data
    from cchc.files import write_file
    from cchc.render.output import to_json

    info, tasks, indicators = _load(plan)
    write_file(output, (to_json(json_data(info, tasks, indicators)) + "\n").encode("utf-8"))
    _done(output, tasks)


def csv_cmd(output: Path = OUTPUT, plan: OptStr = ONE_PLAN,
            delimiter: str = typer.Option(",", "--delimiter", metavar="CHAR",
                                          help=_("',' or ';' (Excel in Vietnamese uses ';')."))) -> None:
    """Tasks in the columns of `cchc template` (re-importable); formula-like cells made harmless."""
    from cchc.files import write_file
    from cchc.domain.errors import UserError
    from cchc.render.sheets import to_csv

    if delimiter not in (",", ";"):
        raise UserError(_("--delimiter: '{value}' is not ',' or ';'").format(value=delimiter))
    info, tasks, _indicators = _load(plan, with_indicators=False)
    write_file(output, to_csv(info, tasks, delimiter))
    _done(output, tasks)


def xlsx_cmd(output: Path = OUTPUT, plan: OptStr = ONE_PLAN) -> None:
    """Tasks in the columns of `cchc template` (re-importable), and a Chỉ tiêu sheet of indicator values."""
    from cchc.files import write_file
    from cchc.render.sheets import to_xlsx

    info, tasks, indicators = _load(plan)
    write_file(output, to_xlsx(info, tasks, indicators))
    _done(output, tasks)
