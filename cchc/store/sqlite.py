"""Everything SQLite-only: opening a file, pragmas, the busy and error words,
values as SQLite stores them, the online backup API, integrity checks,
EXPLAIN QUERY PLAN and restoring a backup.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path
from typing import Any, Sequence

from cchc.domain.errors import UserError
from cchc.i18n import _
from cchc.store.dialect import Dialect

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000


class SQLite(Dialect):
    name = "sqlite"
    Error = sqlite3.Error
    IntegrityError = sqlite3.IntegrityError

    def open(self, target: Path) -> sqlite3.Connection:
        from cchc.store.schema import ensure_schema

        check_path(target)
        conn = connect(target)
        try:
            ensure_schema(target, conn)
            configure(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    def begin_write(self, conn) -> None:
        # IMMEDIATE takes the write lock at the start, so concurrent commands
        # wait (busy timeout) instead of failing on a read-then-write upgrade.
        conn.execute("BEGIN IMMEDIATE")

    def commit(self, conn) -> None:
        conn.execute("COMMIT")

    def rollback(self, conn) -> None:
        if conn.in_transaction:
            conn.execute("ROLLBACK")

    def is_busy(self, exc: BaseException) -> bool:
        code = getattr(exc, "sqlite_errorcode", None)
        return code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "database is locked" in str(exc)

    def describe(self, exc: BaseException) -> str:
        text = str(exc)
        known = {"database is locked": _("database is locked"),
                 "database or disk is full": _("database or disk is full"),
                 "attempt to write a readonly database": _("attempt to write a readonly database"),
                 "disk I/O error": _("disk I/O error"),
                 "unable to open database file": _("unable to open database file")}
        return known.get(text, text)

    def insert(self, conn, sql: str, params: Sequence) -> int:
        return conn.execute(sql, params).lastrowid

    def bind(self, value: Any) -> Any:
        # As SQLAlchemy stores them, so rows written by any cchc compare alike.
        if isinstance(value, datetime):
            return value.isoformat(" ", "microseconds")
        if isinstance(value, date):
            return value.isoformat()
        return value

    def day(self, value: Any) -> date | None:
        return date.fromisoformat(value[:10]) if value else None

    def stamp(self, value: Any) -> datetime | None:
        return datetime.fromisoformat(value) if value else None


# -- opening ---------------------------------------------------------------------


def check_path(path: Path) -> None:
    """Refuse, without touching it, a path that cannot hold a cchc database."""
    if path.is_dir():
        raise UserError(_("{path}: is a folder, not a database file").format(path=path))
    if path.exists():
        try:
            with path.open("rb") as handle:
                head = handle.read(len(SQLITE_MAGIC))
        except OSError as exc:
            raise UserError(_("{path}: cannot be read ({err})").format(path=path, err=exc.strerror)) from None
        if head and head != SQLITE_MAGIC:
            raise UserError(_("{path}: is not a SQLite database").format(path=path))
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(_("{path}: cannot create the folder ({err})").format(path=path.parent, err=exc.strerror)) from None


def connect(path: Path) -> sqlite3.Connection:
    """A raw connection in autocommit mode (cchc issues BEGIN and COMMIT itself)."""
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    except sqlite3.DatabaseError as exc:
        raise UserError(_("{path}: cannot be opened as a database ({err})").format(path=path, err=exc)) from None
    return conn


def configure(conn: sqlite3.Connection) -> None:
    """Pragmas for a cchc database (run only once it is known to be ours)."""
    conn.execute("PRAGMA foreign_keys = ON")
    if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    # FULL, not NORMAL: in WAL mode NORMAL may lose the last commits on power
    # loss. An officer's update must survive the desk computer being switched
    # off; one fsync per command costs nothing at our write rates.
    conn.execute("PRAGMA synchronous = FULL")


def current_revision(conn: sqlite3.Connection) -> str | None:
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError:
        return None
    return row[0] if row else None


def has_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0] > 0


def table_names(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name != 'alembic_version' ORDER BY name")]


def create_schema(conn: sqlite3.Connection, head: str) -> None:
    """A new database at the head revision, from the DDL generated from cchc/models.py
    (cchc/store/ddl.py), stamped as alembic would: no alembic import."""
    from cchc.store.ddl import STATEMENTS

    conn.execute("BEGIN IMMEDIATE")
    try:
        if has_tables(conn):  # another command created it meanwhile
            conn.execute("ROLLBACK")
            return
        for statement in STATEMENTS:
            conn.execute(statement)
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
                     "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))")
        conn.execute("INSERT INTO alembic_version (version_num) VALUES (?)", (head,))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def schema_dump(conn: sqlite3.Connection) -> dict:
    """Tables with their columns, indexes and foreign keys, as SQLite reports them."""
    dump = {}
    for table in table_names(conn) + ["alembic_version"]:
        columns = [tuple(r[1:]) for r in conn.execute(f'PRAGMA table_info("{table}")')]
        indexes = {}
        for _seq, name, unique, origin, partial in conn.execute(f'PRAGMA index_list("{table}")'):
            cols = tuple(r[2] for r in conn.execute(f'PRAGMA index_info("{name}")'))
            indexes[name if origin == "c" else f"{origin}:{cols}"] = (bool(unique), cols, bool(partial))
        keys = sorted(tuple(r[2:5]) + tuple(r[5:7]) for r in conn.execute(f'PRAGMA foreign_key_list("{table}")'))
        dump[table] = {"columns": columns, "indexes": indexes, "foreign_keys": keys}
    return dump


# -- checks, plans of queries -----------------------------------------------------


def integrity_problems(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(check, detail) for SQLite's own integrity and foreign-key checks."""
    problems = [("integrity", r[0]) for r in conn.execute("PRAGMA integrity_check").fetchall() if r[0] != "ok"]
    problems += [("foreign_key", _("{table} row {row} points to a missing {parent}")
                  .format(table=r[0], row=r[1], parent=r[2]))
                 for r in conn.execute("PRAGMA foreign_key_check").fetchall()]
    return problems


