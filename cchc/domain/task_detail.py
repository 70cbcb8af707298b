"""One task in full (pure): its milestones numbered as --milestone takes them, notes, evidence, history."""

from __future__ import annotations

from cchc.domain.records import Change, Evidence, Note, Task, to_data


def task_detail(task: Task, notes: list[Note], evidence: list[Evidence], history: list[Change]) -> dict:
    """The task's JSON with `number` on each milestone, and its notes, evidence and history."""
    data = to_data(task)
    numbers = {}
    for number, m in enumerate(data["milestones"], 1):  # the N of --milestone N
        m["number"] = numbers[m["id"]] = number
    data["notes"] = [to_data(n) for n in notes]
    data["evidence"] = [{**{k: v for k, v in to_data(e).items() if k != "task_id"},
                         "milestone": numbers.get(e.milestone_id)} for e in evidence]
    data["history"] = [to_data(c) for c in history]
    return data
