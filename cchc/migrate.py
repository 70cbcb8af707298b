"""Schema migrations, run in-process on an open connection (imports alembic)."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def migrations_dir() -> Path:
    """The migrations shipped in the wheel (cchc.migrations), or the repo's folder."""
    from importlib.resources import files

    try:
        return Path(str(files("cchc.migrations")))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "migrations"


def config():
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    return cfg


def upgrade(conn: sqlite3.Connection, revision: str = "head") -> None:
    from alembic import command

    from cchc.db import engine

    eng = engine(lambda: conn)
    with eng.connect() as sa_conn:
        cfg = config()
        cfg.attributes["connection"] = sa_conn
        command.upgrade(cfg, revision)
        sa_conn.commit()
    _seed_areas(conn)


def _seed_areas(conn: sqlite3.Connection) -> None:
    from cchc.domain.vocabulary import AREAS

    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(
        "INSERT INTO area (code, name, position) VALUES (?, ?, ?) "
        "ON CONFLICT (code) DO UPDATE SET name = excluded.name, position = excluded.position",
        [(code, name, pos) for pos, (code, name) in enumerate(AREAS.items(), 1)],
    )
    conn.execute("COMMIT")
