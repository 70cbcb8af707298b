"""Numeric targets (chỉ tiêu) read from a whole plan's text.

"Tỷ lệ giao dịch thanh toán trực tuyến đạt tối thiểu từ 55% trở lên" becomes
IndicatorDraft(name="Tỷ lệ giao dịch thanh toán trực tuyến", unit="%",
comparator=">=", target=55.0). See DOMAIN.md, "Indicators".
"""

from __future__ import annotations

import bisect
import re

from cchc.importers.draft import IndicatorDraft
from cchc.domain.text import fold, nfc, slug, strip_html

# A line starting like this begins a new paragraph even when the one before has no full stop.
_MARKER = re.compile(
    r"^(?:[-+•*]|\d+(?:\.\d+)*\.?(?:\s|$)|\d+\.\d+|\d+-\s|[a-zđ]\)|[IVX]+\.?\s"
    r"|giai đoạn|mục tiêu|phụ lục|tt$)",
    re.IGNORECASE,
)
_HEADING = re.compile(r"^\d+(?:\.\d+)*\.\s+[A-ZĐ][^%\d]*$")
_CELL_LABEL = re.compile(r"^(?:mục tiêu|nhiệm vụ|hoạt động)\s*\d+\s*:?\s*", re.IGNORECASE)
_PHASE = re.compile(r"^[-+\s]*giai đoạn\s+(\d{4})\s*-\s*(\d{4})\s*:?\s*", re.IGNORECASE)
_RESET = re.compile(r"^(?:\d+(?:\.\d+)*\.?\s|[IVX]+\.\s|[a-zđ]\)\s)")
# A number that is not part of "118/2025/NĐ-CP", "09/6/2025", "57-NQ/TW", "1.2." or "9001:2015";
# "từ 01 đến 02 cuộc" keeps the lower bound.
_NUMBER = re.compile(
    r"(?<![\w/.,:\-])(\d+(?:,\d+)?)(?![\d/]|[.,:\-]\d|-[^\W\d])"
    r"(?:\s*(?:đến|-)\s*\d+(?![\d/]))?\s*(%|phần trăm)?"
)
_NO_NUMBER = re.compile(
    r"\b(?:đạt(?:\s+tối\s+thiểu)?|vượt)\s+(?:theo\s+)?(?:mục\s+tiêu|chỉ\s+tiêu)\b[^.;%]{0,200}?\bgiao\b",
    re.IGNORECASE,
)
_COMPARE_WORDS = re.compile(
    r"(?:[\s:]*\b(?:đạt được|đạt|tỷ lệ|tối thiểu|ít nhất|tối đa|trên|dưới|không quá|không dưới|"
    r"bình quân|khoảng|tương ứng|có|từ)\b)+[\s:]*$",
    re.IGNORECASE,
)
_FILLER = re.compile(
    r"^(?:[-+•\s]*(?:\d+(?:\.\d+)*\.?\s+)?)(?:(?:tiếp tục|phấn đấu|phân đầu|triển khai|thực hiện|nâng cao|"
    r"đẩy mạnh|tăng cường|bảo đảm|đảm bảo|hoàn thành|vượt|giảm|cắt giảm|có)[\s,]+)*",
    re.IGNORECASE,
)
_HEAD_WORD = re.compile(r"\b(mức độ hài lòng|tỷ lệ|mức độ|chỉ số)\b", re.IGNORECASE)
_BOUNDARIES = (
    "so với|để|nhằm|sau khi|khi|trong năm|trong \\d+ tháng|hoàn thành trong|và tăng dần|theo(?! dõi)|"
    "tại|thuộc|giữa|dựa|đảm bảo|bảo đảm"
)
_HARD = r"[;]|:(?!\d)|\.(?:\s|$)|,\s(?:đáp ứng|phù hợp|bảo đảm|đảm bảo)\s|\svà\s+\d"
_STOP = re.compile(rf"{_HARD}|(?<!phụ)\s(?:{_BOUNDARIES}|trên)\s", re.IGNORECASE)
_TAIL_STOP = re.compile(rf"{_HARD}|(?<!phụ)\s(?:{_BOUNDARIES}|trên(?! môi trường)|từ|đến)\s", re.IGNORECASE)
_DENOMINATOR = re.compile(r"\s(?:trên tổng|so với)\s", re.IGNORECASE)
# "được UBND tỉnh giao": who assigns it, not what must happen to it.
_AGENT = re.compile(r"\sđược\s+(?:[A-ZĐ]|thành phố|tỉnh|cấp trên)")
# "của xã", "năm 2026": true of every target in the plan, so not worth a name's words.
_SELF = re.compile(
    r"\s(?:của|trên địa bàn|tại)\s(?:UBND\s)?(?:cấp\s)?xã\b|\s(?:năm|trong năm)\s\d{4}\b", re.IGNORECASE
)
_COUNT_MARK = re.compile(r"\b(?:ít nhất|tối thiểu)\b[\s\w]{0,12}$", re.IGNORECASE)
_NOT_COUNTED = re.compile(r"^\s*(?:tháng|năm|ngày|quý|giờ|cấp|lần|%)", re.IGNORECASE)
_TAIL_JUNK = re.compile(r"(?:[\s,]+(?:và|của|các|được|trên|với|về|cho|trong))+$|[\s,.]+$", re.IGNORECASE)


