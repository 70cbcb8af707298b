"""THE spreadsheet format of a plan (.xlsx and .csv): its columns, in order.

Used by `cchc template`, by the sheet importer (cchc/importers/sheet_reader.py)
and by `cchc export xlsx|csv`, so that an exported plan imports again.

One row per task (objective, task or activity), in plan order. Above the
header row there may be a title block: one row per item, the label in the
first cell and the value in the second ("Xã / Commune" | "xã An Lão"); see
TITLE_FIELDS. Headers are matched by name, Vietnamese or English, accents and
case optional; columns may come in any order and unknown columns are ignored.

Cell values:
- area: a code of cchc.domain.vocabulary.AREAS ("the-che"); on import also an area's name
  or number 1-7. Instead of the column, a row with only its first cell filled
  naming an area ("II. Cải cách thể chế", "tthc") starts a section.
- level: the Vietnamese name of LEVELS ("Nhiệm vụ"); the English code also reads.
- parent: the ref (TT) of the item above in the hierarchy, in the same area.
- cooperating: agencies separated by ";".
- deadline: verbatim; each part of a compound deadline on its own line.
- done_on: dd/mm/yyyy. status: a code of cchc.domain.vocabulary.STATUSES or its Vietnamese name.
- status, done_on, evidence are read but NOT applied on import (an import
  never overwrites recorded progress; use `cchc task` commands for that).
Write refs (TT) as text, not numbers: Excel turns "2.10" into 2.1.
"""

from __future__ import annotations

from dataclasses import dataclass

from cchc.i18n import _
from cchc.domain.text import fold


@dataclass(frozen=True)
class Column:
    key: str  # stable name, as in JSON
    vi: str  # the header written in a sheet
    en: str  # the English header, also accepted on import
    help: str  # one line, for the template and the README
    required: bool = False

    def names(self) -> set[str]:
        return {fold(self.vi), fold(self.en)}

    def label(self) -> str:
        return f"{self.vi} ({self.en})"


COLUMNS: tuple[Column, ...] = (
    Column("area", "Lĩnh vực", "Area",
           _("Area code (see the list of areas); or leave empty under a section row naming the area.")),
    Column("ref", "TT", "Ref", _("The plan's own number, written as text: 1, 2.3, Mục tiêu 1, Hoạt động 4.")),
    Column("level", "Cấp", "Level", _("Mục tiêu, Nhiệm vụ (the default when empty) or Hoạt động.")),
    Column("parent", "Cha", "Parent", _("TT of the item this one belongs to (an activity's task, a task's objective).")),
    Column("text", "Nội dung", "Text", _("What is to be done, as the plan writes it."), required=True),
    Column("product", "Sản phẩm", "Product", _("Expected product: a plan, report, decision...")),
    Column("lead", "Cơ quan chủ trì", "Lead agency", _("Exactly one lead agency, the one to chase.")),
    Column("cooperating", "Cơ quan phối hợp", "Cooperating agencies", _("Cooperating agencies, separated by ';'.")),
    Column("deadline", "Thời gian hoàn thành", "Deadline",
           _("Deadline as written in the plan (Quý I/2026, Trước 15/01/2026, Thường xuyên); "
             "each part of a compound deadline on its own line."), required=True),
    Column("budget", "Kinh phí", "Budget", _("Budget, as written (Theo dự toán được cấp).")),
    Column("status", "Trạng thái", "Status",
           _("Optional, not applied on import: not_started, in_progress, done, dropped (or the Vietnamese name).")),
    Column("done_on", "Ngày hoàn thành", "Done on", _("Optional, not applied on import: dd/mm/yyyy.")),
    Column("evidence", "Tài liệu kiểm chứng", "Evidence",
           _("Optional, not applied on import: document number and date proving completion.")),
)
BY_KEY: dict[str, Column] = {c.key: c for c in COLUMNS}
HEADERS: list[str] = [c.vi for c in COLUMNS]
NOT_APPLIED = ("status", "done_on", "evidence")

# level code -> the name written in the Cấp column
from cchc.domain import vocabulary as _vocabulary  # noqa: E402  (the names are the vocabulary's)

LEVELS: dict[str, str] = {code: vi for code, (_en, vi) in _vocabulary.LEVEL_NAMES.items()}

# status code -> its Vietnamese name (which cchc.domain.vocabulary.parse_status also reads), capitalised
STATUS_NAMES: dict[str, str] = {code: vi[:1].upper() + vi[1:] for code, (_en, vi) in _vocabulary.STATUS_NAMES.items()}

# The title block above the header: (key, Vietnamese label, English label).
TITLE_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("title", "Tên kế hoạch", "Title"),
    ("commune", "Xã", "Commune"),
    ("year", "Năm", "Year"),  # 2026, or a period 2026-2030
    ("number", "Số", "Number"),  # 06/KH-UBND
)
_TITLE_ALIASES = {"commune": {"phuong", "thi tran", "xa/phuong", "ward"}, "year": {"giai doan", "period"},
                  "number": {"so hieu", "so ke hoach"}}


def column_for(header: str) -> Column | None:
    """The column a header cell names (exact name, Vietnamese or English, accents optional)."""
    folded = fold(header).strip(" .:*")
    return next((c for c in COLUMNS if folded in c.names()), None)


def level_code(text: str) -> str | None:
    """'Hoạt động' / 'activity' / '' -> level code ('' means task); None when unknown."""
    folded = fold(text)
    if not folded:
        return "task"
    for code, name in LEVELS.items():
        if folded in (code, fold(name)):
            return code
    return None


def title_label(key: str) -> str:
    _key, vi, en = next(f for f in TITLE_FIELDS if f[0] == key)
    return f"{vi} / {en}"


def title_key(label: str) -> str | None:
    """The title field a label cell names: 'Xã / Commune', 'Năm:', 'year'."""
    parts = {p.strip(" .:*") for p in fold(label).split("/")} | {fold(label).strip(" .:*")}
    for key, vi, en in TITLE_FIELDS:
        if parts & ({fold(vi), fold(en)} | _TITLE_ALIASES.get(key, set())):
            return key
    return None


def title_rows(title: str, commune: str, year_start: int, year_end: int, number: str = "") -> list[list[str]]:
    """The title block an export writes above the header row (then one empty row)."""
    year = str(year_start) if year_start == year_end else f"{year_start}-{year_end}"
    values = {"title": title, "commune": commune, "year": year, "number": number}
    return [[title_label(key), values[key]] for key, _vi, _en in TITLE_FIELDS if values[key]]

# Two example rows for `cchc template` (key -> value); the officer replaces them.
EXAMPLES: tuple[dict[str, str], ...] = (
    {"area": "chi-dao", "ref": "1", "level": "Nhiệm vụ", "text": "Ban hành Kế hoạch cải cách hành chính năm 2026",
     "product": "Kế hoạch của UBND xã", "lead": "Phòng Văn hóa - Xã hội",
     "cooperating": "Văn phòng HĐND và UBND xã; Trung tâm Phục vụ hành chính công",
     "deadline": "Trước 15/01/2026", "budget": "Theo dự toán được cấp"},
    {"area": "chi-dao", "ref": "2", "level": "Nhiệm vụ",
     "text": "Kiểm tra công tác cải cách hành chính tại các cơ quan, đơn vị",
     "product": "Kế hoạch kiểm tra; Báo cáo kết quả", "lead": "Phòng Văn hóa - Xã hội",
     "cooperating": "Các phòng chuyên môn", "deadline": "- Kế hoạch kiểm tra: Quý I/2026\n- Báo cáo kết quả: Tháng 11/2026"},
)
