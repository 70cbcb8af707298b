"""The meeting summary as one printable page (pure): report blocks for `summary --format docx|html`.

The same numbers as `cchc summary` (cchc.domain.summary.summary's data), in
the interface's language; long lists are cut to what fits one page, saying
how many were left out.
"""

from __future__ import annotations

from cchc.domain.dates import format_date
from cchc.domain.report_blocks import Block, Heading, Para, Report, Table, Title
from cchc.i18n import _

PAGE_CM = 16.0
MOST = {"agencies": 4, "indicators": 4, "upcoming": 4, "needs_review": 3}


def _widths(count: int) -> list[float]:
    """A number column, a text column taking what is left, and `count - 2` columns of 1.5 cm."""
    rest = 1.5 * (count - 2)
    return [0.8, PAGE_CM - 0.8 - rest] + [1.5] * (count - 2)


def _short(text: str, limit: int = 90) -> str:
    words = " ".join(text.split())
    return words if len(words) <= limit else words[:limit].rsplit(" ", 1)[0] + " …"


def _pct(value) -> str:
    return "" if value is None else f"{value:g}%"


def _left_out(rows: list, key: str) -> list[Block]:
    more = len(rows) - MOST[key]
    return [Para(_("… and {n} more (see cchc summary).").format(n=more), italic=True)] if more > 0 else []


def _areas(data: dict) -> Table:
    header = ["#", _("Area"), _("Total"), _("On time"), _("Late"), _("In progress"), _("Not started"), _("Overdue"),
              _("Done (%)")]
    keys = ("total", "done_on_time", "done_late", "in_progress", "not_started", "overdue")
    rows = [[str(i), a["name"], *(str(a[k]) for k in keys), _pct(a["pct_done"])] for i, a in enumerate(data["areas"], 1)]
    rows.append(["", _("all"), *(str(data["totals"][k]) for k in keys), _pct(data["totals"]["pct_done"])])
    return Table(header, rows, total_row=True, widths=_widths(len(header)))


def _agencies(data: dict) -> list[Block]:
    rows = [[str(i), a["agency"] or _("(no lead agency)"), str(a["open"]), str(a["overdue"]), str(a["done_late"]),
             str(a["total"])] for i, a in enumerate(data["agencies"][:MOST["agencies"]], 1)]
    header = ["#", _("Lead agency"), _("Open"), _("Overdue"), _("Done late"), _("Total")]
    return [Table(header, rows, widths=_widths(len(header)))] + _left_out(data["agencies"], "agencies")


def _indicators(data: dict) -> list[Block]:
    """Those under target first, then those without a value, then those met."""
    from cchc.domain.indicators import show_number

    words = {True: _("met"), False: _("not met"), None: ""}
    chosen = sorted(data["indicators"], key=lambda i: {False: 0, None: 1, True: 2}[i["met"] if i["latest"] is not None
                                                                                   else None])
    rows = [[str(i), _short(ind["name"], 60), ind["target_text"],
             "" if ind["latest"] is None else show_number(ind["latest"]) + ("%" if ind["unit"] == "%" else ""),
             words[ind["met"]] if ind["latest"] is not None else _("no value yet")]
            for i, ind in enumerate(chosen[:MOST["indicators"]], 1)]
    header = ["#", _("Indicator"), _("Target"), _("Latest"), _("Met")]
    table = Table(header, rows, widths=[0.8, 8.8, 2.0, 2.0, 2.4])
    return ([table] if rows else [Para(_("(none)"))]) + _left_out(data["indicators"], "indicators")


def _upcoming(data: dict) -> list[Block]:
    items = data["upcoming"]
    rows = [[str(i), _short(r.text, 70), format_date(r.due), r.lead_agency or ""]
            for i, r in enumerate(items[:MOST["upcoming"]], 1)]
    header = ["#", _("Task"), _("Due"), _("Lead")]
    table = Table(header, rows, widths=[0.8, 9.6, 2.3, 3.3])
    return ([table] if rows else [Para(_("(none)"))]) + _left_out(items, "upcoming")


def _review(data: dict) -> list[Block]:
    items = data["needs_review"]
    rows = [[str(i), _short(r["text"], 60), _short(r["reason"], 40)]
            for i, r in enumerate(items[:MOST["needs_review"]], 1)]
    table = Table(["#", _("Task"), _("Why")], rows, widths=[0.8, 9.2, 6.0])
    return ([table] if rows else [Para(_("(none)"))]) + _left_out(items, "needs_review")


def sheet(data: dict) -> Report:
    plan = data["plan"]
    head = " — ".join(p for p in (plan["title"] or _("Plan {id}").format(id=plan["id"]), plan["commune"]) if p)
    when = _("as of {date}").format(date=format_date(data["as_of"]))
    if data["quarter"]:
        when += " — " + _("tasks due {start} – {end}").format(start=format_date(data["quarter"]["start"]),
                                                              end=format_date(data["quarter"]["end"]))
    blocks: list[Block] = [Title([_("CCHC progress summary"), head]), Para(when, italic=True),
                           Heading(_("Areas")), _areas(data),
                           Heading(_("Lead agencies, most behind first")), *_agencies(data),
                           Heading(_("Indicators")), *_indicators(data),
                           Heading(_("Due in the next 14 days")), *_upcoming(data),
                           Heading(_("Needs review")), *_review(data)]
    from cchc.i18n import LANGUAGE

    return Report(f"{_('CCHC progress summary')} — {head}", blocks, page_numbers=False, language=LANGUAGE,
                  compact=True)
