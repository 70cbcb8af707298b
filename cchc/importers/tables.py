"""Rows of cells -> TaskDrafts: the one-level table model, and the cell rules every table shares.

cchc/importers/pipeline.py hands it the rows of every reader (header rows,
section headings, data rows, continuation rows), merges already resolved; a
hierarchical table goes to cchc/importers/hierarchical.py, which uses the
same header, heading and cell rules from here.
"""

from __future__ import annotations

import re
import unicodedata

from cchc.domain import table_columns
from cchc.domain.vocabulary import area_code, area_from_heading
from cchc.i18n import _
from cchc.importers.blocks import Row
from cchc.importers.draft import ImportWarning, TaskDraft
from cchc.domain.text import fold, strip_html


_CONTENT = {"text", "objective", "task", "activity"}
DETAILS = ("product", "lead", "cooperating", "deadline", "budget")

_BREAK_TAGS = re.compile(r"<\s*(?:br|/p|/li|li|/div|/tr)\b[^>]*>", re.I)
_SPACES = re.compile(r"[ \t\u00a0\u200b\u3000]+")
_ROMAN = re.compile(r"^(?:x{0,2})(?:ix|iv|v?i{0,3})$")
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")


def tidy(text: str, keep_lines: bool = False) -> str:
    """NFC, spaces collapsed; line breaks kept only when they carry meaning."""
    lines = (_SPACES.sub(" ", ln).strip() for ln in unicodedata.normalize("NFC", text).splitlines())
    return ("\n" if keep_lines else " ").join(ln for ln in lines if ln)


def clean_cell(raw: str, keep_lines: bool = False) -> str:
    """Cell text without HTML debris; `keep_lines` for deadline cells."""
    if "<" in raw or "&" in raw:
        raw = strip_html(_BREAK_TAGS.sub("\n", raw))
    return tidy(raw, keep_lines)


def clean_agency(text: str) -> str:
    """'- Phòng Kinh tế.' -> 'Phòng Kinh tế' (otherwise as written)."""
    return re.sub(r"[\s.;,]+$", "", re.sub(r"^[\s\-\u2013\u2014+•*]+", "", text))


def split_cooperating(cell: str) -> list[str]:
    from cchc.domain.agencies import split_agencies

    return split_agencies(cell)


def column_of(cell: str) -> str | None:
    """The field a header cell names (cchc/domain/table_columns.py); None for data and ignored columns."""
    key = table_columns.column_of(clean_cell(cell))
    return None if key == table_columns.PROGRESS else key


def ignored_columns(cells: list[str]) -> list[str]:
    """The header cells naming progress columns (Tiến độ, Kết quả hiện nay): read by nobody."""
    return [clean_cell(c) for c in cells if table_columns.column_of(clean_cell(c)) == table_columns.PROGRESS]


_LONGEST_HEADER = 200  # characters of a raw header cell (HTML and spaces included)


def header_columns(cells: list[str]) -> dict[str, int] | None:
    """field -> column index when `cells` is a header row, else None."""
    columns: dict[str, int] = {}
    named = 0
    for index, cell in enumerate(cells):
        key = table_columns.column_of(clean_cell(cell)) if len(cell) <= _LONGEST_HEADER else None
        named += key is not None
        starts = key == "deadline" and "deadline" in columns and \
            table_columns.names_start(cells[columns["deadline"]]) and not table_columns.names_start(cell)
        if key and key != table_columns.PROGRESS and (key not in columns or starts):
            columns[key] = index
    filled = sum(1 for cell in cells if cell.strip())
    if len(columns) >= 2 and 2 * named >= filled and _CONTENT & columns.keys():
        return columns
    return None


def repeats_header(names: list[str], current: list[str]) -> bool:
    """A header repeated at a page break with cells missing (often TT): its names are the current
    header's, in the same order, some left out. The columns stay."""
    rest = iter(current)
    return len(names) < len(current) and all(name in rest for name in names)


def is_hierarchical(columns: dict[str, int]) -> bool:
    return "objective" in columns or "activity" in columns


def heading_of(cells: list[str], standalone: bool = False) -> str | None:
    """The heading text when the row is a section heading ("I. …", "Phụ lục 02 …").

    `standalone` is for a line outside any table, where an all-capitals line
    naming an area ("CẢI CÁCH THỂ CHẾ") also counts.
    """
    parts = list(dict.fromkeys(p for p in (clean_cell(c) for c in cells) if p))  # merged cells repeat
    if not parts or len(parts) > 2 or not cells[0].strip():  # a row with an empty first cell goes on above
        return None
    text = " ".join(parts).strip("* ")
    folded = fold(text)
    if not folded or len(text) > 250:
        return None
    if folded.startswith("phu luc") or _roman_start(parts[0].strip("* ")) or _letter_start(parts[0]):
        return text
    if standalone and text.upper() == text and area_from_heading(text):
        return text
    return None


