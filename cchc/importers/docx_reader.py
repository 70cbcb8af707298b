"""Word (.docx) plans: the body as blocks for the shared pipeline.

The body is walked in order. Each paragraph becomes a paragraph block (and a
line of the text rendering that the metadata and indicator readers read);
each row of a task table becomes a row block. Tables that are not task tables
(the letterhead, the signature block) count as paragraphs.

Word specifics resolved here:
- a cell merged across columns appears once, its other grid columns empty
  (a section heading merged across the row becomes a one-cell heading row);
- a cell merged down (vMerge) is empty in the rows below and named in
  `Row.merged`: the pipeline repeats it on rows that start an item (a lead
  agency merged over tasks 1-4 belongs to all four), never elsewhere;
- paragraphs and list items of a cell are lines (kept in deadline cells, so a
  compound deadline keeps its parts); a list item without its own dash gets
  "- "; a table nested in a cell is flattened to one line per row.
Before python-docx parses anything, the rows are counted and a document
declaring its own XML entities is refused (they would be dropped silently).
`TaskDraft.line` is the line number in the text rendering (paragraph or table row).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from cchc.domain.errors import ImportRefused
from cchc.importers import tables, zipsafe
from cchc.importers.blocks import ROW, Row, paragraph
from cchc.importers.draft import ImportWarning, PlanDraft
from cchc.importers.metadata import read_metadata
from cchc.i18n import _
from cchc.domain.text import fold

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Never document text: deleted runs, field codes, drawings (a text box inside
# mc:AlternateContent is stored twice), paragraph and run properties.
_SKIP = {W + "del", W + "delText", W + "instrText", W + "drawing", W + "pict", W + "object",
         W + "pPr", W + "rPr", _MC + "AlternateContent"}
_WRAPPERS = {W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag"}
_BULLET = re.compile(r"^\s*[-+•*\u2013\u2014]")


@dataclass
class Cell:
    text: str
    merged_down: bool = False  # continues the cell above (vMerge)
    spanned: bool = False  # a later grid column of a cell merged across


def read_docx(data: bytes, name: str) -> PlanDraft:
    from cchc.importers.plan_text import _indicators, read_tasks

    zipsafe.check(data, name, ".docx")
    _check_document_xml(data, name)
    doc = _Walker()
    for block in blocks(_body(data, name)):
        if block.tag == W + "p":
            doc.paragraph(paragraph_text(block))
        else:
            doc.table(grid(block))
    draft = read_metadata(doc.lines)
    fill_from_file_name(draft, name)
    period = _period(draft)
    read_tasks(draft, doc.blocks, doc.lines, period, name)
    draft.indicators = _indicators("\n".join(doc.lines), period, draft.warnings)
    return draft


def _check_document_xml(data: bytes, name: str) -> None:
    """Refuse, before parsing, a body with more rows than a plan or with its own XML entities."""
    import zipfile

    from cchc.importers.readers import check_rows

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        try:
            xml = archive.read("word/document.xml")
        except (KeyError, zipfile.BadZipFile, OSError, EOFError, ValueError):
            raise zipsafe.damaged(name, ".docx") from None
    if b"<!ENTITY" in xml or b"<!DOCTYPE" in xml:
        raise ImportRefused(_("{name}: the document declares its own XML entities, which Word never writes; "
                              "open it in Word and save it again").format(name=name))
    check_rows(name, xml.count(b"<w:tr>") + xml.count(b"<w:tr "), xml.count(b"<w:tc>") + xml.count(b"<w:tc "))


def _body(data: bytes, name: str):
    from docx import Document

    try:
        return Document(io.BytesIO(data)).element.body
    except Exception:  # noqa: BLE001 — any failure to parse an untrusted file is "damaged"
        raise zipsafe.damaged(name, ".docx") from None


def blocks(parent):
    """Paragraphs and tables of `parent` in document order (content controls opened)."""
    for child in parent:
        if child.tag in (W + "p", W + "tbl"):
            yield child
        elif child.tag in _WRAPPERS:
            yield from blocks(child)


def paragraph_text(p) -> str:
    parts: list[str] = []
    _collect(p, parts)
    text = "".join(parts)
    if _is_list_item(p) and text.strip() and not _BULLET.match(text):
        text = "- " + text
    return text


def _collect(element, parts: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag == W + "t":
            parts.append(child.text or "")
        elif tag in (W + "tab", W + "ptab"):
            parts.append("\t")
        elif tag in (W + "br", W + "cr"):
            parts.append("\n")
        elif tag == W + "noBreakHyphen":
            parts.append("-")
        elif tag not in _SKIP and isinstance(tag, str):
            _collect(child, parts)


def _is_list_item(p) -> bool:
    props = p.find(W + "pPr")
    if props is None:
        return False
    number = props.find(W + "numPr/" + W + "numId")
    if number is not None:
        return number.get(W + "val") != "0"
    style = props.find(W + "pStyle")
    return style is not None and (style.get(W + "val") or "").startswith(("ListBullet", "ListNumber"))


def cell_text(tc) -> str:
    lines: list[str] = []
    for block in blocks(tc):
        if block.tag == W + "p":
            lines.append(paragraph_text(block))
        else:  # a nested table: one line per row
            for row in grid(block):
                lines.append(" ".join(c.text.replace("\n", " ") for c in row
                                      if c.text.strip() and not c.merged_down and not c.spanned))
    return "\n".join(lines)


def grid(tbl) -> list[list[Cell]]:
    """The table as rows of grid cells, merges resolved (see the module docstring)."""
    rows: list[list[Cell]] = []
    above: list[Cell] = []
    for tr in _children(tbl, W + "tr"):
        row = [Cell("") for _ in range(_int(tr.find(f"{W}trPr/{W}gridBefore")))]
        for tc in _children(tr, W + "tc"):
            props = tc.find(W + "tcPr")
            span = max(1, _int(props.find(W + "gridSpan") if props is not None else None))
            vmerge = props.find(W + "vMerge") if props is not None else None
            continues = vmerge is not None and vmerge.get(W + "val", "continue") == "continue"
            if continues:
                text = above[len(row)].text if len(row) < len(above) else ""
            else:
                text = cell_text(tc)
            row += [Cell(text, continues, k > 0) for k in range(span)]
        rows.append(row)
        above = row
    return rows


def _children(element, tag: str):
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tag)


def _int(element, default: int = 0) -> int:
    if element is None:
        return default
    try:
        return int(element.get(W + "val"))
    except (TypeError, ValueError):
        return default


class _Walker:
    """Accumulates the blocks and the text rendering (`lines`) of the body."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.blocks: list[Row] = []
        self.tables = 0
        self.width = 0  # grid width of the last task table
        self.headed = False

    def paragraph(self, text: str) -> None:
        for line in text.split("\n"):
            self.lines.append(line)
            if line.strip():
                self.blocks.append(paragraph(len(self.lines), line.replace("\t", " ")))

    def table(self, rows: list[list[Cell]]) -> None:
        width = max((len(r) for r in rows), default=0)
        headed = any(tables.header_columns([c.text for c in r]) for r in rows)
        if not headed and not (self.headed and width == self.width):
            for row in rows:  # a layout table: its cells are paragraphs
                for cell in row:
                    if not cell.merged_down and not cell.spanned:
                        self.paragraph(cell.text)
            return
        self.width, self.headed = width, True
        self.tables += 1
        for row in rows:
            texts = ["" if c.spanned or c.merged_down else c.text for c in row]
            self.lines.append("\t".join(tables.tidy(c.text) for c in row))
            merged = frozenset(i for i, c in enumerate(row) if c.merged_down)
            self.blocks.append(Row(len(self.lines), texts, ROW, self.tables, merged))


