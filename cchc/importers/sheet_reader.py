"""Spreadsheet plans (.xlsx, .csv): the columns of cchc/domain/sheet_columns.py, found by header name.

Two layouts:
- the cchc format (a Cấp/level column, as `cchc template` and `cchc export`
  write it): one row per objective, task or activity, parents by their TT;
- an officer's own task list laid out like a Word table (TT, Nội dung, Cơ quan
  chủ trì…, maybe Mục tiêu / Nhiệm vụ / Hoạt động columns): handed, with a
  canonical header, to the table parsers shared with the text and Word readers.
Areas come from a Lĩnh vực column or from section rows (only the first cell
filled, naming an area). Commune and year come from the title block above the
header (cchc/domain/sheet_columns.py TITLE_FIELDS, or "KẾ HOẠCH" and a title line),
else from the file name. Trạng thái / Ngày hoàn thành / Tài liệu kiểm chứng
are not applied (one warning says so). `TaskDraft.line` is the row number.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

from cchc.domain import sheet_columns as sc
from cchc.domain.vocabulary import AREAS, area_from_heading
from cchc.domain.errors import ImportRefused
from cchc.i18n import _
from cchc.importers import tables, zipsafe
from cchc.importers.docx_reader import fill_from_file_name
from cchc.importers.draft import ImportWarning, PlanDraft, TaskDraft
from cchc.importers.metadata import commune_in, read_metadata
from cchc.importers.blocks import ROW, Row
from cchc.importers.tables import AreaTracker, clean_cell, heading_of, join_cell
from cchc.domain.text import fold

HEADER_SEARCH = 30  # the header row is among the first rows
MAX_COLUMNS = 64
_CONTENT = ("text", "task", "objective", "activity")
_RANK = {"objective": 0, "task": 1, "activity": 2}


@dataclass
class Sheet:
    name: str
    rows: list[list[str]]
    beyond: int = 0  # rows with text after column MAX_COLUMNS, which is not read


def _columns(rows, text=lambda v: v) -> tuple[list[list[str]], int]:
    """Each row's first MAX_COLUMNS cells (as text), and how many rows had text after them."""
    kept, beyond = [], 0
    for row in rows:
        kept.append([text(v) for v in row[:MAX_COLUMNS]])
        beyond += any(text(v).strip() for v in row[MAX_COLUMNS:])
    return kept, beyond


@dataclass
class _Header:
    index: int  # 0-based row index in the sheet
    columns: dict[str, int]  # key -> column index


def read_xlsx(data: bytes, name: str) -> PlanDraft:
    zipsafe.check(data, name, ".xlsx")
    _count_rows(data, name)
    return read_sheets(_xlsx_sheets(data, name), name)


def _count_rows(data: bytes, name: str) -> None:
    """Refuse a workbook with more rows than a plan before openpyxl reads a cell."""
    import zipfile

    from cchc.importers.readers import check_rows

    rows = cells = 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                try:
                    xml = archive.read(info)
                except (zipfile.BadZipFile, OSError, EOFError, ValueError):
                    raise zipsafe.damaged(name, ".xlsx") from None
                rows += xml.count(b"<row ") + xml.count(b"<row>")
                cells += xml.count(b"<c ") + xml.count(b"<c>")
                check_rows(name, rows, cells)


def read_csv(data: bytes, name: str) -> PlanDraft:
    from cchc.importers.readers import check_rows

    text = _csv_text(data, name)
    check_rows(name, text.count("\n"), 0)
    parsed = [_csv_rows(text, d, name) for d in (",", ";", "\t")]
    # The delimiter whose header names the most columns (Excel in Vietnamese locales writes ';').
    rows, beyond = max(parsed, key=lambda read: len(header.columns) if (header := find_header(read[0])) else 0)
    return read_sheets([Sheet("", rows, beyond)], name)


# -- reading cells ------------------------------------------------------------


def _xlsx_sheets(data: bytes, name: str) -> list[Sheet]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheets = []
            for sheet in book.worksheets:
                sheet.reset_dimensions()  # some writers leave a wrong dimension
                sheets.append(Sheet(sheet.title, *_columns(sheet.iter_rows(values_only=True), cell_text)))
            return sheets
        finally:
            book.close()
    except ImportRefused:
        raise
    except Exception:  # noqa: BLE001 — any failure to parse an untrusted file is "damaged"
        raise zipsafe.damaged(name, ".xlsx") from None


