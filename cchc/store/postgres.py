"""Everything PostgreSQL-only (psycopg 3): connecting to a URL, the schema of a
new database, the write lock, the busy and error words, values as PostgreSQL
returns them.

Writes are serialised per commune: a write transaction first takes advisory
locks, waiting up to the lock timeout. A commune's login role (commune_role)
takes the province's write lock shared, then its commune's own lock: its
writes wait for each other, so they are recorded in the order they commit and
undo sees every later change, but never for another commune's (a long import
there holds only that commune's lock). Any other role (the administrator, a
migration, `db copy` of several communes) takes the province's lock
exclusively and waits for every commune's writes, as every write waits on a
SQLite file. A wait past the timeout is "busy": the store rolls back and tries
the whole command again.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Sequence

from cchc.domain.errors import UserError
from cchc.i18n import _
from cchc.store.dialect import Dialect, shown_target

LOCK_TIMEOUT = "10s"
WRITE_LOCK = 0x63636863  # "cchc": the province's lock; (WRITE_LOCK, owner id) is a commune's
EXCLUSIVE_WRITE_LOCK = f"SELECT pg_advisory_xact_lock({WRITE_LOCK})"
_BUSY = {"40001", "40P01", "55P03"}  # serialization failure, deadlock, lock not available
_NOT_ALLOWED = {"42501"}  # insufficient privilege, row-level security


def not_allowed(exc: BaseException) -> bool:
    """A privilege the connected role lacks (grants, ownership, row-level security)."""
    return getattr(exc, "sqlstate", None) in _NOT_ALLOWED


def driver():
    """psycopg, or a one-line error saying how to install it."""
    try:
        import psycopg
    except ImportError:
        raise UserError(_('PostgreSQL needs the psycopg driver: pip install "cchc[postgres]"')) from None
    return psycopg


class PostgreSQL(Dialect):
    name = "postgresql"

    def __init__(self):
        psycopg = driver()
        self.Error = psycopg.Error
        self.IntegrityError = psycopg.IntegrityError
        self._commune: tuple[int | None] | None = None  # the login role's commune, once asked

    def open(self, target: str):
        from cchc.store.schema import ensure_server_schema

        conn = connect(target)
        try:
            ensure_server_schema(target, conn, self)
        except BaseException:
            conn.close()
            raise
        return conn

    def login_role(self, conn) -> str:
        return conn.execute("SELECT current_user").fetchone()[0]

    def placeholders(self, sql: str) -> str:
        return sql.replace("%", "%%").replace("?", "%s")

    def begin_write(self, conn) -> None:
        conn.execute("BEGIN")
        conn.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
        commune = self.commune(conn)
        if commune is None:
            conn.execute(EXCLUSIVE_WRITE_LOCK)
            return
        conn.execute("SELECT pg_advisory_xact_lock_shared(%s)", (WRITE_LOCK,))
        conn.execute("SELECT pg_advisory_xact_lock(%s, %s)", (WRITE_LOCK, commune))

    def commune(self, conn) -> int | None:
        """The owner the login role works for (province add-commune), or None."""
        if self._commune is None:
            row = conn.execute("SELECT owner_id FROM commune_role WHERE role = current_user").fetchone()
            self._commune = (row[0] if row else None,)
        return self._commune[0]

    def commit(self, conn) -> None:
        conn.execute("COMMIT")

    def rollback(self, conn) -> None:
        from psycopg.pq import TransactionStatus

        if conn.info.transaction_status != TransactionStatus.IDLE:
            conn.execute("ROLLBACK")

    def is_busy(self, exc: BaseException) -> bool:
        return getattr(exc, "sqlstate", None) in _BUSY

    def describe(self, exc: BaseException) -> str:
        state = getattr(exc, "sqlstate", None) or ""
        text = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        if state in _BUSY:
            return _("database is locked")
        if not_allowed(exc):
            return _("not allowed for this database role ({err})").format(err=text)
        if state.startswith("08") or not state:
            return _("cannot reach the database server ({err})").format(err=text)
        return text

    def insert(self, conn, sql: str, params: Sequence) -> int:
        return conn.execute(sql + " RETURNING id", params).fetchone()[0]

    def day(self, value: Any) -> date | None:
        if value is None or value == "":
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        return date.fromisoformat(value[:10])

    def json_quote(self, expr: str) -> str:
        return f"convert_to(coalesce(to_json({expr})::text, 'null'), 'UTF8')"

    def json_literal(self, expr: str) -> str:
        return f"convert_to({expr}, 'UTF8')"

    def year_end(self, year: str) -> str:
        return f"make_date({year}, 12, 31)"

    def stamp(self, value: Any) -> datetime | None:
        if value is None or value == "":
            return None
        if isinstance(value, datetime):
            return value
        if isinstance(value, date):
            return datetime(value.year, value.month, value.day)
        return datetime.fromisoformat(value)

    # -- what `db status` and `db check` ask of any engine ----------------------
    def table_names(self, conn) -> list[str]:
        return table_names(conn)

    def current_revision(self, conn) -> str | None:
        return current_revision(conn)

    def integrity_problems(self, conn) -> list[tuple[str, str]]:
        return []  # the server enforces keys and constraints on every write


# -- connecting and the schema ------------------------------------------------------


def connect(url: str):
    """A connection in autocommit mode (cchc issues BEGIN and COMMIT itself)."""
    psycopg = driver()
    try:
        return psycopg.connect(url, autocommit=True, connect_timeout=10)
    except psycopg.Error as exc:
        first = (str(exc).strip().splitlines() or [""])[0]
        raise UserError(_("{url}: cannot reach the database server ({err})")
                        .format(url=shown_target(url), err=first)) from None
    except ValueError as exc:  # a URL libpq cannot parse
        raise UserError(_("{url}: not a database URL ({err})").format(url=shown_target(url), err=exc)) from None


def table_names(conn) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
        "AND table_type = 'BASE TABLE' AND table_name != 'alembic_version' ORDER BY table_name").fetchall()]


def current_revision(conn) -> str | None:
    if conn.execute("SELECT to_regclass('alembic_version')").fetchone()[0] is None:
        return None
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def schema_dump(conn) -> dict:
    """Tables with their columns (type, null, default), constraints, indexes and triggers (with their
    functions), as the server reports them. Columns by name: ALTER TABLE appends, so their order is
    not the schema."""
    dump = {}
    for table in table_names(conn) + ["alembic_version"]:
        columns = {name: rest for name, *rest in conn.execute(
            "SELECT column_name, data_type, character_maximum_length, is_nullable, column_default "
            "FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = %s",
            (table,)).fetchall()}
        constraints = dict(conn.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass",
            (f'"{table}"',)).fetchall())
        indexes = dict(conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = %s",
            (table,)).fetchall())
        triggers = dict(conn.execute(
            "SELECT t.tgname, pg_get_triggerdef(t.oid) || ' / ' || pg_get_functiondef(t.tgfoid) FROM pg_trigger t "
            "WHERE t.tgrelid = %s::regclass AND NOT t.tgisinternal", (f'"{table}"',)).fetchall())
        dump[table] = {"columns": columns, "constraints": constraints, "indexes": indexes, "triggers": triggers}
    return dump


def owns_schema(conn) -> bool:
    """Whether the connected role owns cchc's tables (it may upgrade them): the administrator."""
    return conn.execute("SELECT pg_has_role(current_user, relowner, 'USAGE') FROM pg_class "
                        "WHERE oid = 'alembic_version'::regclass").fetchone()[0]


