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