def cell_text(value) -> str:
    """An Excel value as the officer sees it: dates dd/mm/yyyy, 12.0 -> 12."""
    if value is None:
        return ""
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        value = value.date()
    if isinstance(value, date) and not isinstance(value, datetime):
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unicodedata.normalize("NFC", str(value))


def _csv_text(data: bytes, name: str) -> str:
    if data.startswith((b"PK\x03\x04", zipsafe.OLE_MAGIC)):
        raise ImportRefused(_("{name}: an Excel workbook, not CSV text; save it as .xlsx and import that")
                            .format(name=name))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused(_("{name}: not UTF-8 text; in Excel use Save As 'CSV UTF-8 (Comma delimited)'")
                            .format(name=name)) from None
    if "\x00" in text:
        raise ImportRefused(_("{name}: a binary file, not CSV text").format(name=name))
    return unicodedata.normalize("NFC", text)


def _csv_rows(text: str, delimiter: str, name: str) -> tuple[list[list[str]], int]:
    try:
        return _columns(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise ImportRefused(_("{name}: not a readable CSV file ({error})").format(name=name, error=exc)) from None


# -- header -------------------------------------------------------------------


def header_keys(cells: list[str]) -> dict[str, int]:
    """key -> column index for the cells that name a column (ours, else a Word-table header)."""
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        if not cell.strip():
            continue
        column = sc.column_for(cell)
        key = column.key if column else tables.column_of(cell)
        if key and key not in columns:
            columns[key] = index
    return columns


def find_header(rows: list[list[str]]) -> _Header | None:
    for index, cells in enumerate(rows[:HEADER_SEARCH]):
        columns = header_keys(cells)
        if len(columns) >= 3 and any(k in columns for k in _CONTENT):
            return _Header(index, columns)
    return None


def _missing_columns(header: _Header) -> list:
    """The required columns a sheet's header lacks."""
    return [c for c in sc.COLUMNS if c.required and c.key not in header.columns
            and not (c.key == "text" and any(k in header.columns for k in _CONTENT))]


def _refuse_columns(sheet: Sheet, name: str, header: _Header | None) -> None:
    """ImportRefused naming the required columns the sheet lacks."""
    required = [c for c in sc.COLUMNS if c.required]
    if header is None:
        raise ImportRefused(_("{name}: no header row naming the columns {columns} in the first {n} rows; "
                              "see `cchc template`").format(
            name=name, columns=", ".join(c.label() for c in required), n=HEADER_SEARCH))
    missing = _missing_columns(header)
    if missing:
        where = _("sheet '{sheet}': ").format(sheet=sheet.name) if sheet.name else ""
        raise ImportRefused(_("{name}: {where}the header (row {row}) lacks the columns {missing}; "
                              "see `cchc template`").format(
            name=name, where=where, row=header.index + 1, missing=", ".join(c.label() for c in missing)))


# -- the sheets ---------------------------------------------------------------


def read_sheets(sheets: list[Sheet], name: str) -> PlanDraft:
    found = [(sheet, header) for sheet in sheets if (header := find_header(sheet.rows))]
    if not found:
        _refuse_columns(sheets[0] if sheets else Sheet("", []), name, None)
    complete = [(sheet, header) for sheet, header in found if not _missing_columns(header)]
    if not complete:  # no sheet is a whole task table: say what the first one lacks
        _refuse_columns(found[0][0], name, found[0][1])
    skipped = [sheet.name for sheet, header in found if _missing_columns(header)]
    found = complete
    first, header = found[0]
    draft = title_block(first.rows[:header.index])
    fill_from_file_name(draft, name)
    layout = _OwnRows() if "level" in header.columns else _TableRows()
    for sheet, header in found:
        layout.feed(sheet, header)
    draft.tasks, warnings = layout.finish()
    draft.warnings += warnings
    draft.notices += layout.notices
    if isinstance(layout, _OwnRows) and not any("lead" in h.columns for _sheet, h in found):
        from cchc.importers.pipeline import flag_no_lead

        draft.notices.append(flag_no_lead(draft.tasks, first.rows[found[0][1].index]))
    if skipped:  # a workbook's other tables (cchc's own Mốc thời gian, a summary): not the plan's tasks
        draft.notices.append(_("sheets not read, their header is not a task table's: {names}")
                             .format(names=", ".join(skipped)))
    for sheet, _header in found:
        if sheet.beyond:
            draft.warnings.append(ImportWarning(None, sheet.name or name, _(
                "{n} rows have text after column {limit}, which is not read").format(n=sheet.beyond, limit=MAX_COLUMNS)))
    if layout.progress:
        draft.warnings.append(ImportWarning(None, ", ".join(sc.BY_KEY[k].vi for k in sc.NOT_APPLIED), _(
            "{n} rows fill progress columns; an import does not apply them: "
            "record progress with `cchc done` and `cchc evidence`").format(n=layout.progress)))
    return draft


def section_code(cells: list[str], columns: dict[str, int]) -> str | None:
    """The area a section row names: only its first cell filled ("II. Cải cách thể chế", "tthc")."""
    if not cells or not cells[0].strip() or any(c.strip() for c in cells[1:]):
        return None
    text = clean_cell(cells[0])
    if fold(text) in AREAS:
        return fold(text)
    if heading_of([text], standalone=True) or columns.get("text", columns.get("task")) != 0:
        return area_from_heading(text) if len(text) <= 120 else None
    return None


@dataclass
class _Layout:
    rows: list[Row] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    progress: int = 0  # rows filling status / done on / evidence

    def count_progress(self, cells: list[str], columns: dict[str, int]) -> None:
        """Counts rows recording progress ("Chưa thực hiện" records none)."""
        filled = {k: cells[i].strip() for k, i in columns.items() if k in sc.NOT_APPLIED and i < len(cells)}
        if filled.get("done_on") or filled.get("evidence") or _started(filled.get("status", "")):
            self.progress += 1


class _TableRows(_Layout):
    """An officer's table: rows for the shared parsers, under a header they recognise."""

    def feed(self, sheet: Sheet, header: _Header) -> None:
        canonical = [""] * (max(header.columns.values()) + 1)
        for key, index in header.columns.items():
            canonical[index] = _CANONICAL.get(key, "")
        if sheet.name and (code := area_from_heading(sheet.name)):  # one sheet per area
            self.rows.append(Row(None, [f"Phụ lục: {AREAS[code]}"]))
        self.rows.append(Row(header.index + 1, canonical, ROW, 0))
        for number, cells in enumerate(sheet.rows[header.index + 1:], header.index + 2):
            if header_keys(cells) == header.columns:
                continue  # the header repeated
            code = section_code(cells, header.columns)
            if code and heading_of(cells) is None:
                cells = [f"Phụ lục: {AREAS[code]}"]
            self.count_progress(cells, header.columns)
            self.rows.append(Row(number, cells, ROW, 0))

    def finish(self) -> tuple[list[TaskDraft], list[ImportWarning]]:
        from cchc.importers.pipeline import read_tables

        read = read_tables(self.rows)
        if read is None:
            return [], []
        self.notices = read.notices
        return read.tasks, read.warnings


# What tables.column_of reads as each field.
_CANONICAL = {"area": "Lĩnh vực", "ref": "TT", "text": "Nội dung", "product": "Sản phẩm",
              "lead": "Cơ quan chủ trì", "cooperating": "Cơ quan phối hợp", "deadline": "Thời gian hoàn thành",
              "budget": "Kinh phí", "objective": "Mục tiêu", "task": "Nhiệm vụ", "activity": "Hoạt động"}


@dataclass
class _Item:
    line: int
    area: str
    level: str
    values: dict[str, str]
    review: list[str]


class _OwnRows(_Layout):
    """The cchc format: one row per item, its level in Cấp, its parent's TT in Cha."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[_Item] = []
        self.warnings: list[ImportWarning] = []
        self.areas = AreaTracker(self.warnings)

    def feed(self, sheet: Sheet, header: _Header) -> None:
        columns = header.columns
        if sheet.name and (code := area_from_heading(sheet.name)):
            self.areas.heading(AREAS[code])
        for number, cells in enumerate(sheet.rows[header.index + 1:], header.index + 2):
            if header_keys(cells) == columns:
                continue
            code = section_code(cells, columns)
            if code:
                self.areas.heading(AREAS[code])
                continue
            values = {k: clean_cell(cells[i] if i < len(cells) else "", keep_lines=k == "deadline")
                      for k, i in columns.items()}
            if not any(values.values()):
                continue
            self.count_progress(cells, columns)
            if not (values.get("ref") or values.get("text") or values.get("level")):
                self.continue_item(number, values)
            else:
                self.add_item(number, values)

    def add_item(self, line: int, values: dict[str, str]) -> None:
        review = []
        level = sc.level_code(values.get("level", ""))
        if level is None:
            self.warnings.append(ImportWarning(line, values["level"], _("unknown level; read as Nhiệm vụ")))
            level = "task"
            review.append(_("unknown level '{level}' in the sheet").format(level=values["level"]))
        area, notes = self.areas.resolve(values, line, values.get("text", ""))
        self.items.append(_Item(line, area, level, values, review + notes))

    def continue_item(self, line: int, values: dict[str, str]) -> None:
        if not self.items:
            self.warnings.append(ImportWarning(line, " | ".join(v for v in values.values() if v)[:80],
                                               _("row without TT or Nội dung and nothing above it; skipped")))
            return
        above = self.items[-1].values
        for key, text in values.items():
            if key not in ("area", "level", "parent"):
                above[key] = join_cell(above.get(key, ""), text, key)

    def finish(self) -> tuple[list[TaskDraft], list[ImportWarning]]:
        tasks = []
        for index, item in enumerate(self.items):
            parent = self.parent_of(index)
            task = tables.make_task(item.area, item.level, item.values.get("ref", ""), item.values, item.line, parent)
            task.review[:0] = item.review
            if not task.text:
                self.warnings.append(ImportWarning(item.line, task.ref, _("row with no Nội dung")))
                task.review.append(_("no content in the sheet"))
            tasks.append(task)
        tables.check_unique_refs(tasks, self.warnings)
        return tasks, self.warnings

    def parent_of(self, index: int) -> int | None:
        item = self.items[index]
        ref = _ref_key(item.values.get("parent", ""))
        if not ref:
            return None
        above = [j for j in range(index - 1, -1, -1)
                 if _ref_key(self.items[j].values.get("ref", "")) == ref
                 and _RANK[self.items[j].level] < _RANK[item.level]]
        same_area = [j for j in above if self.items[j].area == item.area]
        if same_area or above:
            return (same_area or above)[0]
        self.warnings.append(ImportWarning(item.line, item.values["parent"],
                                           _("no item with this TT above (Cha); stored without a parent")))
        item.review.append(_("parent '{ref}' not found in the sheet").format(ref=item.values["parent"]))
        return None


def _started(status: str) -> bool:
    from cchc.domain.errors import UserError
    from cchc.domain.vocabulary import parse_status

    try:
        return bool(status) and parse_status(status) != "not_started"
    except UserError:
        return True  # something is written there


def _ref_key(ref: str) -> str:
    return fold(ref).rstrip(".")


# -- title block ----------------------------------------------------------------


def title_block(rows: list[list[str]]) -> PlanDraft:
    """Metadata from the rows above the header: labelled cells, else plan-like lines."""
    labelled: dict[str, tuple[str, str]] = {}  # key -> (label, value)
    lines: list[str] = []
    for cells in rows:
        filled = [clean_cell(c) for c in cells if c.strip()]
        if not filled:
            continue
        label, value = filled[0], " ".join(filled[1:])
        if not value and ":" in label:
            label, value = (p.strip() for p in label.split(":", 1))
        key = sc.title_key(label)
        if key and value:
            labelled[key] = (label, value)
        elif not key:
            lines.extend(filled)
    draft = read_metadata(lines)
    _apply_labels(draft, labelled)
    if draft.commune and not draft.issuer:
        draft.issuer = "UBND " + draft.commune
    return draft


_YEARS = re.compile(r"^\s*(\d{4})\s*(?:[-\u2013/]\s*(\d{4}))?\s*$")


def _apply_labels(draft: PlanDraft, labelled: dict[str, tuple[str, str]]) -> None:
    if "title" in labelled:
        draft.title = labelled["title"][1]
    if "number" in labelled:
        draft.number = labelled["number"][1]
    if "commune" in labelled:
        label, value = labelled["commune"]
        draft.commune = commune_in(value) or f"{_unit_of(label)} {value}"
    if "year" in labelled:
        label, value = labelled["year"]
        match = _YEARS.match(value)
        if match and (not match.group(2) or int(match.group(2)) >= int(match.group(1))):
            draft.year_start, draft.year_end = int(match.group(1)), int(match.group(2) or match.group(1))
        else:
            draft.warnings.append(ImportWarning(None, f"{label}: {value}",
                                                _("not a year or a period like 2026-2030; ignored")))


def _unit_of(label: str) -> str:
    folded = fold(label)
    if "phuong" in folded or "ward" in folded:
        return "phường"
    return "thị trấn" if "thi tran" in folded else "xã"
