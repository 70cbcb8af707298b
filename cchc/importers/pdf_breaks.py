"""Text after a page header in PDF text: the rest of the cells the page break cut.

A table row broken by a page goes on at the top of the next page, under the
repeated header, cell after cell in column order; pieces of neighbouring
cells printed at the same height come out on one line ("CCHC tiễn vực CCHC"
is the end of three cells). The tail is cut into pieces, each given to one
cell of the broken row, columns in order, by a dynamic program scored on:
whether a piece fits its column's width (what the cell's lines before the
break say), whether the cell it goes on was unfinished and the two words
across the join are a pair the document writes elsewhere, and whether a line
is cut between two words the document writes together. A cell written as a
list ("- …") in the first row after the break starts at its first marker:
lines before it go on from the list the break cut. Every cell that took text
is flagged for review.
"""

from __future__ import annotations

from dataclasses import dataclass

from cchc.domain.agencies import is_group, looks_like_agency, split_agencies
from cchc.domain.text import fold
from cchc.i18n import _
from cchc.importers.line_widths import SLACK, Bounds, bounds, merged, printed_width
from cchc.importers.pdf_cells import DANGLING, TEXTS, Splitter, join
from cchc.importers.pdf_header import Layout
from cchc.importers.pdf_text import Item, is_leaf

_LIST = "-+•*\u2013"
_DATE_WORDS = {"ngay", "thang", "nam", "quy", "qui", "truoc", "sau", "trong", "hang", "hoan", "thanh", "cuoi",
               "dau", "giua", "xuyen", "thuong", "dinh", "ky", "den", "tu", "va", "cac", "tiep", "theo", "nhung",
               "moi", "lien", "tuc", "cham", "nhat", "ca"}
_ROMAN = {"i", "ii", "iii", "iv", "i-iv", "i-ii", "ii-iii", "iii-iv"}
_BUDGET_WORDS = {"theo", "du", "toan", "duoc", "cap", "giao", "nguon", "ngan", "sach", "kinh", "phi", "chi",
                 "thuong", "xuyen", "xa", "tinh", "huyen", "so", "tien", "dong", "trieu", "ty", "va", "khac",
                 "hop", "phap", "tu", "nha", "nuoc", "von", "su", "nghiep"}
_ENDED = ".;:!?)"
# Weights, roughly log-odds: a cell is seldom cut (OPEN), less so after a full stop (ENDED), more so
# mid-phrase (DANGLES); a line seldom holds two cells (SPLIT); a piece wider than its column hardly
# ever (TOO_WIDE, per unit of excess); a line seldom wraps before the next word would (EARLY).
JOIN, SPLIT, CUT_PAIR, TOO_WIDE, EARLY, ENDED, OPEN, DANGLES, COHESION = \
    3.0, 1.0, 3.0, 30.0, 1.5, 1.5, 1.0, 1.5, 1.0
KIND = 4.0  # a deadline, budget or agency cell going on with text of another kind


@dataclass
class _Cut:
    """A cell of the broken row: its column, the item it belongs to, its lines, its column's width."""

    key: str
    item: int
    width: Bounds


def mend(items: list[Item], layout: Layout, splitter: Splitter, widths: dict[tuple[int, str], Bounds]) -> None:
    """Give each page-break tail to the cells it goes on; `widths`: (page, column) -> width."""
    for n, item in enumerate(items):
        if item.tails:
            _distribute(items, n, layout, splitter, widths)
    for n in range(1, len(items)):
        _carry_lists(items, n)


def _distribute(items: list[Item], n: int, layout: Layout, splitter: Splitter,
                widths: dict[tuple[int, str], Bounds]) -> None:
    cuts = _cut_cells(items, n, layout, widths)
    tail = [text for _line, text in items[n].tails]
    if not cuts:
        return
    pieces = _assign(tail, cuts, items, splitter)
    line = items[n].tails[0][0]
    touched = set()
    for cut, parts in zip(cuts, pieces):
        if parts:
            items[cut.item].cells[cut.key] = items[cut.item].cells.get(cut.key, []) + parts
            touched.add(cut.item)
    shown = join(tail)
    for k in sorted(touched | {n}):
        items[k].review.append(_("row continues after a page break (line {line}); check the cells, the PDF "
                                 "text mixes them: {rest}").format(line=line, rest=shown))


def _cut_cells(items: list[Item], n: int, layout: Layout, widths: dict[tuple[int, str], Bounds]) -> list[_Cut]:
    """The last cell of each column of item n's row, up to item n: what the page break may have cut,
    with its column's width on the next page (else as the row's cells before the break show it)."""
    row = [k for k in range(n + 1) if (items[k].section, items[k].group) == (items[n].section, items[n].group)]
    cuts = []
    for key in layout.keys:
        if key == "ref":
            continue
        holders = [k for k in row if items[k].cells.get(key)]
        if not holders:
            continue
        k = holders[-1]
        level = items[k].level if key in TEXTS else key
        width = widths.get((items[n].page + 1, level))
        if width is None:
            column = [bounds(items[j].cells[key], _numbered(items[j], key)) for j in row if items[j].cells.get(key)]
            width = merged(column)
        cuts.append(_Cut(key, k, width))
    return cuts


def _numbered(item: Item, key: str) -> bool:
    return item.numbered and next(iter(item.cells), None) == key


