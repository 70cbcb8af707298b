"""A damaged SQLite file (SQLite-only): what is damaged, and every row that can still be read.

The damaged file is only ever opened read-only. While SQLite can read its list
of tables, rows are read through SQLite, table by table in rowid order; where a
page cannot be read, the reader seeks past it (doubling the step, then halving
back to the first rowid it can reach), so the rows on either side are kept. When
SQLite cannot read the list of tables (a file cut short, a damaged first page),
the rows are read from the pages themselves (cchc/store/sqlite_pages.py).
`db recover` (cchc/store/sqlite_recover.py) writes what it reads into a new file.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Iterator

from cchc.domain.errors import UserError
from cchc.i18n import _
from cchc.store.checks import Problem

MIN_ROWID, MAX_ROWID = -(2**63), 2**63 - 1
MAX_SEEKS = 20_000  # per table; each costs a few microseconds


class RowScan:
    """The readable rows of one table, (rowid, *columns) in rowid order; `damaged` once any was not.

    Each step moves past the rowids already read, and a damaged tree that answers out of order
    counts as damage, so a scan always ends; past MAX_SEEKS seeks the rest of the table is given up.
    """

    def __init__(self, conn: sqlite3.Connection, table: str, columns: list[str]):
        names = ", ".join(f'"{c}"' for c in columns)
        self.conn = conn
        self.select = f'SELECT rowid, {names} FROM "{table}" WHERE rowid >= ? ORDER BY rowid'
        self.one = f'SELECT rowid, {names} FROM "{table}" WHERE rowid = ?'
        self.probe = f'SELECT rowid FROM "{table}" WHERE rowid >= ? ORDER BY rowid LIMIT 1'
        self.damaged = False
        self.seeks = 0

    def __iter__(self) -> Iterator[tuple]:
        start: int | None = MIN_ROWID
        while start is not None and self.seeks < MAX_SEEKS:
            try:
                for row in self.conn.execute(self.select, (start,)):
                    if row[0] < start:
                        raise sqlite3.DatabaseError("rows out of order")
                    yield row
                    start = _after(row[0])
                    if start is None:
                        return
                return
            except sqlite3.DatabaseError:
                self.damaged = True
                start, rescued = self._past_damage(start)
                if rescued is not None:
                    yield rescued
        self.damaged = self.damaged or start is not None

    def _first(self, at: int) -> tuple[bool, int | None]:
        """(the seek to `at` works, the first rowid from there or None at the end)."""
        self.seeks += 1
        try:
            row = self.conn.execute(self.probe, (at,)).fetchone()
        except sqlite3.DatabaseError:
            return False, None
        if row is not None and row[0] < at:  # a damaged tree answered out of order
            return False, None
        return True, None if row is None else row[0]

    def _past_damage(self, start: int) -> tuple[int | None, tuple | None]:
        """Where to read on after a failure at `start`, and the row found there if it reads alone."""
        ok, found = self._first(start)
        if ok:  # the next row can be reached: read it alone, else skip it
            if found is None:
                return None, None
            try:
                row = self.conn.execute(self.one, (found,)).fetchone()
            except sqlite3.DatabaseError:
                row = None
            return _after(found), row
        low, step = start, 1
        while True:  # low cannot be reached: double the step until a seek works
            high = min(start + step, MAX_ROWID)
            ok, found = self._first(high)
            if ok:
                break
            if high == MAX_ROWID:
                return None, None
            low, step = high, step * 2
        while high - low > 1:  # back to the first rowid that can be reached
            middle = (low + high) // 2
            ok, first = self._first(middle)
            if ok:
                high, found = middle, first
            else:
                low = middle
        return (None if found is None else high), None


def _after(rowid: int) -> int | None:
    return rowid + 1 if rowid < MAX_ROWID else None


# -- reading the damaged file: through SQLite while it reads the list of tables, else page by page


class SQLiteSource:
    """The damaged file opened read-only by SQLite (it sees the -wal journal too)."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        try:
            rows = conn.execute("SELECT type, name, tbl_name, rootpage, sql FROM sqlite_master ORDER BY rowid").fetchall()
        except UnicodeDecodeError:  # SQLite's message quotes a damaged declaration
            raise sqlite3.DatabaseError("malformed database schema") from None
        self.tables, self.indexes = _objects(rows)
        self.problems = _integrity(conn, {root: name for name, root, _sql in self.tables})

    def rows(self, table: str, columns: list[tuple[str, str, int]]) -> RowScan:
        return RowScan(self.conn, table, [c[0] for c in columns])

    def close(self) -> None:
        self.conn.close()


class PageSource:
    """The damaged file read page by page: SQLite cannot read its list of tables."""

    def __init__(self, path: Path, reason: str):
        from cchc.store.sqlite_pages import Pages

        self.pages = Pages(path)
        self.tables, self.indexes = _objects(self.pages.schema())
        lost = self.pages.skipped_pages + self.pages.skipped_rows
        self.problems = [Problem("schema", _("SQLite cannot read the list of tables ({err}); cchc read {n} of its "
                                             "entries from the pages, {lost} pages or entries are lost")
                                 .format(err=reason, n=len(self.tables) + len(self.indexes), lost=lost))]

    def rows(self, table: str, columns: list[tuple[str, str, int]]) -> "PageRows":
        root = next(r for name, r, _sql in self.tables if name == table)
        return PageRows(self.pages, root, columns)

    def close(self) -> None:
        pass


