"""PDF plans with a text layer (Word's "Save as PDF", LibreOffice, signed PDFs): blocks by position.

pdfplumber finds each table from its ruling lines and the characters'
positions (a page with no ruled table: pdf_borderless.py reads a table with no
ruling lines from the words' positions); each table row becomes a row block, the text outside the tables
paragraph blocks in reading order, and each page ends with a page break. Words
wrapped inside a cell are joined with a space, a word broken because the cell
was too narrow for it without one, and lines starting with "-" keep their line
break (the parts of a compound deadline). A vertical merge is named in
`Row.merged` when the cell above reaches down into the row. A PDF with no text
layer (a scan) is refused: cchc does no character recognition.
"""

from __future__ import annotations

import io

from cchc.domain.errors import ImportRefused
from cchc.i18n import _
from cchc.importers.blocks import PAGE, ROW, Row, paragraph
from cchc.importers.draft import PlanDraft

_BULLETS = "-+•*\u2013"
_FULL = 0.85  # a one-word line this close to the cell's width was cut by the cell edge
_PAD = 4  # points of cell padding on each side


def read_pdf(data: bytes, name: str) -> PlanDraft:
    from cchc.importers.docx_reader import _period, fill_from_file_name
    from cchc.importers.metadata import read_metadata
    from cchc.importers.plan_text import _indicators, read_tasks

    blocks, lines = pdf_blocks(data, name)
    draft = read_metadata(lines)
    fill_from_file_name(draft, name)
    period = _period(draft)
    read_tasks(draft, blocks, lines, period, name)
    draft.indicators = _indicators("\n".join(lines), period, draft.warnings)
    return draft


def pdf_blocks(data: bytes, name: str) -> tuple[list[Row], list[str]]:
    """(blocks, text lines) of a PDF; ImportRefused when it is damaged, too long or scanned."""
    from cchc.importers.readers import MAX_PDF_PAGES

    if not data.startswith(b"%PDF"):
        raise _damaged(name)
    import pdfplumber

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_PDF_PAGES:
                raise ImportRefused(_("{name}: {n} pages; a plan has far fewer (the limit is {limit})")
                                    .format(name=name, n=len(pdf.pages), limit=MAX_PDF_PAGES))
            reader = _Reader()
            for page in pdf.pages:
                reader.page(page)
    except ImportRefused:
        raise
    except Exception:  # noqa: BLE001 — any failure to parse an untrusted file is "damaged"
        raise _damaged(name) from None
    if not reader.chars:
        raise ImportRefused(_("{name}: a scanned PDF with no text layer; cchc cannot read images. "
                              "Import the Word file, or a PDF saved from it").format(name=name))
    return reader.blocks, reader.lines


def _damaged(name: str) -> ImportRefused:
    return ImportRefused(_("{name}: damaged, or not really a PDF file; open it and save it again as PDF")
                         .format(name=name))


class _Reader:
    def __init__(self) -> None:
        self.blocks: list[Row] = []
        self.lines: list[str] = []
        self.chars = 0
        self.tables = 0
        self.columns: list[float] = []  # where a borderless table's columns start

    def page(self, page) -> None:
        chars = _Chars(page.chars)
        self.chars += len(page.chars)
        tables = page.find_tables()
        if not tables and self._borderless(page):
            return
        placed: list[tuple[float, int, Row]] = []
        for order, found in enumerate(tables):
            self.tables += 1
            placed += [(top, order, row) for top, row in _table_rows(chars, found, self.tables)]
        outside = page.filter(lambda obj: not any(_inside(obj, t.bbox) for t in tables))
        for line in outside.extract_text_lines(return_chars=False):
            placed.append((line["top"], -1, paragraph(None, line["text"])))
        self._add([row for _top, _order, row in sorted(placed, key=lambda p: (p[0], p[1]))])

    def _add(self, rows: list[Row]) -> None:
        for row in rows:
            self.lines.append(row.cells[0] if row.kind != ROW else "\t".join(c.replace("\n", " ") for c in row.cells))
            row.line = len(self.lines)
            self.blocks.append(row)
        self.blocks.append(Row(None, [], PAGE))

    def _borderless(self, page) -> bool:
        """A table with no ruling lines, read from the words' positions (pdf_borderless.py); False if none.

        Its columns carry over to the pages after the one where its header is."""
        from cchc.importers import pdf_borderless as borderless

        lines = borderless.page_lines(page)
        start = borderless.header_at(lines)
        if start is not None:  # a short page of the same table shows fewer of its columns
            found = borderless.columns_of(lines[start:])
            self.tables += not self.columns
            self.columns = found if len(found) >= len(self.columns) else self.columns
        elif self.columns:
            start = 0
        if start is None or len(self.columns) < 2:
            return False
        rows = [paragraph(None, " ".join(s.text for s in line.segments)) for line in lines[:start]]
        rows += [Row(None, [_joined(cell) for cell in cells], ROW, self.tables)
                 for cells in borderless.rows_of(lines[start:], self.columns)]
        self._add(rows)
        return True


