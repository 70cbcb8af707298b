"""Task lists written without a table, turned into table rows for the pipeline.

Two layouts, often together:
- labelled lists: a numbered task paragraph ("1. Ban hành …", "Hoạt động 2 …")
  followed by lines such as "- Cơ quan chủ trì: …", "Thời gian thực hiện: …",
  a label sometimes broken across two lines ("- Cơ quan chủ" / "trì: …");
  lines after a label that start with "-" or a small letter go on with it;
- tasks grouped under their lead agency as a heading ("1. Phòng Kinh tế" then
  "- …" or "a) …" items): the heading is the lead of every item under it.
Labels are the header names of cchc/domain/table_columns.py. A numbered
paragraph with no label and no agency heading above stays a paragraph, so
prose is never read as tasks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cchc.domain import table_columns
from cchc.domain.agencies import looks_like_agency
from cchc.domain.text import fold
from cchc.importers.blocks import PARAGRAPH, ROW, Row
from cchc.importers.tables import heading_of
from cchc.domain.vocabulary import area_from_heading

_DETAILS = ("product", "lead", "cooperating", "deadline", "budget")
_LABELS = _DETAILS + ("ref",)
_HEADER_NAMES = {"product": "Sản phẩm", "lead": "Cơ quan chủ trì", "cooperating": "Cơ quan phối hợp",
                 "deadline": "Thời gian hoàn thành", "budget": "Kinh phí"}
_LEVEL_NAMES = {"objective": "Mục tiêu", "task": "Nhiệm vụ", "activity": "Hoạt động"}
_LABEL = re.compile(r"^\s*[-+•*\u2013]?\s*([^:\uff1a]{2,60}?)\s*[:\uff1a]\s*(.*)$")
_NUMBERED = re.compile(r"^\s*((?:[IVX]+\.)?\d{1,2}(?:\.(?:\d{1,2}|[a-zđ]))*\.?|[a-zđ]\))\s+(\S.*)$")
_MARKER = re.compile(r"^\s*(m[uụ]c\s+ti[eê]u|nhi[eệ]m\s+v[uụ]|ho[aạ]t\s+[dđ][oộ]ng)(?:\s+\d|\s*:\s*(\S.*))", re.I)
_BULLET = re.compile(r"^\s*[-+•*\u2013]\s+(\S.*)$")
_MARKER_LEVEL = {"muc tieu": "objective", "nhiem vu": "task", "hoat dong": "activity"}
_HEADING_WORDS = 9  # "Ủy ban Mặt trận Tổ quốc Việt Nam xã"; a longer line is a sentence
_AREA_WORDS = 8  # "Cải cách thủ tục hành chính": a longer line naming an area is a task
_BROKEN_LABEL = 40  # characters: a label line broken before its colon is short


@dataclass
class _Item:
    line: int | None
    ref: str
    text: str
    level: str | None  # None in a one-level list
    values: dict[str, str] = field(default_factory=dict)
    labelled: bool = False
    source: list[Row] = field(default_factory=list)


def label_of(text: str) -> tuple[str, str] | None:
    """(field, value) of a label line ("- Cơ quan chủ trì: Phòng X"), else None."""
    match = _LABEL.match(text)
    if not match:
        return None
    key = table_columns.column_of(match.group(1))
    return (key, match.group(2).strip()) if key in _LABELS else None


def as_rows(blocks: list[Row]) -> list[Row]:
    """`blocks` with their labelled or agency-grouped task lists replaced by table rows."""
    paragraphs = _join_broken_labels(blocks)
    reader = _Reader()
    for block in paragraphs:
        reader.feed(block)
    reader.flush()
    items = [item for item in reader.items if isinstance(item, _Item)]
    if sum(item.labelled and item.level is None or bool(item.values) for item in items) < 2:
        return blocks
    return _rows(reader.items, items)


def _join_broken_labels(blocks: list[Row]) -> list[Row]:
    out: list[Row] = []
    skip = False
    for i, block in enumerate(blocks):
        if skip:
            skip = False
            continue
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if block.kind == PARAGRAPH and nxt is not None and nxt.kind == PARAGRAPH:
            text, after = block.cells[0].strip(), nxt.cells[0].strip()
            if ":" not in text and len(text) <= _BROKEN_LABEL and label_of(text) is None \
                    and label_of(f"{text} {after}") and not label_of(after):
                out.append(Row(block.line, [f"{text} {after}"], PARAGRAPH))
                skip = True
                continue
        out.append(block)
    return out


class _Reader:
    def __init__(self) -> None:
        self.items: list[_Item | Row] = []  # items and the blocks left as they are
        self.item: _Item | None = None
        self.open: str | None = None  # the field the last label opened
        self.lead: str | None = None  # the agency heading the items are under
        self.group = ""
        self.counter = 0

    def feed(self, block: Row) -> None:
        if block.kind != PARAGRAPH:
            self.flush()
            self.lead = None
            self.items.append(block)
            return
        text = block.cells[0].strip()
        label = label_of(text)
        if label and self.item is not None and label[0] == "ref":
            self.item.ref = label[1]
            self.item.source.append(block)
        elif label and self.item is not None:
            key, value = label
            self.item.values[key] = _join(self.item.values.get(key, ""), value, key)
            self.item.labelled, self.open = True, key
            self.item.source.append(block)
        elif heading_of([text], standalone=True) and not _is_agency_heading(text):
            self.flush()
            self.lead = None
            self.items.append(block)
        elif (agency := _is_agency_heading(text)) and not label:
            self.flush()
            self.lead, self.counter = agency
            self.group = _NUMBERED.match(text).group(1).rstrip(".") + "." if _NUMBERED.match(text) else ""
            self.items.append(block)
        elif item := self._new_item(block, text):
            self.flush()
            self.item, self.open = item, None
        elif self.item is not None and self._continues(text):
            self._append(text)
            self.item.source.append(block)
        else:
            self.flush()
            self.lead = None  # prose ends a group of items under an agency
            self.items.append(block)

    def _new_item(self, block: Row, text: str) -> _Item | None:
        marker = _MARKER.match(text)
        if marker:
            level = _MARKER_LEVEL[" ".join(fold(marker.group(1)).split())]
            return _Item(block.line, "", marker.group(2) or text, level, labelled=True, source=[block])
        numbered = _NUMBERED.match(text)
        bullet = _BULLET.match(text) if self.lead else None
        if numbered:
            return _Item(block.line, numbered.group(1), numbered.group(2), None, source=[block])
        if bullet:
            self.counter += 1
            return _Item(block.line, f"{self.group}{self.counter}", bullet.group(1), None, source=[block])
        return None

    def _continues(self, text: str) -> bool:
        """A line after an item goes on with it: before any label, or a "-" part / a small letter after one."""
        if self.open is None:
            return not _BULLET.match(text) or self.lead is None
        return text[:1] in "-+•*\u2013" or text[:1].islower()

    def _append(self, text: str) -> None:
        if self.open is None:
            self.item.text = f"{self.item.text} {text}"
        else:
            self.item.values[self.open] = _join(self.item.values[self.open], text, self.open)

    def flush(self) -> None:
        item, self.item, self.open = self.item, None, None
        if item is None:
            return
        if self.lead and "lead" not in item.values:
            item.values["lead"], item.labelled = self.lead, True
        if item.labelled:
            self.items.append(item)
        elif len(item.source) == 1 and len(item.text.split()) <= _AREA_WORDS and area_from_heading(item.text):
            # "1. Cải cách thể chế" over labelled items: a section, numbered as the items are
            self.items.append(Row(item.line, [f"Phụ lục: {item.text}"]))
        else:
            self.items.extend(item.source)


def _is_agency_heading(text: str) -> tuple[str, int] | None:
    """("Phòng Kinh tế", 0) for "1. Phòng Kinh tế" or "Phòng Kinh tế:" standing alone."""
    numbered = _NUMBERED.match(text)
    body = numbered.group(2) if numbered else text
    if not (numbered or body.rstrip().endswith(":")) or not body[:1].isupper():
        return None  # a heading is numbered or ends with a colon
    body = body.strip().rstrip(":").strip()
    if len(body.split()) > _HEADING_WORDS or body.endswith((".", ";")) or ":" in body:
        return None
    return (body, 0) if looks_like_agency(body) else None


def _join(above: str, more: str, key: str) -> str:
    if not above:
        return more
    return above + ("\n" if key == "deadline" and more[:1] in "-+•*\u2013" else " ") + more


def _rows(blocks: list[_Item | Row], items: list[_Item]) -> list[Row]:
    """The items as rows under one header naming the columns they use."""
    levels = [lv for lv in _LEVEL_NAMES if any(item.level == lv for item in items)]
    details = [key for key in _DETAILS if any(key in item.values for item in items)]
    if "lead" not in details:
        details.insert(0, "lead")
    names = ["TT"] + ([_LEVEL_NAMES[lv] for lv in levels] or ["Nội dung"]) + [_HEADER_NAMES[k] for k in details]
    out: list[Row] = []
    header_done = False
    for block in blocks:
        if isinstance(block, Row):
            out.append(block)
            continue
        if not header_done:
            out.append(Row(block.line, names, ROW, table=-1))
            header_done = True
        if levels:
            content = ["" if block.level != lv else block.text for lv in levels]
            ref = block.ref
        else:
            content, ref = [block.text], block.ref
        out.append(Row(block.line, [ref] + content + [block.values.get(k, "") for k in details], ROW, table=-1))
    return out