def find_targets(text: str, period: int | tuple[int, int]) -> list[IndicatorDraft]:
    """Every target the plan sets, once each, in document order."""
    years = (period, period) if isinstance(period, int) else tuple(period)
    found: list[IndicatorDraft] = []
    for para, starts, phase in _paragraphs(text, years):
        for offset, sentence in _sentences(para):
            line = starts[bisect.bisect_right([s for s, _ in starts], offset) - 1][1]
            sentence = re.sub(r"^[-+•*\s]+", "", sentence)
            for clause in re.split(r",?\s*trong (?:số )?đó,?\s*", sentence):
                found.extend(_targets_in(clause, sentence, line, phase))
    return _keyed(_deduped(found))


# -- text to paragraphs ------------------------------------------------------


def _paragraphs(text: str, years: tuple[int, int]):
    """(paragraph, [(offset, line)], phase) with PDF-wrapped lines joined."""
    phase = ""
    for para, starts in _joined(text):
        m = _PHASE.match(para)
        if m:
            phase = _phase_label(int(m.group(1)), int(m.group(2)), years)
            para, starts = para[m.end():], [(0, starts[0][1])]
        elif _RESET.match(para):
            phase = ""
        if para:
            yield para, starts, phase


def _joined(text: str):
    para, starts = "", []
    for number, raw in enumerate(text.splitlines(), 1):
        if "\t" in raw:
            if para:
                yield para, starts
            para, starts = "", []
            for cell in raw.split("\t"):
                cell = _CELL_LABEL.sub("", nfc(strip_html(cell)))
                if cell:
                    yield cell, [(0, number)]
            continue
        line = nfc(strip_html(raw))
        if not line:
            continue
        if para and _continues(para, line):
            starts.append((len(para) + 1, number))
            para = f"{para} {line}"
        else:
            if para:
                yield para, starts
            para, starts = line, [(0, number)]
    if para:
        yield para, starts


def _continues(para: str, line: str) -> bool:
    if para[-1] in ".;:!?" or _MARKER.match(line):
        return False
    heading = _HEADING.match(para) and len(para.split()) <= 10
    return not (heading and line[:1].isupper())


def _phase_label(start: int, end: int, years: tuple[int, int]) -> str:
    if (start, end) == years:
        return ""
    return str(start) if start == end else f"{start}-{end}"


def _sentences(para: str):
    offset = 0
    for piece in re.split(r"(?<=[.;!?])\s+", para):
        yield offset, piece
        offset += len(piece) + 1


# -- one clause --------------------------------------------------------------


def _targets_in(clause: str, sentence: str, line: int, period: str) -> list[IndicatorDraft]:
    scan = re.sub(r"\([^()]*\)", lambda m: " " * len(m.group()), clause)
    out = []
    for m in _NUMBER.finditer(scan):
        target = _target(scan, m)
        if target:
            name, unit, comparator, value = target
            out.append(IndicatorDraft("", name, unit, comparator, value, period, sentence, line))
    m = None if out else _NO_NUMBER.search(scan)
    name = _unnumbered_name(scan, m) if m else ""
    if name:
        unit = "%" if _HEAD_WORD.match(name) else "count"
        out.append(IndicatorDraft("", name, unit, None, None, period, sentence, line))
    return out


def _target(scan: str, m: re.Match):
    """(name, unit, comparator, value) for a number that states a target, else None."""
    pre, post = scan[: m.start()], scan[m.end():]
    if m.group(2):
        unit = "%"
    elif re.search(r"\bcấp độ\s*$", pre, re.IGNORECASE) and re.search(r"\bđạt\b", pre, re.IGNORECASE):
        return _level(post, float(m.group(1)))
    elif _COUNT_MARK.search(pre) and not _NOT_COUNTED.match(post) and re.match(r"\s*[^\W\d]", post):
        unit = "count"
    else:
        return None
    value = float(m.group(1).replace(",", "."))
    if unit == "%" and value > 100:
        return None
    reduction = bool(re.search(r"\bgiảm\b", pre, re.IGNORECASE))
    name = _name(pre, post, unit, reduction)
    return (name, unit, _comparator(pre, post), value) if name else None


def _level(post: str, value: float):
    """"đạt cấp độ 2 mức độ trưởng thành về quản trị dữ liệu": a level, kept as a count."""
    subject = _tidy_subject(post)
    return (f"{subject[:1].upper()}{subject[1:]} (cấp độ)", "count", ">=", value) if subject else None


def _comparator(pre: str, post: str) -> str:
    words = fold(pre)[-40:]
    after = fold(post)[:12]
    if re.search(r"\b(?:khong qua|toi da)\s*$", words) or after.startswith("tro xuong"):
        return "<="
    if re.search(r"\bkhong duoi\s*$", words):
        return ">="
    if re.search(r"\bduoi\s*$", words):
        return "<"
    if re.search(r"\btren\s*$", words):
        return ">"
    return ">="


