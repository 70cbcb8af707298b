"""Migrations produce exactly the models' schema, and upgrades keep data."""

from __future__ import annotations

import sqlite3

from cchc import db as cchc_db
from cchc.migrate import config, upgrade
from cchc.schema_version import HEAD, KNOWN_REVISIONS


def test_known_revisions_match_the_migration_scripts():
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(config())
    assert script.get_current_head() == HEAD
    history = [rev.revision for rev in script.walk_revisions()][::-1]
    assert tuple(history) == KNOWN_REVISIONS


def test_migrations_produce_the_models_schema(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    import cchc.models  # noqa: F401

    conn = cchc_db.open_db(tmp_path / "x.db")
    eng = cchc_db.engine(lambda: conn)
    with eng.connect() as sa_conn:
        diff = compare_metadata(MigrationContext.configure(sa_conn), SQLModel.metadata)
    assert diff == []


def test_migrations_are_shipped_with_the_package():
    from cchc.migrate import migrations_dir

    assert (migrations_dir() / "env.py").exists()
    assert any(p.name.endswith(".py") for p in (migrations_dir() / "versions").iterdir())


def test_every_revision_upgrades_to_head_with_rows_intact(tmp_path):
    """A database made at each revision (head included), with rows, opens at head with them."""
    for older in KNOWN_REVISIONS:
        path = tmp_path / f"{older}.db"
        conn = cchc_db.raw_connect(path)
        upgrade(conn, older)
        conn.execute("INSERT INTO plan (title, commune, number, issuer, year_start, year_end, "
                     "source_name, source_sha256, imported_at) VALUES "
                     "('KH', 'xã A', '', '', 2026, 2026, 'a.txt', 'x', '2026-01-01 00:00:00')")
        conn.close()
        reopened = cchc_db.open_db(path)
        assert cchc_db.current_revision(reopened) == HEAD
        assert [tuple(r) for r in reopened.execute("SELECT commune FROM plan")] == [("xã A",)]


def test_a_database_from_a_newer_cchc_is_refused_unchanged(tmp_path):
    import pytest

    from cchc.domain.errors import UserError

    path = tmp_path / "new.db"
    cchc_db.open_db(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = 'ffffffffffff'")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(UserError, match="newer cchc"):
        cchc_db.open_db(path)
    assert path.read_bytes() == before
