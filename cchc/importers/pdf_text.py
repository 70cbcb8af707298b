"""Plans extracted from PDF as text (Kỳ Lạc): table cells broken into short lines, with no separator.

The table's header is learned from its first occurrence (cchc/importers/
pdf_header.py), and wherever the same lines come again a page begins. Rows
start at their number ("1", "2.1") or, in a hierarchical table, at a numbered
item whose number names its column ("2.1." sits in "2- Nhiệm vụ"); the lines
after the deepest item of a row are its detail cells, told apart in the
header's order (cchc/importers/pdf_cells.py). Text after a repeated header
goes on from the cells the page break cut (cchc/importers/pdf_breaks.py).
The rows then go, as table rows under the plan's own header, to the shared
table pipeline, which decides levels, parents and areas; what the text cannot
settle goes with the row as a review note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cchc.domain.text import fold, nfc
from cchc.importers.pdf_cells import tidy
from cchc.domain.vocabulary import area_from_heading
from cchc.i18n import _
from cchc.importers.blocks import Row as Block
from cchc.importers.draft import ImportWarning, TaskDraft
from cchc.importers.pdf_header import Layout, find_layout, header_end

_BARE = re.compile(r"^\d{1,2}(?:\.\d{1,2})?\.?$")
_TT_ITEM = re.compile(r"^(\d{1,2}\.\d{1,2})\s+(\d\.\d{1,2}\..*)$")
_ITEM = re.compile(r"^(\d\.\d{1,2})(?:\.\s*|\s+|(?=[^\W\d_]))(.*)$")
_MID_ITEM = re.compile(r"\s(\d\.\d{1,2})\.\s")
_SECTION = re.compile(r"^(I|II|III|IV|V|VI|VII|VIII|IX|X)\.?\s+(\S+\s+\S.{4,})$")
_GROUP = re.compile(r"^(\d{1,2})\s+(\S.{15,})$")
DEPTH = {"objective": 1, "task": 2, "activity": 3}


@dataclass
class Item:
    """One numbered item (or one row of a one-level table) and the lines printed for it."""

    level: str
    ref: str
    area: str
    section: int
    group: int  # the table row (TT) it is printed in
    tt: str
    line: int
    page: int
    lines: list[str] = field(default_factory=list)
    tails: list[tuple[int, str]] = field(default_factory=list)  # after a page header, before the next item
    cells: dict[str, list[str]] = field(default_factory=dict)  # column -> its lines, once told apart
    review: list[str] = field(default_factory=list)
    numbered: bool = True  # its first line began with its number


def looks_like(text: str) -> bool:
    """A PDF text dump of a task table: a header of column names in short lines, numbered rows, no tabs."""
    lines = text.split("\n")
    if sum("\t" in line for line in lines) > 2:
        return False
    found = find_layout(lines)
    if found is None:
        return False
    layout, _start, end = found
    rows = sum(bool(_BARE.match(nfc(line)) or _ITEM.match(nfc(line))) for line in lines[end:])
    return rows >= 3


def parse_tasks(lines: list[str], period: int | tuple[int, int]
                ) -> tuple[list[TaskDraft], list[ImportWarning]]:
    """The items of the table, through the shared table pipeline."""
    from cchc.importers.pipeline import read_tables

    blocks, warnings = as_blocks(lines, period)
    read = read_tables(blocks)
    return (read.tasks, warnings + read.warnings) if read else ([], warnings)


def as_blocks(lines: list[str], period: int | tuple[int, int]) -> tuple[list[Block], list[ImportWarning]]:
    """The table as blocks: its header, a heading row per section, a row per item with its cells."""
    from cchc.importers import pdf_items

    warnings: list[ImportWarning] = []
    found = find_layout(lines)
    if found is None:
        return [], warnings
    layout, _start, end = found
    items = read_items(lines, layout, end, warnings)
    return pdf_items.blocks(items, layout, lines, period, warnings), warnings


# --- reading the lines into items -------------------------------------------------


def _next_nonblank(lines: list[str], i: int) -> int | None:
    while i < len(lines):
        if lines[i].strip():
            return i
        i += 1
    return None


def _section_title(text: str) -> str | None:
    """"CẢI CÁCH THỂ CHẾ" of "II CẢI CÁCH THỂ CHẾ" (capitals only), else None."""
    match = _SECTION.match(text)
    return match.group(2) if match and match.group(2) == match.group(2).upper() else None


class _Reader:
    def __init__(self, layout: Layout, warnings: list[ImportWarning]):
        self.layout = layout
        self.hierarchical = bool(layout.levels)
        self.items: list[Item] = []
        self.warnings = warnings
        self.area: str | None = None
        self.section = self.group = self.page = 0
        self.tt = ""
        self.last = 0  # the number of the last row of a one-level table
        self.open = False  # lines go to the last item
        self.broken = False  # a page header came inside the last item's row

    def item(self, level: str, ref: str, text: str, line: int, numbered: bool = True) -> None:
        if self.area is None:
            self.warnings.append(ImportWarning(line, text, _("numbered item outside a known reform area")))
            return
        self.items.append(Item(level, ref, self.area, self.section, self.group, self.tt, line, self.page,
                               [text] if text else [], numbered=numbered))
        self.open, self.broken = True, False

    def item_line(self, text: str, line: int) -> None:
        tt_item = _TT_ITEM.match(text)
        if tt_item:
            self.new_group(tt_item.group(1))
            text = tt_item.group(2)
        number, rest = _ITEM.match(text).groups()
        level = self.layout.numbers[number[0]]
        mid = _MID_ITEM.search(rest)
        deeper = mid and self.layout.numbers.get(mid.group(1)[0]) and mid.group(1)[0] > number[0]
        if deeper:
            self.item(level, number, rest[:mid.start()].strip(), line)
            self.item(self.layout.numbers[mid.group(1)[0]], mid.group(1), rest[mid.end():].strip(), line)
        else:
            self.item(level, number, rest.strip(), line)

    def new_group(self, tt: str = "") -> None:
        self.group += 1
        self.tt, self.open, self.broken = tt, False, False
        self.last = _row_number(tt) or self.last

    def text(self, text: str, line: int) -> None:
        if self.broken:
            self.items[-1].tails.append((line, text))
        elif self.open:
            self.items[-1].lines.append(text)
        elif self.tt and self.area:  # a row whose first cell has no number
            if self.hierarchical:
                self.item(self.layout.levels[0], f"TT {self.tt}", text, line, numbered=False)
                self.items[-1].review.append(_("objective has no number in the plan"))
            else:
                self.item("task", self.tt, text, line, numbered=False)
        elif self.area:
            self.warnings.append(ImportWarning(line, text, _("text outside any numbered row")))

    def page_break(self) -> None:
        self.page += 1
        self.broken = self.open

    def is_item(self, text: str) -> bool:
        match = _TT_ITEM.match(text) or _ITEM.match(text)
        if not (self.hierarchical and match):
            return False
        number = match.group(2)[:1] if match.re is _TT_ITEM else match.group(1)[:1]
        return number in self.layout.numbers

    def is_tt(self, lines: list[str], i: int, text: str) -> bool:
        """A bare row number ("3", "2.1"); "06" in "06 / tháng / cuối năm" is not."""
        if not _BARE.match(text):
            return False
        if not self.hierarchical:  # the next row's number, in sequence ("2025" ending a deadline is not)
            return _row_number(text) == self.last + 1 or (not self.tt and _row_number(text) == 1)
        if "." in text.rstrip("."):
            return True
        nxt = _next_nonblank(lines, i + 1)
        if nxt is None:
            return True
        after = nfc(lines[nxt])
        return bool(_BARE.match(after) or self.is_item(after) or _section_title(after) or _GROUP.match(after))


def _row_number(text: str) -> int:
    head = text.rstrip(".").split(".")[0]
    return int(head) if head.isdigit() else 0


def read_items(lines: list[str], layout: Layout, start: int, warnings: list[ImportWarning]) -> list[Item]:
    reader = _Reader(layout, warnings)
    i = start
    while i < len(lines):
        text = tidy(lines[i])
        end = header_end(layout, lines, i) if text else None
        if end is not None:
            reader.page_break()
            i = end
            continue
        if text:
            _feed(reader, lines, i, text)
        i += 1
    return reader.items


def _feed(reader: _Reader, lines: list[str], i: int, text: str) -> None:
    title = _section_title(text)
    if title:
        reader.area = area_from_heading(title)
        reader.section += 1
        reader.new_group()
        reader.tt = ""
        if reader.area is None:
            reader.warnings.append(ImportWarning(i + 1, text, _("section heading names no reform area")))
    elif reader.is_tt(lines, i, text):
        reader.new_group(text)
    elif reader.is_item(text):
        reader.item_line(text, i + 1)
    elif reader.hierarchical and (group := _GROUP.match(text)) and group.group(2)[0].isupper():
        reader.new_group()  # "1 Ứng dụng công nghệ thông tin …": a sub-heading
    else:
        reader.text(text, i + 1)


def is_leaf(items: list[Item], n: int) -> bool:
    """The deepest item of its row: the detail cells follow it."""
    item = items[n]
    nxt = items[n + 1] if n + 1 < len(items) else None
    return nxt is None or nxt.section != item.section or item.level not in DEPTH or \
        DEPTH.get(nxt.level, 0) <= DEPTH[item.level]


def fold_words(text: str) -> list[str]:
    return fold(text).split()
