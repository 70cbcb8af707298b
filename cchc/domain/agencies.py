"""Agency names as plans write them: one key per agency, whatever the spelling.

"Phòng VHXH", "Phòng Văn hoá – Xã hội" and "Phòng Văn hóa - Xã hội xã" are one
agency; "Các phòng chuyên môn" is a group, not an agency (DOMAIN.md, "Agencies").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from cchc.domain.text import fold, nfc, strip_html

# Applied in order to the folded, punctuation-free form.
_SPELLINGS: list[tuple[str, str]] = [
    (r"\buy ban nhan dan\b", "ubnd"),
    (r"\bhoi dong nhan dan\b", "hdnd"),
    (r"\bvp\b", "van phong"),
    (r"\bhdnd (?:va )?ubnd\b", "hdnd va ubnd"),
    (r"\bvan phong ubnd\b", "van phong hdnd va ubnd"),  # a commune has one office
    (r"\bvh ?xh\b", "van hoa xa hoi"),
    (r"\bphong kt\b", "phong kinh te"),
    (r"\btt ?(?:pvhcc|pvc)\b", "trung tam phuc vu hanh chinh cong"),
    (r"\btrung tam (?:phuc vu )?(?:hcc|hhc|pvhcc|hanh chinh cong)\b", "trung tam phuc vu hanh chinh cong"),
    (r"\bttcudvc\b", "trung tam cung ung dich vu cong"),
    (r"\b(?:uy ban )?(?:mttq|mat tran to quoc)(?: viet nam)?\b", "mttq"),
    (r"\b(?:bchqs|(?:ban )?(?:chqs|chi huy quan su))\b", "ban chi huy quan su"),
    (r"\bco lien quan\b", "lien quan"),
    (r"^cac co quan don vi\b", "co quan don vi"),
    (r"(?: (?:cua|cap))? (?:xa|phuong)$", ""),
]

_DISPLAY: dict[str, str] = {
    "phong van hoa xa hoi": "Phòng Văn hóa - Xã hội",
    "phong kinh te": "Phòng Kinh tế",
    "van phong hdnd va ubnd": "Văn phòng HĐND và UBND",
    "trung tam phuc vu hanh chinh cong": "Trung tâm Phục vụ hành chính công",
    "trung tam cung ung dich vu cong": "Trung tâm Cung ứng dịch vụ công",
    "ubnd": "UBND xã",
    "mttq": "Ủy ban MTTQ Việt Nam xã",
    "cong an": "Công an xã",
    "ban chi huy quan su": "Ban Chỉ huy quân sự xã",
    "dang uy": "Đảng ủy xã",
    "tram y te": "Trạm Y tế xã",
}

_GROUP = re.compile(
    r"^(?:cac|nhung|toan bo|co quan don vi|dvsn|don vi su nghiep)\b|\blien quan$|\bphong ban\b"
)
_HEAD = re.compile(
    r"^(?:(?:cac )?phong (?!chong\b)\w|van phong \w|(?:cac )?trung tam \w|ubnd|uy ban\b|"
    r"(?:cac )?(?:co quan|don vi)\b|cong an\b|ban chi huy\b|bch|dang uy\b|mttq\b|mat tran\b|"
    r"(?:cac )?tram y te\b|(?:cac )?truong\b|(?:cac )?thon\b|so \w|hoi (?!nghi|thao|thi|dien)\w|"
    r"doan thanh nien\b|"
    r"ttpv|ttcudvc|dvsn\b|cac (?:phong|ban|nganh)\b)"
)
_SOLO = {"ubnd", "mttq", "ttpvhcc", "ttpvc", "ttcudvc", "dvsn", "bchqs"}
_BULLET = re.compile(r"^\s*[-+•*]\s*")
_TRAIL = re.compile(r"[\s.;,:]+$")
_DASH_GAP = re.compile(r"\s+-\s*|\s*-\s+")
# Old-style tone placement ("hoá", "uỷ") moved to the first vowel ("hóa", "ủy").
_OLD_TONE = re.compile(r"(?<![qQ])([oOuU])([áàảãạéèẻẽẹýỳỷỹỵÁÀẢÃẠÉÈẺẼẸÝỲỶỸỴ])(?!\w)")
_TONED = dict(zip("áàảãạéèẻẽẹýỳỷỹỵ", "aaaaaeeeeeyyyyy"))
_MARK = dict(zip("áàảãạéèẻẽẹýỳỷỹỵ", "\u0301\u0300\u0309\u0303\u0323" * 3))


def _key_text(name: str) -> str:
    text = fold(strip_html(name)).replace("&", " va ")
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def agency_key(name: str) -> str:
    """Matching key, the same for every spelling of one agency."""
    key = _key_text(name)
    for pattern, repl in _SPELLINGS:
        key = re.sub(pattern, repl, key).strip()
    return key


def _modern_tones(text: str) -> str:
    def move(m: re.Match) -> str:
        vowel, toned = m.group(1), m.group(2)
        lower = toned.lower()
        plain = _TONED[lower] if toned == lower else _TONED[lower].upper()
        return unicodedata.normalize("NFC", vowel + _MARK[lower]) + plain

    return _OLD_TONE.sub(move, text)


def _tidy(name: str) -> str:
    text = _TRAIL.sub("", _BULLET.sub("", nfc(strip_html(name))))
    text = _modern_tones(_DASH_GAP.sub(" - ", text))
    return text[:1].upper() + text[1:]


def canonical_name(name: str) -> str:
    """Display name: the standard one for a known agency, else the name tidied."""
    return _DISPLAY.get(agency_key(name)) or _tidy(name)


def is_group(name: str) -> bool:
    """True for "Các phòng chuyên môn", "Cơ quan, đơn vị có liên quan"...: not one agency."""
    return bool(_GROUP.search(agency_key(name)))


@lru_cache(maxsize=1 << 14)
def looks_like_agency(text: str) -> bool:
    """Does this short text (a recovered PDF cell) name an agency or a group?"""
    text = _TRAIL.sub("", _BULLET.sub("", nfc(strip_html(text))))
    if not text or len(text) > 90 or re.search(r"\d", text):
        return False
    folded = _key_text(text)
    if folded.startswith("so ") and not re.match(r"(?i)sở\s", text):  # "Số hồ sơ" is no "Sở"
        return False
    return bool(_HEAD.match(folded)) and (len(folded.split()) > 1 or folded in _SOLO)


def _starts_item(part: str) -> bool:
    """Does a comma-separated part start a new agency, or continue a group phrase?"""
    if re.match(r"(?i)các\b", part):
        return True
    if part[:1].islower():  # "đơn vị có liên quan", "ban, ngành": rest of a group
        return bool(re.match(r"(?:phòng|văn phòng|trung tâm)\s+[A-ZĐ]", part))
    return True


def _split_commas(chunk: str) -> list[str]:
    items: list[str] = []
    for part in (p.strip() for p in chunk.split(",")):
        if items and part and not _starts_item(part):
            items[-1] = f"{items[-1]}, {part}"
        else:
            items.append(part)
    return items


def _split_bullets(chunk: str) -> list[str]:
    """Split "A - B" bullets, but not "Văn hóa - Xã hội" or "HĐND - UBND"."""
    pieces = re.split(r"(?:^|(?<=\s))-\s+", chunk)
    items: list[str] = []
    for piece in filter(None, (p.strip() for p in pieces)):
        joinable = items and not (looks_like_agency(piece) or is_group(piece))
        if joinable or (items and re.search(r"(?i)hđnd$", items[-1])):
            items[-1] = f"{items[-1]} - {piece}"
        else:
            items.append(piece)
    return items


def split_agencies(cell: str) -> list[str]:
    """A cooperating-agencies cell as a list of names, as written (tidied)."""
    out: list[str] = []
    for chunk in re.split(r"[;\r\n]+", strip_html(cell)):
        for bullet in _split_bullets(nfc(chunk)):
            for item in _split_commas(bullet):
                item = _TRAIL.sub("", _BULLET.sub("", item)).strip()
                if item and re.search(r"\w", item):
                    out.append(item)
    return out
