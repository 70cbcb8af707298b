"""Task statuses and whether a milestone was met on time (pure)."""

from __future__ import annotations

from datetime import date

from cchc.errors import UserError
from cchc.i18n import _
from cchc.text import fold

STATUSES = ("not_started", "in_progress", "done", "dropped")

# What officers type, folded: English codes and Vietnamese names.
_NAMES = {
    "not_started": "not_started", "not started": "not_started", "chua thuc hien": "not_started",
    "chua bat dau": "not_started", "chua": "not_started",
    "in_progress": "in_progress", "in progress": "in_progress", "started": "in_progress",
    "dang thuc hien": "in_progress", "dang lam": "in_progress",
    "done": "done", "hoan thanh": "done", "da hoan thanh": "done", "xong": "done",
    "dropped": "dropped", "khong thuc hien": "dropped", "huy": "dropped", "bo": "dropped",
}


def status_label(code: str | None) -> str:
    """A status as the officer reads it in tables: Vietnamese names in vi, the codes in English.

    English shows the codes because they are what an English user types back
    (--status in_progress); JSON keeps the codes whatever the language.
    """
    labels = {"not_started": _("not_started"), "in_progress": _("in_progress"), "done": _("done"),
              "dropped": _("dropped")}
    return labels.get(code, code or "")


def kind_label(kind: str | None) -> str:
    """A milestone kind (date, quarter, ongoing…) for tables; codes in English, as JSON has them."""
    labels = {"date": _("date"), "yearly": _("yearly"), "month": _("month"), "quarter": _("quarter"),
              "window": _("window"), "half": _("half"), "year": _("year"), "ongoing": _("ongoing"),
              "recurring": _("recurring"), "event": _("event"), "unspecified": _("unspecified")}
    return labels.get(kind, kind or "")


def level_label(level: str | None) -> str:
    labels = {"objective": _("objective"), "task": _("task"), "activity": _("activity")}
    return labels.get(level, level or "")


def parse_status(text: str) -> str:
    status = _NAMES.get(fold(text).replace("-", " ").strip())
    if status is None:
        raise UserError(_("unknown status '{text}' (use one of: {codes}, or chưa thực hiện, đang thực hiện, "
                          "hoàn thành, không thực hiện)").format(text=text, codes=", ".join(STATUSES)))
    return status


def on_time(kind: str, due: date | None, done_on: date | None, period_end: date) -> bool | None:
    """True when done by its due date (undated: within the plan period); None while open."""
    if done_on is None:
        return None
    if due is None:
        return done_on <= period_end
    return done_on <= due
