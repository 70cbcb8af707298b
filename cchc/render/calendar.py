"""The plan's dated milestones as an iCalendar file (bytes)."""

from __future__ import annotations

from cchc.i18n import _


def calendar_bytes(rows: list, plans: dict[int, object], today) -> bytes:
    """One all-day event per milestone (DueItem) with a due date; plans by id (Plan records)."""
    from datetime import date, datetime, time, timedelta, timezone

    from icalendar import Calendar, Event

    from cchc.domain.deadline_views import shorten

    cal = Calendar()
    cal.add("prodid", "-//cchc//CCHC plan deadlines//VI")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _("CCHC deadlines"))
    # DTSTAMP from --today, not the clock: an unchanged plan exports to an identical file.
    stamp = datetime.combine(today, time(0, 0), tzinfo=timezone.utc)
    for row in rows:
        plan = plans.get(row.plan)
        event = Event()
        event.add("uid", f"milestone-{row.milestone_id}-plan-{row.plan}@cchc")
        event.add("dtstamp", stamp)
        event.add("dtstart", row.due)
        if row.due < date.max:  # a date an older cchc stored: an event of one day needs no end
            event.add("dtend", row.due + timedelta(days=1))
        event.add("summary", f"{row.ref} {shorten(row.text, 80)}" + (f" ({row.label})" if row.label else ""))
        event.add("description", "\n".join(line for line in (
            row.text,
            _("Milestone: {label}").format(label=row.label) if row.label else "",
            _("Lead agency: {name}").format(name=row.lead_agency or "-"),
            _("Plan: {plan} (id {id}), area {area}, ref {ref}").format(
                plan=" ".join(p for p in (plan and plan.number, plan and plan.title) if p), id=row.plan,
                area=row.area, ref=row.ref),
        ) if line))
        event.add("categories", [row.area])
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return cal.to_ical()
