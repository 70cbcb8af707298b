"""Blocks -> tasks: the one table pipeline every reader feeds (text, Word, Excel/CSV, PDF).

Readers only say what a document holds (cchc/importers/blocks.py). Here, once
for every format: task lists written without a table become rows
(cchc/importers/labelled.py), merged cells are resolved, headers are found by
meaning (cchc/domain/table_columns.py), and the rows go to the one-level or
the hierarchical table model (tables.py, hierarchical.py), which decide
sections, continuation rows, repeated headers, areas, levels and parents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cchc.domain.text import fold
from cchc.domain.vocabulary import area_from_heading
from cchc.i18n import _, ngettext
from cchc.importers import hierarchical, labelled, tables
from cchc.importers.blocks import PARAGRAPH, ROW, Row
from cchc.importers.draft import ImportWarning, TaskDraft

_STRUCTURE = ("ref", "objective", "task", "activity", "text")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")


def shown(text: str, limit: int = 30) -> str:
    """Document text quoted in a message: one line, no control characters (ESC), cut to `limit`."""
    return _CONTROL.sub(" ", text).strip()[:limit]


@dataclass
class TableRead:
    tasks: list[TaskDraft] = field(default_factory=list)
    warnings: list[ImportWarning] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # about the whole document, shown first


def read_tables(blocks: list[Row]) -> TableRead | None:
    """Tasks from the task tables (or labelled task lists) among `blocks`; None when there are none."""
    if first_header(blocks) is None:
        blocks = labelled.as_rows(blocks)
    columns = first_header(blocks)
    if columns is None:
        return None
    rows = table_rows(blocks)
    parse = hierarchical.parse_rows if tables.is_hierarchical(columns) else tables.parse_rows
    tasks, warnings = parse(rows)
    read = TableRead(tasks, warnings)
    _notices(rows, read)
    return read


def first_header(blocks: list[Row]) -> dict[str, int] | None:
    for row in blocks:
        if row.kind == ROW and len(row.cells) > 1:
            columns = tables.header_columns(row.cells)
            if columns:
                return columns
    return None


def seen(blocks: list[Row]) -> str:
    """What tables a document holds, for a refusal: "2 tables, first rows: A | B; C | D; none has …"."""
    header = next((row for row in blocks if row.kind == ROW and tables.header_columns(row.cells)), None)
    if header is not None:
        names = " | ".join(shown(c) for c in header.cells if c.strip())[:120]
        return _("a task table ({header}) with no task in it").format(header=names)
    heads: dict[int, str] = {}
    for row in blocks:
        if row.kind == ROW and row.table is not None and row.table not in heads:
            heads[row.table] = " | ".join(shown(c) for c in row.cells if c.strip())[:120]
    if not heads:
        return _("no table and no task list with labels (Cơ quan chủ trì: …)")
    listed = "; ".join(list(heads.values())[:3]) + ("; …" if len(heads) > 3 else "")
    return ngettext("{n} table, first row: {heads}; it has no task column",
                    "{n} tables, first rows: {heads}; none has a task column", len(heads)).format(n=len(heads), heads=listed)


# -- rows for the table model -----------------------------------------------------------


def table_rows(blocks: list[Row]) -> list[Row]:
    """Table rows with merges resolved, and heading paragraphs as one-cell rows.

    Other paragraphs are dropped: they are never table rows.
    """
    rows: list[Row] = []
    header = tables.Header()
    above: dict[int | None, list[str]] = {}  # resolved cells of the row above, per table
    appendix = False  # after a bare "Phụ lục 01", the next paragraph may name the area
    for block in blocks:
        if block.kind == PARAGRAPH:
            text = block.cells[0]
            if heading := tables.heading_of([text], standalone=True):
                rows.append(Row(block.line, [text]))
                appendix = area_from_heading(heading) is None and fold(heading).startswith("phu luc")
            elif appendix and text.strip():
                if area_from_heading(text):
                    rows.append(Row(block.line, [f"Phụ lục: {text}"]))
                appendix = False
            continue
        if block.kind != ROW:
            continue
        appendix = False
        if header.adopt(block.cells):
            rows.append(block)
            continue
        cells = _resolve_merges(block, header.columns or {}, above.get(block.table, []))
        above[block.table] = cells
        rows.append(Row(block.line, cells, ROW, block.table, notes=block.notes))
    return rows


def _resolve_merges(row: Row, columns: dict[str, int], above: list[str]) -> list[str]:
    """A merged cell repeats the cell above on a row that starts an item; else it is empty.

    The number and level cells of a merge are "the same item as above": empty.
    """
    if not row.merged:
        return list(row.cells)
    structure = {columns[k] for k in _STRUCTURE if k in columns}
    starts = _starts_item(row, columns)
    cells = list(row.cells)
    for index in row.merged:
        if index < len(cells):
            inherit = starts and index not in structure and index < len(above)
            cells[index] = above[index] if inherit else ""
    return cells


def _starts_item(row: Row, columns: dict[str, int]) -> bool:
    def filled(key: str) -> bool:
        index = columns.get(key)
        return index is not None and index < len(row.cells) and index not in row.merged and bool(row.cells[index].strip())

    if "ref" in columns and filled("ref"):
        return True
    return any(filled(level) for level in ("objective", "task", "activity")) or \
        ("ref" not in columns and filled("text"))


# -- notices ------------------------------------------------------------------------------


def _notices(rows: list[Row], read: TableRead) -> None:
    headers = [row for row in rows if tables.header_columns(row.cells)]
    ignored = list(dict.fromkeys(shown(name) for row in headers for name in tables.ignored_columns(row.cells)))
    if ignored:
        read.notices.append(_("columns that report progress were not read: {names}").format(names=", ".join(ignored)))
    if headers and not any("lead" in tables.header_columns(row.cells) for row in headers):
        read.notices.append(flag_no_lead(read.tasks, headers[0].cells))


def flag_no_lead(tasks: list[TaskDraft], header: list[str]) -> str:
    """Flags every task of a table with no lead-agency column; the notice that says so."""
    for task in tasks:
        task.review.append(_("the plan names no lead agency (no such column)"))
    names = " | ".join(shown(c) for c in header if c.strip())
    return _("the task table has no lead-agency column ({header}); every task is flagged, "
             "set the lead agencies before chasing anyone").format(header=names)
