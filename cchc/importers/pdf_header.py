"""The header of a table in PDF text: its column names, broken over short lines, and where it repeats.

A PDF's text prints the header cells one after another, each broken into
short lines ("4- Kết" / "quả, sản" / "phẩm"), sometimes two on one line
("5- Chủ trì 6- Phối hợp"). The block is found where a run of short lines
reads as column names (cchc/domain/table_columns.py), numbered ("1- …",
"(2)") or not; the same run of lines wherever it comes again is the header
repeated at the top of a page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cchc.domain import table_columns
from cchc.domain.text import fold, nfc

LEVEL_KEYS = ("objective", "task", "activity")
_NUMBERED = re.compile(r"(?:^|\s)\(?(\d{1,2})\)?\s*-\s*(?=\S)")
_BODY = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?(?:\s|$)|[IVX]+(?:[.)]|\s|$))")
_SHORT = 48  # characters: a header line is a piece of a narrow cell
_SPAN = 7  # words of one header name at most
_SEARCH = 40  # non-blank lines a header block may take


@dataclass
class Layout:
    keys: list[str]  # the field of each column, in order ("ref", "objective", …, "budget")
    names: list[str]  # the header cells as printed
    lines: list[str]  # the block's non-blank lines, folded
    numbers: dict[str, str]  # item number prefix -> level ("1" -> "objective"), hierarchical tables only

    @property
    def levels(self) -> list[str]:
        return [k for k in self.keys if k in LEVEL_KEYS]

    @property
    def text_key(self) -> str:
        return "text" if "text" in self.keys else self.levels[-1]

    @property
    def details(self) -> list[str]:
        """The columns after the item's text: product, lead, cooperating, deadline, budget…"""
        last = max(self.keys.index(k) for k in self.keys if k in LEVEL_KEYS or k == "text")
        return self.keys[last + 1:]


def find_layout(lines: list[str]) -> tuple[Layout, int, int] | None:
    """(layout, first line, line after it) of the first header block, else None."""
    for start, line in enumerate(lines):
        text = nfc(line)
        if not text or len(text) > _SHORT or table_columns.column_of(_first_name(text)) is None:
            continue
        found = _block_at(lines, start)
        if found:
            return found
    return None


def _first_name(text: str) -> str:
    numbered = _NUMBERED.split(text)
    return numbered[2] if len(numbered) > 2 and not numbered[0].strip() else text


def _block_at(lines: list[str], start: int) -> tuple[Layout, int, int] | None:
    """The header block starting at lines[start]: the fewest lines naming the most columns,
    then the lines that still belong to the last name ("Thời gian" / "hoàn thành")."""
    taken: list[tuple[int, str]] = []
    best = None  # (names, index after the block, lines taken)
    for i in range(start, len(lines)):
        text = nfc(lines[i])
        if not text:
            continue
        if len(text) > _SHORT or len(taken) >= _SEARCH:
            break
        if best is not None and _starts_body(text):
            break
        taken.append((i, text))
        names = _names(" ".join(t for _i, t in taken))
        if names is None or not _is_header(names):
            continue
        keys = [table_columns.column_of(n) for n in names]
        if best is None or len(names) > len(best[0]) or keys == [table_columns.column_of(n) for n in best[0]]:
            best = (names, i + 1, len(taken))
    if best is None:
        return None
    names, end, count = best
    keys = [table_columns.column_of(n) or "other" for n in names]
    folded = [fold(t) for _i, t in taken[:count]]
    return Layout(keys, names, folded, _level_numbers(names, keys)), start, end


def _starts_body(text: str) -> bool:
    """A row number, a numbered item or a section heading: the table's body has begun."""
    return bool(_BODY.match(text))


def _is_header(names: list[str]) -> bool:
    keys = [table_columns.column_of(n) for n in names]
    content = set(keys) & ({"text"} | set(LEVEL_KEYS))
    details = set(keys) & {"lead", "deadline", "product", "cooperating"}
    return None not in keys and len(keys) >= 4 and bool(content) and len(details) >= 2 and \
        len(set(keys)) == len(keys)


def _names(text: str) -> list[str] | None:
    """The header names in `text`: split at the column numbers, else by the names the table knows."""
    parts = _NUMBERED.split(text)
    if len(parts) >= 7:  # at least three numbered names
        names = [parts[0].strip()] if parts[0].strip() else []
        names += [f"{number}- {name.strip()}" for number, name in zip(parts[1::2], parts[2::2])]
        return names
    return _spans(text.split())


def _spans(words: list[str]) -> list[str] | None:
    """Cut `words` into the most header names, each recognised by table_columns, covering every word."""
    best: list[tuple[int, int] | None] = [(0, 0)] + [None] * len(words)  # (names, start)
    for end in range(1, len(words) + 1):
        for start in range(max(0, end - _SPAN), end):
            if best[start] is None or table_columns.column_of(" ".join(words[start:end])) is None:
                continue
            count = best[start][0] + 1
            if best[end] is None or count > best[end][0]:
                best[end] = (count, start)
    if best[-1] is None:
        return None
    names, end = [], len(words)
    while end:
        start = best[end][1]
        names.append(" ".join(words[start:end]))
        end = start
    return names[::-1]


def _level_numbers(names: list[str], keys: list[str]) -> dict[str, str]:
    """"2.1." is in the column numbered 2 ("2- Nhiệm vụ"), else in the second level column."""
    numbers = {}
    for position, (name, key) in enumerate((n, k) for n, k in zip(names, keys) if k in LEVEL_KEYS):
        printed = re.match(r"\(?(\d{1,2})\)?\s*-", name)
        numbers[printed.group(1) if printed else str(position + 1)] = key
    return numbers


def header_end(layout: Layout, lines: list[str], i: int) -> int | None:
    """The index after the header block repeated at lines[i], or None.

    The same words in the same order, however the lines break (a page's columns may be narrower).
    """
    words = " ".join(layout.lines).split()
    if fold(lines[i]).split()[:1] != words[:1]:
        return None
    k, j = 0, i
    while j < len(lines) and k < len(words):
        got = fold(lines[j]).split()
        if got:
            if got != words[k:k + len(got)]:
                return None
            k += len(got)
        j += 1
    return j if k == len(words) else None
