"""What every reader turns its document into: a sequence of blocks.

A block is a paragraph (one cell), a table row (its cells) or a page break,
with the line (text), row (sheet) or paragraph number where it starts. Rows
carry the table they belong to and the cells the layout proves are merged
with the cell above (a Word vertical merge). Everything after the blocks —
headers, sections, continuation rows, areas, levels, parents, tasks — is
decided once, in cchc/importers/pipeline.py, whatever the format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

PARAGRAPH, ROW, PAGE = "paragraph", "row", "page"


@dataclass
class Row:
    line: int | None  # 1-based source line, sheet row or paragraph number
    cells: list[str]
    kind: str = ROW  # PARAGRAPH | ROW | PAGE
    table: int | None = None  # which table of the document (rows only)
    merged: frozenset[int] = field(default_factory=frozenset)  # cells continuing the cell above
    notes: list[str] = field(default_factory=list)  # what a reader already knows needs review

    @property
    def text(self) -> str:
        return " ".join(c for c in self.cells if c.strip())


def paragraph(line: int | None, text: str) -> Row:
    return Row(line, [text], PARAGRAPH)


# -- text layouts -----------------------------------------------------------------

_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")  # |---|:--:|
_PIPE_SPLIT = re.compile(r"(?<!\\)\|")
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")


def text_blocks(lines: list[str]) -> list[Row]:
    """The blocks of a text export: tab rows, pipe rows, one-cell-per-line rows, paragraphs."""
    out: list[Row] = []
    table = -1
    previous = None  # the layout of the line before, to number tables
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if stripped == "|":
            table += 1
            i = _cell_per_line(lines, i, table, out)
            previous = None
            continue
        if "\t" in line:
            kind, cells = "tab", line.split("\t")
        elif _is_pipe_row(stripped):
            if _RULE.match(stripped):
                i += 1
                continue
            kind, cells = "pipe", _pipe_cells(stripped)
        else:
            kind, cells = None, []
        if kind:
            if kind != previous:
                table += 1
            out.append(Row(i + 1, cells, ROW, table))
        elif stripped:
            out.append(paragraph(i + 1, line))
        previous = kind if kind else (previous if not stripped else previous)
        i += 1
    return out


def _is_pipe_row(stripped: str) -> bool:
    return stripped.startswith("|") and stripped.count("|") >= 2


def _pipe_cells(stripped: str) -> list[str]:
    body = stripped[1:-1] if stripped.endswith("|") and len(stripped) > 1 else stripped[1:]
    cells = [c.replace("\\|", "|") for c in _PIPE_SPLIT.split(body)]
    return [unbold(c).strip() for c in cells]


def unbold(text: str) -> str:
    return _BOLD.sub(lambda m: m.group(1) or m.group(2), text)


def _cell_per_line(lines: list[str], start: int, table: int, out: list[Row]) -> int:
    """Rows of cells written one per line between "|" lines; a blank line ends a row.

    Returns the index after the run. Rows run together without blank lines are
    cut to the width of the header they start with.
    """
    i, rows = start, []
    cells: list[str] | None = None  # cells of the row being read
    current: list[str] = []
    row_line = start + 1
    while i < len(lines):
        stripped = lines[i].strip()
        if stripped == "|":
            if cells is None:
                cells, row_line = [], i + 1
            else:
                cells.append("\n".join(current))
            current = []
        elif not stripped:
            if cells is not None and not current:
                rows.append((row_line, cells))
                cells = None
            elif cells is None and _next_is_separator(lines, i):
                pass
            elif cells is None:
                break
        elif cells is None:
            break  # text after the table
        else:
            current.append(unbold(stripped))
        i += 1
    if cells is not None:
        if current:
            cells.append("\n".join(current))
        rows.append((row_line, cells))
    for row_line, row_cells in rows:
        width = _header_width(row_cells)
        if width and len(row_cells) > 2 * width:  # the whole table as one run of cells
            out += [Row(row_line, row_cells[k:k + width], ROW, table) for k in range(0, len(row_cells), width)]
        else:
            out.append(Row(row_line, row_cells, ROW, table))
    return i


def _header_width(cells: list[str]) -> int:
    """How many leading cells name a column, when they make a header; else 0."""
    from cchc.domain import table_columns
    from cchc.importers.tables import clean_cell, header_columns

    width = 0
    while width < len(cells) and table_columns.column_of(clean_cell(cells[width])):
        width += 1
    return width if width > 1 and header_columns(cells[:width]) else 0


def _next_is_separator(lines: list[str], i: int) -> bool:
    for line in lines[i + 1:]:
        if line.strip():
            return line.strip() == "|"
    return False
