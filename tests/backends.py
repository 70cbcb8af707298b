"""The two backends the CLI tests run on: a SQLite file, or a database on a throwaway PostgreSQL
server started once per test session (tests/pgserver.py).

A module with `pytestmark = pytest.mark.backends` runs each of its tests on both (ids
`[sqlite]`, `[postgresql]`); CCHC_TEST_BACKENDS=sqlite narrows that on a machine without
PostgreSQL, and nothing is skipped silently. Every test database starts as a copy of a template
built once per session by the CLI itself: an empty cchc database, or one holding example plans as
`cchc import` left them (Cli.load). On PostgreSQL the copy is CREATE DATABASE … TEMPLATE …, on
SQLite a file copy.
"""

from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

BACKENDS = ("sqlite", "postgresql")


def chosen() -> tuple[str, ...]:
    wanted = [b.strip() for b in os.environ.get("CCHC_TEST_BACKENDS", ",".join(BACKENDS)).split(",") if b.strip()]
    unknown = set(wanted) - set(BACKENDS)
    if unknown:
        raise pytest.UsageError(f"CCHC_TEST_BACKENDS: unknown backend(s) {', '.join(sorted(unknown))}")
    return tuple(wanted)


def is_url(db) -> bool:
    return "://" in str(db)


def _import(target: str, plans: tuple[Path, ...]) -> None:
    from cchc.cli import app

    runner = CliRunner()
    for plan in plans:
        result = runner.invoke(app, ["--db", str(target), "import", str(plan)], catch_exceptions=False)
        assert result.exit_code == 0, result.output


class Postgres:
    """The session's server: databases made from templates, dropped after each test."""

    def __init__(self, server):
        import psycopg

        self.server = server
        self.admin = psycopg.connect(server.url(), autocommit=True)
        self.names = itertools.count(1)
        self.templates: dict[tuple, str] = {}

    def url(self, dbname: str, user: str | None = None) -> str:
        return self.server.url(user=user, dbname=dbname)

    def create(self, template: str | None = None, name: str | None = None) -> str:
        name = name or f"t{next(self.names)}"
        self.admin.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return name

    def drop(self, name: str) -> None:
        self.admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def template(self, plans: tuple[Path, ...]) -> str:
        """A database holding these plans (none: the empty schema), built once by the CLI."""
        if plans not in self.templates:
            if plans:
                name = self.create(self.template(()))
                _import(self.url(name), plans)
            else:
                from cchc.store import open_store

                name = self.create()
                with open_store(self.url(name)) as store:
                    store.read.plans()  # creates the schema
            self.templates[plans] = name
        return self.templates[plans]

    def close(self) -> None:
        self.admin.close()


class SQLiteFiles:
    """Template files of the session, copied into each test's folder."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.templates: dict[tuple, Path] = {}

    def template(self, plans: tuple[Path, ...]) -> Path:
        if plans not in self.templates:
            path = self.folder / f"template-{len(self.templates)}.db"
            _import(str(path), plans)
            self.templates[plans] = path
        return self.templates[plans]


class Backend:
    """One test's database on one backend; `load` replaces it with a copy of a plan template."""

    def __init__(self, name: str, db, pg: Postgres | None = None, files: SQLiteFiles | None = None):
        self.name, self.db, self.pg, self.files = name, db, pg, files
        self.dbname: str | None = None

    def load(self, plans: tuple[Path, ...]) -> None:
        if self.pg is not None:
            template = self.pg.template(plans)
            self.pg.drop(self.dbname)
            self.pg.create(template, name=self.dbname)
        else:
            shutil.copyfile(self.files.template(plans), self.db)


def pg_session(tmp_path_factory) -> Postgres:
    import pgserver

    try:
        server = pgserver.start()
    except pgserver.NoPostgres as exc:
        pytest.fail(f"{exc} (or set CCHC_TEST_BACKENDS=sqlite)", pytrace=False)
    return Postgres(server)


def query(db, sql: str, params=()) -> list[tuple]:
    """Rows of a query on a test database (either backend), `?` placeholders."""
    if is_url(db):
        import psycopg

        with psycopg.connect(str(db), autocommit=True) as conn:
            cursor = conn.execute(sql.replace("%", "%%").replace("?", "%s"), list(params))
            return cursor.fetchall() if cursor.description else []
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        with conn:
            return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def contents(db) -> dict[str, list[tuple]]:
    """Every table's rows, sorted: two equal results mean the database did not change."""
    from cchc.store.ddl import COLUMNS

    return {table: sorted(query(db, f'SELECT * FROM "{table}"'), key=repr) for table in COLUMNS}


def fingerprint(db):
    """What a refused command must leave as it was: a SQLite file byte for byte, a server
    database's rows."""
    return contents(db) if is_url(db) else Path(db).read_bytes()
