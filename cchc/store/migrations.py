"""Schema migrations (alembic), run in-process on an open connection.

Only upgrades of an existing database come here; it is the one module of the
store that imports sqlalchemy and alembic.
"""

from __future__ import annotations

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


def engine(conn):
    """A SQLAlchemy engine over one sqlite3 connection, whose transactions are BEGIN IMMEDIATE."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import StaticPool

    eng = create_engine("sqlite://", creator=lambda: conn, poolclass=StaticPool)

    @event.listens_for(eng, "begin")
    def _begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return eng


def upgrade(conn, revision: str = "head") -> None:
    from alembic import command

    eng = engine(conn)
    with eng.connect() as sa_conn:
        cfg = config()
        cfg.attributes["connection"] = sa_conn
        command.upgrade(cfg, revision)
        sa_conn.commit()
