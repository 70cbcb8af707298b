"""`cchc export ics`: the plan's dated open milestones as an iCalendar file."""

from __future__ import annotations

from pathlib import Path

import typer

from cchc.commands.filters import AGENCY, AREA, PLAN, SEARCH, STATUS, OptStr
from cchc.i18n import _
from cchc.render.output import say


def ics_cmd(
    output: Path = typer.Option(..., "--output", "-o", help=_("The .ics file to write (replaced if it exists)."), metavar=_("FILE")),
    plan: OptStr = PLAN, area: OptStr = AREA, agency: OptStr = AGENCY, status: OptStr = STATUS,
    search: OptStr = SEARCH,
) -> None:
    """Write one all-day event per dated open milestone; re-exporting updates the same events."""
    from cchc import state
    from cchc.commands.common import store
    from cchc.domain.deadline_views import as_of
    from cchc.domain.filters import Filters, Query
    from cchc.render.calendar import calendar_bytes
    from cchc.files import write_file

    today = state.today()
    with store() as db:
        rows = as_of(db.read.due_items(Filters(plan=plan, area=area, agency=agency, status=status, search=search),
                                       Query()), today)
        plans = {p.id: p for p in db.read.plans()}
    write_file(output, calendar_bytes(rows, plans, today))
    say(_("Wrote {n} events to {path}").format(n=len(rows), path=output))
