"""Who signed a plan: the signature block under its "Nơi nhận" (pure).

    TM. ỦY BAN NHÂN DÂN          -> signer.behalf
    KT. CHỦ TỊCH                 -> signer.title
    PHÓ CHỦ TỊCH                 -> signer.subtitle (the deputy's own title)
    (space to sign)
    Lê Hùng Tuyên                -> signer.name

The block is found by its shape, not by the seeds' words: capital lines of
authority (TM./KT./TL./Q. …, or a title such as CHỦ TỊCH, GIÁM ĐỐC) near the
end of the issuing document, then a person's name within a few lines. The
keys are those of the report's settings (cchc/domain/settings.py).
"""

from __future__ import annotations

import re

from cchc.domain.text import fold

_MARKS = re.compile(r"^(tm|t/m|kt|tl|tuq|q|ktl)\.?\s", re.I)  # thay mặt, ký thay, thừa lệnh, quyền …
_TITLES = ("chu tich", "pho chu tich", "giam doc", "pho giam doc", "truong phong", "pho truong phong",
           "bo truong", "thu truong", "truong ban", "chanh van phong")
_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_'’.-]*$")
_WINDOW = 40  # lines from the first authority line to the name: the signing space may be many blank lines


def _bare(line: str) -> str:
    return " ".join(line.replace("*", " ").replace("_", " ").split()).strip(" .,;:")


def _is_authority(text: str) -> bool:
    folded = fold(text)
    return bool(text) and text.upper() == text and (bool(_MARKS.match(text)) or folded in _TITLES)


def _is_name(text: str) -> bool:
    words = text.split()
    return (2 <= len(words) <= 5 and len(text) <= 40 and text.upper() != text
            and all(_NAME_WORD.match(w) and w[0].isupper() for w in words))


def _split(text: str) -> list[str]:
    """'TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH' on one line (PDF text) -> its parts."""
    parts = re.split(r"\s+(?=(?:TM|KT|TL|TUQ|Q)\.\s)", text)
    out = []
    for part in parts:
        match = re.match(r"^(KT\.\s+\S+(?:\s+\S+)*?)\s+(PHÓ\s.+)$", part)
        out += [match.group(1), match.group(2)] if match else [part]
    return out


def find_signer(lines: list[str]) -> dict[str, str]:
    """signer.behalf/.title/.subtitle/.name of the first signature block after "Nơi nhận"
    (else the first in the document); {} when the document has none."""
    start = next((i for i, ln in enumerate(lines) if fold(_bare(ln)).startswith("noi nhan")), 0)
    for i in range(start, len(lines)):
        if _is_authority(_bare(lines[i])):
            found = _read_block(lines[i:i + _WINDOW])
            if found:
                return found
    return {}


def _read_block(lines: list[str]) -> dict[str, str]:
    authority: list[str] = []
    for line in lines:
        text = _bare(line)
        if not text or (text.startswith("(") and text.endswith(")")):  # the space to sign, "(Đã ký)"
            continue
        if _is_authority(text):
            authority += [p for p in _split(text) if p]
            continue
        if authority and _is_name(text):
            return _fields(authority, text)
        break
    return _fields(authority, "") if authority else {}


def _fields(authority: list[str], name: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    rest = list(authority)
    if rest and fold(rest[0]).startswith(("tm", "t/m")) and len(rest) > 1:
        fields["signer.behalf"] = rest.pop(0)
    if rest:
        fields["signer.title"] = rest.pop(0)
    if rest:
        fields["signer.subtitle"] = " ".join(rest)
    if name:
        fields["signer.name"] = name
    return fields
