"""What a plan document becomes before it touches the database.

Every reader (text export, .docx, .xlsx/.csv, .pdf) produces a PlanDraft
through the one table pipeline (cchc/importers/pipeline.py); the writer that
stores it is shared.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class TaskDraft:
    area: str  # one of cchc.domain.vocabulary.AREAS
    level: str  # "objective" | "task" | "activity"
    ref: str  # the plan's own number, as printed ("1.", "2.3", "Hoạt động 4")
    text: str
    product: str = ""
    lead_agency: str = ""  # as written in the plan
    cooperating: list[str] = field(default_factory=list)  # as written, split
    deadline_text: str = ""  # verbatim (whitespace tidied, HTML stripped)
    budget: str = ""
    parent: int | None = None  # index into PlanDraft.tasks
    line: int | None = None  # 1-based line in the source where the row starts
    review: list[str] = field(default_factory=list)  # why a human should look


@dataclass
class IndicatorDraft:
    key: str  # slug of the name, unique in the plan
    name: str
    unit: str  # "%" or "count"
    comparator: str | None  # ">=", ">", "<=", "<", "=" ; None when no number
    target: float | None
    period: str = ""  # "2026", "2028-2030", "" for the whole plan
    text: str = ""  # the sentence it was read from
    line: int | None = None


@dataclass
class ImportWarning:
    line: int | None
    text: str
    reason: str


@dataclass
class PlanDraft:
    title: str = ""
    commune: str = ""
    number: str = ""  # "06/KH-UBND"; "" when the plan leaves it blank
    issuer: str = ""  # "UBND xã Hoàng Sơn"
    year_start: int | None = None
    year_end: int | None = None
    tasks: list[TaskDraft] = field(default_factory=list)
    indicators: list[IndicatorDraft] = field(default_factory=list)
    warnings: list[ImportWarning] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # about the whole document: shown first
    seen: str = ""  # what the reader found, said when nothing could be read as a task
    signer: dict[str, str] = field(default_factory=dict)  # the plan's signature block, as settings keys
