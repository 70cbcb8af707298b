"""The columns of every listing, defined once: what each shows, how, and how it behaves when space is short.

A `Column` has
- `key`: the field it shows, also its CSV header (stable, English, whatever the language);
- `header`: what a person reads (English msgid; shown through `_`, so in both languages);
- `kind`: id | number | percent | date | stamp | status | kind | level | area | code | text | flag;
  ids, numbers, dates, stamps, statuses and codes are never cut or folded;
- `value`: how to get the raw value from a row (default: the field `key`); CSV and JSON get raw
  values (codes, ISO dates), people get `words(value, row)`;
- `words`: value (and row) -> the words people read (default by kind: dd/mm/yyyy, status names…);
- `style`: a rich style for the whole column;
- `fold`: long text wraps onto more lines; `cut`: long text is shortened with "…" (neither: never cut);
- `drop`: 0 never dropped; below the width the table needs, columns are dropped highest first;
- `min_width`: the narrowest a fold/cut column may be before the table drops a column or stacks rows.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Callable

from cchc.i18n import _

FIXED = ("id", "number", "percent", "date", "stamp", "status", "kind", "level", "area", "code", "flag")
RIGHT = ("id", "number", "percent")


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str = "text"
    value: Callable[[Any], Any] | None = None
    words: Callable[[Any, Any], str] | None = None
    style: str | None = None
    fold: bool = False
    cut: bool = False
    drop: int = 0
    min_width: int = 10
    max_lines: int = 0  # a folded cell on a terminal shows at most this many lines, then "…" (0: all)

    @property
    def fixed(self) -> bool:
        """Never cut and never folded: its width is its widest cell."""
        return not (self.fold or self.cut)

    @property
    def right(self) -> bool:
        return self.kind in RIGHT

    def raw(self, row: Any) -> Any:
        if self.value is not None:
            return self.value(row)
        return row.get(self.key) if isinstance(row, dict) else getattr(row, self.key, None)

    def text(self, row: Any) -> str:
        """The cell as a person reads it (not yet made safe: cchc.render.safe does that)."""
        value = self.raw(row)
        if self.words is not None:
            return self.words(value, row)
        return human(value, self.kind)

    def but(self, **changes) -> "Column":
        return replace(self, **changes)


def human(value: Any, kind: str = "text") -> str:
    """A raw value in words: dd/mm/yyyy dates, status and kind names, lists joined, ✓ for yes."""
    from datetime import date, datetime

    if value is None:
        return ""
    if kind == "status":
        from cchc.domain.vocabulary import status_label

        return status_label(value)
    if kind == "kind":
        from cchc.domain.vocabulary import kind_label

        return kind_label(value)
    if kind == "level":
        from cchc.domain.vocabulary import level_label

        return level_label(value)
    if kind == "percent":
        from cchc.domain.indicators import show_number

        return show_number(value) + "%"
    if isinstance(value, datetime):
        from cchc.domain.dates import format_stamp

        return format_stamp(value)
    if isinstance(value, date):
        from cchc.domain.dates import format_date

        return format_date(value)
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, (list, tuple)):
        return "; ".join(human(v) for v in value)
    if isinstance(value, float):
        from cchc.domain.indicators import show_number

        return show_number(value)
    return str(value)


def _when(days_left, row) -> str:
    from cchc.domain.deadline_views import when_words

    kind = row.get("kind") if isinstance(row, dict) else getattr(row, "kind", None)
    return when_words(days_left, kind)


def _lead(value, row) -> str:
    return value or ""


# The registry: every column any listing shows. Views pick them by key (and may adjust one with `but`).
COLUMNS: dict[str, Column] = {c.key: c for c in [
    Column("id", _("ID"), "id"),
    Column("task_id", _("ID"), "id"),
    Column("milestone", "#", "id"),
    Column("plan", _("Plan"), "id"),
    Column("operation_id", _("Op"), "id"),
    Column("due", _("Due"), "date"),
    Column("done_on", _("Done on"), "date"),
    Column("as_of", _("As of"), "date"),
    Column("at", _("When"), "stamp"),
    Column("created_at", _("When"), "stamp"),
    Column("when", _("When"), "code", value=lambda r: r.get("days_left") if isinstance(r, dict) else r.days_left,
           words=_when, drop=3),
    Column("area", _("Area"), "area"),
    Column("ref", _("Ref"), "code"),
    Column("text", _("Task"), fold=True, min_width=16, max_lines=4),  # the whole text: task show, --format
    Column("label", _("Milestone"), fold=True, drop=2, min_width=10),
    Column("lead_agency", _("Lead"), fold=True, drop=4, min_width=10, words=_lead),
    Column("status", _("Status"), "status", drop=1),
    Column("kind", _("Kind"), "kind", drop=2),
    Column("level", _("Level"), "level", drop=2),
]}


def pick(*keys: str, **changes: dict) -> list[Column]:
    """Columns of the registry by key; `changes` adjusts some (`text={"header": _("Note")}`)."""
    return [COLUMNS[k].but(**changes[k]) if k in changes else COLUMNS[k] for k in keys]