def _assign(tail: list[str], cuts: list[_Cut], items: list[Item], splitter: Splitter) -> list[list[str]]:
    """The tail's pieces for each cut cell (lines in order; a line may be cut between cells)."""
    words = [(i, word) for i, line in enumerate(tail) for word in line.split()]
    ends = {pos + 1 for pos in range(len(words)) if pos + 1 == len(words) or words[pos + 1][0] != words[pos][0]}
    starts = {0} | ends
    # best[pos][c]: the best score with words[:pos] placed, the last piece in column c
    best: list[dict[int, tuple[float, tuple[int, int] | None]]] = [dict() for _ in range(len(words) + 1)]
    best[0][-1] = (0.0, None)
    for pos in range(len(words)):
        for column, (score, _back) in list(best[pos].items()):
            line_start = pos in starts
            for end in range(pos + 1, len(words) + 1):
                piece = " ".join(w for _i, w in words[pos:end])
                for target in range(max(column, 0), len(cuts)):
                    if target == column and not line_start:
                        continue
                    before = tail[words[pos][0] - 1] if line_start and pos else ""
                    total = score + _piece(piece, cuts[target], target == column, before, items, splitter)
                    if end not in ends:
                        total -= SPLIT + CUT_PAIR * splitter.pairs.score(words[end - 1][1], words[end][1])
                    if target not in best[end] or total > best[end][target][0]:
                        best[end][target] = (total, (pos, column))
                if end in ends:
                    break
    if not best[len(words)]:
        return [[] for _ in cuts]
    column = max(best[len(words)], key=lambda c: best[len(words)][c][0])
    pieces: list[list[tuple[int, str]]] = [[] for _ in cuts]
    end = len(words)
    while end:
        _score, (pos, previous) = best[end][column]
        pieces[column].insert(0, (words[pos][0], " ".join(w for _i, w in words[pos:end])))
        end, column = pos, previous
    return [[text for _line, text in parts] for parts in pieces]


def _piece(piece: str, cut: _Cut, same_column: bool, before: str, items: list[Item], splitter: Splitter) -> float:
    """The score of giving `piece` to `cut`; `same_column`: on a new line of the column, after `before`."""
    width = printed_width(piece)
    lines = items[cut.item].cells[cut.key]
    score = COHESION * _cohesion(piece, lines)
    if width > cut.width.high * (1 + SLACK):
        score -= min(6.0, TOO_WIDE * (width / cut.width.high - 1 - SLACK))
    listed = piece[0] in _LIST
    if same_column:
        in_list = before[:1] in _LIST or any(line[:1] in _LIST for line in lines)
        early = printed_width(f"{before} {piece.split()[0]}") < cut.width.low * (1 - SLACK)
        if early and not (listed or in_list):  # list items are indented
            score -= EARLY
        if before[-1:] in _ENDED and not listed:  # a finished sentence: other cells wait for their ends
            score -= ENDED / 2
        return score + splitter.pairs.score(before, piece)
    last = lines[-1].strip()
    words = fold(last).split()
    score -= OPEN
    if not _fits_kind(cut.key, lines, piece):
        score -= KIND
    if last[-1] in _ENDED and not listed:
        score -= ENDED
    elif listed and last[-1] not in _ENDED and not any(line[:1] in _LIST for line in lines):
        score -= DANGLES  # a list item begins after a finished phrase or in a list, not mid-phrase
    elif words and (words[-1] in DANGLING or last.endswith(("-", ",", "\u2013"))):
        score += DANGLES
    else:  # a word the document nearly always follows with another ("thực" / "tiễn")
        score += DANGLES * max(0.0, splitter.pairs.goes_on(last) - 0.8) / 0.2
    return score + JOIN * splitter.pairs.score(last, piece)


def _fits_kind(key: str, lines: list[str], piece: str) -> bool:
    """Can a cell of this column go on with `piece` and still hold what the column holds?"""
    words = fold(piece).split()
    if key == "deadline":
        return all(w.strip(".,;:/-") in _DATE_WORDS or any(c.isdigit() for c in w) or
                   w.strip(".,;:/-") in _ROMAN for w in words)
    if key == "budget":
        return all(w.strip(".,;:") in _BUDGET_WORDS or any(c.isdigit() for c in w) for w in words)
    if key in ("lead", "cooperating"):
        text = join(lines + [piece])
        return all(looks_like_agency(name) or is_group(name) or fold(name).startswith("cac ")
                   for name in (split_agencies(text) if key == "cooperating" else [text]))
    return True


def _cohesion(piece: str, lines: list[str]) -> float:
    """The share of the piece's words the cell already has: a cell goes on with its own words."""
    words = {w for w in fold(piece).split() if len(w) > 1 and not w[0].isdigit()}
    if len(words) < 3:  # too few words to tell
        return 0.0
    return len(words & set(fold(" ".join(lines)).split())) / len(words)


def _carry_lists(items: list[Item], n: int) -> None:
    """In the first row after a break, a list cell's lines before its first marker end the list cut above."""
    item = items[n]
    if not is_leaf(items, n):
        return
    cut = next((k for k in range(n - 1, -1, -1) if is_leaf(items, k) and
                (items[k].section, items[k].group) == (item.section, item.group)), None)
    if cut is None or items[cut].page >= item.page:
        return
    for key, lines in item.cells.items():
        before = items[cut].cells.get(key, [])
        marker = next((i for i, line in enumerate(lines) if line[:1] in _LIST), None)
        if not marker or not any(line[:1] in _LIST for line in before):
            continue
        items[cut].cells[key] = before + lines[:marker]
        item.cells[key] = lines[marker:]
        items[cut].review.append(_("a cell continues after a page break; check it: {rest}")
                                 .format(rest=join(lines[:marker])))
