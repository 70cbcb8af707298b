"""Where each task goes in a report and what its line says, as of the report's day (pure).

Each counted task (cchc.domain.summary.counted) goes to exactly one section of
its area, the first that fits:
* dropped by the day: không thực hiện, with the reason;
* done by the day: hoàn thành trong kỳ when finished in the period (on time or
  late, with its evidence), else đã hoàn thành từ kỳ trước;
* open with a milestone due by the period's end and not done: đến hạn chưa
  hoàn thành (how late on the day, the lead agency); earlier periods' late
  milestones included;
* open with a milestone done in the period (a quarter's report of a recurring
  task): hoàn thành trong kỳ, for that part;
* open and ongoing (thường xuyên): with what was recorded for it in the period;
* open with its next milestone after the period: chưa đến hạn;
* open with no date (an event not yet dated, no deadline): chưa xác định thời hạn.
Notes are shown under their task when recorded in the period; tagged notes
(strengths, shortcomings…) go to the assessment instead (cchc.domain.report).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cchc.domain.as_of import TaskAsOf
from cchc.domain.dates import format_date
from cchc.domain.periods import Range
from cchc.domain.vocabulary import OPEN_STATUSES

SECTIONS: dict[str, str] = {
    "done": "Nhiệm vụ hoàn thành trong kỳ",
    "due": "Nhiệm vụ đến hạn chưa hoàn thành",
    "ongoing": "Nhiệm vụ thường xuyên",
    "not_due": "Nhiệm vụ chưa đến hạn",
    "undated": "Nhiệm vụ chưa xác định thời hạn",
    "done_before": "Nhiệm vụ đã hoàn thành từ kỳ trước",
    "dropped": "Nhiệm vụ không thực hiện",
}
LETTERS = ("a", "b", "c", "d", "đ", "e", "g", "h")


@dataclass(frozen=True)
class Window:
    span: Range  # the period reported on
    day: date  # the day it is reported as of (its last day, or earlier)

    def recorded_in(self, day: date) -> bool:
        return self.span.start <= day <= self.day


def clean(text: str) -> str:
    """Plan text as one sentence: spaces joined, a leading list dash and the final stop dropped."""
    return " ".join(text.split()).lstrip("-+•* ").rstrip(" .;")


def section(t: TaskAsOf, w: Window) -> str:
    """The section code of SECTIONS the task goes to (see the module notes)."""
    task = t.task
    if task.status == "dropped":
        return "dropped"
    if task.status == "done":
        return "done_before" if t.completed_on and t.completed_on < w.span.start else "done"
    if open_due(t, w.span.end):
        return "due"
    if done_in(t, w.span):
        return "done"
    if any(m.kind == "ongoing" for m in task.milestones):
        return "ongoing"
    if any(m.due and m.done_on is None for m in task.milestones):
        return "not_due"
    return "undated"


def open_due(t: TaskAsOf, until: date, start: date | None = None) -> list:
    """The task's milestones not done by the day and due by `until` (from `start`), when it is open."""
    if t.task.status not in OPEN_STATUSES:
        return []
    return [m for m in t.task.milestones if m.done_on is None and m.due is not None and m.due <= until
            and (start is None or m.due >= start)]


def done_in(t: TaskAsOf, span: Range) -> list:
    return [m for m in t.task.milestones if m.done_on and m.done_on in span]


# -- lines ----------------------------------------------------------------------


def _on_time(m) -> str:
    if m.on_time is False and m.due:
        return f"trễ hạn {(m.done_on - m.due).days} ngày"
    return "đúng hạn"


def _completion(t: TaskAsOf, w: Window) -> str:
    task = t.task
    if task.status != "done":
        parts = [f"{clean(m.label) or 'phần việc'} ngày {format_date(m.done_on)} ({_on_time(m)})"
                 for m in done_in(t, w.span)]
        return "Đã hoàn thành: " + "; ".join(parts)
    when = f" ngày {format_date(t.completed_on)}" if t.completed_on else ""
    late = [m for m in task.milestones if m.on_time is False]
    verdict = _on_time(max(late, key=lambda m: (m.done_on - m.due).days)) if late else "đúng hạn"
    return f"Hoàn thành{when}, {verdict}"


def _evidence(t: TaskAsOf, w: Window, in_period_only: bool) -> str:
    texts = [e.text for e in t.evidence if not in_period_only or w.recorded_in(e.day)]
    return "Tài liệu kiểm chứng: " + ("; ".join(clean(x) for x in texts) if texts else "chưa cập nhật")


def _notes(t: TaskAsOf, w: Window) -> str:
    texts = [clean(n.text) for n in t.notes if not n.kind and w.recorded_in(n.created_at.date())
             and clean(n.text) != clean(t.drop_reason)]
    return ("Ghi nhận trong kỳ: " + "; ".join(texts)) if texts else ""


def _lead(t: TaskAsOf) -> str:
    return f"Cơ quan chủ trì: {t.task.lead_agency or 'chưa xác định'}"


def due_parts(miles: list, day: date) -> str:
    """'Kế hoạch kiểm tra: hạn 31/03/2026, quá hạn 15 ngày; …' as of the day."""
    parts = []
    for m in miles:
        late = (day - m.due).days
        when = f"hạn {format_date(m.due)}" + (f", quá hạn {late} ngày" if late > 0 else "")
        parts.append(f"{clean(m.label)}: {when}" if m.label else when)
    return "; ".join(parts)


def _sentences(*parts: str) -> str:
    return " ".join(p.rstrip(" .") + "." for p in parts if p)


def line(t: TaskAsOf, code: str, w: Window) -> str:
    """What the report says of a task in its section."""
    text = clean(t.task.text)
    if code == "done":
        return _sentences(text, _completion(t, w), _evidence(t, w, False), _notes(t, w))
    if code == "due":
        partial = [_completion(t, w), _evidence(t, w, True)] if done_in(t, w.span) else []
        return _sentences(f"{text} – {due_parts(open_due(t, w.span.end), w.day)}", *partial, _lead(t), _notes(t, w))
    if code == "ongoing":
        recorded = [p for p in (_notes(t, w), _evidence(t, w, True) if any(w.recorded_in(e.day) for e in t.evidence)
                                else "") if p]
        return _sentences(text, _lead(t), *(recorded or ["Trong kỳ chưa ghi nhận kết quả"]))
    if code == "not_due":
        nxt = min(m.due for m in t.task.milestones if m.due and m.done_on is None)
        return _sentences(f"{text} – hạn {format_date(nxt)}", _lead(t), _notes(t, w))
    if code == "undated":
        return _sentences(f"{text} – thời hạn: {clean(t.task.deadline_text) or 'không ghi'}", _lead(t), _notes(t, w))
    if code == "done_before":
        return _sentences(text, _completion(t, w))
    return _sentences(text, f"Lý do không thực hiện: {clean(t.drop_reason) or 'chưa ghi'}")


def next_line(t: TaskAsOf, until: date, day: date) -> str:
    """A task of 'Phương hướng, nhiệm vụ kỳ tới': its milestones open by the day and due by `until`."""
    return _sentences(f"{clean(t.task.text)} – {due_parts(open_due(t, until), day)}", _lead(t))