def query_plan(conn: sqlite3.Connection, sql: str, params: Sequence = ()) -> list[str]:
    """EXPLAIN QUERY PLAN of a statement: one line per step."""
    return [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params)]


# -- backup and restore ------------------------------------------------------------


def backup(conn: sqlite3.Connection, target: Path) -> None:
    """SQLite's online backup into `target` (through a .part file renamed into place)."""
    tmp = target.with_name(target.name + ".part")
    try:
        dest = sqlite3.connect(tmp)
        with dest:
            conn.backup(dest)
        dest.close()
        tmp.replace(target)
    except (sqlite3.Error, OSError) as exc:
        tmp.unlink(missing_ok=True)
        raise UserError(_("{path}: backup failed ({err})").format(path=target, err=exc)) from None


def validate_backup(backup_file: Path, known: tuple[str, ...]) -> None:
    try:
        with backup_file.open("rb") as handle:
            if handle.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
                raise UserError(_("{path}: is not a SQLite database").format(path=backup_file))
    except OSError as exc:
        raise UserError(_("{path}: cannot be read ({err})").format(path=backup_file, err=exc.strerror)) from None
    conn = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
    try:
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        revision = current_revision(conn)
    except sqlite3.DatabaseError as exc:
        raise UserError(_("{path}: damaged ({err})").format(path=backup_file, err=exc)) from None
    finally:
        conn.close()
    if not ok:
        raise UserError(_("{path}: fails SQLite's integrity check; not restored").format(path=backup_file))
    if revision not in known:
        raise UserError(_("{path}: is not a cchc database this version can read").format(path=backup_file))


def restore(backup_file: Path, target: Path) -> Path | None:
    """Copy backup into target with SQLite's backup API; return the kept copy of the old file."""
    kept = None
    if target.exists():
        kept = target.with_name(f"{target.name}.{datetime.now():%Y%m%d-%H%M%S}.bak")
        live = sqlite3.connect(target)
        try:
            with sqlite3.connect(kept) as copy:
                live.backup(copy)
        finally:
            live.close()
    source = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
    dest = sqlite3.connect(target, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        source.backup(dest)
    except sqlite3.Error as exc:
        raise UserError(_("{path}: restore failed ({err}); the database is unchanged").format(path=target, err=exc)) from None
    finally:
        source.close()
        dest.close()
    return kept


def connect_read_only(path: Path) -> sqlite3.Connection | None:
    """A read-only connection to an existing database, or None (no file, not a database, locked):
    for TAB completion, which must never create, upgrade or wait."""
    if not path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0.2)
        conn.execute("SELECT 1 FROM plan LIMIT 1")
        return conn
    except sqlite3.Error:
        return None
