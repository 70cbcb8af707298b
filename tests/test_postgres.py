"""`--db postgresql://…`: a new database gets the models' schema, foreign and newer ones are refused,
errors are one line without the password, and a missing driver says how to install it."""

from __future__ import annotations

import sys

import psycopg
import pytest

from conftest import HOANG_SON, Cli


def _refused(result) -> str:
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("cchc: ")
    return result.stderr


@pytest.fixture
def empty(pg):
    """A database on the server with nothing in it (cchc has not opened it)."""
    name = pg.create()
    yield pg.url(name)
    pg.drop(name)


def test_a_new_database_has_the_schema_the_migrations_and_models_describe(empty):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine
    from sqlmodel import SQLModel

    import cchc.models  # noqa: F401
    from cchc.store.schema import HEAD

    assert Cli(empty)("db", "status").exit_code == 0
    engine = create_engine(empty.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []
        assert context.get_current_revision() == HEAD
    engine.dispose()


def test_a_foreign_or_newer_database_is_refused_unchanged(empty):
    with psycopg.connect(empty, autocommit=True) as conn:
        conn.execute("CREATE TABLE invoices (id int)")
    assert "not a cchc one" in _refused(Cli(empty)("plan", "list"))
    with psycopg.connect(empty, autocommit=True) as conn:
        conn.execute("DROP TABLE invoices")
    assert Cli(empty)("db", "status").exit_code == 0
    with psycopg.connect(empty, autocommit=True) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    assert "newer cchc" in _refused(Cli(empty)("plan", "list"))
    with psycopg.connect(empty, autocommit=True) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("9999_future",)]


def test_an_unreachable_server_or_wrong_password_is_one_line_without_the_password(pg, tmp_path):
    nowhere = f"postgresql://xa:s3cret-word@/cchc?host={tmp_path}&port=1"
    message = _refused(Cli(nowhere)("due"))
    assert "cannot reach the database server" in message and "s3cret-word" not in message
    assert "postgresql://xa@/cchc" in message
    wrong = pg.server.url(user="nobody", dbname="postgres", password="s3cret-word")
    assert "s3cret-word" not in _refused(Cli(wrong)("due"))


def test_without_the_driver_one_line_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if not installed
    message = _refused(Cli("postgresql://xa@/cchc")("due"))
    assert 'pip install "cchc[postgres]"' in message


@pytest.mark.backends
def test_db_backup_on_a_server_points_to_pg_dump(cli, backend, tmp_path):
    cli.load(HOANG_SON)
    result = cli("db", "backup", tmp_path / "copy.db")
    if backend.name == "sqlite":
        assert result.exit_code == 0 and (tmp_path / "copy.db").exists()
    else:
        assert "pg_dump" in _refused(result) and not (tmp_path / "copy.db").exists()
    assert cli("db", "check").exit_code == 0


def test_an_older_database_is_upgraded_by_its_administrator_not_by_a_role_that_may_not(empty):
    """A commune's officer with a newer cchc than the server's schema: one line, nothing changed;
    the administrator's cchc upgrades it with the same migrations, rows kept."""
    from cchc.store import postgres
    from cchc.store.migrations import upgrade
    from cchc.store.schema import HEAD

    with psycopg.connect(empty, autocommit=True) as conn:
        upgrade(conn, "0002_owners")
        conn.execute("INSERT INTO owner (name, key) VALUES ('xã A', 'xa a')")
        conn.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'officer_of_old') "
                     "THEN CREATE ROLE officer_of_old LOGIN PASSWORD 'pw-old'; END IF; END $$")
        conn.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO officer_of_old")
    officer = empty.replace("postgresql://postgres@", "postgresql://officer_of_old:pw-old@", 1)
    message = _refused(Cli(officer)("plan", "list"))
    assert "0002_owners" in message and "administrator" in message and "pw-old" not in message
    with psycopg.connect(empty, autocommit=True) as conn:
        assert postgres.current_revision(conn) == "0002_owners"
    upgraded = Cli(empty)("plan", "list")
    assert upgraded.exit_code == 0 and "upgrading database" in upgraded.stderr
    with psycopg.connect(empty, autocommit=True) as conn:
        assert postgres.current_revision(conn) == HEAD
        assert conn.execute("SELECT name FROM owner").fetchall() == [("xã A",)]
        assert conn.execute("SELECT count(*) FROM area").fetchone() == (7,)
