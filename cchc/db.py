"""Opening the database: checks, pragmas, automatic upgrades, write transactions.

Reads go through plain sqlite3 connections (cheap to import); writes go through
a SQLModel session in one IMMEDIATE transaction. Alembic is imported only when
the file is behind the head revision.
"""

from __future__ import annotations

import sqlite3
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from cchc import state
from cchc.domain.errors import UserError
from cchc.i18n import _
from cchc.schema_version import HEAD, KNOWN_REVISIONS

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000
WRITE_TRIES = 6


class DatabaseBusy(UserError):
    """Another command held the write lock for longer than the busy timeout."""


def _busy(exc: BaseException) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    return code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "database is locked" in str(exc)


def _sqlite_words(exc: BaseException) -> str:
    """SQLite's own message, in the officer's language when it is a common one."""
    text = str(exc)
    known = {"database is locked": _("database is locked"),
             "database or disk is full": _("database or disk is full"),
             "attempt to write a readonly database": _("attempt to write a readonly database"),
             "disk I/O error": _("disk I/O error"),
             "unable to open database file": _("unable to open database file")}
    return known.get(text, text)


def _configure(conn: sqlite3.Connection) -> None:
    """Pragmas for a cchc database (run only once it is known to be ours)."""
    conn.execute("PRAGMA foreign_keys = ON")
    if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    # FULL, not NORMAL: in WAL mode NORMAL may lose the last commits on power
    # loss. An officer's update must survive the desk computer being switched
    # off; one fsync per command costs nothing at our write rates.
    conn.execute("PRAGMA synchronous = FULL")


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


def raw_connect(path: Path) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    except sqlite3.DatabaseError as exc:
        raise UserError(_("{path}: cannot be opened as a database ({err})").format(path=path, err=exc)) from None
    return conn


def current_revision(conn: sqlite3.Connection) -> str | None:
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError:
        return None
    return row[0] if row else None


def _has_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0] > 0


def ensure_schema(path: Path, conn: sqlite3.Connection) -> None:
    try:
        revision = current_revision(conn)
        has_tables = _has_tables(conn)
    except sqlite3.DatabaseError as exc:
        raise UserError(_("{path}: cannot be read as a database ({err})").format(path=path, err=exc)) from None
    if revision == HEAD:
        return
    if revision is None and has_tables:
        raise UserError(_("{path}: is a SQLite database but not a cchc one").format(path=path))
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise UserError(_("{path}: was written by a newer cchc (schema {rev}); upgrade cchc to open it")
                        .format(path=path, rev=revision))
    from cchc.migrate import upgrade

    if revision is not None:
        print(_("cchc: upgrading database {path} to the current schema").format(path=path), file=sys.stderr)
    upgrade(conn)


def open_db(path: Path | None = None) -> sqlite3.Connection:
    """A configured sqlite3 connection to a database at the head revision."""
    path = path or state.db_path()
    check_path(path)
    conn = raw_connect(path)
    try:
        ensure_schema(path, conn)
        _configure(conn)
    except sqlite3.OperationalError as exc:
        conn.close()
        raise (DatabaseBusy if _busy(exc) else UserError)(f"{path}: {_sqlite_words(exc)}") from None
    except BaseException:
        conn.close()
        raise
    conn.row_factory = sqlite3.Row
    return conn


@contextmanager
def read() -> Iterator[sqlite3.Connection]:
    conn = open_db()
    try:
        yield conn
    finally:
        conn.close()


def engine(conn_factory):
    """A SQLAlchemy engine whose transactions are BEGIN IMMEDIATE.

    IMMEDIATE takes the write lock at the start, so concurrent commands wait
    (busy timeout) instead of failing on a read-then-write upgrade of the lock.
    """
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import StaticPool

    eng = create_engine("sqlite://", creator=conn_factory, poolclass=StaticPool)

    @event.listens_for(eng, "begin")
    def _begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return eng


@contextmanager
def write(commit: bool = True):
    """One SQLModel session, one transaction: all of a command's writes or none.

    commit=False rolls everything back at the end (--dry-run)."""
    from sqlalchemy.exc import OperationalError
    from sqlmodel import Session

    conn = open_db()
    conn.row_factory = None
    eng = engine(lambda: conn)
    try:
        with Session(eng) as session:
            try:
                yield session
                if commit:
                    session.commit()
                else:
                    session.rollback()
            except OperationalError as exc:
                session.rollback()
                kind = DatabaseBusy if _busy(exc.orig) else UserError
                raise kind(f"{state.db_path()}: {_sqlite_words(exc.orig)}") from None
            except BaseException:
                session.rollback()
                raise
    finally:
        eng.dispose()
        conn.close()


def transaction(work):
    """`work(session)` in one write transaction, tried again while the lock stays busy.

    write() already waits (busy timeout) for other commands; when many run at
    once on a loaded machine the wait can run out. Each try is a whole
    transaction rolled back on failure, so trying again is safe.
    """
    for attempt in range(WRITE_TRIES):
        try:
            with write() as session:
                return work(session)
        except DatabaseBusy:
            if attempt == WRITE_TRIES - 1:
                raise
