"""Tab-separated appendix tables in a text export (Hoàng Sơn, An Lão, Mù Cỏ)."""

from __future__ import annotations

from cchc.domain.vocabulary import area_from_heading
from cchc.importers import hierarchical, tables
from cchc.importers.draft import ImportWarning, TaskDraft
from cchc.importers.tables import Row
from cchc.domain.text import fold


def text_rows(lines: list[str]) -> list[Row]:
    """Tab lines as table rows; heading lines ("Phụ lục số 02: …") as one-cell rows.

    Other lines (narrative, blank) are dropped: they are never table rows.
    """
    rows: list[Row] = []
    appendix = False  # after a bare "Phụ lục 01", the next line may name the area
    for number, line in enumerate(lines, 1):
        if "\t" in line:
            rows.append(Row(number, line.split("\t")))
            appendix = False
        elif heading := tables.heading_of([line], standalone=True):
            rows.append(Row(number, [line]))
            appendix = area_from_heading(heading) is None and fold(heading).startswith("phu luc")
        elif appendix and line.strip():
            if area_from_heading(line):
                rows.append(Row(number, [f"Phụ lục: {line}"]))
            appendix = False
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
