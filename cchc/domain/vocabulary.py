"""The words of the domain, defined once: areas, statuses, levels, milestone kinds, note kinds.

Codes are stable (JSON, CSV, the database); labels are what the officer
reads, in English and in Vietnamese (the `*_label` functions give the label
of the interface's language).
"""

from __future__ import annotations

from cchc.domain.errors import UserError
from cchc.i18n import _
from cchc.domain.text import fold

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

AREAS_EN: dict[str, str] = {
    "chi-dao": "Direction and management",
    "the-che": "Institutional reform",
    "tthc": "Administrative procedure reform",
    "bo-may": "Reform of the administrative apparatus",
    "cong-vu": "Civil service reform",
    "tai-chinh": "Public finance reform",
    "chinh-quyen-so": "E-government and digital government",
}


def area_label(code: str) -> str:
    from cchc.i18n import LANGUAGE

    return (AREAS if LANGUAGE == "vi" else AREAS_EN).get(code, code)


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

# code -> (English, Vietnamese): the words tables show; --status takes them back, JSON and CSV the codes.
STATUS_NAMES: dict[str, tuple[str, str]] = {
    "not_started": ("not started", "chưa thực hiện"),
    "in_progress": ("in progress", "đang thực hiện"),
    "done": ("done", "hoàn thành"),
    "dropped": ("dropped", "không thực hiện"),
}
STATUSES = tuple(STATUS_NAMES)
OPEN_STATUSES = ("not_started", "in_progress")

LEVEL_NAMES: dict[str, tuple[str, str]] = {
    "objective": ("objective", "Mục tiêu"),
    "task": ("task", "Nhiệm vụ"),
    "activity": ("activity", "Hoạt động"),
}
LEVELS = tuple(LEVEL_NAMES)

# Milestone kinds: code -> (English, Vietnamese). Dated kinds always carry a due date.
KIND_NAMES: dict[str, tuple[str, str]] = {
    "date": ("date", "ngày"), "yearly": ("yearly", "hằng năm"), "month": ("month", "tháng"),
    "quarter": ("quarter", "quý"), "window": ("window", "khoảng thời gian"), "half": ("half", "6 tháng"),
    "year": ("year", "năm"), "recurring": ("recurring", "định kỳ"), "ongoing": ("ongoing", "thường xuyên"),
    "event": ("event", "theo sự kiện"), "unspecified": ("unspecified", "chưa xác định"),
}
KINDS = tuple(KIND_NAMES)
DATED_KINDS = ("date", "yearly", "month", "quarter", "window", "half", "year", "recurring")

# What a note says in a report (issue 20), or "" for a plain note.
NOTE_KINDS: dict[str, tuple[str, str]] = {
    "uu-diem": ("strength", "ưu điểm"),
    "ton-tai": ("shortcoming", "tồn tại, hạn chế"),
    "nguyen-nhan": ("cause", "nguyên nhân"),
    "de-xuat": ("proposal", "đề xuất, kiến nghị"),
}

# What officers type, folded: English codes and Vietnamese names.
_NAMES = {
    "not_started": "not_started", "not started": "not_started", "chua thuc hien": "not_started",
    "chua bat dau": "not_started", "chua": "not_started",
    "in_progress": "in_progress", "in progress": "in_progress", "started": "in_progress",
    "dang thuc hien": "in_progress", "dang lam": "in_progress",
    "done": "done", "hoan thanh": "done", "da hoan thanh": "done", "xong": "done",
    "dropped": "dropped", "khong thuc hien": "dropped", "huy": "dropped", "bo": "dropped",
}


def status_label(code: str | None) -> str:
    """A status as the officer reads it: words in both languages (--status takes them back);
    JSON and CSV keep the codes whatever the language."""
    from cchc.i18n import LANGUAGE

    names = STATUS_NAMES.get(code or "")
    return names[LANGUAGE == "vi"] if names else (code or "")


def kind_label(kind: str | None) -> str:
    """A milestone kind (date, quarter, ongoing…) for tables; codes in English, as JSON has them."""
    labels = {"date": _("date"), "yearly": _("yearly"), "month": _("month"), "quarter": _("quarter"),
              "window": _("window"), "half": _("half"), "year": _("year"), "ongoing": _("ongoing"),
              "recurring": _("recurring"), "event": _("event"), "unspecified": _("unspecified")}
    return labels.get(kind, kind or "")


def level_label(level: str | None) -> str:
    labels = {"objective": _("objective"), "task": _("task"), "activity": _("activity")}
    return labels.get(level, level or "")


def note_kind_label(kind: str) -> str:
    from cchc.i18n import LANGUAGE

    names = NOTE_KINDS.get(kind)
    return "" if names is None else names[LANGUAGE == "vi"]


_NOTE_KIND_NAMES = {"uu diem": "uu-diem", "strength": "uu-diem", "ton tai": "ton-tai", "han che": "ton-tai",
                    "ton tai, han che": "ton-tai", "shortcoming": "ton-tai", "nguyen nhan": "nguyen-nhan",
                    "cause": "nguyen-nhan", "de xuat": "de-xuat", "kien nghi": "de-xuat",
                    "de xuat, kien nghi": "de-xuat", "proposal": "de-xuat"}


def parse_note_kind(text: str) -> str:
    """A note kind as typed: its code (ton-tai), its English word (shortcoming) or its Vietnamese name."""
    folded = fold(text).strip()
    kind = folded if folded in NOTE_KINDS else _NOTE_KIND_NAMES.get(folded.replace("-", " "))
    if kind is None:
        raise UserError(_("unknown note kind '{text}' (use one of: {codes})").format(
            text=text, codes=", ".join(f"{code} ({names[0]})" for code, names in NOTE_KINDS.items())), field="kind")
    return kind


def parse_status(text: str) -> str:
    status = _NAMES.get(fold(text).replace("-", " ").strip())
    if status is None:
        raise UserError(_("unknown status '{text}' (use one of: {codes}, or chưa thực hiện, đang thực hiện, "
                          "hoàn thành, không thực hiện)").format(text=text, codes=", ".join(STATUSES)))
    return status
