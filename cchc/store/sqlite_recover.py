"""`db recover`: every row that can still be read from a damaged SQLite file, into a new file (SQLite-only).

The rows come from cchc/store/sqlite_damage.py (through SQLite, else page by
page); the new file gets the old file's schema, and the file is written through
cchc's one writer, so a failed recovery leaves nothing behind.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from cchc.domain.errors import UserError
from cchc.i18n import _
from cchc.store.sqlite_damage import CREATED, columns_of, create_table, open_damaged


@dataclass
class Saved:
    table: str
    rows: int
    damaged: bool  # some rows could not be read
    conflicts: int = 0  # rows left out: a damaged value clashed with another row's


@dataclass
class Recovery:
    tables: list[Saved]
    orphans: int  # saved rows that point to a row that was lost
    indexes_left_out: list[str]  # lost with their table or declaration, or unique ones saved values break
    remade: list[str]  # tables whose entry in the list of tables was lost, made again empty


def recover(source_path: Path, target: Path) -> Recovery:
    """Every readable row of `source_path` into the new database `target`, with the same schema."""
    import os

    from cchc import files

    if os.path.lexists(target):
        raise UserError(_("{path}: exists; give the name of a new file").format(path=target))
    source = open_damaged(source_path)
    try:
        with files.replacing(target) as temporary:
            dest = sqlite3.connect(temporary, isolation_level=None)
            try:
                dest.execute("BEGIN")
                saved = [_copy_table(source, dest, table, sql) for table, _root, sql in source.tables]
                left_out = [name for name, sql in source.indexes if not _index(dest, sql)]
                remade = _complete(dest)
                _forget_derived(dest)
                dest.execute("COMMIT")
                orphans = len(dest.execute("PRAGMA foreign_key_check").fetchall())
            finally:
                dest.close()
    finally:
        source.close()
    return Recovery(saved, orphans, left_out, remade)


def _forget_derived(dest: sqlite3.Connection) -> None:
    """Each task's stored JSON is left out (it may hold the damage): listed from the saved rows, and
    stored again by the next write (cchc/store/task_json.py)."""
    if "json_text" in (c[0] for c in columns_of(dest, "task")):
        dest.execute("UPDATE task SET json_text = NULL")


def _copy_table(source, dest: sqlite3.Connection, table: str, sql: str) -> Saved:
    from cchc.domain.text import clean_value

    if not create_table(dest, table, sql):
        return Saved(table, 0, True)
    columns = columns_of(dest, table)
    names = ", ".join(f'"{c[0]}"' for c in columns)
    insert = f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})'
    scan = source.rows(table, columns)
    saved = Saved(table, 0, False)
    for row in scan:
        try:
            dest.execute(insert, clean_value(list(row[1:])))  # damaged bytes may read as control characters
            saved.rows += 1
        except sqlite3.IntegrityError:
            saved.conflicts += 1
    saved.damaged = scan.damaged
    return saved


def _complete(dest: sqlite3.Connection) -> list[str]:
    """A file cut short loses entries of its list of tables: when every table saved has the columns of
    cchc's current schema, the lost tables and indexes are made again from it, empty, so the new file is
    a whole cchc database. Returns the tables made."""
    from cchc.store.ddl import COLUMNS, STATEMENTS
    from cchc.store.schema import HEAD
    from cchc.store.sqlite import current_revision, stamp_revision

    present = {r[0] for r in dest.execute("SELECT name FROM sqlite_master")}
    saved = present & set(COLUMNS)
    if not saved or any(tuple(c[0] for c in columns_of(dest, t)) != COLUMNS[t] for t in saved):
        return []
    if "alembic_version" in present and current_revision(dest) != HEAD:
        return []
    made = []
    for statement in STATEMENTS:
        name = CREATED.match(statement).group(1)
        if name not in present:
            dest.execute(statement)
            made += [name] if statement.startswith("CREATE TABLE") else []
    if "alembic_version" not in present:
        stamp_revision(dest, HEAD)
        made.append("alembic_version")
    return made


def _index(dest: sqlite3.Connection, sql: str) -> bool:
    """An index of the old file, made again; False for a unique one that saved values break, or one
    whose declaration or table is lost."""
    try:
        dest.execute(sql)
    except sqlite3.Error:
        return False
    return True
