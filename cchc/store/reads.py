"""Every read query of the store, grouped by concept in their modules, on one connection."""

from __future__ import annotations

from cchc.store.agencies import AgencyReads
from cchc.store.dialect import Db
from cchc.store.history import HistoryReads
from cchc.store.indicators import IndicatorReads
from cchc.store.notes import NoteReads
from cchc.store.plans import PlanReads
from cchc.store.progress import ProgressReads
from cchc.store.province import ProvinceReads
from cchc.store.settings import SettingReads
from cchc.store.tasks import TaskReads
from cchc.store.undo import UndoReads


class Reads(TaskReads, PlanReads, IndicatorReads, HistoryReads, UndoReads, AgencyReads, NoteReads, SettingReads,
            ProgressReads, ProvinceReads):
    """store.read: tasks and milestones, plans, indicators, history and undo, agencies, notes and evidence,
    settings, progress as recorded (for reports as of a day), the communes of a province."""

    def __init__(self, db: Db, actor: str, role: str = ""):
        self.db = db
        self.actor = actor
        self.role = role

    def problems(self):
        """`db check`: the engine's own checks and cchc's invariants."""
        from cchc.store.checks import check

        return check(self.db)

    def table_rows(self) -> list[tuple[str, int]]:
        return [(t, self.db.value(f'SELECT count(*) FROM "{t}"')) for t in self.db.dialect.table_names(self.db.conn)]

    def revision(self) -> str | None:
        return self.db.dialect.current_revision(self.db.conn)