# -- names -------------------------------------------------------------------


def _name(pre: str, post: str, unit: str, reduction: bool) -> str:
    """A short readable name: "Tỷ lệ hồ sơ TTHC được giải quyết trước và đúng hạn"."""
    compare = _COMPARE_WORDS.search(pre)
    subject_pre = _last_clause(pre[: compare.start()] if compare else pre)
    head = _HEAD_WORD.search(subject_pre)
    if head:
        return _finish(f"{head.group().capitalize()} {_tidy_subject(subject_pre[head.end():])}")
    lead = _FILLER.sub("", subject_pre).strip(" ,-+")
    rate = "Tỷ lệ " if unit == "%" else "Số "
    if lead and compare and re.search(r"\bđạt\b", compare.group(), re.IGNORECASE):
        return _finish(rate + _tidy_subject(lead))
    subject = _tidy_subject(re.sub(r"^\s*(?:trở lên|số)\s+", "", post))
    if not subject:
        return ""
    if reduction:
        return _finish("Giảm " + subject)
    if re.search(r"\bhoàn thành\b", subject_pre, re.IGNORECASE):
        rate += "hoàn thành "
    return _finish(rate + subject)


def _unnumbered_name(scan: str, m: re.Match) -> str:
    """Name for "... đạt theo mục tiêu tỉnh giao" / "Vượt chỉ tiêu thu ngân sách ... giao"."""
    name = _name(scan[: m.start()] + " đạt", "", "%", False)
    if name:
        return name
    inside = re.sub(r"^.*?(?:mục\s+tiêu|chỉ\s+tiêu)\s+", "", m.group(), flags=re.IGNORECASE)
    inside = inside.split(" được ")[0]  # "... được thành phố giao"
    return _finish(_tidy_subject(inside).capitalize())


def _last_clause(text: str) -> str:
    text = re.split(r"[.;:]\s|,\s*trong (?:số )?đó,?", text)[-1]
    return re.sub(r"^[-+•\s]*(?:[a-zđ]\)|\d+(?:\.\d+)*\.?)?\s*", "", text)


def _tidy_subject(text: str) -> str:
    """Keep the noun phrase and its "được ..." predicate; drop places, purposes, asides."""
    text = re.sub(r"\s+", " ", _SELF.sub("", " " + text)).strip(" ,")
    text = re.sub(r"^(?:các|những)\s+", "", text, flags=re.IGNORECASE)
    passives = list(re.finditer(r"\sđược\s", text))
    verb = next((v for v in passives if not _AGENT.match(text, v.start())), None)
    if verb is None:
        return _cut(text, _STOP)
    head = text[: passives[0].start()]
    if _DENOMINATOR.search(head):  # "TTHC ... trên tổng số TTHC đủ điều kiện được ...": not its verb
        return _cut(head, _STOP)
    middle = text[passives[0].start(): verb.start()]
    middle = middle if len(middle.split()) <= 5 else ""
    parts = (_cut(head, _STOP), middle, _cut_tail(text[verb.start():]))
    return " ".join(p.strip(" ,") for p in parts if p.strip(" ,"))


def _cut(text: str, stop: re.Pattern) -> str:
    found = stop.search(text)
    return (text[: found.start()] if found else text).strip(" ,")


def _cut_tail(tail: str) -> str:
    """The predicate up to a boundary, or a comma once it has said something."""
    tail = _cut(tail, _TAIL_STOP)
    for comma in re.finditer(",", tail):
        if len(tail[: comma.start()].split()) >= 6:
            return tail[: comma.start()]
    return tail


def _finish(name: str) -> str:
    words = re.sub(r"\s+", " ", name).strip().split(" ")
    return _TAIL_JUNK.sub("", " ".join(words[:30])).strip()


# -- dedupe and keys ---------------------------------------------------------


def _deduped(found: list[IndicatorDraft]) -> list[IndicatorDraft]:
    kept: list[IndicatorDraft] = []
    for ind in found:
        if not any(_same(k, ind) for k in kept):
            kept.append(ind)
    return kept


def _same(a: IndicatorDraft, b: IndicatorDraft) -> bool:
    """Same name and period; or the same number with nearly the same name (a restatement)."""
    if a.period != b.period:
        return False
    if fold(a.name) == fold(b.name):
        return True
    wa, wb = set(re.findall(r"\w+", fold(a.name))), set(re.findall(r"\w+", fold(b.name)))
    same_number = (a.unit, a.target) == (b.unit, b.target)
    return same_number and len(wa & wb) >= 0.75 * len(wa | wb)


def _keyed(found: list[IndicatorDraft]) -> list[IndicatorDraft]:
    used: set[str] = set()
    for ind in found:
        base = slug(ind.name) or "chi-tieu"
        base = f"{base}-{ind.period}" if ind.period else base
        key, n = base, 1
        while key in used:
            n += 1
            key = f"{base}-{n}"
        used.add(key)
        ind.key = key
    return found
