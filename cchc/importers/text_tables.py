"""Tab-separated appendix tables in a text export (Hoàng Sơn, An Lão, Mù Cỏ)."""

from __future__ import annotations

from cchc.importers import hierarchical, tables
from cchc.importers.draft import ImportWarning, TaskDraft
from cchc.importers.tables import Row


def text_rows(lines: list[str]) -> list[Row]:
    """Tab lines as table rows; heading lines ("Phụ lục số 02: …") as one-cell rows.

    Other lines (narrative, blank) are dropped: they are never table rows.
    """
    rows = []
    for number, line in enumerate(lines, 1):
        if "\t" in line:
            rows.append(Row(number, line.split("\t")))
        elif tables.heading_of([line], standalone=True):
            rows.append(Row(number, [line]))
    return rows


def first_header(rows: list[Row]) -> dict[str, int] | None:
    for row in rows:
        if len(row.cells) > 1:
            columns = tables.header_columns(row.cells)
            if columns:
                return columns
    return None


def parse_tasks(lines: list[str]) -> tuple[list[TaskDraft], list[ImportWarning]]:
    """Tasks from the tab tables of a text export (one-level or hierarchical)."""
    rows = text_rows(lines)
    columns = first_header(rows)
    if columns is None:
        return [], []
    if tables.is_hierarchical(columns):
        return hierarchical.parse_rows(rows)
    return tables.parse_rows(rows)
