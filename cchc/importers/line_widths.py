"""How wide a line of text prints, and what a cell's line breaks say about its column's width.

Text extracted from a PDF keeps the line breaks of each table cell but not
their positions. Where a cell wrapped tells how wide its column is: every line
fits, and no line had room for the next word. Widths are estimated with the
advance widths of Times (the font of almost every administrative document),
in thousandths of an em; accents do not change a letter's width.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_WIDTHS = {
    **dict(zip("abcdefghijklmnopqrstuvwxyz",
               (444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389,
                278, 500, 500, 722, 500, 500, 444))),
    **dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ",
               (722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556,
                611, 722, 722, 944, 722, 722, 611))),
    " ": 250, ".": 250, ",": 250, ";": 278, ":": 278, "-": 333, "/": 278, "(": 333, ")": 333, "%": 833,
    "&": 778, "\u2013": 500, "\u2014": 1000, "'": 180, '"': 408, "!": 333, "?": 444, "+": 564,
}
_DEFAULT = 500  # digits, and anything else
SLACK = 0.05  # the estimate is within a few percent of the printed width
_LIST = "-+•*\u2013"


@lru_cache(maxsize=8192)
def printed_width(text: str) -> int:
    """The width of `text` in thousandths of an em (Times), accents ignored."""
    total = 0
    for char in unicodedata.normalize("NFD", text.strip()):
        if unicodedata.combining(char):
            continue
        total += _WIDTHS.get({"đ": "d", "Đ": "D"}.get(char, char), _DEFAULT)
    return total


@dataclass(frozen=True)
class Bounds:
    """What the lines of one cell say about its column's width: low <= width < high."""

    low: int
    high: float

    @property
    def excess(self) -> float:
        """How far the lines contradict one width (0 when they agree, within SLACK)."""
        return max(0.0, self.low / self.high - 1 - SLACK) if self.high else 0.0

    def admits(self, width: int) -> bool:
        """Could a line this wide be printed in the column?"""
        return width <= self.high * (1 + SLACK)


def bounds(lines: list[str], first_numbered: bool = False) -> Bounds:
    """The column width the line breaks of a cell allow.

    A line ending a sentence, a line before a list item ("- …"), the first line
    of a list item and the numbered first line of an item (its number may be
    followed by a tab) may end early, so they set no upper bound.
    """
    lines = [line.strip() for line in lines if line.strip()]
    low = max((printed_width(line) for line in lines), default=0)
    high = float("inf")
    for index, (line, after) in enumerate(zip(lines, lines[1:])):
        if (index == 0 and first_numbered) or line[-1] in ".;:!?" or after[0] in _LIST or line[0] in _LIST:
            continue
        high = min(high, printed_width(f"{line} {after.split()[0]}"))
    return Bounds(low, high)


def merged(many: list[Bounds]) -> Bounds:
    """The width every cell of a column agrees with (cells of one column of one table)."""
    return Bounds(max((b.low for b in many), default=0), min((b.high for b in many), default=float("inf")))


def voted(cells: list[Bounds], least: int = 3) -> Bounds | None:
    """The column width most of `least` or more cells agree with, as bounds; None with fewer cells.

    A cell told apart wrongly disagrees with the others and is outvoted.
    """
    if len(cells) < least:
        return None
    points = sorted({c.low for c in cells} | {c.high for c in cells if c.high != float("inf")})
    scored = [(sum(c.low <= w * (1 + SLACK) and w < c.high * (1 + SLACK) for c in cells), w) for w in points]
    most = max(votes for votes, _w in scored)
    if 2 * most < len(cells):
        return None
    agreeing = [w for votes, w in scored if votes == most]
    return Bounds(int(min(agreeing) / (1 + SLACK)), max(agreeing) * (1 + SLACK))
