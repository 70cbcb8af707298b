"""Hierarchical tables: Mục tiêu -> Nhiệm vụ -> Hoạt động (Mù Cỏ).

Rows carry markers ("Mục tiêu 2 …", "Nhiệm vụ 3 …", "Hoạt động 4 …") or the
plan's own numbers ("3.1. …"); a level cell without either on an unnumbered row
is the tail of a cell broken across a line or page break. Product, lead,
cooperating, deadline and budget belong to the deepest item of the row (the
activity). An empty detail cell stays empty (and an empty lead is flagged):
only a merge the layout proves (a Word vertical merge) repeats a cell, and
that is resolved before the rows get here (cchc/importers/pipeline.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cchc.i18n import _
from cchc.importers.draft import ImportWarning, TaskDraft
from cchc.importers.blocks import Row
from cchc.importers.tables import (
    DETAILS, AreaTracker, Header, check_unique_refs, heading_of, is_column_numbers,
    is_filler, join_cell, make_task, no_lead_note, values_of,
)
from cchc.domain.text import fold

LEVELS = ("objective", "task", "activity")
LABELS = {"objective": "Mục tiêu", "task": "Nhiệm vụ", "activity": "Hoạt động"}
_MARKERS = {
    "objective": re.compile(r"^m[uụ]c\s+ti[eêế]u\s*(\d+(?:\.\d+)*)\b\s*[:.\-\u2013]?\s*", re.I),
    "task": re.compile(r"^nhi[eệ]m\s+v[uụ]\s*(\d+(?:\.\d+)*)\b\s*[:.\-\u2013]?\s*", re.I),
    "activity": re.compile(r"^ho[aạ]t\s+[dđ][oộ]ng\s*(\d+(?:\.\d+)*)\b\s*[:.\-\u2013]?\s*", re.I),
}
_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\.?\s+")  # "3.1. Triển khai …"
_DECLARED = {level: re.compile(rf"(\d+)\s*{key}") for level, key in
             (("objective", "muc tieu"), ("task", "nhiem vu"), ("activity", "hoat dong"))}


@dataclass
class _Item:
    level: str
    ref: str
    area: str
    line: int | None
    parent: int | None
    root: int  # index of the objective it belongs to (itself for an objective)
    values: dict[str, str] = field(default_factory=dict)
    review: list[str] = field(default_factory=list)


@dataclass
class _Section:
    line: int | None
    heading: str
    declared: dict[str, int]
    start: int  # first item index


class _Tree:
    def __init__(self) -> None:
        self.header = Header()
        self.items: list[_Item] = []
        self.warnings: list[ImportWarning] = []
        self.areas = AreaTracker(self.warnings)
        self.section: _Section | None = None
        self.current: dict[str, int | None] = dict.fromkeys(LEVELS)
        self.owner: int | None = None  # the item the detail cells belong to
        self.counters: dict[tuple[str, str], int] = {}
        self.area_notes: list[str] = []

    @property
    def columns(self) -> dict[str, int] | None:
        return self.header.columns

    def feed(self, row: Row) -> None:
        if self.header.adopt(row.cells):
            return
        heading = heading_of(row.cells, standalone=len(row.cells) == 1)
        if heading:
            self.start_section(row.line, heading)
            return
        if self.columns is None:
            return
        values = values_of(row.cells, self.columns)
        if not any(values.values()) or is_column_numbers(values) or is_filler(values):
            return
        new = self.new_levels(values)
        if new:
            self.add_row(row.line, values, new)
            if self.owner is not None:
                self.items[self.owner].review += row.notes
        else:
            self.continue_row(row.line, values)

    def start_section(self, line: int | None, heading: str) -> None:
        self.close_section()
        self.areas.heading(heading)
        folded = fold(heading)
        declared = {lv: int(m.group(1)) for lv, rx in _DECLARED.items() if (m := rx.search(folded))}
        self.section = _Section(line, heading, declared, len(self.items))
        self.current = dict.fromkeys(LEVELS)
        self.owner = None

    def close_section(self) -> None:
        section = self.section
        if section is None or not section.declared:
            return
        items = self.items[section.start:]
        for level, declared in section.declared.items():
            found = sum(1 for item in items if item.level == level)
            if found != declared:
                self.warnings.append(ImportWarning(
                    section.line, section.heading,
                    _("heading declares {n} {what} but the table has {found}").format(
                        n=declared, what=LABELS[level].lower(), found=found)))

    def new_levels(self, values: dict[str, str]) -> list[str]:
        """The levels this row starts, top down."""
        new: list[str] = []
        for level in LEVELS:
            text = values.get(level, "")
            numbered_row = bool(values.get("ref")) or bool(new)
            if text and (_MARKERS[level].match(text) or _NUMBERED.match(text) or numbered_row):
                new.append(level)
        return new

    def add_row(self, line: int | None, values: dict[str, str], new: list[str]) -> None:
        for level in LEVELS:
            text = values.get(level, "")
            if level in new:
                self.create(level, text, line, values.get("ref", "") if level == new[0] else "")
            elif text:
                self.append(level, {"text": text}, line)
        owner = self.current[new[-1]]
        self.owner = owner
        details = {k: values[k] for k in DETAILS if values.get(k)}
        if owner is not None:
            self.items[owner].values.update(details)

    def create(self, level: str, text: str, line: int | None, ref_cell: str) -> None:
        area, review = self.areas.resolve({}, line, text)
        match = _MARKERS[level].match(text)
        numbered = _NUMBERED.match(text)
        key = (area, level)
        self.counters[key] = self.counters.get(key, 0) + 1
        label = LABELS[level] + " "
        if match and "." in match.group(1):  # "Hoạt động 3.1": the plan's own number
            label, number, text = "", match.group(1), text[match.end():]
        elif match:
            number, text = match.group(1).lstrip("0") or "0", text[match.end():]
        elif numbered:
            label, number, text = "", numbered.group(1), text[numbered.end():]
        elif ref_cell.isdigit():
            number = ref_cell
        elif ref_cell:
            label, number = "", ref_cell.rstrip(".")  # the plan's own number: "1.2", "TT 2"
        else:
            number = str(self.counters[key])
        index = len(self.items)
        parent = next((self.current[up] for up in reversed(LEVELS[:LEVELS.index(level)])
                       if self.current[up] is not None), None)
        root = index if parent is None else self.items[parent].root
        self.items.append(_Item(level, f"{label}{number}", area, line, parent, root,
                                {"text": text}, review))
        self.current[level] = index
        for below in LEVELS[LEVELS.index(level) + 1:]:
            self.current[below] = None

    def append(self, level: str, values: dict[str, str], line: int | None) -> None:
        index = self.current[level] if level in LEVELS else self.owner
        if index is None:
            shown = " | ".join(v for v in values.values() if v)
            self.warnings.append(ImportWarning(line, shown[:80], _("continued cell with nothing above it; skipped")))
            return
        item = self.items[index]
        for name, text in values.items():
            item.values[name] = join_cell(item.values.get(name, ""), text, name)

    def continue_row(self, line: int | None, values: dict[str, str]) -> None:
        for level in LEVELS:
            if values.get(level):
                self.append(level, {"text": values[level]}, line)
        details = {k: values[k] for k in DETAILS if values.get(k)}
        if details:
            self.append("details", details, line)

    def flag_missing_leads(self) -> None:
        """An item holding no item below it is the one to chase: flag it when its lead cell is empty."""
        if "lead" not in (self.columns or {}):
            return
        parents = {item.parent for item in self.items}
        for index, item in enumerate(self.items):
            if index not in parents and not item.values.get("lead"):
                item.review.append(no_lead_note())

    def drafts(self) -> list[TaskDraft]:
        out = []
        for item in self.items:
            task = make_task(item.area, item.level, item.ref, item.values, item.line, item.parent)
            task.review = list(dict.fromkeys(item.review + task.review))
            if not task.text:
                self.warnings.append(ImportWarning(item.line, item.ref, _("item has no text")))
                task.review.append(_("no content in the plan"))
            out.append(task)
        return out


def parse_rows(rows: list[Row]) -> tuple[list[TaskDraft], list[ImportWarning]]:
    """Objectives, tasks and activities (parent = index of the item above)."""
    tree = _Tree()
    for row in rows:
        tree.feed(row)
    tree.close_section()
    tree.flag_missing_leads()
    tasks = tree.drafts()
    check_unique_refs(tasks, tree.warnings)
    return tasks, tree.warnings
