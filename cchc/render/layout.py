"""The one table layout policy for a terminal of a given width.

1. Fixed columns (ids, numbers, dates, statuses, codes) are as wide as their widest cell: never
   cut, never folded. Their header may wrap at its spaces.
2. Text columns share the rest, from their `min_width` up to their widest cell; folding ones
   wrap (to at most `max_lines` lines, the last ending in "…"), the others are shortened with "…".
3. When even the minimum does not fit, optional columns are dropped, highest `drop` first.
4. When nothing optional is left to drop, the table loses its box (one space between columns)
   and tries again from all its columns.
5. When even that does not fit, each row is stacked: one "Header  value" line per column,
   values wrapped to the width.
The widths are computed here and given to rich exactly, so rich never squeezes a column.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from cchc.render.columns import Column
from cchc.render.safe import one_line, shown



def text_width(text: str) -> int:
    """Terminal cells: combining marks (Vietnamese in NFD) take none, wide characters two."""
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
               for ch in text)


def _widest_line(text: str) -> int:
    return max((text_width(line) for line in text.split("\n")), default=0)


def _widest_word(text: str) -> int:
    return max((text_width(word) for word in text.split()), default=0)


def plan_widths(cells: dict[str, list[str]], columns: list[Column], width: int,
                overhead=lambda n: 3 * n + 1) -> list[tuple[Column, int]] | None:
    """The columns kept and their widths, or None: they do not fit."""
    kept = list(columns)
    while kept:
        fixed = {c.key: max([_widest_word(c.header)] + [_widest_line(t) for t in cells[c.key]]) for c in kept if c.fixed}
        flex = [c for c in kept if not c.fixed]
        natural = {c.key: max([_widest_word(c.header)] + [_widest_line(t) for t in cells[c.key]]) for c in flex}
        low = {c.key: min(max(c.min_width, _widest_word(c.header)), natural[c.key]) for c in flex}
        room = width - overhead(len(kept)) - sum(fixed.values())
        if room >= sum(low.values()):
            widths = {**fixed, **_share(flex, low, natural, room)}
            return [(c, widths[c.key]) for c in kept]
        optional = [c for c in kept if c.drop]
        if not optional:
            return None
        kept.remove(max(optional, key=lambda c: c.drop))
    return None


def _share(flex: list[Column], low: dict, natural: dict, room: int) -> dict:
    """The room left, shared out evenly (water-filling): a short column (a lead agency) gets all it needs
    before a long one (the task's text) takes the rest."""
    widths = dict(low)
    spare = room - sum(low.values())
    while spare > 0:
        growing = [c.key for c in flex if widths[c.key] < natural[c.key]]
        if not growing:
            break
        share = max(1, spare // len(growing))
        for key in growing:
            more = min(share, natural[key] - widths[key], spare)
            widths[key] += more
            spare -= more
            if spare == 0:
                break
    return widths


def table_for(rows: list, columns: list[Column], width: int, *, title: str | None = None, row_style=None):
    """A rich renderable of the rows that fits `width` cells."""
    from rich.table import Table
    from rich.text import Text

    cells = {c.key: [shown(c.text(r)) for r in rows] for c in columns}
    columns = [c for c in columns if c.header or any(cells[c.key])]  # a mark column with no mark: no empty box
    boxed = True
    plan = plan_widths(cells, columns, width, lambda n: 3 * n + 1)
    if plan is None:
        boxed, plan = False, plan_widths(cells, columns, width, lambda n: n - 1)
    if plan is None:
        return _stacked(rows, columns, cells, width, title, row_style)
    table = Table(title=Text(one_line(title)) if title else None, header_style="bold", expand=False)
    if not boxed:
        table = Table(title=table.title, header_style="bold underline", expand=False, box=None, padding=(0, 1),
                      collapse_padding=True, pad_edge=False)
    for column, size in plan:
        table.add_column(Text(one_line(column.header)), style=column.style, width=size, min_width=size, max_width=size,
                         justify="right" if column.right else "left", no_wrap=column.cut,
                         overflow="ellipsis" if column.cut else "fold")
    for index, row in enumerate(rows):
        table.add_row(*(Text(_at_most(cells[c.key][index], size, c.max_lines)) for c, size in plan),
                      style=row_style(row) if row_style else None)
    return table


def _at_most(text: str, width: int, lines: int) -> str:
    """`text` folded to `width`, its first `lines` lines only, the last ending in "…" when some are left."""
    if not lines or text_width(text) <= width and "\n" not in text:
        return text
    import textwrap

    folded = [part for paragraph in text.split("\n")
              for part in (textwrap.wrap(paragraph, width, break_on_hyphens=False) or [""])]
    if len(folded) <= lines:
        return "\n".join(folded)
    last = folded[lines - 1]
    while text_width(last) > width - 1:  # room for "…": a word less, or a letter less for one long word
        last = last.rsplit(" ", 1)[0] if " " in last.strip() else last[:-1]
    return "\n".join(folded[:lines - 1] + [last.rstrip(" ,;:…") + "…"])


def _stacked(rows: list, columns: list[Column], cells: dict, width: int, title: str | None, row_style) -> Any:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    label = min(max(text_width(one_line(c.header)) for c in columns), max(4, width // 3))
    parts: list[Any] = [Text(one_line(title), style="bold")] if title else []
    for index, row in enumerate(rows):
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=label, overflow="fold", style="bold")
        grid.add_column(width=max(1, width - label - 1), overflow="fold")
        for column in columns:
            text = cells[column.key][index]
            if text:
                grid.add_row(Text(one_line(column.header)), Text(text, style=row_style(row) if row_style else ""))
        parts += [grid, Text("")] if index < len(rows) - 1 else [grid]
    return Group(*parts)
