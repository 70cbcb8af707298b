"""From the items read in PDF text to table rows: cells told apart, page breaks mended, rows for the pipeline.

Cells are told apart twice: once with what each cell's own line breaks say,
then with the width each column has on its page, as most of that page's
cells agree (cchc/importers/line_widths.py). Then what the layout itself
shows is settled: text after a page header joins the cells the break cut
(cchc/importers/pdf_breaks.py); items stacked in one column take the items
printed after them in the next column, one each (two tasks, then their two
activities); a sub-row printed without detail cells shares those of the row
it is merged with; a number the plan repeats is qualified.
"""

from __future__ import annotations

from collections import defaultdict

from cchc.domain.agencies import is_group
from cchc.domain.vocabulary import AREAS
from cchc.i18n import _
from cchc.importers.blocks import ROW
from cchc.importers.blocks import Row as Block
from cchc.importers.draft import ImportWarning
from cchc.importers.line_widths import Bounds, bounds, voted
from cchc.importers.pdf_cells import TEXTS, Splitter, join
from cchc.importers.pdf_header import Layout
from cchc.importers.pdf_text import DEPTH, Item, is_leaf
from cchc.importers.word_pairs import WordPairs

_DETAILS = ("product", "lead", "cooperating", "deadline", "budget")


def blocks(items: list[Item], layout: Layout, lines: list[str], period, warnings: list[ImportWarning]) -> list[Block]:
    from cchc.importers import pdf_breaks

    splitter = Splitter(phrase_book(lines, items), period)
    tell_cells(items, layout, splitter)
    pdf_breaks.mend(items, layout, splitter, _page_widths(items))
    items = unstack(items)
    share_merged_cells(items, layout)
    unique_refs(items, warnings)
    return _as_blocks(items, layout)


def phrase_book(lines: list[str], items: list[Item]) -> WordPairs:
    """Word pairs of the document: its prose (lines joined), each item's lines, no page-break tails."""
    first = min((item.line for item in items), default=len(lines) + 1) - 1
    pairs = WordPairs.of([" ".join(line.strip() for line in lines[:first] if line.strip())])
    tails = {line for item in items for line, _text in item.tails}
    for number, line in enumerate(lines[first:], start=first + 1):
        if number not in tails:
            pairs.add(line, ends=False)
    for n, item in enumerate(items):
        if item.lines and not is_leaf(items, n):
            pairs.add(" ".join(item.lines))
    return pairs


def kinds_of(item: Item, leaf: bool, layout: Layout) -> list[str]:
    text = "text" if item.level not in layout.keys else item.level
    return [text] + (layout.details if leaf else [])


def tell_cells(items: list[Item], layout: Layout, splitter: Splitter) -> None:
    leaves = [is_leaf(items, n) for n in range(len(items))]
    for _pass in range(2):
        widths = _page_widths(items) if _pass else {}
        for n, item in enumerate(items):
            kinds = kinds_of(item, leaves[n], layout)
            if not item.lines:
                item.cells = {kind: [] for kind in kinds}
                continue
            page = {kind: widths[item.page, kind] for kind in kinds if (item.page, kind) in widths}
            cells = splitter.split(item.lines, kinds, item.numbered, page, broken=bool(item.tails))
            item.cells = dict(zip(kinds, cells))


def _page_widths(items: list[Item]) -> dict[tuple[int, str], Bounds]:
    """(page, column) -> the width most cells of that column on that page agree with."""
    found: dict[tuple[int, str], list[Bounds]] = defaultdict(list)
    for item in items:
        for n, (kind, cell) in enumerate(item.cells.items()):
            if cell:
                key = item.level if kind in TEXTS else kind
                found[item.page, key].append(bounds(cell, n == 0 and item.numbered))
    agreed = {key: voted(cells) for key, cells in found.items()}
    return {key: width for key, width in agreed.items() if width is not None}


