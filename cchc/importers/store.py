"""Storing a PlanDraft: new plans, re-imports and amended plans.

Shared by every reader. Runs inside the caller's single write transaction.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlmodel import Session, select

from cchc.domain.agencies import agency_key, canonical_name, is_group
from cchc.domain.deadlines import parse_deadline
from cchc.history import Recorder
from cchc.importers.draft import PlanDraft, TaskDraft
from cchc.models import Agency, AgencyAlias, Indicator, Milestone, Plan, Task, TaskCooperation
from cchc.domain.text import nfc


@dataclass
class ImportResult:
    plan_id: int
    status: str  # "new", "unchanged", "updated"
    added: list[TaskDraft] = field(default_factory=list)
    changed: list[tuple[Task, list[str]]] = field(default_factory=list)  # task, fields
    removed: list[Task] = field(default_factory=list)
    milestones: int = 0


def period_of(draft: PlanDraft) -> int | tuple[int, int]:
    start = draft.year_start or date.today().year
    end = draft.year_end or start
    return start if start == end else (start, end)


class AgencyBook:
    """Agencies across all plans, found by key; every spelling kept as an alias."""

    def __init__(self, session: Session):
        self.session = session
        self.by_key = {a.key: a for a in session.exec(select(Agency))}
        self.aliases = {a.alias for a in session.exec(select(AgencyAlias))}

    def get(self, written: str) -> Agency | None:
        written = " ".join(unicodedata.normalize("NFC", written).split())  # the spelling as written
        if not written or written == "-":
            return None
        group = is_group(written)
        key = "group:" + agency_key(written) if group else agency_key(written)
        if not key.strip(":"):
            return None
        agency = self.by_key.get(key)
        if agency is None:
            agency = Agency(name=written if group else canonical_name(written), key=key, is_group=group)
            self.session.add(agency)
            self.session.flush()
            self.by_key[key] = agency
        if written not in self.aliases:
            self.session.add(AgencyAlias(agency_id=agency.id, alias=written))
            self.aliases.add(written)
        return agency


def _find_plan(session: Session, draft: PlanDraft) -> Plan | None:
    if not draft.commune:
        return None
    query = select(Plan).where(
        Plan.commune == draft.commune, Plan.year_start == draft.year_start, Plan.year_end == draft.year_end
    )
    return session.exec(query.order_by(Plan.id.desc())).first()


def store_plan(session: Session, draft: PlanDraft, source_name: str, sha256: str, rec: Recorder) -> ImportResult:
    same_file = session.exec(select(Plan).where(Plan.source_sha256 == sha256)).first()
    if same_file is not None:
        return ImportResult(plan_id=same_file.id, status="unchanged")
    plan = _find_plan(session, draft)
    book = AgencyBook(session)
    period = period_of(draft)
    if plan is None:
        plan = Plan(title=draft.title, commune=draft.commune, number=draft.number, issuer=draft.issuer,
                    year_start=draft.year_start, year_end=draft.year_end or draft.year_start,
                    source_name=source_name, source_sha256=sha256)
        session.add(plan)
        session.flush()
        result = ImportResult(plan_id=plan.id, status="new", added=list(draft.tasks))
        result.milestones = _add_tasks(session, plan, draft.tasks, book, period)
        _store_indicators(session, plan, draft)
        return result
    result = _amend(session, plan, draft, book, period, rec)
    plan.title, plan.number, plan.issuer = draft.title or plan.title, draft.number or plan.number, draft.issuer or plan.issuer
    plan.source_name, plan.source_sha256, plan.imported_at = source_name, sha256, datetime.now().replace(microsecond=0)
    session.add(plan)
    _store_indicators(session, plan, draft)
    return result


def _parents(drafts: list[TaskDraft]) -> set[int]:
    return {d.parent for d in drafts if d.parent is not None}


def _add_tasks(session, plan, drafts: list[TaskDraft], book: AgencyBook, period, start_pos: int = 0) -> int:
    ids: dict[int, int] = {}
    count = 0
    parents = _parents(drafts)
    for index, draft in enumerate(drafts):
        task = Task(plan_id=plan.id, position=start_pos + index)
        _fill(task, draft, book)
        task.parent_id = ids.get(draft.parent) if draft.parent is not None else None
        session.add(task)
        session.flush()
        ids[index] = task.id
        _set_cooperation(session, task, draft, book)
        count += _add_milestones(session, task, draft, period, index in parents)
    return count


def _fill(task: Task, draft: TaskDraft, book: AgencyBook) -> None:
    lead = book.get(draft.lead_agency)
    task.area_code, task.level, task.ref, task.text = draft.area, draft.level, draft.ref, draft.text
    task.product, task.budget, task.deadline_text = draft.product, draft.budget, draft.deadline_text
    task.lead_agency_id = lead.id if lead else None
    task.source_line = draft.line


def _set_cooperation(session, task: Task, draft: TaskDraft, book: AgencyBook) -> None:
    for old in session.exec(select(TaskCooperation).where(TaskCooperation.task_id == task.id)):
        session.delete(old)
    seen: set[int] = set()
    for pos, name in enumerate(draft.cooperating):
        agency = book.get(name)
        if agency and agency.id not in seen:
            seen.add(agency.id)
            session.add(TaskCooperation(task_id=task.id, agency_id=agency.id, position=pos))


def _add_milestones(session, task: Task, draft: TaskDraft, period, has_children: bool = False) -> int:
    if has_children and not draft.deadline_text.strip():
        return 0  # an objective or task whose activities carry the deadlines
    parsed = parse_deadline(draft.deadline_text, period)
    for pos, m in enumerate(parsed):
        reasons = [m.note] if m.needs_review and m.note else []
        if pos == 0:
            reasons += draft.review
        session.add(Milestone(
            task_id=task.id, position=pos, label=m.label, kind=m.kind, due=m.due, window_start=m.start,
            needs_review=m.needs_review or bool(reasons), review_reason="; ".join(reasons),
            source_text=m.source,
        ))
    return len(parsed)


def _match(existing: list[Task], drafts: list[TaskDraft]) -> dict[int, Task]:
    """Draft index -> existing task: by area and ref, then by text."""
    by_ref = {(t.area_code, t.level, t.ref): t for t in existing if t.ref}
    by_text = {(t.area_code, nfc(t.text)): t for t in existing}
    matched: dict[int, Task] = {}
    used: set[int] = set()
    for index, d in enumerate(drafts):
        task = by_ref.get((d.area, d.level, d.ref)) if d.ref else None
        if task is None or task.id in used:
            task = by_text.get((d.area, nfc(d.text)))
        if task is not None and task.id not in used:
            matched[index] = task
            used.add(task.id)
    return matched


_COMPARED = ("text", "product", "deadline_text", "ref", "level", "budget")


def _amend(session, plan: Plan, draft: PlanDraft, book: AgencyBook, period, rec: Recorder) -> ImportResult:
    existing = list(session.exec(select(Task).where(Task.plan_id == plan.id, Task.removed == False)))  # noqa: E712
    matched = _match(existing, draft.tasks)
    result = ImportResult(plan_id=plan.id, status="updated")
    ids: dict[int, int] = {}
    parents = _parents(draft.tasks)
    for index, d in enumerate(draft.tasks):
        task = matched.get(index)
        if task is None:
            task = Task(plan_id=plan.id, position=index)
            _fill(task, d, book)
            session.add(task)
            session.flush()
            rec.created("task", task.id, task.id, note="import")
            result.added.append(d)
            _set_cooperation(session, task, d, book)
            result.milestones += _add_milestones(session, task, d, period, index in parents)
        else:
            before = {f: getattr(task, f) for f in _COMPARED}
            old_deadline = task.deadline_text
            _fill(task, d, book)
            task.position = index
            fields = [f for f in _COMPARED if getattr(task, f) != before[f]]
            for f in fields:
                rec.changed("task", task.id, task.id, f, before[f], getattr(task, f), note="import")
            if fields:
                result.changed.append((task, fields))
            _set_cooperation(session, task, d, book)
            if task.deadline_text != old_deadline:
                _replace_milestones(session, task, d, period, index in parents)
        ids[index] = task.id
        task.parent_id = ids.get(d.parent) if d.parent is not None else None
        session.add(task)
    kept = {t.id for t in matched.values()}
    for task in existing:
        if task.id not in kept:
            task.removed = True
            session.add(task)
            rec.changed("task", task.id, task.id, "removed", False, True, note="import")
            result.removed.append(task)
    return result


def _replace_milestones(session, task: Task, draft: TaskDraft, period, has_children: bool) -> None:
    """A changed deadline: new milestones; completion kept where the label matches."""
    old = list(session.exec(select(Milestone).where(Milestone.task_id == task.id)))
    done = {(m.label, m.kind): (m.done_on, m.evidence) for m in old if m.done_on}
    for m in old:
        session.delete(m)
    session.flush()
    _add_milestones(session, task, draft, period, has_children)
    session.flush()
    for m in session.exec(select(Milestone).where(Milestone.task_id == task.id)):
        if (m.label, m.kind) in done:
            m.done_on, m.evidence = done[(m.label, m.kind)]
            session.add(m)


def _store_indicators(session, plan: Plan, draft: PlanDraft) -> None:
    """Targets from the plan; recorded values are kept (matched by key)."""
    existing = {i.key: i for i in session.exec(select(Indicator).where(Indicator.plan_id == plan.id))}
    for d in draft.indicators:
        ind = existing.get(d.key) or Indicator(plan_id=plan.id, key=d.key)
        ind.name, ind.unit, ind.comparator, ind.target = d.name, d.unit, d.comparator, d.target
        ind.period, ind.source_text = d.period, d.text
        session.add(ind)
