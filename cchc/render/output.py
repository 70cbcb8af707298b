"""Rendering listings for people and for scripts: `emit(View(rows, columns, …), fmt)`.

Rows are the store's records or dicts (raw values: dates, bools, codes, lists);
columns come from the registry (cchc.render.columns). Rendering never reads the
database.
- table on a terminal: a rich table laid out by cchc.render.layout (numbers, ids,
  dates, statuses never cut; text folded or shortened; optional columns dropped in
  their declared order; rows stacked below that);
- table piped (or NO_COLOR): plain aligned text, one row per line;
- markdown: a GitHub table;
- csv / tsv: the columns' keys as headers and raw values (codes, ISO dates), row by row;
- json: every field of each row (codes, ISO dates), row by row; indented on a terminal,
  one compact row per line when piped (written by the store when a view has `json_lines`).
Text from the database is shown through cchc.render.safe: never markup, never control codes.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any, Callable, Iterable

from cchc.render.columns import Column, human
from cchc.render.safe import one_line, shown


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    tsv = "tsv"
    markdown = "markdown"


@dataclass
class View:
    rows: Iterable[Any]
    columns: list[Column]
    title: str | None = None
    empty: str = ""
    row_style: Callable[[Any], str | None] | None = None
    json_row: Callable[[Any], Any] | None = None  # a row as JSON (default: its fields)
    # The rows as compact JSON lines, when the store can write them faster than the records
    # encode (piped JSON only; the same text write_json_rows makes of the rows).
    json_lines: Callable[[], Iterable[bytes]] | None = None


def is_terminal() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def console():
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False, markup=False, emoji=False)


def say(text: Any, *, style: str | None = None) -> None:
    """A line of text for people (stored text made safe): wrapped to the width on a terminal."""
    if is_terminal():
        from rich.text import Text

        console().print(Text(shown(text), style=style or ""))
    else:
        print(shown(text))


def cell(value: Any) -> str:
    """A value as a person reads it: dd/mm/yyyy dates, lists joined."""
    return human(value)


# -- JSON -------------------------------------------------------------------------------------


def _json_default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    from cchc.domain.records import json_fields

    if (record := json_fields(value)) is not None:
        return record
    if isinstance(value, Enum):
        return value.value
    raise TypeError(f"cannot serialise {type(value).__name__}")


def to_json(data: Any) -> str:
    from cchc.domain.records import to_data

    return json.dumps(to_data(data), ensure_ascii=False, indent=2, default=_json_default)


def write_json_rows(rows: Iterable[Any], out=None, pretty: bool | None = None) -> None:
    """A JSON list written row by row (memory does not grow with the rows): indented on a
    terminal, one compact row per line when piped."""
    out = out or sys.stdout
    pretty = is_terminal() if pretty is None else pretty
    # Records go to the encoder as they are: it calls _json_default only for each record and date.
    # Records are trees (no cycles): the encoder need not track the containers it is inside.
    encode = json.JSONEncoder(ensure_ascii=False, default=_json_default, indent=2 if pretty else None,
                              separators=None if pretty else (",", ":"), check_circular=False).encode
    lines = ("  " + encode(row).replace("\n", "\n  ") if pretty else encode(row) for row in rows)
    for chunk in _json_list(lines, "[\n", ",\n", "\n]\n", "[]\n"):
        out.write(chunk)


def write_json_lines(lines: Iterable[bytes], out=None) -> None:
    """A JSON list of rows already encoded (compact, UTF-8), as write_json_rows lays out piped rows."""
    out = out or sys.stdout
    out.flush()
    raw = getattr(out, "buffer", None)
    write = raw.write if raw is not None else (lambda data: out.write(data.decode("utf-8")))
    for chunk in _json_list(lines, b"[\n", b",\n", b"\n]\n", b"[]\n"):
        write(chunk)
    if raw is not None:
        raw.flush()


def _json_list(lines, opening, glue, closing, empty):
    """The chunks of a JSON list of encoded rows (str or bytes alike, the four marks too), one
    write per 500 rows."""
    batch, first = [], True
    for line in lines:
        batch.append(line)
        if len(batch) == 500:
            yield (opening if first else glue) + glue.join(batch)
            batch, first = [], False
    if batch:
        yield (opening if first else glue) + glue.join(batch)
    yield empty if first and not batch else closing


# -- CSV ----------------------------------------------------------------------------------------


def safe_cell(text: str) -> str:
    """Keep spreadsheets from running a cell as a formula (=, +, -, @ first, full-width too)."""
    if text and text[0] in "=+-@\t\r＝＋－＠":
        return "'" + text
    return text


def _raw_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "; ".join(_raw_text(v) for v in value)
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


def write_delimited(rows: Iterable[Any], columns: list[Column], delimiter: str, out=None, bom: bool = False) -> None:
    import csv

    out = out or sys.stdout
    if bom:
        out.write("\ufeff")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow([c.key for c in columns])
    for row in rows:
        writer.writerow([safe_cell(_raw_text(c.raw(row))) for c in columns])


# -- text for people ------------------------------------------------------------------------------

PLAIN_WRAP_WIDTH = 70


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def plain_table(rows: Iterable[Any], columns: list[Column]) -> str:
    """Aligned columns, one row per line; long text cut (--format gives it whole)."""
    from cchc.render.layout import text_width

    body = [[_clip(one_line(c.text(r)), PLAIN_WRAP_WIDTH) if c.fold else one_line(c.text(r)) for c in columns]
            for r in rows]
    heads = [one_line(c.header) for c in columns]
    widths = [max([text_width(h)] + [text_width(line[i]) for line in body]) for i, h in enumerate(heads)]

    def line(cells: list[str]) -> str:
        parts = [_pad(text, w, c.right) for text, w, c in zip(cells, widths, columns)]
        return "  ".join(parts).rstrip()

    return "\n".join([line(heads)] + [line(cells) for cells in body])


def _pad(text: str, width: int, right: bool) -> str:
    from cchc.render.layout import text_width

    gap = " " * max(0, width - text_width(text))
    return gap + text if right else text + gap


def markdown_table(rows: Iterable[Any], columns: list[Column]) -> str:
    def md(text: str) -> str:
        return shown(text).replace("|", "\\|").replace("\n", "<br>")

    lines = ["| " + " | ".join(md(c.header) for c in columns) + " |",
             "|" + "|".join(("-" * (len(c.header) + 1) + ":") if c.right else "-" * (len(c.header) + 2)
                            for c in columns) + "|"]
    lines += ["| " + " | ".join(md(c.text(r)) for c in columns) + " |" for r in rows]
    return "\n".join(lines)


def rich_table(rows: list, columns: list[Column], *, title: str | None = None, row_style=None, width: int | None = None):
    """A rich table that fits `width` (default: the console's), or stacked rows when nothing fits."""
    from cchc.render.layout import table_for

    return table_for(rows, columns, width or console().width, title=title, row_style=row_style)


def emit(view: View, fmt: Format = Format.table, *, bom: bool | None = None) -> None:
    """Print a listing in the chosen format (CSV/TSV with a byte-order mark after --bom)."""
    if bom is None:
        from cchc import state

        bom = state.STATE.bom
    if fmt == Format.json and view.json_lines is not None and not is_terminal():
        write_json_lines(view.json_lines())
        return
    if fmt == Format.json:
        write_json_rows(view.json_row(r) for r in view.rows) if view.json_row else write_json_rows(view.rows)
        return
    if fmt in (Format.csv, Format.tsv):
        write_delimited(view.rows, view.columns, "," if fmt == Format.csv else "\t", bom=bom)
        return
    rows = list(view.rows)
    if fmt == Format.markdown:
        print(markdown_table(rows, view.columns))
    elif not rows:
        if view.empty:
            print(one_line(view.empty))
    elif is_terminal():
        console().print(rich_table(rows, view.columns, title=view.title, row_style=view.row_style))
    else:
        if view.title:
            print(one_line(view.title))
        print(plain_table(rows, view.columns))


# -- the former interface, for commands not yet on the registry ---------------------------------------


@dataclass
class Col:
    key: str
    header: str
    wrap: bool = False  # long text: wrapped on a terminal
    style: str | None = None
    justify: str = "left"


def as_columns(rows: list, cols: list[Col]) -> list[Column]:
    """Col -> Column: right-justified and date/number/bool values are never cut; wrapped text folds;
    other text may be shortened."""
    columns = []
    for col in cols:
        probe = Column(col.key, col.header)
        sample = next((probe.raw(r) for r in rows if probe.raw(r) not in (None, "")), None)
        fixed = col.justify == "right" or isinstance(sample, (date, datetime, int, float, bool))
        kind = "number" if col.justify == "right" else ("date" if isinstance(sample, date) else "text")
        columns.append(Column(col.key, col.header, kind, style=col.style, fold=col.wrap,
                              cut=not (col.wrap or fixed), min_width=8))
    return columns


def render(rows: list, cols: list[Col], fmt: Format = Format.table, *, title: str | None = None,
           row_style: Callable[[Any], str | None] | None = None, empty: str = "") -> None:
    """Print rows in the chosen format. JSON keeps every key of the rows."""
    rows = list(rows)
    emit(View(rows, as_columns(rows, cols), title=title, empty=empty, row_style=row_style), fmt)
