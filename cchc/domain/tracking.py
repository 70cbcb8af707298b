"""The rules of recording work (pure): what `done` closes, when a task is complete, on time or late.

Decisions where the issue was silent:
* Milestones are numbered 1, 2, … in plan order (position), as `task show` shows
  them; `--milestone N` takes that number.
* A task is done when all its dated milestones are done (all its milestones
  when none has a date). Completing part of a not-started task starts it.
* `done` without --milestone closes the open milestones due by the given day,
  else the next one due (a quarterly report done in March is Q1's, not the
  year's); undated ones close with the last dated one. `--all` closes every
  open milestone. Milestones already done keep their date.
* A done task set back to in_progress, and any task set to not_started, has
  its milestones reopened (done date and milestone evidence cleared; undo
  restores them); `start --milestone N` reopens milestone N only. Dropping
  keeps milestones as they are.
* A completion date after today is refused: it is a typo, not a record.
"""

from __future__ import annotations

import calendar
from datetime import date

from cchc.domain.errors import UserError
from cchc.i18n import _


def on_time(kind: str, due: date | None, done_on: date | None, period_end: date) -> bool | None:
    """True when done by its due date (undated: within the plan period); None while open."""
    if done_on is None:
        return None
    if due is None:
        return done_on <= period_end
    return done_on <= due


def milestones_due_by(milestones: list, on: date) -> list:
    """What `done` without --milestone closes on `on` (see the module docstring)."""
    still_open = [m for m in milestones if m.done_on is None]
    dated = sorted((m for m in still_open if m.due is not None), key=lambda m: m.due)
    chosen = [m for m in dated if m.due <= on] or dated[:1]
    if len(chosen) == len(dated):
        chosen += [m for m in still_open if m.due is None]
    return chosen


def task_complete(milestones: list) -> bool:
    """All dated milestones done (all milestones when none is dated)."""
    dated = [m for m in milestones if m.due is not None]
    return all(m.done_on is not None for m in (dated or milestones))


def reopens(old_status: str, new_status: str) -> bool:
    """Whether a status change reopens the task's done milestones."""
    return new_status == "not_started" or (new_status == "in_progress" and old_status == "done")


def check_done_date(on: date, today: date) -> date:
    from cchc.domain.dates import format_date

    if on > today:
        raise UserError(_("{on} is after today ({today}); a completion date cannot be in the future")
                        .format(on=format_date(on), today=format_date(today)), field="on")
    return on


def due_fits_kind(kind: str, due: date) -> bool:
    """Whether a due date is one a milestone of this kind can have (month ends, quarter ends…)."""
    last = calendar.monthrange(due.year, due.month)[1]
    if kind == "month":
        return due.day == last
    if kind in ("quarter", "window"):
        return due.month % 3 == 0 and due.day == last
    if kind == "half":
        return (due.month, due.day) in ((6, 30), (12, 31))
    if kind == "year":
        return (due.month, due.day) == (12, 31)
    return True