def _roman_start(text: str) -> bool:
    """'II' alone in its cell, or 'IV. …' / 'IV) …' — not the word 'Vì'."""
    match = re.match(r"([IVX]+)(?:$|\s*[.):](?!\w)|\s)", text)
    return bool(match and _ROMAN.match(match.group(1).lower()))


def _letter_start(text: str) -> bool:
    """'A', 'B.' alone in the first cell: a lettered section ("A | NHIỆM VỤ TRỌNG TÂM")."""
    return bool(re.fullmatch(r"[A-ZĐ][.)]?", text.strip("* ")))


def is_subheading(text: str) -> bool:
    """A lettered section heading: it names an area or leaves the current one."""
    return _letter_start(text.split()[0]) if text.split() else False


_FILLER = re.compile(r"^[\s.…·_\-–—*+=/,;:]*$")


def is_filler(values: dict[str, str]) -> bool:
    """A row of dots or dashes ("…", "- - -"): room left for writing, not a task."""
    filled = [v for v in values.values() if v]
    return bool(filled) and all(_FILLER.match(v) for v in filled)


_AREA_ROW = 80  # characters: a longer text is a task about an area, not its heading


def names_an_area(values: dict[str, str], text_key: str) -> bool:
    """"1 | CẢI CÁCH THỂ CHẾ" with no other cell: a section numbered like a task."""
    text = values.get(text_key, "")
    others = [v for k, v in values.items() if v and k not in ("ref", text_key)]
    return bool(text) and not others and area_from_heading(text) is not None and \
        (text.upper() == text or len(text) <= _AREA_ROW and fold(text).startswith(_AREA_WORDS))


_AREA_WORDS = ("cai cach", "cong tac chi dao", "xay dung", "phat trien chinh quyen", "chi dao")


def values_of(cells: list[str], columns: dict[str, int]) -> dict[str, str]:
    """field -> cleaned cell text, for the fields the header names."""
    values = {}
    for name, index in columns.items():
        raw = cells[index] if index < len(cells) else ""
        values[name] = clean_cell(raw, keep_lines=name == "deadline")
    return values


def is_column_numbers(values: dict[str, str]) -> bool:
    """The '(1) (2) (3) …' row under some headers."""
    filled = [v for v in values.values() if v]
    return len(filled) >= 3 and all(_COLUMN_NUMBER.match(v) for v in filled)


def join_cell(above: str, below: str, name: str) -> str:
    """Rejoin a cell broken across a page break."""
    if not above or not below:
        return above or below
    bullet = name == "deadline" and below[:1] in "-+•*\u2013"
    return above + ("\n" if bullet else " ") + below


_COOP_LABEL = re.compile(r"[-.;,\s]*\bph[ốo]i\s+h[ợo]p\s*:\s*", re.I)
_LEAD_LABEL = re.compile(r"^\s*[-+•*]?\s*ch[ủu]\s+tr[ìi]\s*:\s*", re.I)


def _labelled_agencies(lead: str, cooperating: str) -> tuple[str, str]:
    """One "Cơ quan thực hiện" cell holding both: "Chủ trì: Phòng X. Phối hợp: Phòng Y"."""
    parts = _COOP_LABEL.split(lead, maxsplit=1)
    if len(parts) == 2:
        lead, cooperating = parts[0], "; ".join(p for p in (parts[1], cooperating) if p)
    return clean_agency(_LEAD_LABEL.sub("", lead)), cooperating


def make_task(area: str, level: str, ref: str, values: dict[str, str], line: int | None,
              parent: int | None = None) -> TaskDraft:
    lead, cooperating = _labelled_agencies(values.get("lead", ""), values.get("cooperating", ""))
    task = TaskDraft(
        area=area, level=level, ref=ref, text=values.get("text", ""),
        product=values.get("product", ""), lead_agency=lead,
        cooperating=split_cooperating(cooperating),
        deadline_text=values.get("deadline", ""), budget=values.get("budget", ""),
        parent=parent, line=line,
    )
    if re.search(r";|\n", lead):
        task.review.append(_("more than one lead agency"))
    return task


class AreaTracker:
    """The current area: set by headings, or by an explicit area column."""

    def __init__(self, warnings: list[ImportWarning]):
        self.area: str | None = None
        self.warnings = warnings

    def heading(self, text: str) -> None:
        area = area_from_heading(text)
        if area or not is_subheading(text):
            self.area = area

    def resolve(self, values: dict[str, str], line: int | None, text: str) -> tuple[str, list[str]]:
        """(area, review notes) for a row."""
        explicit = values.get("area", "")
        if explicit:
            code = area_code(explicit)
            if code:
                return code, []
            self.warnings.append(ImportWarning(line, explicit, _("unknown area; using the heading above")))
        if self.area:
            return self.area, []
        guess = area_from_heading(text) or "chi-dao"
        self.warnings.append(ImportWarning(line, text[:80],
                                           _("no area heading above this row; guessed {area}").format(area=guess)))
        return guess, [_("area not stated in the plan; guessed {area}").format(area=guess)]


