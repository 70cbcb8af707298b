"""`cchc export json|csv|xlsx`: one plan's tasks, milestones, statuses, evidence and indicator values.

The .csv and .xlsx files have exactly the columns of cchc/domain/sheet_columns.py and
its title block, so an exported plan imports again (`cchc import FILE`).

Formula guard: plans are full of cells beginning with "- ", and a cell
beginning with =, +, - or @ (or their full-width forms ＝ ＋ － ＠) is run as a
formula by a spreadsheet.
* xlsx: such cells are written as text (data type "s", never a formula) with
  Excel's quote prefix, so editing the cell later keeps it text. Nothing is
  added to the value.
* csv: such cells get an invisible ZERO WIDTH SPACE (U+200B) in front, which
  no spreadsheet evaluates and nobody sees; the sheet reader drops it again
  (cchc.importers.tables.tidy removes U+200B), so the file re-imports as it
  was exported. An apostrophe would show in the cell and stay in the text.

Rows come from cchc.domain.export; nothing here reads the database.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from datetime import date

from cchc.domain import sheet_columns as sc
from cchc.domain.dates import format_date
from cchc.domain.text import clean_text

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ZWSP = "\u200b"
PLAN_SHEET = "Kế hoạch"
INDICATOR_SHEET = "Chỉ tiêu"
MILESTONE_SHEET = "Mốc thời gian"
# Headers of the Mốc thời gian sheet: one row per milestone. Only two of them are columns `cchc import`
# knows and none is a task's text, so a re-import does not take the sheet for a plan.
MILESTONE_HEADERS = ("ID", "Lĩnh vực", "TT", "Công việc", "Mốc số", "Tên mốc", "Loại mốc", "Hạn", "Hoàn thành ngày",
                     "Đúng hạn", "Minh chứng", "Cần xem lại")
# Headers of the Chỉ tiêu sheet: `cchc indicator import` reads them (saved as CSV), and none of
# them names a plan column, so the sheet reader never takes this sheet for a plan.
INDICATOR_HEADERS = (("key", "Mã chỉ tiêu"), ("name", "Tên chỉ tiêu"), ("unit", "Đơn vị tính"),
                     ("target_text", "Chỉ tiêu đề ra"), ("period", "Kỳ"), ("as_of", "Ngày"), ("value", "Giá trị"),
                     ("numerator", "Tử số"), ("denominator", "Mẫu số"), ("source", "Nguồn"), ("met", "Đánh giá"))


def needs_guard(text: str) -> bool:
    """A cell a spreadsheet would evaluate: a formula sign first, also as a full-width or small form
    ("＝", "﹦", "＋", "＠": their compatibility form is the sign)."""
    return bool(text) and (text.startswith(FORMULA_START)
                           or unicodedata.normalize("NFKC", text[0]).startswith(FORMULA_START))


def csv_safe(text: str) -> str:
    text = clean_text(text)
    return ZWSP + text if needs_guard(text) else text


# -- rows ---------------------------------------------------------------------


def _day(value: date | None) -> str:
    return format_date(value)


def sheet_row(task: dict, refs: dict[int, str]) -> dict[str, str]:
    """One task as the cells of sc.COLUMNS (key -> text)."""
    return {
        "area": task["area"], "ref": task["ref"], "level": sc.LEVELS.get(task["level"], task["level"]),
        "parent": refs.get(task["parent"], "") if task["parent"] else "", "text": task["text"],
        "product": task["product"], "lead": task["lead_agency"] or "",
        "cooperating": "; ".join(task["cooperating_agencies"]), "deadline": task["deadline_text"],
        "budget": task.get("budget", ""), "status": sc.STATUS_NAMES.get(task["status"], task["status"]),
        "done_on": _day(task["_done_date"]) if task["status"] == "done" else "",
        "evidence": "; ".join(e["text"] or e["file_path"] for e in task.get("evidence", [])),
    }


def sheet_rows(tasks: list[dict]) -> list[list[str]]:
    """The header and one row per task, in plan order."""
    refs = {t["id"]: t["ref"] for t in tasks}
    return [list(sc.HEADERS)] + [[row[c.key] for c in sc.COLUMNS] for row in (sheet_row(t, refs) for t in tasks)]


def title_block(plan) -> list[list[str]]:
    return sc.title_rows(plan.title, plan.commune, plan.year_start, plan.year_end, plan.number)


def indicator_rows(indicators: list[dict]) -> list[dict]:
    """One row per recorded value (an indicator without values: one row without a value)."""
    rows = []
    for ind in indicators:
        base = {k: ind[k] for k in ("key", "name", "unit", "target_text")}
        for value in ind["values"] or [{}]:
            rows.append({**base, "period": value.get("period", ""), "as_of": _day(value.get("as_of")),
                         "value": value.get("value"), "numerator": value.get("numerator"),
                         "denominator": value.get("denominator"), "source": value.get("source", ""),
                         "met": {True: "Đạt", False: "Chưa đạt"}.get(value.get("met"), "")})
    return rows


# -- formats ------------------------------------------------------------------


def to_csv(plan, tasks: list[dict], delimiter: str = ",") -> bytes:
    """UTF-8 with a BOM (Excel reads the accents), CRLF, the title block, an empty row, the table."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for row in title_block(plan) + [[]] + sheet_rows(tasks):
        writer.writerow([csv_safe(text) for text in row])
    return out.getvalue().encode("utf-8-sig")


