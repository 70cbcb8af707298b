"""What the store returns: typed records (dates as `date`, booleans as `bool`).

The fields of each record are the keys of its JSON, in order: `--format json`
prints them as they are (cchc.render.output.to_json). Extra facts a view needs
but JSON does not show live in separate records (e.g. `TaskExtras`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date, datetime
from typing import Any

INTERNAL = {"json": False}  # a field views use that JSON does not show


def internal(default=None):
    return field(default=default, metadata=INTERNAL, repr=False, compare=False)


_PLAIN = (str, int, float, bool, type(None), date, datetime)
_JSON_FIELDS: dict[type, tuple[str, ...]] = {}  # per record class: its JSON fields, found once


def json_fields(value: Any) -> dict | None:
    """A record's JSON fields as a dict, values as they are (None for anything else): for an
    encoder that meets nested records itself, so plain values never pass through Python."""
    kind = type(value)
    names = _JSON_FIELDS.get(kind)
    if names is None:
        if not is_dataclass(value) or isinstance(value, type):
            return None
        names = _JSON_FIELDS[kind] = tuple(f.name for f in fields(value) if f.metadata.get("json", True))
    return {name: getattr(value, name) for name in names}


def to_data(value: Any) -> Any:
    """Records as plain dicts and lists (their JSON fields only), recursively."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    names = _JSON_FIELDS.get(kind)
    if names is None and is_dataclass(value) and not isinstance(value, type):
        names = _JSON_FIELDS[kind] = tuple(f.name for f in fields(value) if f.metadata.get("json", True))
    if names is not None:
        return {name: to_data(getattr(value, name)) for name in names}
    if isinstance(value, (list, tuple)):
        return [to_data(v) for v in value]
    if isinstance(value, dict):
        return {k: to_data(v) for k, v in value.items()}
    return value


@dataclass
class Milestone:
    id: int
    label: str
    kind: str
    due: date | None
    start: date | None
    needs_review: bool
    review_reason: str
    done_on: date | None
    on_time: bool | None
    evidence: str


@dataclass
class Task:
    id: int
    plan: int
    area: str
    ref: str
    level: str
    parent: int | None
    text: str
    product: str
    lead_agency: str | None  # as the plan wrote it
    cooperating_agencies: list[str]  # as written
    deadline_text: str
    status: str
    milestones: list[Milestone] = field(default_factory=list)
    agency: str | None = internal()  # the lead agency's name, for grouping per agency
    period_end: date | None = internal()  # the last day of the plan's period


@dataclass
class TaskExtras:
    """What exports need beyond a task's JSON: its budget and evidence records."""

    budget: str
    evidence: list["Evidence"]


@dataclass
class DueItem:
    """A milestone with its task, as the deadline views list them."""

    task_id: int
    milestone_id: int
    milestone: int  # its number within the task, as `cchc task show` and `--milestone N` count
    plan: int
    area: str
    ref: str
    text: str
    label: str
    kind: str
    due: date | None
    lead_agency: str | None  # as the plan wrote it
    status: str  # the task's, or "done" when the milestone is done
    days_left: int | None = None  # negative when late; None when undated
    product: str = internal("")
    done_on: date | None = internal()
    agency: str | None = internal()  # the lead agency's name, for grouping per agency


@dataclass
class Note:
    id: int
    text: str
    created_at: datetime
    kind: str = ""


@dataclass
class Evidence:
    id: int
    task_id: int
    milestone_id: int | None
    text: str
    file_path: str
    file_sha256: str
    created_at: datetime


@dataclass
class Plan:
    id: int
    title: str
    commune: str
    number: str
    issuer: str
    year_start: int
    year_end: int
    source_name: str
    imported_at: datetime | None
    owner_id: int
    tasks: int = 0  # tasks not removed
    signer: dict[str, str] = field(default_factory=dict)  # the plan's own signature block, as settings keys


@dataclass
class Operation:
    id: int
    command: str
    created_at: datetime
    actor: str
    undoable: bool
    undo_note: str
    undoes: int | None = None
    undone_by: int | None = None


@dataclass
class Change:
    id: int
    at: datetime
    operation_id: int
    command: str
    actor: str
    undoes: int | None
    undone_by: int | None
    task_id: int | None
    task_ref: str | None
    entity: str
    entity_id: int
    field: str
    old: Any
    new: Any
    note: str


@dataclass
class IndicatorValue:
    id: int
    period: str
    as_of: date
    value: float
    numerator: float | None
    denominator: float | None
    source: str


@dataclass
class Indicator:
    id: int
    plan: int
    key: str
    name: str
    unit: str
    comparator: str | None
    target: float | None
    period: str
    source_text: str
    values: list[IndicatorValue] = field(default_factory=list)  # oldest first


@dataclass
class Agency:
    id: int
    name: str
    is_group: bool
    owner_id: int
    tasks_led: int
    aliases: list[str]
    commune: str = ""  # the owner's name, as issued ("xã Hoàng Sơn")


@dataclass
class ChangeContext:
    """What the changes of `cchc changes` refer to: tasks, milestone labels, indicator values."""

    tasks: dict[int, dict]
    milestones: dict[int, str]
    values: dict[int, tuple[str, str, float, str, int]]  # id -> key, period, value, unit, plan


@dataclass
class TrackedChange:
    """A recorded change to the progress of a task (status, completion, evidence, notes), still in force:
    neither undone nor an undo. What a report as of a day is computed from (cchc.domain.as_of)."""

    operation_id: int
    at: datetime
    task_id: int
    entity: str  # task, milestone, evidence, note
    entity_id: int
    field: str  # status, done_on, evidence, or "created"
    old: Any
    new: Any
    note: str


@dataclass
class PlanNote:
    """A note of a plan: on one task, or on the plan itself (task_id None: a report-level note)."""

    id: int
    task_id: int | None
    text: str
    created_at: datetime
    kind: str


@dataclass
class Progress:
    """Everything recorded about a plan's progress, as a report reads it."""

    changes: list[TrackedChange]
    notes: list[PlanNote]
    evidence: dict[int, list[Evidence]]  # task id -> records, oldest first
