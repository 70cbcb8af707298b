"""Importing one file: read, check, store in one transaction, report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cchc.domain.errors import ImportRefused
from cchc.i18n import _
from cchc.importers.draft import PlanDraft


@dataclass
class Overrides:
    year_start: int | None = None
    year_end: int | None = None
    commune: str | None = None
    title: str | None = None

    @classmethod
    def parse(cls, year: str | None, commune: str | None, title: str | None) -> "Overrides":
        from cchc.domain.dates import parse_years

        start, end = parse_years(year, "--year") if year else (None, None)
        return cls(start, end, commune, title)

    def apply(self, draft: PlanDraft) -> None:
        if self.year_start is not None:
            draft.year_start, draft.year_end = self.year_start, self.year_end
        draft.commune = self.commune or draft.commune
        draft.title = self.title or draft.title


@dataclass
class ImportReport:
    file: str
    plan_id: int
    status: str
    commune: str = ""
    period: str = ""
    area_tasks: list[str] = field(default_factory=list)
    area_milestones: list[str] = field(default_factory=list)
    review: list[dict] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    indicators: int = 0
    notices: list[str] = field(default_factory=list)  # about the whole document, shown first

    def diff_lines(self) -> list[str]:
        return ([f"+ {t}" for t in self.added] + [f"~ {t}" for t in self.changed]
                + [f"- {t}" for t in self.removed])

    def as_json(self) -> dict:
        from collections import Counter

        return {"file": self.file, "plan_id": self.plan_id, "status": self.status,
                "commune": self.commune, "period": self.period,
                "tasks": dict(Counter(self.area_tasks)), "milestones": dict(Counter(self.area_milestones)),
                "indicators": self.indicators, "notices": self.notices, "review": self.review,
                "added": self.added, "changed": self.changed, "removed": self.removed}


def import_file(path: Path, overrides: Overrides, dry_run: bool = False) -> ImportReport:
    from cchc.domain.deadlines import valid_period
    from cchc.importers.readers import read_plan

    draft, sha = read_plan(path)
    overrides.apply(draft)
    if not draft.tasks and not draft.indicators:
        raise ImportRefused(_("{path}: no task table and no indicators found ({seen}); is this a CCHC plan?")
                            .format(path=path, seen=draft.seen or _("nothing readable")))
    if draft.year_start is None:
        raise ImportRefused(_("{path}: the plan's year is not stated; give it with --year").format(path=path))
    if not valid_period(draft.year_start, draft.year_end or draft.year_start):
        period = f"{draft.year_start}" if draft.year_end in (None, draft.year_start) else f"{draft.year_start}-{draft.year_end}"
        raise ImportRefused(_("{path}: '{period}' is not a plan year or period; give it with --year")
                            .format(path=path, period=period))
    report = _store(path, draft, sha, dry_run)
    report.notices = list(draft.notices)
    return report


def _label(task) -> str:
    return f"{task.area_code} {task.ref} {task.text[:70]}"


def _store(path: Path, draft: PlanDraft, sha: str, dry_run: bool) -> ImportReport:
    from sqlmodel import select

    from cchc import db
    from cchc.history import Recorder
    from cchc.importers.store import store_plan
    from cchc.models import Milestone, Setting, Task

    with db.write(commit=not dry_run) as session:
        rec = Recorder(session, f"import {path.name}")
        result = store_plan(session, draft, path.name, sha, rec)
        report = ImportReport(file=str(path), plan_id=result.plan_id, status=result.status,
                              commune=draft.commune, indicators=len(draft.indicators),
                              period=f"{draft.year_start}" if draft.year_start == draft.year_end
                              else f"{draft.year_start}-{draft.year_end}")
        if result.status == "unchanged":
            return report
        session.merge(Setting(key="current_plan", value=str(result.plan_id)))
        session.flush()
        rows = session.exec(select(Task, Milestone).join(Milestone, isouter=True)
                            .where(Task.plan_id == result.plan_id, Task.removed == False)  # noqa: E712
                            .order_by(Task.position, Milestone.position)).all()
        seen: set[int] = set()
        for task, milestone in rows:
            if task.id not in seen:
                seen.add(task.id)
                report.area_tasks.append(task.area_code)
            if milestone is not None:
                report.area_milestones.append(task.area_code)
                if milestone.needs_review or milestone.kind == "event":
                    reason = milestone.review_reason or _("needs a date once it is known: cchc set-due {id} DATE").format(id=task.id)
                    report.review.append({"line": task.source_line, "task_id": task.id, "area": task.area_code, "ref": task.ref,
                                          "text": milestone.source_text or task.deadline_text or task.text[:80],
                                          "reason": reason})
        report.review += [{"line": w.line, "task_id": None, "area": "", "ref": "", "text": w.text, "reason": w.reason}
                          for w in draft.warnings]
        report.added = [f"{d.area} {d.ref} {d.text[:70]}" for d in result.added] if result.status == "updated" else []
        report.changed = [f"{_label(t)} ({', '.join(f)})" for t, f in result.changed]
        report.removed = [_label(t) for t in result.removed]
    return report
