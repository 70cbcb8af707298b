"""cchc.domain.as_of: a task as it stood at the end of a day, from recorded changes (pure).

Each case builds one task and the changes a command would record, in order,
with the day each was recorded; the expected states follow the rule that a
fact takes effect on the day the officer gave it, else on the day it was
recorded.
"""

from __future__ import annotations

from datetime import date, datetime
from itertools import count

from cchc.domain.as_of import document_date, plan_as_of
from cchc.domain.records import Evidence, Milestone, PlanNote, Progress, Task, TrackedChange

D = date
TASK = 7


def _milestone(mid: int, due: date | None, kind: str = "quarter", done_on: date | None = None) -> Milestone:
    return Milestone(mid, f"m{mid}", kind, due, None, False, "", done_on, None, "")


def _task(status: str, *milestones: Milestone) -> Task:
    return Task(TASK, 1, "tthc", "1", "task", None, "Việc", "", "Phòng A", [], "", status, list(milestones),
                period_end=D(2026, 12, 31))


class History:
    """Changes as commands record them: one operation per command, ids in order."""

    def __init__(self):
        self.changes: list[TrackedChange] = []
        self._op = count(1)

    def command(self, recorded: date, *fields: tuple) -> None:
        op = next(self._op)
        at = datetime.combine(recorded, datetime.min.time()).replace(hour=9)
        for entity, entity_id, field, old, new, *note in fields:
            self.changes.append(TrackedChange(op, at, TASK, entity, entity_id, field, old, new,
                                              note[0] if note else ""))


def _then(task: Task, history: History, day: date, evidence=(), notes=()):
    progress = Progress(history.changes, list(notes), {TASK: list(evidence)} if evidence else {})
    return plan_as_of([task], progress, day)


def test_a_completion_recorded_late_counts_from_its_date():
    history = History()
    history.command(D(2026, 4, 2), ("milestone", 1, "done_on", None, D(2026, 3, 28)),
                    ("task", TASK, "status", "not_started", "done"))
    task = _task("done", _milestone(1, D(2026, 3, 31), done_on=D(2026, 3, 28)))
    before, after = (_then(task, history, day).tasks[0] for day in (D(2026, 3, 27), D(2026, 3, 31)))
    assert (before.task.status, before.task.milestones[0].done_on, before.completed_on) == ("not_started", None, None)
    assert (after.task.status, after.completed_on, after.task.milestones[0].on_time) == ("done", D(2026, 3, 28), True)


def test_a_start_a_drop_and_a_reopening_count_from_the_day_they_were_recorded():
    history = History()
    history.command(D(2026, 2, 10), ("task", TASK, "status", "not_started", "in_progress"))
    history.command(D(2026, 3, 5), ("milestone", 1, "done_on", None, D(2026, 3, 5)),
                    ("task", TASK, "status", "in_progress", "done"))
    history.command(D(2026, 4, 12), ("milestone", 1, "done_on", D(2026, 3, 5), None),
                    ("task", TASK, "status", "done", "in_progress"))
    history.command(D(2026, 5, 20), ("task", TASK, "status", "in_progress", "dropped", "Không còn phù hợp"))
    task = _task("dropped", _milestone(1, D(2026, 3, 31)))
    states = {day: _then(task, history, day).tasks[0] for day in
              (D(2026, 2, 9), D(2026, 2, 10), D(2026, 3, 31), D(2026, 4, 12), D(2026, 5, 20))}
    assert [s.task.status for s in states.values()] == ["not_started", "in_progress", "done", "in_progress", "dropped"]
    assert states[D(2026, 3, 31)].task.milestones[0].done_on == D(2026, 3, 5)
    assert states[D(2026, 4, 12)].task.milestones[0].done_on is None
    assert [s.drop_reason for s in states.values()] == ["", "", "", "", "Không còn phù hợp"]


