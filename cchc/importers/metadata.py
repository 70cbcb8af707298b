"""Plan metadata from the head of a text export: title, commune, number, issuer, years."""

from __future__ import annotations

import re

from cchc.importers.draft import PlanDraft
from cchc.importers.tables import tidy
from cchc.domain.text import fold

_HEAD_LINES = 120  # number, "KẾ HOẠCH" and the title sit at the top
_NUMBER = re.compile(r"^\W*s[ốo]\s*:?\s*([0-9][\w.\-]*)?\s*/\s*([A-ZĐ][\w\-]*)", re.I)
_ATTACHED = re.compile(r"k[èe]m\s+theo\s+(?:k[ếe]\s+ho[ạa]ch|quy[ếe]t\s+[đd][ịi]nh)\s+s[ốo]\s*:?\s*"
                       r"([0-9][\w.\-]*)?\s*/\s*([A-ZĐ][\w\-]*)", re.I)
_UNIT = re.compile(r"(?<!\w)(xã|phường|thị trấn)\s+", re.I)
_PERIOD = re.compile(r"giai doan\s*(\d{4})\s*-\s*(\d{4})")
_YEAR = re.compile(r"\bnam\s*(\d{4})\b")


def _bare(line: str) -> str:
    return tidy(line).strip("*_# ")


def read_metadata(lines: list[str]) -> PlanDraft:
    """A PlanDraft with only the metadata filled in."""
    head = [_bare(ln) for ln in lines[:_HEAD_LINES]]
    draft = PlanDraft(title=find_title(head), number=find_number(head, lines))
    draft.year_start, draft.year_end = find_years(draft.title, head)
    draft.commune = find_commune(draft.title, head, lines)
    if draft.commune:
        draft.issuer = "UBND " + draft.commune
    return draft


def find_title(head: list[str]) -> str:
    """The line after "KẾ HOẠCH" (or after "PHỤ LỤC" for an appendix alone)."""
    for marker in ("ke hoach", "phu luc"):
        for i, line in enumerate(head):
            if fold(line) == marker:
                following = next((ln for ln in head[i + 1:] if ln), "")
                if following:
                    return following
    return next((ln for ln in head[:10] if "cai cach hanh chinh" in fold(ln)), "")


def find_number(head: list[str], lines: list[str]) -> str:
    """'06/KH-UBND'; '' when blank ('Số: /KH-UBND'). Prefers a plan (KH) number."""
    found = [m for ln in head if (m := _NUMBER.match(ln))]
    found += [m for ln in lines if (m := _ATTACHED.search(ln))]
    if not found:
        return ""
    plan = [m for m in found if m.group(2).upper().startswith("KH")]
    match = (plan or found)[0]
    return f"{match.group(1)}/{match.group(2)}" if match.group(1) else ""


def find_years(title: str, head: list[str]) -> tuple[int | None, int | None]:
    for text in [title] + head:
        folded = fold(text)
        if match := _PERIOD.search(folded):
            return int(match.group(1)), int(match.group(2))
        if text == title and (match := _YEAR.search(folded)):
            year = int(match.group(1))
            return year, year
    return None, None


def find_commune(title: str, head: list[str], lines: list[str]) -> str:
    """'xã Hoàng Sơn', from the title, an 'of the People's Committee of …' line, or the issuer block."""
    attached = [ln for ln in lines if re.search(r"k[èe]m\s+theo", ln, re.I)]
    issuer = [f"{a} {b}" for a, b in zip(head, head[1:]) if fold(a).endswith("uy ban nhan dan")]
    for text in [title] + attached + issuer + head:
        if "cong hoa" in fold(text):
            continue
        if name := commune_in(text):
            return name
    return ""


def commune_in(text: str) -> str:
    for match in _UNIT.finditer(text):
        words = []
        for word in text[match.end():].split()[:4]:
            bare = word.strip(".,;:()“”\"*")
            if not bare or not (bare[0].isupper() and bare.isalpha() or bare.isdigit()):
                break
            words.append(bare)
            if bare != word.rstrip("*"):
                break  # punctuation ends the name
        name = " ".join(words)
        if name and fold(name).split()[0] != "hoi":  # "Xã hội" is not a commune
            if name.isupper():
                name = name.title()
            return f"{match.group(1).lower()} {name}"
    return ""