# -- shared with the sheet reader ---------------------------------------------

_NAME_YEARS = re.compile(r"(?<!\d)(20\d\d)(?:\s*[-_\u2013]\s*(20\d\d))?(?!\d)")
_UNITS = {"xa": "xã", "phuong": "phường", "thi tran": "thị trấn"}


def fill_from_file_name(draft: PlanDraft, name: str) -> None:
    """Year and commune from a file name like 'xa-an-lao-2026.xlsx' when the document does not say."""
    stem = Path(name).stem
    filled = []
    years = _NAME_YEARS.search(stem)
    if draft.year_start is None and years:
        draft.year_start = int(years.group(1))
        draft.year_end = int(years.group(2) or years.group(1))
        filled.append(stem[years.start():years.end()])
    if not draft.commune:
        commune = _commune_in_name(stem[:years.start()] if years else stem)
        if commune:
            draft.commune = commune
            draft.issuer = draft.issuer or "UBND " + commune
            filled.insert(0, commune)
    if filled:
        draft.warnings.append(ImportWarning(None, Path(name).name, _(
            "taken from the file name: {values}; give --commune/--year if that is wrong")
            .format(values=", ".join(filled))))


def _commune_in_name(text: str) -> str:
    """'ke-hoach-xa-an-lao' -> 'xã An Lao' (accents only if the name has them)."""
    words = [w for w in re.split(r"[-_\s.]+", text) if w]
    for i in range(len(words)):
        for size in (2, 1):
            unit = fold(" ".join(words[i:i + size]))
            if unit in _UNITS and len(words) > i + size:
                rest = words[i + size:]
                return f"{_UNITS[unit]} " + " ".join(w[:1].upper() + w[1:] for w in rest)
    return ""


def _period(draft: PlanDraft) -> tuple[int, int]:
    if draft.year_start is None:  # the import will be refused without --year; read indicators anyway
        from cchc.state import today

        year = today().year
        return year, year
    return draft.year_start, draft.year_end or draft.year_start
