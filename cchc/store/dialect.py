"""The SQL execution seam: what differs between database engines lives behind it.

Queries in cchc/store are written once, in portable SQL with `?` placeholders.
A `Dialect` knows, for one engine, how to connect, how placeholders are
written, how a write transaction begins, which errors mean "the database is
busy, try again", and how values come back (SQLite returns dates as ISO text
and booleans as 0/1; PostgreSQL returns `date` and `bool`). `Db` runs the
queries through its dialect and is the only object the rest of the store
executes SQL on.

PostgreSQL (psycopg 3, cchc/store/postgres.py) is the other dialect:
`placeholders` turns `?` into `%s`, `begin_write` is `BEGIN` plus the
province's write lock, `is_busy` recognises lock timeouts, deadlocks and
serialization failures, `insert` appends `RETURNING id`, and the value methods
pass dates and booleans through. No query is written twice.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from cchc.domain.text import clean_text

_PASSWORD = re.compile(r"^([a-z][a-z0-9+.-]*://[^/:@?#]*):[^@/?#]*@", re.IGNORECASE)


_PASSWORD_PARAM = re.compile(r"([?&])password=[^&]*&?", re.IGNORECASE)


def shown_target(target: str | Path) -> str:
    """A database as messages name it: a path, or a URL without its password."""
    text = _PASSWORD.sub(r"\1@", str(target))
    return _PASSWORD_PARAM.sub(r"\1", text).rstrip("?&") if "://" in text else text


class Dialect:
    """One database engine. Subclasses fill in the engine-specific parts."""

    name = "?"
    # DB-API exception classes of the driver (for error mapping)
    Error: type[BaseException] = Exception
    IntegrityError: type[BaseException] = Exception

    def open(self, target):
        """A connection to the database at `target`, its schema at the head revision."""
        raise NotImplementedError

    def actor(self, store) -> str:
        """Who is acting: CCHC_USER, else the OS user (on every engine; see cchc/store/actor.py)."""
        from cchc.store.actor import current_actor

        return current_actor()

    def login_role(self, conn) -> str:
        """The server's login role the connection works as; "" for a file (cchc/models.py CurrentPlan)."""
        return ""

    def placeholders(self, sql: str) -> str:
        """Queries use `?`; a driver with another paramstyle rewrites them here.
        Queries never contain a literal `?` or `%`: such text is bound as a parameter."""
        return sql

    def begin_write(self, conn) -> None:
        raise NotImplementedError

    def commit(self, conn) -> None:
        conn.execute("COMMIT")

    def rollback(self, conn) -> None:
        conn.execute("ROLLBACK")

    def is_busy(self, exc: BaseException) -> bool:
        raise NotImplementedError

    def is_damaged(self, exc: BaseException) -> bool:
        """The error says the database file is damaged (a server engine: never)."""
        return False

    def discard(self, target) -> None:
        """Remove a database this command made and never wrote to (a server's: never)."""

    def describe(self, exc: BaseException) -> str:
        """The engine's message for an error, in the officer's words where known."""
        return str(exc)

    def insert(self, conn, sql: str, params: Sequence) -> int:
        """Run an INSERT of one row and return its id."""
        raise NotImplementedError

    # -- values out (bound parameters) and back (fetched columns) ---------------
    def bind(self, value: Any) -> Any:
        return value

    def day(self, value: Any) -> date | None:
        return value

    def stamp(self, value: Any) -> datetime | None:
        return value

    def flag(self, value: Any) -> bool:
        return bool(value)

    # -- JSON the engine writes (cchc.store.task_json) ---------------------------
    def json_quote(self, expr: str) -> str:
        """SQL for the JSON text of a value (null for NULL), as `json.dumps(ensure_ascii=False)`
        writes it, read back as UTF-8 bytes."""
        raise NotImplementedError

    def json_literal(self, expr: str) -> str:
        """SQL for text that is already JSON ('true', 'null'), read back as `json_quote`'s is."""
        return expr

    def year_end(self, year: str) -> str:
        """SQL for 31 December of a year, comparable with the engine's dates."""
        raise NotImplementedError

    def bytes_text(self, conn):
        """A context in which `json_quote`'s columns come back as bytes."""
        from contextlib import nullcontext

        return nullcontext()

    # -- what `db status` and `db check` ask of any engine ----------------------
    def table_names(self, conn) -> list[str]:
        raise NotImplementedError

    def current_revision(self, conn) -> str | None:
        raise NotImplementedError

    def integrity_problems(self, conn) -> list[tuple[str, str]]:
        """(check, detail) of the engine's own checks."""
        raise NotImplementedError


class Db:
    """Runs SQL on one open connection through its dialect."""

    def __init__(self, conn, dialect: Dialect):
        self.conn = conn
        self.dialect = dialect
        self._sql: dict[str, str] = {}

    def _prepare(self, sql: str) -> str:
        prepared = self._sql.get(sql)
        if prepared is None:
            prepared = self._sql[sql] = self.dialect.placeholders(sql)
        return prepared

    def _params(self, params: Iterable) -> list:
        # Every value cchc stores passes here: text is stored clean (cchc.domain.text.clean_text).
        bind = self.dialect.bind
        return [bind(clean_text(p) if isinstance(p, str) else p) for p in params]

    def rows(self, sql: str, params: Iterable = ()) -> list[tuple]:
        return self.conn.execute(self._prepare(sql), self._params(params)).fetchall()

    def stream(self, sql: str, params: Iterable = (), size: int = 500) -> Iterator[tuple]:
        """Rows as the cursor fetches them, a batch at a time: memory does not grow with the result."""
        cursor = self.conn.execute(self._prepare(sql), self._params(params))
        while batch := cursor.fetchmany(size):
            yield from batch

    def one(self, sql: str, params: Iterable = ()) -> tuple | None:
        return self.conn.execute(self._prepare(sql), self._params(params)).fetchone()

    def value(self, sql: str, params: Iterable = ()) -> Any:
        row = self.one(sql, params)
        return None if row is None else row[0]

    def dicts(self, sql: str, params: Iterable = ()) -> list[dict]:
        cursor = self.conn.execute(self._prepare(sql), self._params(params))
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    def run(self, sql: str, params: Iterable = ()) -> int:
        """An UPDATE or DELETE; the number of rows it changed."""
        return self.conn.execute(self._prepare(sql), self._params(params)).rowcount

    def many(self, sql: str, seq: Iterable[Iterable]) -> None:
        rows = [self._params(p) for p in seq]
        if rows:  # through a cursor: DB-API drivers have executemany there, not always on the connection
            self.conn.cursor().executemany(self._prepare(sql), rows)

    def many_verbatim(self, sql: str, seq: Iterable[Sequence]) -> None:
        """`many` with the values stored as given (text cchc made itself, such as JSON of stored text)."""
        rows = [[self.dialect.bind(v) for v in p] for p in seq]
        if rows:
            self.conn.cursor().executemany(self._prepare(sql), rows)

    def insert(self, sql: str, params: Iterable = ()) -> int:
        return self.dialect.insert(self.conn, self._prepare(sql), self._params(params))

    # typed values back
    def day(self, value: Any) -> date | None:
        return self.dialect.day(value)

    def stamp(self, value: Any) -> datetime | None:
        return self.dialect.stamp(value)

    def flag(self, value: Any) -> bool:
        return self.dialect.flag(value)

    def bytes_text(self):
        return self.dialect.bytes_text(self.conn)


def marks(values: Sequence) -> str:
    """`?, ?, ?` for an IN list (NULL for an empty one, which matches nothing)."""
    return ", ".join("?" * len(values)) or "NULL"
