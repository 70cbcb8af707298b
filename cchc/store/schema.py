"""Which schema revision a database is at, and bringing it to the head.

A new database is created from the generated DDL (no alembic); an older one
is upgraded by the alembic migrations (cchc/store/migrations.py); a newer one
is refused. The revisions are listed here so that opening a database tells
whether it needs anything without importing alembic (tests/test_migrations.py
checks them against migrations/).
"""

from __future__ import annotations

import sys
from pathlib import Path

from cchc.domain.errors import UserError
from cchc.i18n import _
from cchc.store import sqlite

KNOWN_REVISIONS: tuple[str, ...] = ("0001_initial", "0002_owners", "0003_province", "0004_task_json")
HEAD = KNOWN_REVISIONS[-1]


def ensure_schema(path: Path, conn) -> None:
    """The database at `path` is at HEAD afterwards, or a UserError says why not."""
    try:
        revision = sqlite.current_revision(conn)
        has_tables = sqlite.has_tables(conn)
    except sqlite.sqlite3.DatabaseError as exc:
        if sqlite.damaged_error(exc):
            raise  # the store says: damaged, and what to do
        raise UserError(_("{path}: cannot be read as a database ({err})").format(path=path, err=exc)) from None
    if revision == HEAD:
        return
    if revision is None and has_tables:
        raise UserError(_("{path}: is a SQLite database but not a cchc one").format(path=path))
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise UserError(_("{path}: was written by a newer cchc (schema {rev}); upgrade cchc to open it")
                        .format(path=path, rev=revision))
    if revision is None:
        sqlite.create_schema(conn, HEAD)
    else:
        from cchc.store.migrations import upgrade

        print(_("cchc: upgrading database {path} to the current schema").format(path=path), file=sys.stderr)
        upgrade(conn)
    seed_areas(conn)


def ensure_server_schema(target: str, conn, dialect) -> None:
    """The same for a PostgreSQL database: created at HEAD when empty, upgraded by the same
    alembic migrations when older, refused when newer or not cchc's."""
    from cchc.store import postgres
    from cchc.store.dialect import shown_target

    shown = shown_target(target)
    try:
        revision = postgres.current_revision(conn)
        if revision == HEAD:
            return
        has_tables = bool(postgres.table_names(conn))
    except dialect.Error as exc:
        raise UserError(f"{shown}: {dialect.describe(exc)}") from None
    if revision is None and has_tables:
        raise UserError(_("{path}: is a PostgreSQL database but not a cchc one").format(path=shown))
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise UserError(_("{path}: was written by a newer cchc (schema {rev}); upgrade cchc to open it")
                        .format(path=shown, rev=revision))
    try:
        if revision is None:
            postgres.create_schema(conn, HEAD)
        elif not postgres.owns_schema(conn):
            raise _not_upgradable(shown, revision)
        else:
            from cchc.store.migrations import upgrade

            print(_("cchc: upgrading database {path} to the current schema").format(path=shown), file=sys.stderr)
            upgrade(conn)
            postgres.seed_areas(conn)
    except dialect.Error as exc:
        if revision is not None and postgres.not_allowed(exc):
            raise _not_upgradable(shown, revision) from None
        raise UserError(f"{shown}: {dialect.describe(exc)}") from None


def _not_upgradable(shown: str, revision: str) -> UserError:
    return UserError(_("{path}: holds an older schema ({rev}) that this role may not upgrade: the "
                       "administrator runs cchc on it first, then cchc province init").format(path=shown, rev=revision))


def seed_areas(conn) -> None:
    """The seven areas, with the names of this cchc."""
    from cchc.domain.vocabulary import AREAS

    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(
        "INSERT INTO area (code, name, position) VALUES (?, ?, ?) "
        "ON CONFLICT (code) DO UPDATE SET name = excluded.name, position = excluded.position",
        [(code, name, pos) for pos, (code, name) in enumerate(AREAS.items(), 1)])
    conn.execute("COMMIT")
