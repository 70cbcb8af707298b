"""Importing files: read, check, store in one transaction, report.

Several files at once (`import_files`) are all or nothing: they are read and
stored inside one transaction, recorded as one operation (undone as one); a
file that fails stops the whole command and nothing is written.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

from cchc.domain.errors import ImportRefused
from cchc.i18n import _
from cchc.importers.draft import PlanDraft


@dataclass
class Overrides:
    """What the officer says on the command line; it wins over what the document says."""
    year_start: int | None = None
    year_end: int | None = None
    commune: str | None = None
    title: str | None = None

    @classmethod
    def parse(cls, year: str | None, commune: str | None, title: str | None) -> "Overrides":
        from cchc.domain.dates import parse_years

        start, end = parse_years(year, "--year") if year else (None, None)
        return cls(start, end, (commune or "").strip() or None, (title or "").strip() or None)

    def apply(self, draft: PlanDraft) -> None:
        from cchc.importers.metadata import MetadataNote

        given = set()
        if self.year_start is not None:
            draft.year_start, draft.year_end = self.year_start, self.year_end
            given.add("year")
        if self.commune:
            draft.commune = self.commune
            given.add("commune")
        draft.title = self.title or draft.title
        # how the document's year or owner was guessed no longer matters once the officer says it
        draft.warnings = [w for w in draft.warnings if not (isinstance(w, MetadataNote) and set(w.about) <= given)]


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
    from cchc.importers.metadata import from_file_name
    from cchc.importers.readers import read_plan

    draft, sha = read_plan(path)
    from_file_name(draft, path.name)
    overrides.apply(draft)
    if not draft.tasks and not draft.indicators:
        raise ImportRefused(_("{path}: no task table and no indicators found ({seen}); is this a CCHC plan?")
                            .format(path=path, seen=draft.seen or _("nothing readable")))
    _check_owner_and_period(path, draft)
    report = _store(path, draft, sha, dry_run)
    report.notices = list(draft.notices)
    return report


def _check_owner_and_period(path: Path, draft: PlanDraft) -> None:
    """A plan has an owner and a year (or period) a plan can have; else the import asks for them."""
    from cchc.domain.dates import valid_years

    if draft.year_start is None and not draft.commune:
        raise ImportRefused(_("{path}: the document states neither the plan's year nor which commune or body "
                              "issues it; give them with --year and --commune").format(path=path))
    if draft.year_start is None:
        raise ImportRefused(_("{path}: the plan's year is not stated; give it with --year").format(path=path))
    if not draft.commune:
        raise ImportRefused(_("{path}: the document does not say which commune or body issues it; "
                              "give it with --commune").format(path=path))
    end = draft.year_end or draft.year_start
    if not valid_years(draft.year_start, end):
        period = f"{draft.year_start}" if end == draft.year_start else f"{draft.year_start}-{end}"
        raise ImportRefused(_("{path}: '{period}' is not a plan year or period; give it with --year")
                            .format(path=path, period=period))


# The write transaction of an import_files call, which every file's _store joins.
_BATCH: ContextVar = ContextVar("import_batch", default=None)


def import_files(paths: list[Path], overrides: Overrides, dry_run: bool = False, progress=None) -> list[ImportReport]:
    """Import every file in one write transaction; `progress(path)` after each one."""
    from cchc import state
    from cchc.store import open_store

    def work(tx):
        token = _BATCH.set(tx)
        try:
            reports = []
            for path in paths:
                reports.append(import_file(path, overrides, dry_run))
                if progress:
                    progress(path)
            return reports
        finally:
            _BATCH.reset(token)

    with open_store(state.db_path()) as store:
        return store.write("import " + " ".join(path.name for path in paths), work, dry_run=dry_run)


def _store(path: Path, draft: PlanDraft, sha: str, dry_run: bool) -> ImportReport:
    """Store one file's draft: in the transaction of import_files, else in one of its own."""
    tx = _BATCH.get()
    if tx is not None:
        return _store_one(tx, path, draft, sha)
    from cchc import state
    from cchc.store import open_store

    with open_store(state.db_path()) as store:
        return store.write(f"import {path.name}", lambda tx: _store_one(tx, path, draft, sha), dry_run=dry_run)


def _store_one(tx, path: Path, draft: PlanDraft, sha: str) -> ImportReport:
    from cchc.store.plan_store import import_review, store_plan
    from cchc.store.plans import set_current

    result = store_plan(tx, draft, path.name, sha)
    report = ImportReport(file=str(path), plan_id=result.plan_id, status=result.status,
                          commune=draft.commune, indicators=len(draft.indicators),
                          period=f"{draft.year_start}" if draft.year_start == draft.year_end
                          else f"{draft.year_start}-{draft.year_end}")
    if result.status == "unchanged":
        return report
    set_current(tx, result.plan_id, note="import")
    seen: set[int] = set()
    for row in import_review(tx.db, result.plan_id):
        if row.task_id not in seen:
            seen.add(row.task_id)
            report.area_tasks.append(row.area)
        if row.milestone is None:
            continue
        report.area_milestones.append(row.area)
        if row.needs_review or row.kind == "event":
            reason = row.review_reason or _("needs a date once it is known: cchc set-due {id} DATE").format(id=row.task_id)
            report.review.append({"line": row.line, "task_id": row.task_id, "area": row.area, "ref": row.ref,
                                  "text": row.source_text or row.deadline_text or row.text[:80], "reason": reason})
    report.review += [{"line": w.line, "task_id": None, "area": "", "ref": "", "text": w.text, "reason": w.reason}
                      for w in draft.warnings]
    report.added = [f"{d.area} {d.ref} {d.text[:70]}" for d in result.added] if result.status == "updated" else []
    report.changed = [f"{name} ({', '.join(fields)})" for name, fields in result.changed]
    report.removed = list(result.removed)
    return report
