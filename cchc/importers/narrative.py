"""Narrative plans with no task table (Thiên Tân 2026–2030).

Tasks are the paragraphs of "III. NHIỆM VỤ, GIẢI PHÁP", one area per numbered
subsection, and the duties listed per agency under "V. TỔ CHỨC THỰC HIỆN". A
duty is filed where the plan itself puts its subject: under the area it names
("các nhiệm vụ về cải cách thể chế"), else under the area of the task
paragraph of section III it shares most phrases with ("đo lường mức độ hài
lòng" is a bo-may task there), else under chi-dao (organising the plan).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from cchc.domain.agencies import is_group, looks_like_agency
from cchc.domain.vocabulary import area_from_heading
from cchc.domain.deadlines import parse_deadline
from cchc.importers import pdf_text
from cchc.i18n import _
from cchc.importers.draft import ImportWarning, TaskDraft
from cchc.domain.text import fold, nfc

_ROMAN = re.compile(r"^(I|II|III|IV|V|VI|VII|VIII|IX|X)\.\s*(\S.*)$")
_NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s+(\S.*)$")
_LETTER = re.compile(r"^([a-zđ])\)\s*(\S.*)$")
_BULLET = re.compile(r"^[-+•*]\s*")
_PERIODIC = re.compile(
    r"(?:định kỳ\s+)?(?:(?:hằng|hàng)\s+(?:quý|tháng|năm)|\d+\s+tháng)"
    r"(?:\s*(?:,|và|hoặc)\s*(?:(?:hằng|hàng|cả)\s+)?(?:\d+\s+tháng|quý|tháng|năm))*",
    re.IGNORECASE)
_DATED = re.compile(
    r"(?:trước|chậm nhất)(?:\s+ngày)?\s+\d{1,2}/\d{1,2}(?:/\d{4})?"
    r"|(?:trước\s+)?tháng\s+\d{1,2}/\d{4}|quý\s+[IV]+/\d{4}", re.IGNORECASE)
_NAMED_LEAD = re.compile(
    r"((?:Phòng|Văn phòng|Trung tâm|Trạm|Công an|Ban)\s[^,;:.()]{2,60}?)"
    r"\s+(?:là cơ quan\s+)?chủ trì")
_CLOSERS = ("noi nhan", "ke hoach nay", "tren day", "tm.", "trong qua trinh")
_TERMINAL = ".;:!?)"


@dataclass
class _Para:
    line: int
    text: str


@dataclass
class _State:
    tasks: list[TaskDraft] = field(default_factory=list)
    warnings: list[ImportWarning] = field(default_factory=list)


def looks_like(text: str) -> bool:
    """Prose only (no tab table, no PDF table) with a "III. NHIỆM VỤ …" section."""
    lines = text.split("\n")
    if sum("\t" in line for line in lines) > 2 or pdf_text.looks_like(text):
        return False
    return any(_section_kind(nfc(line)) == "tasks" for line in lines)


def parse_tasks(lines: list[str], period: int | tuple[int, int]
                ) -> tuple[list[TaskDraft], list[ImportWarning]]:
    state = _State()
    sections: dict[str, list[_Para]] = {"tasks": [], "duties": []}
    kind = None
    for para in _paragraphs(lines):
        roman = _section_kind(para.text)
        if roman is not None:
            kind = roman or None
        elif kind in sections:
            sections[kind].append(para)
    _read_tasks(sections["tasks"], period, state)
    _read_duties(sections["duties"], period, state)
    if not sections["tasks"]:
        state.warnings.append(ImportWarning(None, "", _('no "NHIỆM VỤ, GIẢI PHÁP" section found')))
    return state.tasks, state.warnings


def _section_kind(text: str) -> str | None:
    """"tasks" / "duties" for those roman headings, "" for another, None if not one."""
    match = _ROMAN.match(text)
    if not match or len(text) > 120:
        return None
    title = fold(match.group(2))
    if title.startswith("nhiem vu") or ("nhiem vu" in title and "giai phap" in title):
        return "tasks"  # not "(04 mục tiêu, 06 nhiệm vụ, …)" of a table heading
    return "duties" if "to chuc thuc hien" in title else ""


def _paragraphs(lines: list[str]) -> list[_Para]:
    """Non-blank lines; a line broken mid-sentence is joined to the next."""
    paras: list[_Para] = []
    for number, raw in enumerate(lines, 1):
        text = nfc(raw)
        if not text:
            continue
        last = paras[-1] if paras else None
        if last and last.text[-1] not in _TERMINAL and text[0].islower():
            last.text = f"{last.text} {text}"
        else:
            paras.append(_Para(number, text))
    return paras


# --- III. NHIỆM VỤ, GIẢI PHÁP ------------------------------------------------

def _is_heading(text: str) -> bool:
    match = _NUMBER.match(text)
    return bool(match) and len(text) <= 150 and text[-1] not in ".;"


def _read_tasks(paras: list[_Para], period: int | tuple[int, int], state: _State) -> None:
    area, number, count = None, "", 0
    for para in paras:
        if _is_heading(para.text):
            number, title = _NUMBER.match(para.text).groups()
            area, count = area_from_heading(title), 0
            if area is None:
                state.warnings.append(ImportWarning(para.line, para.text, _("heading names no reform area")))
            continue
        if para.text.startswith("(") and para.text.endswith(")"):
            continue  # "(Có phụ lục … kèm theo)"
        printed, text = _printed_ref(para.text)
        if not text:
            continue
        local = printed or _letter(count)
        ref = f"{number}.{local}" if number and not local[0].isdigit() else local
        count += 1
        task = _task(area or area_from_heading(text) or "chi-dao", ref, text, para.line, period)
        task.lead_agency = _named_lead(text)
        if area is None:
            task.review.append(_("area guessed: the paragraph is under no area heading"))
        state.tasks.append(task)


def _printed_ref(text: str) -> tuple[str, str]:
    """("a", rest) for "a) …", ("2.1", rest) for "2.1. …", ("", text) otherwise."""
    text = _BULLET.sub("", text)
    for pattern in (_LETTER, _NUMBER):
        match = pattern.match(text)
        if match:
            return match.group(1), match.group(2)
    return "", text


def _letter(n: int) -> str:
    return "abcdefghijklmnopqrstuvwxyz"[n] if n < 26 else str(n + 1)


def _task(area: str, ref: str, text: str, line: int, period: int | tuple[int, int]) -> TaskDraft:
    return TaskDraft(area=area, level="task", ref=ref, text=text, line=line,
                     deadline_text=_deadline_phrase(text, period))


def _named_lead(text: str) -> str:
    match = _NAMED_LEAD.search(text)
    return match.group(1) if match and looks_like_agency(match.group(1)) else ""


def _deadline_phrase(text: str, period: int | tuple[int, int]) -> str:
    """The deadline a paragraph states, verbatim; "" when it states none.

    A lone "hằng năm" ("kế hoạch CCHC hằng năm", "chi thường xuyên hằng năm")
    is not a deadline; a reporting rhythm ("báo cáo … định kỳ hằng quý, 6
    tháng, hằng năm") is.
    """
    for match in _PERIODIC.finditer(text):
        phrase = match.group(0)
        if fold(phrase).startswith("dinh ky") or "," in phrase or "bao cao" in fold(text):
            return phrase
    if fold(text).startswith("thuong xuyen"):
        return text[:len("Thường xuyên")]
    for match in _DATED.finditer(text):
        if any(m.kind != "unspecified" for m in parse_deadline(match.group(0), period)):
            return match.group(0)
    return ""


# --- V. TỔ CHỨC THỰC HIỆN ----------------------------------------------------

def _read_duties(paras: list[_Para], period: int | tuple[int, int], state: _State) -> None:
    agency: str | None = None
    number, count = "", 0
    for para in paras:
        folded = fold(para.text)
        if folded.startswith(_CLOSERS) or "yeu cau thu truong" in folded:
            return
        heading = _NUMBER.match(para.text)
        if heading and "." not in heading.group(1):
            number, title = heading.groups()
            agency, duty = _agency_heading(title)
            if not duty and not _is_heading(para.text):  # "1. Các cơ quan … căn cứ …."
                agency, duty = "", title
            if duty:
                _add_duty(state, agency, f"V.{number}.a", duty, para.line, period)
                agency = None  # "N. Agency: duty" has no further paragraphs
            count = 0
            continue
        if agency is None:
            state.warnings.append(ImportWarning(para.line, para.text[:80],
                                                _("not read as a duty: no agency heading above")))
            continue
        text = _BULLET.sub("", para.text)
        if text:
            _add_duty(state, agency, f"V.{number}.{_letter(count)}", text, para.line, period)
            count += 1


_SHARED = 3.0  # weight of the word pairs a duty must share with a task paragraph to take its area


@lru_cache(maxsize=512)
def _pairs(text: str) -> frozenset[str]:
    words = re.findall(r"\w+", fold(text))
    return frozenset(f"{a} {b}" for a, b in zip(words, words[1:]))


def _nearest_area(text: str, tasks: list[TaskDraft]) -> tuple[str, str]:
    """(area, ref) of the section-III paragraph sharing the rarest word pairs with `text`; chi-dao if none.

    A pair found in many paragraphs ("thực hiện", "nâng cao") weighs little: 1 / its paragraph count.
    """
    paragraphs = [(task.area, _pairs(task.text), task.ref) for task in tasks if not task.ref.startswith("V.")]
    counts: dict[str, int] = {}
    for _area, pairs, _ref in paragraphs:
        for pair in pairs:
            counts[pair] = counts.get(pair, 0) + 1
    mine = _pairs(text)
    best, area, ref = 0.0, "chi-dao", ""
    for candidate, pairs, number in paragraphs:
        score = sum(1 / counts[pair] for pair in mine & pairs)
        if score > best:
            best, area, ref = score, candidate, number
    return (area, ref) if best >= _SHARED else ("chi-dao", "")


def _agency_heading(title: str) -> tuple[str, str]:
    """(agency, inline duty) of "Phòng X" or "Đề nghị Ủy ban …: Thực hiện …"."""
    agency, _colon, duty = title.partition(":")
    return re.sub(r"^(?:Đề nghị|Giao)\s+", "", agency.strip()), duty.strip()


def _add_duty(state: _State, agency: str, ref: str, text: str, line: int,
              period: int | tuple[int, int]) -> None:
    names = [name.strip() for name in agency.split(";") if name.strip()]
    area, like = area_from_heading(re.sub(r"\bTTHC\b", "thủ tục hành chính", text)), ""
    if area is None:
        area, like = _nearest_area(text, state.tasks)
    task = _task(area, ref, text, line, period)
    if like and area != "chi-dao":
        task.review.append(_("area taken from task {ref} of the plan, which it resembles; check it").format(ref=like))
    if names and looks_like_agency(names[0]):
        task.lead_agency, task.cooperating = names[0], names[1:]
        if is_group(names[0]):
            task.review.append(_("lead is a group, not one agency"))
    else:
        task.review.append(_("no lead agency: the heading names none ({heading})").format(heading=agency) if agency
                           else _("no lead agency found"))
    if looks_like_agency(" ".join(text.split()[:4])):
        task.review.append(_("the duty names its own subject; check the lead agency"))
    state.tasks.append(task)
