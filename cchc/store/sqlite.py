"""Everything SQLite-only: opening a file (read-only when the file, its folder
or the disk cannot be written), pragmas, the busy, damage and error words,
values as SQLite stores them, the online backup API, integrity checks,
EXPLAIN QUERY PLAN and restoring a backup. Damaged files: sqlite_damage.py.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import contextmanager
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
        conn = connect_readable(target)
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

    def is_damaged(self, exc: BaseException) -> bool:
        return damaged_error(exc)

    def discard(self, target: Path) -> None:
        for path in (target, *(Path(f"{target}{s}") for s in ("-wal", "-shm", "-journal"))):
            path.unlink(missing_ok=True)

    def describe(self, exc: BaseException) -> str:
        text = str(exc)
        known = {"database is locked": _("database is locked"),
                 "database or disk is full": _("database or disk is full"),
                 "attempt to write a readonly database":
                     _("read-only here (the file, its folder or the disk): it can be read but not changed"),
                 "disk I/O error": _("disk I/O error"),
                 "database disk image is malformed": _("database disk image is malformed"),
                 "file is not a database": _("file is not a database"),
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

    def json_quote(self, expr: str) -> str:
        return f"json_quote({expr})"

    def year_end(self, year: str) -> str:
        return f"({year} || '-12-31')"  # dates are ISO text: they compare as text

    @contextmanager
    def bytes_text(self, conn):
        # The connection's text factory decodes every value in Python; JSON text is written as it is.
        decode, conn.text_factory = conn.text_factory, bytes
        try:
            yield
        finally:
            conn.text_factory = decode

    # -- what `db status` and `db check` ask of any engine ----------------------
    def table_names(self, conn) -> list[str]:
        return table_names(conn)

    def current_revision(self, conn) -> str | None:
        return current_revision(conn)

    def integrity_problems(self, conn) -> list[tuple[str, str]]:
        return integrity_problems(conn)


# -- opening ---------------------------------------------------------------------


def check_path(path: Path) -> None:
    """Refuse, without touching it, a path that cannot hold a cchc database."""
    if path.is_dir():
        raise UserError(_("{path}: is a folder, not a database file").format(path=path))
    if os.path.lexists(path):
        _check_header(path)
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(_("{path}: cannot create the folder ({err})").format(path=path.parent, err=exc.strerror)) from None


def _check_header(path: Path) -> None:
    """A regular file (a FIFO or a device is never opened) that is empty or starts as SQLite's do."""
    from cchc.files import regular_file

    regular_file(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise UserError(_("{path}: cannot be read ({err})").format(path=path, err=exc.strerror)) from None
    if head and head != SQLITE_MAGIC:
        raise UserError(_("{path}: is not a SQLite database").format(path=path))


def connect(path: Path) -> sqlite3.Connection:
    """A raw connection in autocommit mode (cchc issues BEGIN and COMMIT itself)."""
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    except sqlite3.DatabaseError as exc:
        raise UserError(_("{path}: cannot be opened as a database ({err})").format(path=path, err=exc)) from None
    conn.text_factory = _text
    return conn


def _text(data: bytes) -> str:
    # Damaged bytes read as U+FFFD instead of failing the whole command; `db check` names the row.
    return data.decode("utf-8", "replace")


def connect_readable(path: Path) -> sqlite3.Connection:
    """A connection that reads `path`: read-write where the file, its folder and the disk allow,
    else read-only, so an officer still sees her plan (writes then fail in one line)."""
    conn = connect(path)
    try:
        probe(conn)
        return conn
    except sqlite3.OperationalError as exc:
        conn.close()
        if not (cannot_write(exc) and path.exists()):
            raise
    return connect_read_only(path)


def probe(conn: sqlite3.Connection) -> None:
    """Read the list of tables, as every statement will (SQLite parses the schema first)."""
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except UnicodeDecodeError:  # SQLite's message quotes a damaged schema whose bytes are not UTF-8
        raise sqlite3.DatabaseError("malformed database schema") from None


def cannot_write(exc: sqlite3.Error) -> bool:
    """SQLite could not write the file or the journal beside it (read-only, full disk, no -shm)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_FULL,
                               sqlite3.SQLITE_CANTOPEN)
    return any(words in str(exc) for words in ("readonly", "disk I/O error", "is full", "unable to open"))


def damaged_error(exc: BaseException) -> bool:
    """SQLite found the file damaged (a page it cannot read, a header it does not know)."""
    if not isinstance(exc, sqlite3.DatabaseError) or isinstance(exc, sqlite3.OperationalError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
    return "malformed" in str(exc) or "not a database" in str(exc)


def connect_read_only(path: Path) -> sqlite3.Connection:
    """Read-only; and when even that needs a -shm file that cannot be made, immutable, which is
    safe only while no journal (-wal) holds changes not yet in the file."""
    wal = Path(f"{path}-wal")
    pending = wal.exists() and wal.stat().st_size > 0
    error: sqlite3.Error | None = None
    for params in ("mode=ro",) if pending else ("mode=ro", "mode=ro&immutable=1"):
        conn = sqlite3.connect(f"{path.absolute().as_uri()}?{params}", uri=True, isolation_level=None,
                               timeout=BUSY_TIMEOUT_MS / 1000)
        conn.text_factory = _text
        try:
            probe(conn)
            return conn
        except sqlite3.OperationalError as exc:
            conn.close()
            error = exc
    if pending:
        raise UserError(_("{path}: cannot be read here: the changes waiting in {wal} need a folder and a disk "
                          "cchc can write ({err})").format(path=path, wal=wal.name, err=error))
    raise UserError(_("{path}: cannot be read ({err})").format(path=path, err=error))


def configure(conn: sqlite3.Connection) -> None:
    """Pragmas for a cchc database (run only once it is known to be ours)."""
    conn.execute("PRAGMA foreign_keys = ON")
    if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        try:
            conn.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError as exc:
            if not cannot_write(exc):  # a read-only file stays in the mode it has
                raise
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
        stamp_revision(conn, head)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def stamp_revision(conn: sqlite3.Connection, head: str) -> None:
    """The revision table as alembic makes it."""
    conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
                 "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))")
    conn.execute("INSERT INTO alembic_version (version_num) VALUES (?)", (head,))


def schema_dump(conn: sqlite3.Connection) -> dict:
    """Tables with their columns, indexes, foreign keys and triggers, as SQLite reports them."""
    dump = {}
    for table in table_names(conn) + ["alembic_version"]:
        columns = [tuple(r[1:]) for r in conn.execute(f'PRAGMA table_info("{table}")')]
        indexes = {}
        for _seq, name, unique, origin, partial in conn.execute(f'PRAGMA index_list("{table}")'):
            cols = tuple(r[2] for r in conn.execute(f'PRAGMA index_info("{name}")'))
            indexes[name if origin == "c" else f"{origin}:{cols}"] = (bool(unique), cols, bool(partial))
        keys = sorted(tuple(r[2:5]) + tuple(r[5:7]) for r in conn.execute(f'PRAGMA foreign_key_list("{table}")'))
        triggers = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?",
                                     (table,)).fetchall())
        dump[table] = {"columns": columns, "indexes": indexes, "foreign_keys": keys, "triggers": triggers}
    return dump


# -- checks, plans of queries -----------------------------------------------------


def integrity_problems(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(check, detail) for SQLite's own integrity and foreign-key checks."""
    problems = [("integrity", r[0]) for r in conn.execute("PRAGMA integrity_check").fetchall() if r[0] != "ok"]
    problems += [("foreign_key", _("{table} row {row} points to a missing {parent}")
                  .format(table=r[0], row=r[1], parent=r[2]))
                 for r in conn.execute("PRAGMA foreign_key_check").fetchall()]
    from cchc.store.sqlite_damage import text_problems

    return problems + text_problems(conn)


def query_plan(conn: sqlite3.Connection, sql: str, params: Sequence = ()) -> list[str]:
    """EXPLAIN QUERY PLAN of a statement: one line per step."""
    return [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params)]


