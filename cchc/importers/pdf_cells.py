"""Telling apart the cells of one table row in PDF text, where they follow each other with no separator.

The lines of a row (its text, then product, lead, cooperating, deadline and
budget, in the order of the plan's header) are cut into cells by a small
dynamic program. Each way of cutting is scored by what each cell holds: a
deadline phrase, a budget phrase, one agency, a list of agencies, free text;
whether the cell's line breaks agree with one column width
(cchc/importers/line_widths.py); and whether a cut falls inside a phrase (a
line ending "…của", "HĐND-", or two words the document writes together).
Any cell may be empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from cchc.domain.agencies import looks_like_agency, split_agencies
from cchc.domain.deadlines import parse_deadline
import unicodedata

from cchc.domain.text import fold
from cchc.importers.line_widths import Bounds, bounds
from cchc.importers.word_pairs import WordPairs

TEXTS = {"text", "objective", "task", "activity"}
_MAX_LINES = {"lead": 12, "deadline": 24, "budget": 8}
_DEADLINE_WORDS = {"ngay", "thang", "thuong", "nam", "quy", "qui", "theo", "truoc", "trong", "ca", "dinh", "hang",
                   "sau", "cham", "tu", "hoan", "giai", "dau", "cuoi", "khi", "ky", "xuyen", "han", "lo", "trinh"}
_ACRONYM = re.compile(r"^[A-ZĐ]{2,}\b")
_SPACES = re.compile(r"[ \t\u00a0\u200b]+")
_OF = {"cua", "cho", "tai", "voi", "den", "gui", "trinh", "thuoc", "va", "hoac"}
_PLACE_WORDS = {"xa", "phuong", "huyen", "tinh", "thi", "tran", "thanh", "pho", "quan", "thon", "ban", "to"}
_GROUP_HEAD = re.compile(r"(?:cac|nhung|toan bo|tat ca)\s")  # "Các phòn chuyên môn" (sic) is still a group
_LIST = "-+•*\u2013"
_BUDGET = re.compile(r"^(?:theo du toan|kinh phi|ngan sach|nguon|tu nguon|du toan|khong phat sinh|\d[\d.,]*\s*(?:trieu|ty|dong))")
# Words a phrase does not end with ("…của", "…và các"); "số" is not one of them ("chuyển đổi số").
DANGLING = {"cac", "va", "cua", "cho", "ve", "tai", "voi", "nhung", "cap", "co", "thuoc", "trong", "theo", "duoc",
            "de", "tu", "den", "la", "tren", "vao", "hoac", "nham", "mot", "nhu", "gan", "dam"}
# Score weights: a kind of text in its column, and the signs of a wrong cut.
KIND, WIDTH, DANGLE, PAIR, LOWER, NAME, HYPHEN, RUN_ON = 4.0, 12.0, 2.5, 2.5, 5.0, 2.5, 5.0, 2.0


@lru_cache(maxsize=1 << 14)
def tidy(line: str) -> str:
    """A line as the document has it: NFC, runs of spaces as one (dashes stay as written)."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", line)).strip()


def join(lines: list[str]) -> str:
    """One cell's lines as one text: a word cut after a hyphen ("HĐND-" / "UBND") is joined again.
    The text cannot tell a list item's line from a wrapped one: both join with a space."""
    out = ""
    for part in (tidy(p) for p in lines):
        if not part:
            continue
        glue = "" if out.endswith("-") and not out.endswith(" -") else " "
        out = f"{out}{glue}{part}" if out else part
    return out


@dataclass
class Splitter:
    """Cuts rows of one document; `pairs` is the document's phrase book, `period` reads deadlines."""

    pairs: WordPairs
    period: int | tuple[int, int]

    def split(self, lines: list[str], kinds: list[str], numbered: bool = True,
              widths: dict[str, Bounds] | None = None, broken: bool = False) -> list[list[str]]:
        """`lines` cut into one list of lines per kind (the first kind is the row's text, never empty).

        In a row `broken` by a page, any cell may stop mid-phrase: it goes on after the break.
        """
        lines = [line.strip() for line in lines if line.strip()]
        n, m = len(lines), len(kinds)
        widths = widths or {}
        best: list[dict[int, tuple[float, int]]] = [{0: (0.0, 0)}] + [{} for _ in kinds]
        cut = lru_cache(maxsize=None)(lambda end, last: 0.0 if last else self.cut(lines, end, kinds, broken))
        for k, kind in enumerate(kinds):
            for start, (score, _before) in best[k].items():
                ends = [n] if k == m - 1 else range(start + (kind in TEXTS), n + 1)
                for end in ends:
                    if end - start > _MAX_LINES.get(kind, n):
                        break
                    total = score + self.cell(kind, tuple(lines[start:end]), numbered and k == 0,
                                              widths.get(kind))
                    if end > start:  # what a cut costs depends on where, not on the cells before
                        total += cut(end, k == m - 1)
                    if end not in best[k + 1] or total > best[k + 1][end][0]:
                        best[k + 1][end] = (total, start)
        if n not in best[m]:
            return [lines] + [[] for _ in kinds[1:]]
        cells, end = [], n
        for k in range(m, 0, -1):
            start = best[k][end][1]
            cells.append(lines[start:end])
            end = start
        return cells[::-1]

    def cut(self, lines: list[str], end: int, rest: list[str], broken: bool) -> float:
        """What it costs to end a cell before lines[end] (when a cell of `rest` starts there):
        a line left mid-phrase, two words the document writes together, an agency's name cut."""
        if end == 0 or end >= len(lines) or not rest:
            return 0.0
        before, after = lines[end - 1], lines[end]
        words = fold(before).split()
        cost = HYPHEN if before.endswith("-") and not before.endswith(" -") else 0.0  # "HĐND-" / "UBND"
        if not broken and words and (words[-1] in DANGLING or before.endswith(",")):
            cost += DANGLE
        if _cuts_name(lines[max(0, end - 2):end], after):
            cost += NAME
        return -cost - PAIR * self.pairs.score(before, after)

    def cell(self, kind: str, part: tuple[str, ...], numbered: bool, width: Bounds | None) -> float:
        if not part:
            return -1.0 if kind in ("lead", "deadline") else 0.0
        limits = bounds(list(part), numbered)
        if width is not None:
            limits = Bounds(max(limits.low, width.low), min(limits.high, width.high))
        score = -WIDTH * limits.excess
        if kind in TEXTS:
            return score
        head = part[0]
        if head[0].islower() and kind != "product":
            score -= LOWER
        return score + _kind_score(kind, join(list(part)), head, self.period)


