"""Plans extracted from PDF (Kỳ Lạc): table cells broken into short lines.

Cells follow each other with no separator, in column order: objective (1.x),
task (2.x), activity (3.x), product, lead, cooperating, deadline, budget.
Numbered items are recovered per section; the cells after the last item of a
row are told apart from the end: budget ("Theo dự toán được cấp"), deadline
(a phrase parse_deadline knows), then lead and cooperating agencies, then the
product. The items become table rows (blocks) under the plan's own header, so
that levels, parents and areas are decided by the shared pipeline; what
cannot be told apart goes with the row as a review note.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from cchc.domain.agencies import is_group, looks_like_agency, split_agencies
from cchc.domain.vocabulary import AREAS, area_from_heading
from cchc.domain.deadlines import parse_deadline
from cchc.i18n import _
from cchc.importers.blocks import ROW
from cchc.importers.blocks import Row as Block
from cchc.importers.draft import ImportWarning, TaskDraft
from cchc.domain.text import fold, nfc

LEVELS = {"1": "objective", "2": "task", "3": "activity"}
_HEADER = ("TT", "Mục tiêu", "Nhiệm vụ", "Hoạt động", "Sản phẩm", "Cơ quan chủ trì", "Cơ quan phối hợp",
           "Thời gian hoàn thành", "Kinh phí")
DEPTH = {"objective": 1, "task": 2, "activity": 3}

_BARE = re.compile(r"^\d{1,2}(?:\.\d{1,2})?$")
_TT_ITEM = re.compile(r"^(\d{1,2}\.\d{1,2})\s+([123]\.\d{1,2}\..*)$")
_ITEM = re.compile(r"^([123]\.\d{1,2})(?:\.\s*|\s+|(?=[^\W\d_]))(.*)$")
_MID_ITEM = re.compile(r"\s([123]\.\d{1,2})\.\s")
_SECTION = re.compile(r"^(I|II|III|IV|V|VI|VII)\.?\s+(\S+\s+\S.{4,})$")
_GROUP = re.compile(r"^(\d{1,2})\s+(\S.{15,})$")
_COLUMN = re.compile(r"^[1-8]\s*-\s*\w")
_ACRONYM = re.compile(r"^[A-ZĐ]{2,}\b")
_CELL_LINES = 30  # lead + cooperating cells never take more lines
_WIDE = 14  # characters: wider than any line of the product column
_DANGLING = {"các", "và", "của", "cho", "về", "tại", "với", "những", "cấp"}
_DEADLINE_WORDS = {"ngay", "thang", "thuong", "nam", "quy", "theo", "truoc", "trong", "ca",
                   "dinh", "hang", "sau", "cham", "tu", "hoan"}


@dataclass
class _Row:
    level: str
    ref: str
    area: str
    section: int
    group: int
    tt: str
    line: int
    lines: list[str] = field(default_factory=list)
    continued: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class _Cells:
    text: str
    product: str = ""
    lead: str = ""
    cooperating: list[str] = field(default_factory=list)
    deadline: str = ""
    budget: str = ""

    @property
    def found(self) -> bool:
        return bool(self.lead or self.deadline or self.budget)


def looks_like(text: str) -> bool:
    """A PDF text dump of the 8-column appendix ("1- Mục tiêu" … "8- Kinh phí")."""
    lines = [line.strip() for line in text.split("\n")]
    if sum("\t" in line for line in lines) > 2:
        return False
    columns = sum(bool(_COLUMN.match(line)) for line in lines)
    activities = sum(bool(re.match(r"3\.\d{1,2}\.?\s", line)) for line in lines)
    return "1- muc tieu" in fold(text) and columns >= 4 and activities >= 3


def parse_tasks(lines: list[str], period: int | tuple[int, int]
                ) -> tuple[list[TaskDraft], list[ImportWarning]]:
    """The items of the appendix, through the shared table pipeline."""
    from cchc.importers.pipeline import read_tables

    blocks, warnings = as_blocks(lines, period)
    read = read_tables(blocks)
    return (read.tasks, warnings + read.warnings) if read else ([], warnings)


def as_blocks(lines: list[str], period: int | tuple[int, int]) -> tuple[list[Block], list[ImportWarning]]:
    """The appendix as table rows: one per numbered item, its cells told apart, under the plan's header.

    What the line breaks cannot settle (cells shared by merged rows, text mixed
    after a page header) goes with the row as a note for review.
    """
    warnings: list[ImportWarning] = []
    rows = _read_rows(lines, warnings)
    cells = [_cells_of(row, _is_leaf(rows, n), period) for n, row in enumerate(rows)]
    tasks = [_draft(row, cell) for row, cell in zip(rows, cells)]
    _rejoin_page_breaks(rows, tasks)
    _share_merged_cells(rows, cells, tasks)
    _unique_refs(rows, tasks, warnings)
    blocks = [Block(None, list(_HEADER), ROW, 0)]
    section = None
    for row, task in zip(rows, tasks):
        if row.section != section:
            section = row.section
            blocks.append(Block(row.line, [f"Phụ lục: {AREAS[row.area]}"], ROW, 0))
        levels = [task.text if row.level == level else "" for level in DEPTH]
        details = [task.product, task.lead_agency, "; ".join(task.cooperating), task.deadline_text, task.budget]
        blocks.append(Block(row.line, [task.ref] + levels + details, ROW, 0, notes=task.review))
    return blocks, warnings


# --- reading the lines into numbered rows ------------------------------------

def _header_end(lines: list[str], i: int) -> int | None:
    """Index after a repeated column header starting at lines[i], or None."""
    text = fold(lines[i])
    if text == "tt":
        nxt = _next_nonblank(lines, i + 1)
        if nxt is None or not fold(lines[nxt]).startswith("1- muc tieu"):
            return None
    elif not text.startswith("1- muc tieu"):
        return None
    for j in range(i + 1, min(i + 40, len(lines))):  # 13 lines, blank lines between
        if fold(lines[j]).startswith("8- kinh"):
            nxt = _next_nonblank(lines, j + 1)
            return nxt + 1 if nxt is not None and fold(lines[nxt]) == "phi" else j + 1
    return None


def _next_nonblank(lines: list[str], i: int) -> int | None:
    while i < len(lines):
        if lines[i].strip():
            return i
        i += 1
    return None


def _is_tt(lines: list[str], i: int, text: str) -> bool:
    """A bare row number ("3", "2.1"); "06" in "06 / tháng / cuối năm" is not."""
    if not _BARE.match(text):
        return False
    if "." in text:
        return True
    nxt = _next_nonblank(lines, i + 1)
    if nxt is None:
        return True
    after = nfc(lines[nxt])
    return bool(_BARE.match(after) or _ITEM.match(after) or _TT_ITEM.match(after)
                or _section_title(after) or _GROUP.match(after))


def _section_title(text: str) -> str | None:
    """"CẢI CÁCH THỂ CHẾ" of "II CẢI CÁCH THỂ CHẾ" (capitals only), else None."""
    match = _SECTION.match(text)
    return match.group(2) if match and match.group(2) == match.group(2).upper() else None


class _Reader:
    def __init__(self, warnings: list[ImportWarning]):
        self.rows: list[_Row] = []
        self.warnings = warnings
        self.area: str | None = None
        self.section = self.group = 0
        self.tt = ""
        self.open = False  # lines go to the last row
        self.broken = False  # a page header came inside the last row

    def item(self, number: str, text: str, line: int) -> None:
        if self.area is None:
            self.warnings.append(ImportWarning(line, text, _("numbered item outside a known reform area")))
            return
        self.rows.append(_Row(LEVELS[number[0]], number, self.area, self.section, self.group,
                              self.tt, line, [text] if text else []))
        self.open, self.broken = True, False

    def item_line(self, text: str, line: int) -> None:
        tt_item = _TT_ITEM.match(text)
        if tt_item:
            self.new_group(tt_item.group(1))
            text = tt_item.group(2)
        number, rest = _ITEM.match(text).groups()
        mid = _MID_ITEM.search(rest)
        if mid and mid.group(1)[0] > number[0]:
            self.item(number, rest[:mid.start()].strip(), line)
            self.item(mid.group(1), rest[mid.end():].strip(), line)
        else:
            self.item(number, rest.strip(), line)

    def new_group(self, tt: str = "") -> None:
        self.group += 1
        self.tt, self.open, self.broken = tt, False, False

    def text(self, text: str, line: int) -> None:
        if self.broken:
            self.rows[-1].continued.append((line, text))
        elif self.open:
            self.rows[-1].lines.append(text)
        elif self.tt and self.area:  # a row whose objective cell has no number
            self.item("1", text, line)
            self.rows[-1].ref = f"TT {self.tt}"
        elif self.area:
            self.warnings.append(ImportWarning(line, text, _("text outside any numbered row")))

    def page_break(self) -> None:
        self.broken = self.open


def _read_rows(lines: list[str], warnings: list[ImportWarning]) -> list[_Row]:
    reader = _Reader(warnings)
    started = False
    i = 0
    while i < len(lines):
        text = nfc(lines[i])
        end = _header_end(lines, i) if text else None
        if end is not None:
            started = True
            reader.page_break()
            i = end
            continue
        if started and text:
            _feed(reader, lines, i, text)
        i += 1
    return reader.rows


def _feed(reader: _Reader, lines: list[str], i: int, text: str) -> None:
    title = _section_title(text)
    if title:
        reader.area = area_from_heading(title)
        reader.section += 1
        reader.new_group()
        if reader.area is None:
            reader.warnings.append(ImportWarning(i + 1, text, _("section heading names no reform area")))
    elif _is_tt(lines, i, text):
        reader.new_group(text)
    elif _TT_ITEM.match(text) or _ITEM.match(text):
        reader.item_line(text, i + 1)
    elif (group := _GROUP.match(text)) and group.group(2)[0].isupper():
        reader.new_group()  # "1 Ứng dụng công nghệ thông tin …": a sub-heading
    else:
        reader.text(text, i + 1)


# --- telling the cells of a row apart ----------------------------------------

def _is_leaf(rows: list[_Row], n: int) -> bool:
    """The deepest item of its row: the detail cells follow it."""
    row = rows[n]
    nxt = rows[n + 1] if n + 1 < len(rows) else None
    return nxt is None or nxt.section != row.section or DEPTH[nxt.level] <= DEPTH[row.level]


def _join(parts: list[str]) -> str:
    out = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        glue = "" if out.endswith("-") and not out.endswith(" -") else " "
        out = f"{out}{glue}{part}" if out else part
    return nfc(out)


def _cells_of(row: _Row, leaf: bool, period: int | tuple[int, int]) -> _Cells:
    lines = row.lines
    if not leaf or len(lines) < 2:
        return _Cells(_join(lines))
    end = _budget_start(lines)
    budget = _join(lines[end:]) if end is not None else ""
    end = len(lines) if end is None else end
    due = _deadline_start(lines, end, period)
    deadline = _join(lines[due:end]) if due is not None else ""
    end = end if due is None else due
    span = _agency_span(lines, end)
    lead, coop = "", []
    if span:
        lead = _join(lines[span[0]:span[1]])
        coop = split_agencies(_join(lines[span[1]:end])) if span[1] < end else []
        end = span[0]
    start = _product_start(lines, end)
    return _Cells(_join(lines[:start]), _join(lines[start:end]), lead, coop, deadline, budget)


def _budget_start(lines: list[str]) -> int | None:
    for b in range(1, len(lines)):
        if fold(_join(lines[b:b + 5])).startswith("theo du toan"):
            return b
    return None


def _deadline_start(lines: list[str], end: int, period: int | tuple[int, int]) -> int | None:
    """The earliest line (up to 6 back) that starts a deadline phrase ending at `end`."""
    best = None
    for start in range(end - 1, max(end - 7, 0), -1):
        head = lines[start].strip()
        words = fold(head).split()
        if not words or not (head[0].isupper() or head[0].isdigit()):
            continue
        if (words[0] in _DEADLINE_WORDS or words[0][0].isdigit()) and \
                _is_deadline(_join(lines[start:end]), period):
            best = start
    return best


def _is_deadline(text: str, period: int | tuple[int, int]) -> bool:
    return any(m.kind != "unspecified" for m in parse_deadline(text, period))


def _starts_cell(lines: list[str], k: int) -> bool:
    """Can an agency cell start here? Not after "HĐND-" or "…, các"."""
    text, before = lines[k].strip(), lines[k - 1].lower().split()
    dangling = before and (before[-1].endswith("-") or before[-1] in _DANGLING)
    return bool(text) and text[0].isupper() and not dangling


def _agency_span(lines: list[str], end: int) -> tuple[int, int] | None:
    """(lead start, cooperating start) of the agency cells just before `end`.

    The latest lead start wins, so a product such as "Trung tâm Phục vụ hành
    chính công xã phục vụ người dân…" is not taken for the lead; a lead broken
    as "Văn / phòng / UBND xã" is then grown back over its fragments.
    """
    starts = [k for k in range(max(1, end - _CELL_LINES), end) if _starts_cell(lines, k)]

    def ok(a: int, b: int) -> bool:
        return looks_like_agency(_join(lines[a:b]))

    def coop_ok(j: int) -> bool:  # "Các phòn chuyên môn" (sic) is still a group
        return j == end or ok(j, end) or fold(lines[j]).startswith("cac ")

    pairs = [(i, j) for i in starts for j in [*starts, end] if j > i and ok(i, j) and coop_ok(j)]
    pool = [p for p in pairs if p[1] < end] or pairs
    if not pool:
        return None
    lead = max(i for i, _ in pool)
    coop = min(j for i, j in pool if i == lead)
    for k in reversed([k for k in starts if k < lead]):
        if ok(k, lead) or not ok(k, coop):
            break
        lead = k
    return lead, coop


def _product_start(lines: list[str], end: int) -> int:
    """Where the product cell begins, or `end` when it cannot be seen.

    The activity column is wider than the product column, so the product is
    the first new phrase (capital or "-") after the last wide line. Lines
    starting with an acronym (TTHC, UBND) usually continue the activity. A
    product written in small letters ("duy trì, cải tiến …") starts after the
    line that ends the activity's sentence.
    """
    wide = [k for k in range(end) if len(lines[k].strip()) >= _WIDE]
    after = max(wide[-1] + 1 if wide else 1, 1)
    start = next((k for k in range(after, end) if _phrase_start(lines[k])), None)
    if start is None:
        start = next((k + 1 for k in range(after - 1, end - 1) if lines[k].rstrip().endswith((".", ";"))), end)
    return start


def _phrase_start(line: str) -> bool:
    text = line.strip()
    return bool(text) and (text.startswith("-") or text[0].isupper()) and not _ACRONYM.match(text)


# --- building the drafts -----------------------------------------------------

def _draft(row: _Row, cells: _Cells) -> TaskDraft:
    task = TaskDraft(area=row.area, level=row.level, ref=row.ref, text=cells.text,
                     product=cells.product, lead_agency=cells.lead,
                     cooperating=cells.cooperating, deadline_text=cells.deadline,
                     budget=cells.budget, line=row.line)
    if row.ref.startswith("TT "):
        task.review.append(_("objective has no number in the plan"))
    if cells.lead and is_group(cells.lead):
        task.review.append(_("lead is a group, not one agency"))
    return task


_CUT_WORDS = {"cac", "va", "cua", "cho", "ve", "tai", "voi", "nhung", "cap", "co", "thuoc", "trong", "theo",
              "duoc", "de", "tu", "den", "la", "tren", "vao", "hoac", "nham", "dam", "bao", "mot", "so"}


def _is_cut(text: str) -> bool:
    """Does a cell end mid-phrase ("… tại Trung", "… của các", "HĐND-")?"""
    words = text.split()
    if not words or text[-1] in ".;:!?)":
        return False
    last = words[-1]
    return fold(last) in _CUT_WORDS or last.endswith(("-", ",")) or \
        (last[0].isupper() and not last.isupper() and len(words) > 3)


def _rejoin_page_breaks(rows: list[_Row], tasks: list[TaskDraft]) -> None:
    """Text that goes on after a page header belongs to the cells of its row that were cut.

    The cut cells (objective, task, activity texts, then the product) take the
    lines in column order, each up to a line ending a sentence or before a new
    phrase; the last takes the rest. Each is flagged: the text of a PDF mixes
    the tails of cells printed side by side.
    """
    for n, row in enumerate(rows):
        if not row.continued:
            continue
        line = row.continued[0][0]
        parts = [text for _line, text in row.continued]
        group = [k for k in range(len(rows)) if (rows[k].section, rows[k].group) == (row.section, row.group)]
        cut = [(k, "text") for k in group if _is_cut(tasks[k].text)]
        cut += [(k, "product") for k in group if _is_cut(tasks[k].product)]
        if not cut:  # no cell ends visibly mid-phrase: the one text without a full stop goes on
            open_ = [(k, "text") for k in group if tasks[k].text and tasks[k].text[-1] not in ".;:!?)"]
            cut = open_ if len(open_) == 1 else []
        for index, (k, name) in enumerate(cut):
            taken = parts if index == len(cut) - 1 else _first_phrase(parts)
            parts = parts[len(taken):]
            _extend(tasks[k], name, taken)
        for k in dict.fromkeys([k for k, _name in cut] + [n]):
            tasks[k].review.append(_("row continues after a page break (line {line}); check the cells, the PDF "
                                     "text mixes them: {rest}").format(line=line, rest=_join([t for _l, t in row.continued])))


def _first_phrase(parts: list[str]) -> list[str]:
    """The leading lines up to one ending a sentence, or before a line starting a new phrase."""
    for i, part in enumerate(parts):
        if part.rstrip()[-1:] in ".;:!?" or (i + 1 < len(parts) and _phrase_start(parts[i + 1])):
            return parts[:i + 1]
    return parts


def _extend(task: TaskDraft, name: str, parts: list[str]) -> None:
    if parts:
        setattr(task, name, _join([getattr(task, name), *parts]))


def _share_merged_cells(rows: list[_Row], cells: list[_Cells], tasks: list[TaskDraft]) -> None:
    """A leaf missing detail cells shares those of a sibling (merged cells)."""
    for n, task in enumerate(tasks):
        if not _is_leaf(rows, n):
            continue
        if not cells[n].found:
            donor = _sibling(rows, n, lambda k: cells[k].found)
            if donor is not None:
                _copy_details(tasks[donor], task)
                task.review.append(_("details shared with {ref} (merged cell)").format(ref=tasks[donor].ref))
        elif not task.lead_agency:
            donor = _sibling(rows, n, lambda k: bool(cells[k].lead))
            if donor is not None:
                task.lead_agency, task.cooperating = cells[donor].lead, list(cells[donor].cooperating)
                task.review.append(_("lead agency shared with {ref} (merged cell)").format(ref=tasks[donor].ref))
        if not task.deadline_text:
            task.review.append(_("no deadline found"))


def _sibling(rows: list[_Row], n: int, has: Callable[[int], bool]) -> int | None:
    """The next item of the same level and row with `has`, else the previous one."""
    same = [k for k in range(len(rows)) if k != n and rows[k].group == rows[n].group
            and rows[k].level == rows[n].level and has(k)]
    later = [k for k in same if k > n]
    return later[0] if later else (same[-1] if same else None)


def _copy_details(donor: TaskDraft, task: TaskDraft) -> None:
    task.lead_agency, task.cooperating = donor.lead_agency, list(donor.cooperating)
    task.deadline_text, task.budget = donor.deadline_text, donor.budget
    task.product = task.product or donor.product


def _unique_refs(rows: list[_Row], tasks: list[TaskDraft], warnings: list[ImportWarning]) -> None:
    """Numbering restarts inside some sections; qualify a repeat with its row number."""
    seen: set[tuple[str, str, str]] = set()
    for row, task in zip(rows, tasks):
        if (task.area, task.level, task.ref) in seen:
            task.ref = f"{task.ref} (TT {row.tt})" if row.tt else f"{task.ref} (line {task.line})"
            warnings.append(ImportWarning(task.line, task.text[:60],
                                          _("number {ref} repeats in its section").format(ref=row.ref)))
        seen.add((task.area, task.level, task.ref))