# -- backup and restore ------------------------------------------------------------


def backup(conn: sqlite3.Connection, target: Path) -> None:
    """SQLite's online backup into `target`, through cchc's one file writer."""
    from cchc import files

    try:
        with files.replacing(target) as temporary:
            _copy(conn, temporary)
    except sqlite3.Error as exc:
        raise UserError(_("{path}: backup failed ({err})").format(path=target, err=exc)) from None


def _copy(source: sqlite3.Connection, path: Path) -> None:
    dest = sqlite3.connect(path)
    try:
        source.backup(dest)
    finally:
        dest.close()


def validate_backup(backup_file: Path, known: tuple[str, ...]) -> None:
    _check_header(backup_file)
    if backup_file.stat().st_size == 0:
        raise UserError(_("{path}: is not a SQLite database").format(path=backup_file))
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
    check_path(target)
    kept = keep_copy(target) if target.exists() else None
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


def keep_copy(target: Path) -> Path:
    """A copy of the database at `target` under a new name, `cchc.db.YYYYMMDD-HHMMSS[-N].bak`."""
    from cchc import files

    stamp = f"{target.name}.{datetime.now():%Y%m%d-%H%M%S}"
    kept = files.reserve(target.parent, lambda n: f"{stamp}.bak" if n == 1 else f"{stamp}-{n}.bak")
    live = sqlite3.connect(target)
    try:
        with files.replacing(kept) as temporary:
            _copy(live, temporary)
    except BaseException:
        kept.unlink(missing_ok=True)
        raise
    finally:
        live.close()
    return kept


def connect_for_completion(path: Path) -> sqlite3.Connection | None:
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