class _Chars:
    """A page's characters by the height of their centre, to find those of a cell quickly."""

    def __init__(self, chars: list[dict]):
        self.chars = sorted(chars, key=_middle)
        self.middles = [_middle(c) for c in self.chars]

    def inside(self, box) -> list[dict]:
        """The characters whose centre is in `box` (cell edges overlap a little), in page order."""
        from bisect import bisect_left, bisect_right

        x0, top, x1, bottom = box
        band = self.chars[bisect_left(self.middles, top):bisect_right(self.middles, bottom)]
        found = [c for c in band if x0 <= (c["x0"] + c["x1"]) / 2 <= x1]
        return sorted(found, key=lambda c: (round(c["top"]), c["x0"]))


def _middle(char: dict) -> float:
    return (char["top"] + char["bottom"]) / 2


def _inside(obj, bbox) -> bool:
    x0, top, x1, bottom = bbox
    return obj.get("x0", 0) >= x0 - 1 and obj.get("x1", 0) <= x1 + 1 and \
        obj.get("top", 0) >= top - 1 and obj.get("bottom", 0) <= bottom + 1


def _table_rows(chars: _Chars, table, number: int) -> list[tuple[float, Row]]:
    out = []
    spans: list[tuple[float, float, float]] = []  # (x0, x1, bottom) of cells seen so far
    for row in table.rows:
        boxes = row.cells
        top = min(box[1] for box in boxes if box is not None)
        texts, merged = [], set()
        for index, box in enumerate(boxes):
            if box is None:
                texts.append("")
                if _merged_from_above(boxes, index, top, spans):
                    merged.add(index)
                continue
            texts.append(_cell_text(chars.inside(box), box))
            spans.append((box[0], box[2], box[3]))
        out.append((top, Row(None, texts, ROW, number, frozenset(merged))))
    return out


def _merged_from_above(boxes, index: int, top: float, spans) -> bool:
    """Does a cell of an earlier row cover this grid position (a vertical merge)?"""
    left = next((b for b in reversed(boxes[:index]) if b is not None), None)
    x = (left[2] if left is not None else min(b[0] for b in boxes if b is not None)) + 1
    return any(x0 <= x <= x1 and bottom > top + 1 for x0, x1, bottom in spans)


def _cell_text(chars: list[dict], box) -> str:
    from pdfplumber.utils.text import chars_to_textmap

    if not chars:
        return ""
    width = box[2] - box[0] - 2 * _PAD
    text, previous_cut = "", False
    for line in chars_to_textmap(chars).extract_text_lines(return_chars=False):
        part = line["text"].strip()
        if not part:
            continue
        if not text:
            text = part
        elif part[0] in _BULLETS:
            text += "\n" + part
        elif previous_cut or (text.endswith("-") and text[-2:-1] not in (" ", "")):
            text += part  # "NĐ-" / "CP": the line broke after a hyphen
        else:
            text += " " + part
        previous_cut = " " not in part and (line["x1"] - line["x0"]) >= _FULL * width
    return text


def _joined(lines: list[str]) -> str:
    """A cell's lines as one text, as in a ruled cell: list items on their own lines, "NĐ-" / "CP" one word."""
    text = ""
    for part in lines:
        if not text:
            text = part
        elif part[0] in _BULLETS:
            text += "\n" + part
        elif text.endswith("-") and text[-2:-1] not in (" ", ""):
            text += part
        else:
            text += " " + part
    return text