def _put(sheet, row: int, col: int, value):
    cell = sheet.cell(row, col)
    if isinstance(value, str):
        value = clean_text(value)  # text stored by an older cchc may hold characters xlsx forbids
    cell.value = value
    if isinstance(value, str) and needs_guard(value):
        cell.data_type = "s"  # openpyxl would write "=…" as a formula
        cell.quotePrefix = True
    return cell


def to_xlsx(plan, tasks: list[dict], indicators: list[dict]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    _plan_sheet(book.active, plan, tasks)
    _milestone_sheet(book.create_sheet(MILESTONE_SHEET), tasks)
    _indicator_sheet(book.create_sheet(INDICATOR_SHEET), indicators)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _plan_sheet(sheet, plan, tasks: list[dict]) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet.title = PLAN_SHEET
    row = 1
    for label, value in title_block(plan):
        _put(sheet, row, 1, label).font = Font(bold=True)
        _put(sheet, row, 2, value)
        row += 1
    header = row + 1
    for offset, cells in enumerate(sheet_rows(tasks)):
        for col, text in enumerate(cells, 1):
            cell = _put(sheet, header + offset, col, text)
            cell.number_format = "@"  # text: a TT like "2.10" stays "2.10"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if offset == 0:
                cell.font = Font(bold=True)
    for index, column in enumerate(sc.COLUMNS, 1):
        wide = column.key in ("text", "deadline", "product", "evidence")
        sheet.column_dimensions[get_column_letter(index)].width = 45 if wide else 16
    sheet.freeze_panes = sheet.cell(header + 1, 1)


def _milestone_sheet(sheet, tasks: list[dict]) -> None:
    """Every milestone of every task: due, done on, on time, evidence (the task's id to act on)."""
    from openpyxl.styles import Font

    from cchc.domain.vocabulary import KIND_NAMES

    for col, title in enumerate(MILESTONE_HEADERS, 1):
        _put(sheet, 1, col, title).font = Font(bold=True)
    on_time = {True: "đúng hạn", False: "trễ hạn", None: ""}
    row = 2
    for task in tasks:
        for number, m in enumerate(task["milestones"], 1):
            kind = KIND_NAMES.get(m["kind"], (m["kind"], m["kind"]))[1]
            values = (task["id"], task["area"], task["ref"], task["text"], number, m["label"], kind,
                      format_date(m["due"]) if m["due"] else "", format_date(m["done_on"]) if m["done_on"] else "",
                      on_time[m["on_time"]], m["evidence"], m["review_reason"] if m["needs_review"] else "")
            for col, value in enumerate(values, 1):
                _put(sheet, row, col, value)
            row += 1
    for letter, width in (("D", 60), ("F", 30), ("K", 40), ("L", 30)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"


def _indicator_sheet(sheet, indicators: list[dict]) -> None:
    from openpyxl.styles import Font

    for col, (_key, title) in enumerate(INDICATOR_HEADERS, 1):
        _put(sheet, 1, col, title).font = Font(bold=True)
    for row, values in enumerate(indicator_rows(indicators), 2):
        for col, (key, _title) in enumerate(INDICATOR_HEADERS, 1):
            _put(sheet, row, col, values[key])
    sheet.column_dimensions["B"].width = 60
