"""A PDF table with no ruling lines (as some document systems print): its cells from the words' positions.

A page's text lines are cut into segments where the gap between two
characters is wider than a space. The table begins at the first line whose
segments name the columns (tables.header_columns). Its columns start at the
x-positions where segments of several of its lines start; a row begins where
the first column has text or the line sits farther below the previous line
than lines of one cell do. Lines of one cell are joined as in a ruled table
(pdf_reader._join_line). The lines above the table are paragraphs.
"""

from __future__ import annotations

from dataclasses import dataclass

from cchc.importers import tables

_GAP = 2.0  # a gap this many times the font size's space (about a quarter em) splits a line
_SAME_X = 3.0  # points: segment starts this close are one column's
_LEAST = 3  # lines whose segments start at an x before it is a column
_ROW_GAP = 1.3  # a line this many times the pitch of a cell's lines below the previous one starts a row


@dataclass
class Segment:
    x0: float
    text: str


@dataclass
class Line:
    top: float
    segments: list[Segment]


def page_lines(page) -> list[Line]:
    out = []
    for line in page.extract_text_lines(return_chars=True):
        chars = [c for c in line["chars"] if c["text"].strip() or c["text"] == " "]
        if chars:
            out.append(Line(line["top"], _segments(chars)))
    return out


def _segments(chars: list[dict]) -> list[Segment]:
    segments: list[Segment] = []
    text, start, previous = "", chars[0]["x0"], None
    for char in chars:
        if char["text"] == " ":
            text += " "
            continue
        if previous is not None and (char["text"], char["x0"]) == (previous["text"], previous["x0"]):
            continue  # pdfplumber lists an expanded ligature ("ﬁ") twice
        space = _GAP * 0.25 * char.get("size", 10)
        if previous is not None and char["x0"] - previous["x1"] > space and text.strip():
            segments.append(Segment(start, text.strip()))
            text, start = "", char["x0"]
        elif previous is not None and char["x0"] - previous["x1"] > 0.15 * char.get("size", 10) and \
                not text.endswith(" "):
            text += " "  # a space the PDF draws as a gap
        if not text:
            start = char["x0"]
        text += char["text"]
        previous = char
    if text.strip():
        segments.append(Segment(start, text.strip()))
    return segments


def header_at(lines: list[Line]) -> int | None:
    """The index of the line that names the table's columns (the first of its header row), or None."""
    for index, line in enumerate(lines):
        if len(line.segments) >= 3 and tables.header_columns([s.text for s in line.segments]):
            return index
    return None


def columns_of(lines: list[Line]) -> list[float]:
    """Where the columns start: x-positions at which segments of several lines start, and the header
    cells (lines[0], perhaps centred) under which no such position is (a column seldom filled: TT)."""
    starts = sorted(s.x0 for line in lines for s in line.segments)
    clusters: list[list[float]] = []
    for x in starts:
        if clusters and x - clusters[-1][-1] <= _SAME_X:
            clusters[-1].append(x)
        else:
            clusters.append([x])
    columns = [min(c) for c in clusters if len(c) >= _LEAST]
    header = [s.x0 for s in lines[0].segments] + [float("inf")]
    for x0, after in zip(header, header[1:]):
        if not any(x0 - _SAME_X <= x < after - _SAME_X for x in columns):
            columns.append(x0)
    return sorted(columns)


def rows_of(lines: list[Line], columns: list[float]) -> list[list[list[str]]]:
    """The table's rows, each a list of cells, each the lines of text in it."""
    pitches = sorted(b.top - a.top for a, b in zip(lines, lines[1:]) if b.top > a.top)
    pitch = pitches[len(pitches) // 4] if pitches else 0.0  # most lines follow one of their cell
    rows: list[list[list[str]]] = []
    previous = None
    for line in lines:
        cells: list[list[str]] = [[] for _ in columns]
        for segment in line.segments:
            cells[_column(segment.x0, columns)].append(segment.text)
        starts = bool(cells[0]) or previous is None or line.top - previous > _ROW_GAP * pitch
        previous = line.top
        if starts or not rows:
            rows.append([[] for _ in columns])
        for cell, parts in zip(rows[-1], cells):
            if parts:
                cell.append(" ".join(parts))
    return rows


def _column(x0: float, columns: list[float]) -> int:
    return max((n for n, start in enumerate(columns) if start <= x0 + _SAME_X), default=0)