class PageRows:
    """Rows of one table from its pages, as (rowid, *columns); an INTEGER PRIMARY KEY is the rowid."""

    def __init__(self, pages, root: int, columns: list[tuple[str, str, int]]):
        self.pages, self.root, self.damaged = pages, root, False
        keys = [i for i, (_name, _type, pk) in enumerate(columns) if pk]
        self.alias = keys[0] if len(keys) == 1 and columns[keys[0]][1].upper() == "INTEGER" else None
        self.width = len(columns)

    def __iter__(self):
        for rowid, values in self.pages.rows(self.root):
            values = (values + [None] * self.width)[:self.width]
            if self.alias is not None and values[self.alias] is None:
                values[self.alias] = rowid
            yield (rowid, *values)
        self.damaged = bool(self.pages.skipped_pages or self.pages.skipped_rows)


def _objects(rows) -> tuple[list[tuple[str, int, str]], list[tuple[str, str]]]:
    """Tables (name, root page, CREATE statement) and indexes (name, CREATE statement) of sqlite_master rows."""
    tables, indexes = [], []
    for kind, name, _table, root, sql in rows:
        if not isinstance(name, str) or not isinstance(sql, str) or name.startswith("sqlite_"):
            continue
        if kind == "table" and isinstance(root, int):
            tables.append((name, root, sql))
        elif kind == "index":
            indexes.append((name, sql))
    return tables, indexes


def open_damaged(path: Path):
    """A source of the damaged file's rows: SQLite's, else the pages' (UserError when neither can read it)."""
    from cchc.store.sqlite import check_path, connect_read_only
    from cchc.store.sqlite_pages import Unreadable

    check_path(path)
    if not path.exists():
        raise UserError(_("{path}: no such file").format(path=path))
    try:
        conn = connect_read_only(path)
    except sqlite3.DatabaseError as exc:
        reason = str(exc)
    else:
        try:
            return SQLiteSource(conn)
        except sqlite3.DatabaseError as exc:
            conn.close()
            reason = str(exc)
    try:
        source = PageSource(path, reason)
    except Unreadable as exc:
        raise UserError(_("{path}: cannot be read at all ({err}); nothing can be saved").format(path=path, err=exc)) from None
    if not source.tables:
        raise UserError(_("{path}: its list of tables is lost ({err}); nothing can be saved").format(path=path, err=reason))
    return source


def columns_of(conn: sqlite3.Connection, table: str) -> list[tuple[str, str, int]]:
    """(name, declared type, primary-key position) of each column."""
    return [(r[1], r[2], r[5]) for r in conn.execute(f'PRAGMA table_info("{table}")')]


_TREE = re.compile(r"\b[Tt]ree (\d+)\b")
CREATED = re.compile(r'CREATE (?:TABLE|INDEX|TRIGGER) "?(\w+)"?')


def create_table(conn: sqlite3.Connection, table: str, sql: str) -> bool:
    """The table made in `conn` as the damaged file declares it, else as cchc's schema declares a
    table of that name; False when neither can be made (its declaration is damaged, and not cchc's)."""
    from cchc.store.ddl import STATEMENTS

    ours = [s for s in STATEMENTS if s.startswith("CREATE TABLE") and CREATED.match(s).group(1) == table]
    for statement in [sql] + ours:
        try:
            conn.execute(statement)
            return True
        except sqlite3.Error:
            continue
    return False


def damage(path: Path) -> list[Problem]:
    """What `db check` says of a damaged file: SQLite's findings, then each table that cannot be read whole."""
    source = open_damaged(path)
    try:
        problems = list(source.problems)
        scratch = sqlite3.connect(":memory:")  # the tables' columns, from their CREATE statements
        for table, _root, sql in source.tables:
            if not create_table(scratch, table, sql):
                problems.append(Problem("schema", _("table {table}: its declaration is damaged; its rows cannot be "
                                                    "read").format(table=table), table=table))
                continue
            scan = source.rows(table, columns_of(scratch, table))
            read = sum(1 for _row in scan)
            if scan.damaged:
                problems.append(Problem("unreadable", _("table {table}: {n} rows can be read, others cannot")
                                        .format(table=table, n=read), table=table))
        scratch.close()
    finally:
        source.close()
    return problems


def _integrity(conn: sqlite3.Connection, names: dict[int, str]) -> list[Problem]:
    try:
        lines = [r[0] for r in conn.execute("PRAGMA integrity_check(20)")]
    except sqlite3.DatabaseError as exc:
        return [Problem("integrity", str(exc))]
    problems = []
    for line in lines:
        if line == "ok" or line.startswith("*** in database"):
            continue
        m = _TREE.search(line)
        table = names.get(int(m.group(1))) if m else None
        problems.append(Problem("integrity", f"{line} ({table})" if table else line, table=table))
    return problems


def text_problems(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """Text whose bytes are not UTF-8: damage inside a page SQLite's checks see as sound."""
    found = []
    from cchc.store.sqlite import table_names

    for table in table_names(conn):
        columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
        blobs = ", ".join(f"CASE WHEN typeof(\"{c}\") = 'text' THEN CAST(\"{c}\" AS BLOB) END" for c in columns)
        for rowid, *values in conn.execute(f'SELECT rowid, {blobs} FROM "{table}"'):
            for column, data in zip(columns, values):
                if data is not None and not _utf8(data):
                    found.append(("text", _("{table} {id}: {column} holds bytes that are not UTF-8 "
                                            "(damaged; shown as �)").format(table=table, id=rowid, column=column)))
    return found


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
