"""`cchc export ics`: the plan's dated open milestones as an iCalendar file."""

from __future__ import annotations

from pathlib import Path

import typer

from cchc.commands.filters import AGENCY, AREA, PLAN, SEARCH, STATUS, OptStr
from cchc.i18n import _


def ics_cmd(
    output: Path = typer.Option(..., "--output", "-o", help=_("The .ics file to write (replaced if it exists)."), metavar="FILE"),
    plan: OptStr = PLAN, area: OptStr = AREA, agency: OptStr = AGENCY, status: OptStr = STATUS,
    search: OptStr = SEARCH,
) -> None:
    """Write one all-day event per dated open milestone; re-exporting updates the same events."""
    from cchc import db, state
    from cchc.domain.errors import UserError
    from cchc.queries import Filters
    from cchc.views import Query, milestone_rows

    today = state.today()
    with db.read() as conn:
        rows = milestone_rows(conn, Filters(plan=plan, area=area, agency=agency, status=status, search=search),
                              Query(), today)
        plans = {r["id"]: dict(r) for r in conn.execute("SELECT id, number, title, commune FROM plan")}
    data = calendar_bytes(rows, plans, today)
    try:
        output.write_bytes(data)
    except OSError as exc:
        raise UserError(_("{path}: cannot be written ({reason})").format(path=output, reason=exc.strerror)) from None
    print(_("Wrote {n} events to {path}").format(n=len(rows), path=output))


def calendar_bytes(rows: list[dict], plans: dict[int, dict], today) -> bytes:
    from datetime import datetime, time, timedelta, timezone

    from icalendar import Calendar, Event

    from cchc.views import shorten

    cal = Calendar()
    cal.add("prodid", "-//cchc//CCHC plan deadlines//VI")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _("CCHC deadlines"))
    # DTSTAMP from --today, not the clock: an unchanged plan exports to an identical file.
    stamp = datetime.combine(today, time(0, 0), tzinfo=timezone.utc)
    for row in rows:
        plan = plans.get(row["plan"], {})
        event = Event()
        event.add("uid", f"milestone-{row['milestone_id']}-plan-{row['plan']}@cchc")
        event.add("dtstamp", stamp)
        event.add("dtstart", row["due"])
        event.add("dtend", row["due"] + timedelta(days=1))
        event.add("summary", f"{row['ref']} {shorten(row['text'], 80)}" + (f" ({row['label']})" if row["label"] else ""))
        event.add("description", "\n".join(line for line in (
            row["text"],
            _("Milestone: {label}").format(label=row["label"]) if row["label"] else "",
            _("Lead agency: {name}").format(name=row["lead_agency"] or "-"),
            _("Plan: {plan} (id {id}), area {area}, ref {ref}").format(
                plan=" ".join(p for p in (plan.get("number"), plan.get("title")) if p), id=row["plan"],
                area=row["area"], ref=row["ref"]),
        ) if line))
        event.add("categories", [row["area"]])
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return cal.to_ical()
