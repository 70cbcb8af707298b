"""Opening a store, reading through it, and the one write function."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Callable, TypeVar

from cchc.domain.errors import Damaged, DatabaseBusy, UserError
from cchc.i18n import _
from cchc.store.dialect import Db, shown_target

T = TypeVar("T")
WRITE_TRIES = 6  # each try waits up to the busy timeout for the lock


def open_store(target: str | Path) -> "Store":
    """A store for a SQLite file path, `sqlite:///path`, or a `postgresql://` URL."""
    text = str(target)
    if "://" in text:
        scheme, _sep, rest = text.partition("://")
        if scheme in ("postgresql", "postgres"):
            from cchc.store.postgres import PostgreSQL

            return Store(text, PostgreSQL())
        if scheme != "sqlite":
            raise UserError(_("{url}: cchc cannot open '{scheme}' databases").format(url=shown_target(text),
                                                                                   scheme=scheme))
        target = Path(rest[1:] if rest.startswith("/") else rest)
    from cchc.store.sqlite import SQLite

    return Store(Path(target).expanduser(), SQLite())


class Store:
    """One database, opened on first use and closed at the end of the command."""

    def __init__(self, path: Path | str, dialect):
        self.path = path  # a SQLite file, or a server's URL
        self.dialect = dialect
        self.clock: Callable[[], datetime] = lambda: datetime.now().replace(microsecond=0)  # when writes happen
        self._db: Db | None = None
        self._read = None
        self._role: str | None = None
        # A database file this store made, kept only once a write commits: a refused or dry-run
        # import on a new path leaves no empty database behind.
        self._made_file = False
        self._write_tried = self._committed = False

    # -- opening ----------------------------------------------------------------
    @property
    def db(self) -> Db:
        if self._db is None:
            self._db = Db(self._open(), self.dialect)
        return self._db

    def _open(self):
        self._made_file = isinstance(self.path, Path) and not self.path.exists()
        try:
            return self.dialect.open(self.path)
        except self.dialect.Error as exc:
            raise self._error(exc) from None

    def _error(self, exc: BaseException) -> UserError:
        if self.dialect.is_damaged(exc):
            return damaged(self.path, self.dialect.describe(exc))
        kind = DatabaseBusy if self.dialect.is_busy(exc) else UserError
        return kind(f"{shown_target(self.path)}: {self.dialect.describe(exc)}")

    def close(self) -> None:
        if self._db is not None:
            self._db.conn.close()
            self._db = None
            self._read = None
            self._role = None
            if self._made_file and self._write_tried and not self._committed:
                self.dialect.discard(self.path)

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, kind, exc, tb) -> None:
        self.close()
        if exc is not None and isinstance(exc, self.dialect.Error):
            raise self._error(exc) from None

    # -- reading ----------------------------------------------------------------
    @property
    def read(self):
        """The read queries (cchc.store.reads.Reads), on this store's connection."""
        if self._read is None:
            from cchc.store.reads import Reads

            self._read = Reads(self.db, self.actor, self.role)
        return self._read

    @property
    def actor(self) -> str:
        return self.dialect.actor(self)

    @property
    def role(self) -> str:
        """The login role on a server ("" for a file): with the actor, whose current plan is whose."""
        if self._role is None:
            self._role = self.dialect.login_role(self.db.conn)
        return self._role

    # -- writing ----------------------------------------------------------------
    def write(self, command: str, work: Callable[["Tx"], T], *, dry_run: bool = False) -> T:
        """`work(tx)` in one write transaction, recorded as one operation of `command`.

        The whole unit of work is tried again while another command holds the
        lock (each try waits up to the busy timeout first): it is rolled back
        on failure, so trying again is safe, and `work` must have no effect
        outside the database. dry_run rolls everything back at the end.
        """
        for attempt in range(WRITE_TRIES):
            try:
                return self._write_once(command, work, dry_run)
            except DatabaseBusy:
                if attempt == WRITE_TRIES - 1:
                    raise

    def _write_once(self, command: str, work, dry_run: bool):
        from cchc.store.history import Recorder

        db = self.db
        conn, dialect = db.conn, self.dialect
        self._write_tried = True
        try:
            dialect.begin_write(conn)
            tx = Tx(self, Recorder(db, command, self.actor, self.clock()))
            result = work(tx)
            tx.rec.flush()
            if not dry_run:
                from cchc.store.task_json import store_task_json

                store_task_json(db)
            if dry_run:
                dialect.rollback(conn)
            else:
                dialect.commit(conn)
                self._committed = True
            return result
        except dialect.Error as exc:
            dialect.rollback(conn)
            raise self._error(exc) from None
        except BaseException:
            dialect.rollback(conn)
            raise


class Tx:
    """One write transaction: the connection, the reads on it, and the operation's recorder."""

    def __init__(self, store: Store, rec):
        self.store = store
        self.db: Db = store.db
        self.rec = rec

    @property
    def read(self):
        return self.store.read

    @property
    def actor(self) -> str:
        return self.rec.actor

    @property
    def role(self) -> str:
        return self.store.role


def backup(store: Store, target: Path) -> None:
    """An online copy of the store's database (safe while cchc is in use)."""
    from cchc.store import sqlite

    if store.dialect.name != "sqlite":
        raise UserError(_("{db}: a server database is backed up with pg_dump (see the README)")
                        .format(db=shown_target(store.path)))
    sqlite.backup(store.db.conn, target)


def restore(backup_file: Path, target: Path) -> Path | None:
    """Replace the database at `target` with a backup; the replaced file is kept (returned)."""
    from cchc.store import sqlite
    from cchc.store.schema import KNOWN_REVISIONS

    sqlite.validate_backup(backup_file, KNOWN_REVISIONS)
    return sqlite.restore(backup_file, target)


def validate_backup(backup_file: Path) -> None:
    from cchc.store import sqlite
    from cchc.store.schema import KNOWN_REVISIONS

    sqlite.validate_backup(backup_file, KNOWN_REVISIONS)


def damaged(path: Path, reason: str) -> Damaged:
    return Damaged(_("{path}: damaged ({reason}); cchc db check names what, cchc db recover NEW.db saves "
                     "every row that can be read").format(path=path, reason=reason))


def problems(store: Store) -> tuple[list, bool]:
    """`db check`: the problems found, and whether the file is damaged (then: what is damaged)."""
    try:
        with store:
            return store.read.problems(), False
    except Damaged:
        from cchc.store import sqlite_damage

        return sqlite_damage.damage(store.path), True


def recover(source: Path, target: Path):
    """Every readable row of a (damaged) database into a new one (cchc.store.sqlite_recover.Recovery)."""
    from cchc.store import sqlite_recover

    return sqlite_recover.recover(source, target)
