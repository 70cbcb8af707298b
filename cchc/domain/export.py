"""The data of `cchc export`: one plan's tasks with budget and evidence, its indicators with every value."""

from __future__ import annotations

from cchc.domain.records import Evidence, Indicator, Plan, Task, to_data
from cchc.domain.summary import PLAN_KEYS


def plan_data(plan: Plan) -> dict:
    return {k: getattr(plan, k) for k in PLAN_KEYS}


def task_rows(tasks: list[Task], budgets: dict[int, str], evidence: dict[int, list[Evidence]]) -> list[dict]:
    """Each task as its JSON, with its budget and evidence records; `done_date` for the sheets."""
    from cchc.domain.summary import done_date

    rows = []
    for task in tasks:
        row = to_data(task)
        row["budget"] = budgets.get(task.id, "")
        row["evidence"] = [{k: v for k, v in to_data(e).items() if k != "task_id"} for e in evidence.get(task.id, [])]
        row["_done_date"] = done_date(task)
        rows.append(row)
    return rows


def indicator_rows(indicators: list[Indicator]) -> list[dict]:
    """The plan's indicators with every recorded value, oldest first, each judged against the target."""
    from cchc.domain.indicators import met, target_text

    return [{"key": i.key, "name": i.name, "unit": i.unit, "comparator": i.comparator, "target": i.target,
             "target_text": target_text(i.comparator, i.target, i.unit), "period": i.period,
             "values": [{"period": v.period, "as_of": v.as_of, "value": v.value, "numerator": v.numerator,
                         "denominator": v.denominator, "source": v.source, "met": met(v.value, i.comparator, i.target)}
                        for v in i.values]} for i in indicators]


def json_data(plan: Plan, tasks: list[dict], indicators: list[dict]) -> dict:
    return {"plan": plan_data(plan), "tasks": [{k: v for k, v in t.items() if not k.startswith("_")} for t in tasks],
            "indicators": indicators}