class Header:
    """The header in force: a new header replaces it, a header repeated with cells missing does not."""

    def __init__(self) -> None:
        self.columns: dict[str, int] | None = None
        self.names: list[str] = []  # the header's cells, folded
        self.fresh = False  # the row before was a header row

    def adopt(self, cells: list[str]) -> bool:
        """True when `cells` is a header row (taken, or skipped as a repeat), or its second row."""
        columns = header_columns(cells)
        if not columns:
            second = self.fresh and self.refine(cells)
            self.fresh = second
            return second
        names = [fold(clean_cell(c)) for c in cells if c.strip()]
        if not repeats_header(names, self.names):
            self.columns, self.names = dict(columns), names
        self.fresh = True
        return True

    def refine(self, cells: list[str]) -> bool:
        """Take the sub-columns a second header row names ("Chủ trì | Phối hợp", "Bắt đầu | Hoàn thành")."""
        named = {i: table_columns.sub_column_of(clean_cell(c)) for i, c in enumerate(cells) if c.strip()}
        if not named or None in named.values() or table_columns.PROGRESS in named.values():
            return False
        for index, key in named.items():
            if key == "start":
                if self.columns.get("deadline") == index:
                    del self.columns["deadline"]
            elif key not in ("ref", "text", "objective", "task", "activity"):
                self.columns[key] = index
        return True


def no_lead_note() -> str:
    return _("no lead agency found")


class _FlatTable:
    """One level of tasks: TT, Nội dung, Chủ trì, Phối hợp, Thời gian, Sản phẩm…"""

    def __init__(self) -> None:
        self.header = Header()
        self.tasks: list[TaskDraft] = []
        self.warnings: list[ImportWarning] = []
        self.areas = AreaTracker(self.warnings)
        self.pending: tuple[int | None, dict[str, str]] | None = None

    @property
    def columns(self) -> dict[str, int] | None:
        return self.header.columns

    def feed(self, row: Row) -> None:
        before = self.columns
        if self.header.adopt(row.cells):
            if self.columns != before:
                self.flush()
            return
        heading = heading_of(row.cells, standalone=len(row.cells) == 1)
        if heading:
            self.flush()
            self.areas.heading(heading)
            return
        if self.columns is None:
            return
        values = values_of(row.cells, self.columns)
        if not any(values.values()) or is_column_numbers(values) or is_filler(values):
            return
        text_key = "text" if "text" in self.columns else "task"
        if names_an_area(values, text_key):
            self.flush()
            self.areas.heading(values[text_key])
            return
        continued = not values["ref"] if "ref" in self.columns else not values.get(text_key)
        if continued:
            self.continue_row(row, values)
        else:
            self.flush()
            self.pending = (row.line, values)

    def continue_row(self, row: Row, values: dict[str, str]) -> None:
        if self.pending is None:
            self.warnings.append(ImportWarning(row.line, " | ".join(v for v in values.values() if v)[:80],
                                               _("continuation row with no row above; skipped")))
            return
        line, above = self.pending
        self.pending = (line, {k: join_cell(above.get(k, ""), v, k) for k, v in values.items()})

    def flush(self) -> None:
        if self.pending is None:
            return
        line, values = self.pending
        self.pending = None
        if "text" not in values:
            values["text"] = values.get("task", "")
        area, review = self.areas.resolve(values, line, values["text"])
        task = make_task(area, "task", values.get("ref", ""), values, line)
        task.review[:0] = review
        if not task.text:
            self.warnings.append(ImportWarning(line, task.ref, _("numbered row with no content")))
            task.review.append(_("no content in the plan"))
        if "lead" in values and not task.lead_agency:
            task.review.append(no_lead_note())
        self.tasks.append(task)


def check_unique_refs(tasks: list[TaskDraft], warnings: list[ImportWarning]) -> None:
    seen: set[tuple[str, str, str]] = set()
    for task in tasks:
        key = (task.area, task.level, task.ref)
        if task.ref and key in seen:
            warnings.append(ImportWarning(task.line, task.ref, _("number '{ref}' repeats in area {area}")
                                          .format(ref=task.ref, area=task.area)))
            task.review.append(_("number repeats in this area"))
        seen.add(key)


def parse_rows(rows: list[Row]) -> tuple[list[TaskDraft], list[ImportWarning]]:
    """TaskDrafts (level "task") from the rows of one-level tables."""
    table = _FlatTable()
    for row in rows:
        table.feed(row)
    table.flush()
    check_unique_refs(table.tasks, table.warnings)
    return table.tasks, table.warnings