def may_insert(conn, table: str) -> bool:
    """Whether the connected role may add rows to the table (a commune's role may not add communes)."""
    return conn.execute("SELECT has_table_privilege(%s, 'INSERT')", (f'"{table}"',)).fetchone()[0]


def new_ids(conn, table: str, n: int) -> list[int]:
    """n ids drawn from the table's own sequence (rows copied in keep clear of every other row)."""
    rows = conn.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                        (f'"{table}"', n)).fetchall()
    return sorted(r[0] for r in rows)


def create_schema(conn, head: str) -> None:
    """A new database at the head revision, from the DDL generated from cchc/models.py for
    PostgreSQL (cchc/store/ddl.py), stamped as alembic would, with the seven areas."""
    from cchc.store.ddl import PG_STATEMENTS

    conn.execute("BEGIN")
    try:
        conn.execute(EXCLUSIVE_WRITE_LOCK)
        if current_revision(conn) is not None:  # another command created it meanwhile
            conn.execute("ROLLBACK")
            return
        for statement in PG_STATEMENTS:
            conn.execute(statement)
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
                     "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))")
        conn.execute("INSERT INTO alembic_version (version_num) VALUES (%s)", (head,))
        _areas(conn)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def seed_areas(conn) -> None:
    """The seven areas, with the names of this cchc (after an upgrade)."""
    conn.execute("BEGIN")
    try:
        conn.execute(EXCLUSIVE_WRITE_LOCK)
        _areas(conn)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _areas(conn) -> None:
    from cchc.domain.vocabulary import AREAS

    conn.cursor().executemany(
        "INSERT INTO area (code, name, position) VALUES (%s, %s, %s) "
        "ON CONFLICT (code) DO UPDATE SET name = excluded.name, position = excluded.position",
        [(code, name, pos) for pos, (code, name) in enumerate(AREAS.items(), 1)])
