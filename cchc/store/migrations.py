"""Schema migrations (alembic), run in-process on an open connection: a SQLite file's or a
PostgreSQL server's.

Only upgrades of an existing database come here; it is the one module of the
store that imports sqlalchemy and alembic. The whole upgrade is one transaction
that first takes the write lock every cchc write takes (SQLite: BEGIN IMMEDIATE;
PostgreSQL: the province's advisory lock, exclusively), so a command started
meanwhile waits and then finds the database at the head revision.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path


def migrations_dir() -> Path:
    """The migrations shipped in the wheel (cchc.migrations), or the repo's folder."""
    from importlib.resources import files

    try:
        return Path(str(files("cchc.migrations")))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent.parent / "migrations"


def config():
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    return cfg


def _is_sqlite(conn) -> bool:
    import sqlite3

    return isinstance(conn, sqlite3.Connection)


def engine(conn):
    """A SQLAlchemy engine over one open DB-API connection, whose transactions take cchc's write lock."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import StaticPool

    if _is_sqlite(conn):
        eng = create_engine("sqlite://", creator=lambda: conn, poolclass=StaticPool)
        lock = "BEGIN IMMEDIATE"
    else:
        from cchc.store.postgres import EXCLUSIVE_WRITE_LOCK

        eng = create_engine("postgresql+psycopg://", creator=lambda: conn, poolclass=StaticPool)
        lock = EXCLUSIVE_WRITE_LOCK

    @event.listens_for(eng, "begin")
    def _begin(connection):
        connection.exec_driver_sql(lock)

    return eng


@contextmanager
def connected(conn):
    """A SQLAlchemy connection over `conn` for alembic; the DB-API connection is left as it was
    (psycopg's autocommit, which cchc relies on, is off only meanwhile)."""
    autocommit = None if _is_sqlite(conn) else conn.autocommit
    if autocommit:
        conn.autocommit = False
    try:
        with engine(conn).connect() as sa_conn:
            yield sa_conn
    finally:
        if autocommit:
            conn.rollback()
            conn.autocommit = True


def upgrade(conn, revision: str = "head") -> None:
    _run(conn, "upgrade", revision)


def downgrade(conn, revision: str) -> None:
    """For developers and tests (`alembic downgrade`); cchc itself only upgrades."""
    _run(conn, "downgrade", revision)


def _run(conn, direction: str, revision: str) -> None:
    """The migrations in one transaction; a failure rolls it back and raises the driver's own error."""
    from alembic import command
    from sqlalchemy.exc import DBAPIError

    try:
        with connected(conn) as sa_conn:
            cfg = config()
            cfg.attributes["connection"] = sa_conn
            getattr(command, direction)(cfg, revision)
            sa_conn.commit()
    except DBAPIError as exc:
        raise exc.orig from None
