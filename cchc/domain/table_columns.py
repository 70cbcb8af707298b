"""The header names of a plan's task table, by meaning.

Plans name the same column many ways. A header cell is matched on its folded
form (lower case, accents removed, a leading column number such as "8-" or
"(3)" dropped), at its start; header names may come in any order. The table
below is the documented list (README, "Column names a plan may use").

| field | header names (accents and case optional) |
|---|---|
| ref | TT, STT, Số TT, Số thứ tự |
| text | Nội dung (…công việc, …thực hiện, …nhiệm vụ), Tên nhiệm vụ, Tên công việc, Công việc, Nhiệm vụ (in a one-level table) |
| objective / task / activity | Mục tiêu, Nhiệm vụ, Hoạt động (a hierarchical table) |
| lead | Chủ trì, Cơ quan/Đơn vị/Bộ phận chủ trì, Cơ quan/Đơn vị/Bộ phận thực hiện, Cơ quan, đơn vị chủ trì, Đơn vị được giao, Phụ trách, Người thực hiện |
| cooperating | Phối hợp, Cơ quan/Đơn vị phối hợp |
| deadline | Thời gian (hoàn thành, thực hiện…), Thời hạn, Tiến độ hoàn thành, Tiến độ thực hiện, Mốc thời gian, Hạn hoàn thành |
| product | Sản phẩm, Kết quả, Sản phẩm đầu ra, Kết quả yêu cầu, Kết quả/Sản phẩm, Hình thức văn bản, Hình thức sản phẩm, Dự kiến sản phẩm |
| budget | Kinh phí, Nguồn kinh phí, Dự toán |
| area | Lĩnh vực |
| (ignored: progress) | Tiến độ (alone), Tiến độ hiện nay, Tình hình thực hiện, Kết quả hiện nay, Kết quả thực hiện, Kết quả đạt được, Trạng thái, Mức độ hoàn thành, Đánh giá |

Progress columns report on a plan rather than plan it; an import reads none of
them and says which it ignored. A header of two rows (a cell merged across
sub-columns: "Thời gian" over "Bắt đầu | Hoàn thành", "Cơ quan thực hiện"
over "Chủ trì | Phối hợp") takes its fields from the second row (SUB_NAMES);
of two deadline columns, the start date ("Thời gian bắt đầu") is not the one.
"""

from __future__ import annotations

import re
from functools import lru_cache

from cchc.domain.text import fold

PROGRESS = "progress"
_UNIT = r"(?:co quan|don vi|bo phan|cq|dv)(?:\s*[,/]\s*(?:co quan|don vi|bo phan|ca nhan))*"
# (pattern matched at the start of the folded header, field); first match wins.
NAMES: list[tuple[str, str]] = [
    (r"tien do$|tien do (?:hien nay|trien khai|thuc hien hien nay)|tinh hinh|ket qua (?:hien nay|thuc hien|dat duoc|trien khai)"
     r"|trang thai|muc do hoan thanh|ty le hoan thanh|danh gia", PROGRESS),
    (r"noi dung|ten nhiem vu|ten cong viec|cong viec|text$", "text"),
    (rf"{_UNIT} phoi hop|phoi hop|cooperating", "cooperating"),
    (rf"{_UNIT} (?:chu tri|thuc hien|duoc giao|phu trach)|chu tri|phu trach|nguoi thuc hien"
     r"|trach nhiem thuc hien|lead", "lead"),
    (r"thoi gian|thoi han|tien do (?:hoan thanh|thuc hien)|moc thoi gian|han hoan thanh|deadline", "deadline"),
    (r"san pham|ket qua|hinh thuc (?:van ban|san pham)|du kien san pham|product", "product"),
    (r"kinh phi|nguon kinh phi|du toan|budget", "budget"),
    (r"linh vuc|area$", "area"),
    (r"muc tieu", "objective"),
    (r"nhiem vu", "task"),
    (r"hoat dong", "activity"),
]
REF_NAMES = {"tt", "stt", "so tt", "so thu tu", "ref"}
# A second header row under a cell merged across ("Thời gian" over "Bắt đầu | Hoàn thành",
# "Cơ quan thực hiện" over "Chủ trì | Phối hợp"): the sub-column that holds the field.
SUB_NAMES = {"bat dau": "start", "khoi cong": "start", "tu ngay": "start", "hoan thanh": "deadline",
             "ket thuc": "deadline", "den ngay": "deadline", "chu tri": "lead", "phoi hop": "cooperating"}
_START = ("bat dau", "khoi cong", "tu ngay")
_COMPILED = [(re.compile(rf"(?:{pattern})(?:$|[ /(,;\-]+\D|\s*$)"), key) for pattern, key in NAMES]
_NUMBERING = re.compile(r"^\(?\d+\)?\s*[-.)]?\s*")  # "8- Kinh phí", "(3) Chủ trì"
MAX_HEADER = 60  # folded characters: a longer cell is data


def sub_column_of(cell: str) -> str | None:
    """The field a cell of a second header row names ("start" for a start date), else None."""
    folded = _NUMBERING.sub("", fold(cell)).strip(" .:*")
    return SUB_NAMES.get(folded) or column_of(cell)


def names_start(cell: str) -> bool:
    """"Thời gian bắt đầu": a start date, not the deadline."""
    return any(word in fold(cell) for word in _START)


@lru_cache(maxsize=4096)  # cells repeat: headers at every page, agency names, deadlines
def column_of(cell: str) -> str | None:
    """The field a header cell names, PROGRESS for a progress column, else None."""
    if len(cell) > 2 * MAX_HEADER:  # data: not worth folding
        return None
    folded = _NUMBERING.sub("", fold(cell)).strip(" .:*")
    if not folded or len(folded) > MAX_HEADER:
        return None
    if folded in REF_NAMES:
        return "ref"
    for pattern, key in _COMPILED:
        if pattern.match(folded):
            return key
    return None