def unstack(items: list[Item]) -> list[Item]:
    """Items stacked in one column, then as many items one level down: one each, in order.

    The PDF text lists a column's cells before the next column's, so two tasks
    of one row, each with one activity, come out as task, task, activity,
    activity. A stacked item shows it by having neither cells nor items of its
    own; each gets one of the items that follow.
    """
    out = list(items)
    n = 0
    while n < len(out):
        run = _stack_at(out, n)
        if run:
            stacked, below = run
            for k in below:
                out[k].review.append(_("the text lists it after all the items of its column; "
                                       "check which item it belongs to"))
            order = [x for pair in zip(stacked, below) for x in pair]
            out[n:n + len(order)] = [out[k] for k in order]
            n += len(order)
        else:
            n += 1
    return out


def _stack_at(items: list[Item], n: int) -> tuple[list[int], list[int]] | None:
    first = items[n]
    if first.level not in DEPTH:
        return None
    stacked = [n]
    while stacked[-1] + 1 < len(items) and _same_row(items[stacked[-1] + 1], first) and \
            items[stacked[-1] + 1].level == first.level and not _has_details(items[stacked[-1]]):
        stacked.append(stacked[-1] + 1)
    below, k = [], stacked[-1] + 1
    while k < len(items) and _same_row(items[k], first) and DEPTH.get(items[k].level) == DEPTH[first.level] + 1:
        below.append(k)
        k += 1
    if len(stacked) < 2 or len(below) != len(stacked):
        return None
    return stacked, below


def _same_row(a: Item, b: Item) -> bool:
    return (a.section, a.group) == (b.section, b.group)


def _has_details(item: Item) -> bool:
    return any(item.cells.get(kind) for kind in _DETAILS)


def share_merged_cells(items: list[Item], layout: Layout) -> None:
    """A leaf printed without the cells every row fills (lead, deadline, budget) shares those of a
    leaf of the same row: they are one merged cell. Its own product stays. A leaf with a deadline
    but no lead has an empty lead: nothing shows it is merged."""
    details = [k for k in layout.details if k in _DETAILS]
    for n, item in enumerate(items):
        if not is_leaf(items, n) or _fills_row(item):
            continue
        donor = _sibling(items, n)
        if donor is not None:
            for kind in details:
                if kind != "product" or not item.cells.get(kind):
                    item.cells[kind] = list(items[donor].cells.get(kind, []))
            item.review.append(_("details shared with {ref} (merged cell)").format(ref=items[donor].ref))


def _fills_row(item: Item) -> bool:
    return any(item.cells.get(kind) for kind in ("lead", "deadline", "budget"))


def _sibling(items: list[Item], n: int) -> int | None:
    """The next leaf of the same level and row with its cells, else the previous one."""
    same = [k for k in range(len(items)) if k != n and _same_row(items[k], items[n]) and
            items[k].level == items[n].level and is_leaf(items, k) and _fills_row(items[k])]
    later = [k for k in same if k > n]
    return later[0] if later else (same[-1] if same else None)


def unique_refs(items: list[Item], warnings: list[ImportWarning]) -> None:
    """Numbering restarts inside some sections; qualify a repeat with its row number."""
    seen: set[tuple[str, str, str]] = set()
    for item in items:
        key = (item.area, item.level, item.ref)
        if key in seen:
            number = item.ref
            item.ref = f"{item.ref} (TT {item.tt})" if item.tt else f"{item.ref} (line {item.line})"
            warnings.append(ImportWarning(item.line, join(item.cells.get(next(iter(item.cells)), []))[:60],
                                          _("number {ref} repeats in its section").format(ref=number)))
        seen.add((item.area, item.level, item.ref))


def _as_blocks(items: list[Item], layout: Layout) -> list[Block]:
    out = [Block(None, list(layout.names), ROW, 0)]
    section = None
    for item in items:
        if item.section != section:
            section = item.section
            out.append(Block(item.line, [f"Phụ lục: {AREAS[item.area]}"], ROW, 0))
        out.append(Block(item.line, [_cell(item, key) for key in layout.keys], ROW, 0, notes=item.review))
    return out


def _cell(item: Item, key: str) -> str:
    if key == "ref":
        return item.ref
    if key in DEPTH or key == "text":
        text_key = next(iter(item.cells), None)
        return join(item.cells.get(key, [])) if (key == item.level or key == "text") and text_key == key else ""
    if key == "cooperating":
        return join(item.cells.get(key, []))
    lines = item.cells.get(key, [])
    if key == "lead" and lines and is_group(join(lines)):
        item.review.append(_("lead is a group, not one agency"))
    return join(lines)