@lru_cache(maxsize=4096)
def _kind_score(kind: str, text: str, head: str, period) -> float:
    folded = fold(text)
    if kind == "deadline":
        return KIND if _starts_deadline(text) and _is_deadline(text, period) else -KIND
    if kind == "budget":
        return KIND if _BUDGET.match(folded) else -KIND
    if kind == "lead":
        return _agency_score(text, single=True)
    if kind == "cooperating":
        return _agency_score(text, single=False)
    if kind == "product":
        score = 0.5 if head[0].isupper() or head[0] in "-+•" or head[0].isdigit() else -1.0
        if _ACRONYM.match(head):  # "TTHC", "UBND" at a line start usually goes on from the text
            score -= 1.0
        if looks_like_agency(text) or _is_deadline(text, period):
            score -= 1.5
        if _ends_with_agency(text):
            score -= NAME
        return score
    return 0.0  # a column nobody reads (area, progress)


def _ends_with_agency(text: str) -> bool:
    """A product that goes on into an agency's name ("…thực hiện. Trung tâm Phục vụ …", "…TTHC Phòng
    Kinh tế"): the name is the next cell. "Báo cáo của UBND xã" names who reports: not that."""
    words = text.split()
    for k in range(1, len(words) - 1):
        word, before = words[k], words[k - 1]
        if word[0].isupper() and word[1:2].islower() and fold(before).strip(",") not in _OF and \
                looks_like_agency(" ".join(words[k:])):
            return True
    return False


def _starts_deadline(text: str) -> bool:
    """How a deadline cell begins: a list item ("- Báo cáo: …"), or a capital and a word of dates
    among its first words ("Kiểm tra xong trước tháng …"); never an agency's name."""
    if text[0] in _LIST:
        return True
    head = " ".join(text.split()[:5])
    first = re.split(r"[,;]|\s-\s", text)[0]
    if looks_like_agency(first) or _GROUP_HEAD.match(fold(head)):
        return False
    words = [w.strip(".,;:()") for w in fold(head).split()]
    return (text[0].isupper() or text[0].isdigit()) and \
        any(w in _DEADLINE_WORDS or w[:1].isdigit() or w in ("i", "ii", "iii", "iv") for w in words)


def _agency_score(text: str, single: bool) -> float:
    """Agencies, each a short name or a group ("Các phòng chuyên môn"); a lead cell has one, at times two."""
    names = split_agencies(text)
    if not names or any(len(name.split()) > 10 for name in names) or (single and len(names) > 2):
        return -KIND
    good = [looks_like_agency(name) or _GROUP_HEAD.match(fold(name)) is not None for name in names]
    if not all(good):
        return -KIND
    extra = 0.5 * (len(names) - 1) if single else 0.0
    return KIND * 0.75 - extra - RUN_ON * sum(_runs_on(name) for name in names)


def _runs_on(name: str) -> bool:
    """Two names, or a name and the next cell, with no separator ("Phòng VH-XH Các cơ quan", "UBND Văn
    phòng …", "… được kiểm tra Kiểm tra xong"): a cell's end is missing between them."""
    words = name.split()
    for k in range(1, len(words)):
        word, before = words[k], words[k - 1]
        if not word[0].isupper() or before[-1] in ",;-&(" or fold(before) in ("va", "hoac"):
            continue
        if looks_like_agency(" ".join(words[:k])) and looks_like_agency(" ".join(words[k:])):
            return True
        titled = word[1:2].islower() and before.islower() and fold(before) not in _PLACE_WORDS
        if titled:  # "kiểm tra Kiểm": a new phrase; "xã Kỳ Lạc": a place's name
            return True
    return False


def _cuts_name(before: list[str], after: str) -> bool:
    """Does a cut here split an agency's name ("Văn" / "phòng" | "UBND xã", "HCC; Phòng" | "VH-XH")?"""
    words = " ".join(before).split()
    for size in (1, 2, 3):
        head = " ".join(words[-size:])
        if len(words) >= size and head[0].isupper() and not looks_like_agency(head) and \
                looks_like_agency(f"{head} {after}"):
            return True
    return False


@lru_cache(maxsize=4096)
def _is_deadline(text: str, period) -> bool:
    return any(m.kind != "unspecified" for m in parse_deadline(text, period))
