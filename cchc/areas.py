"""The seven reform areas every plan is grouped by (DOMAIN.md, "The seven areas")."""

from __future__ import annotations

from cchc.text import fold

# code -> Vietnamese name, in the order plans list them.
AREAS: dict[str, str] = {
    "chi-dao": "Công tác chỉ đạo, điều hành",
    "the-che": "Cải cách thể chế",
    "tthc": "Cải cách thủ tục hành chính",
    "bo-may": "Cải cách tổ chức bộ máy",
    "cong-vu": "Cải cách chế độ công vụ",
    "tai-chinh": "Cải cách tài chính công",
    "chinh-quyen-so": "Xây dựng, phát triển chính quyền điện tử, chính quyền số",
}

# Folded phrases a heading may contain, most specific first.
_HEADING_KEYS: list[tuple[str, str]] = [
    ("thu tuc hanh chinh", "tthc"),
    ("the che", "the-che"),
    ("to chuc bo may", "bo-may"),
    ("bo may", "bo-may"),
    ("che do cong vu", "cong-vu"),
    ("cong vu", "cong-vu"),
    ("tai chinh cong", "tai-chinh"),
    ("chinh quyen dien tu", "chinh-quyen-so"),
    ("chinh quyen so", "chinh-quyen-so"),
    ("chinh phu dien tu", "chinh-quyen-so"),
    ("chinh phu so", "chinh-quyen-so"),
    ("chuyen doi so", "chinh-quyen-so"),
    ("chi dao, dieu hanh", "chi-dao"),
    ("chi dao dieu hanh", "chi-dao"),
    ("cong tac trien khai", "chi-dao"),
    ("kiem tra va tuyen truyen", "chi-dao"),
    ("chi dao", "chi-dao"),
]


def area_from_heading(heading: str) -> str | None:
    """The area code a section heading names, or None."""
    folded = fold(heading)
    for key, code in _HEADING_KEYS:
        if key in folded:
            return code
    return None


def area_code(value: str) -> str | None:
    """Resolve what a user typed (code, number 1-7, or part of the name) to a code."""
    folded = fold(value).strip()
    if folded in AREAS:
        return folded
    if folded.isdigit() and 1 <= int(folded) <= len(AREAS):
        return list(AREAS)[int(folded) - 1]
    for code, name in AREAS.items():
        if folded and folded in fold(name):
            return code
    return area_from_heading(value)