def test_a_completion_redone_with_an_earlier_date_wins_over_a_later_reopening():
    """Done 10/04, reopened 12/04, done again on 12/04 with the date 25/03: on 31/03 it was done (25/03)."""
    history = History()
    history.command(D(2026, 4, 10), ("milestone", 1, "done_on", None, D(2026, 4, 10)))
    history.command(D(2026, 4, 12), ("milestone", 1, "done_on", D(2026, 4, 10), None))
    history.command(D(2026, 4, 12), ("milestone", 1, "done_on", None, D(2026, 3, 25)))
    task = _task("done", _milestone(1, D(2026, 3, 31), done_on=D(2026, 3, 25)))
    assert _then(task, history, D(2026, 3, 31)).tasks[0].task.milestones[0].done_on == D(2026, 3, 25)
    assert _then(task, history, D(2026, 3, 24)).tasks[0].task.milestones[0].done_on is None
    assert _then(task, history, D(2026, 4, 11)).tasks[0].task.milestones[0].done_on == D(2026, 3, 25)


def test_a_task_without_history_stands_as_it_is_now():
    task = _task("in_progress", _milestone(1, D(2026, 6, 30)))
    then = _then(task, History(), D(2026, 1, 1)).tasks[0]
    assert then.task.status == "in_progress" and then.task.milestones == task.milestones


def _evidence(eid: int, text: str, recorded: date) -> Evidence:
    return Evidence(eid, TASK, None, text, "", "", datetime.combine(recorded, datetime.min.time()))


def test_evidence_counts_from_its_document_s_date_or_its_completion_else_its_recording():
    history = History()
    history.command(D(2026, 4, 5), ("evidence", 1, "created", None, None))  # cites a document of 28/03
    history.command(D(2026, 4, 5), ("evidence", 2, "created", None, None))  # no date in it
    history.command(D(2026, 4, 6), ("milestone", 1, "done_on", None, D(2026, 3, 30)),
                    ("evidence", 3, "created", None, None))  # recorded with a completion of 30/03
    evidence = [_evidence(1, "Báo cáo số 25/BC-UBND ngày 28/03/2026", D(2026, 4, 5)),
                _evidence(2, "Biên bản kiểm tra", D(2026, 4, 5)), _evidence(3, "Quyết định số 9/QĐ-UBND", D(2026, 4, 6))]
    task = _task("done", _milestone(1, D(2026, 3, 31), done_on=D(2026, 3, 30)))
    on = {day: [(e.text[:6], e.day) for e in _then(task, history, day, evidence).tasks[0].evidence]
          for day in (D(2026, 3, 29), D(2026, 3, 31), D(2026, 4, 5))}
    assert on[D(2026, 3, 29)] == [("Báo cá", D(2026, 3, 28))]
    assert on[D(2026, 3, 31)] == [("Báo cá", D(2026, 3, 28)), ("Quyết ", D(2026, 3, 30))]
    assert on[D(2026, 4, 5)] == [("Báo cá", D(2026, 3, 28)), ("Biên b", D(2026, 4, 5)), ("Quyết ", D(2026, 3, 30))]


def test_notes_count_from_the_day_they_were_written():
    notes = [PlanNote(1, TASK, "trên việc", datetime(2026, 3, 2, 8), ""), PlanNote(2, None, "ưu điểm",
                                                                                datetime(2026, 4, 2, 8), "uu-diem")]
    march = _then(_task("not_started"), History(), D(2026, 3, 31), notes=notes)
    april = _then(_task("not_started"), History(), D(2026, 4, 30), notes=notes)
    assert [n.id for n in march.tasks[0].notes] == [1] and march.plan_notes == []
    assert [n.id for n in april.plan_notes] == [2]


def test_the_document_date_is_the_first_valid_ngay_date():
    assert document_date("Kế hoạch số 12/KH-UBND ngày 10/01/2026") == D(2026, 1, 10)
    assert document_date("Tờ trình ngày 31/02/2026, bổ sung ngày 3.3.2026") == D(2026, 3, 3)
    assert document_date("Quyết định số 15/QĐ-UBND") is None
