"""Rendering rows for people and for scripts.

A listing is a list of rows (dicts or the store's records; raw values: dates,
bools, lists) plus the columns to show. Rendering never reads the database. On a terminal: a rich table. Piped or with NO_COLOR: plain aligned text,
one row per line. --format json|csv|tsv|markdown for scripts.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any, Callable, Iterable


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    tsv = "tsv"
    markdown = "markdown"


@dataclass
class Col:
    key: str
    header: str
    wrap: bool = False  # long text: wrapped on a terminal
    style: str | None = None
    justify: str = "left"


def is_terminal() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def cell(value: Any) -> str:
    """A value as a person reads it: dd/mm/yyyy dates, lists joined."""
    from cchc.domain.dates import format_date, format_stamp

    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_stamp(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, (list, tuple)):
        return "; ".join(cell(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _json_default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def to_json(data: Any) -> str:
    from cchc.domain.records import to_data

    return json.dumps(to_data(data), ensure_ascii=False, indent=2, default=_json_default)


def _get(row: Any, key: str) -> Any:
    return row.get(key) if isinstance(row, dict) else getattr(row, key, None)


def console():
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def render(
    rows: list[dict],
    cols: list[Col],
    fmt: Format = Format.table,
    *,
    title: str | None = None,
    row_style: Callable[[dict], str | None] | None = None,
    empty: str = "",
) -> None:
    """Print rows in the chosen format. JSON keeps every key of the rows."""
    if fmt == Format.json:
        print(to_json(rows))
    elif fmt in (Format.csv, Format.tsv):
        _delimited(rows, cols, "," if fmt == Format.csv else "\t")
    elif fmt == Format.markdown:
        print(markdown_table(rows, cols))
    elif not rows:
        if empty:
            print(empty)
    elif is_terminal():
        console().print(rich_table(rows, cols, title=title, row_style=row_style))
    else:
        print(plain_table(rows, cols))


def rich_table(rows, cols, *, title=None, row_style=None):
    from rich.table import Table

    table = Table(title=title, header_style="bold", show_lines=False, expand=False)
    for col in cols:
        table.add_column(
            col.header,
            style=col.style,
            justify=col.justify,
            overflow="fold",
            no_wrap=not col.wrap,
            ratio=3 if col.wrap else None,
            min_width=20 if col.wrap else None,
        )
    for row in rows:
        table.add_row(*(cell(_get(row, c.key)) for c in cols), style=row_style(row) if row_style else None)
    return table


PLAIN_WRAP_WIDTH = 70


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def plain_table(rows: Iterable[dict], cols: list[Col]) -> str:
    """Aligned columns, one row per line; long text cut (--format gives it whole)."""
    from tabulate import tabulate

    body = [[_clip(cell(_get(row, c.key)).replace("\n", " "), PLAIN_WRAP_WIDTH) if c.wrap
             else cell(_get(row, c.key)).replace("\n", " ") for c in cols] for row in rows]
    return tabulate(body, headers=[c.header for c in cols], tablefmt="plain", disable_numparse=True)


def markdown_table(rows: Iterable[dict], cols: list[Col]) -> str:
    from tabulate import tabulate

    body = [[cell(_get(row, c.key)).replace("\n", "<br>").replace("|", "\\|") for c in cols] for row in rows]
    return tabulate(body, headers=[c.header for c in cols], tablefmt="github", disable_numparse=True)


def safe_cell(text: str) -> str:
    """Keep spreadsheets from running a cell as a formula (=, +, -, @ first)."""
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text


def _delimited(rows: list[dict], cols: list[Col], delimiter: str) -> None:
    writer = csv.writer(sys.stdout, delimiter=delimiter, lineterminator="\n")
    writer.writerow([c.key for c in cols])
    for row in rows:
        writer.writerow([safe_cell(cell(_get(row, c.key))) for c in cols])
