"""Migrations produce exactly the models' schema; a new database from the generated DDL is the same
database; upgrades keep data, and 0002 splits the agencies communes shared."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from cchc.store import open_store
from cchc.store import sqlite as store_sqlite
from cchc.store.migrations import config, engine, upgrade
from cchc.store.schema import HEAD, KNOWN_REVISIONS
from conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures"


def test_known_revisions_match_the_migration_scripts():
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(config())
    assert script.get_current_head() == HEAD
    history = [rev.revision for rev in script.walk_revisions()][::-1]
    assert tuple(history) == KNOWN_REVISIONS


def _migrated(path, revision="head"):
    conn = store_sqlite.connect(path)
    upgrade(conn, revision)
    return conn


def test_migrations_produce_the_models_schema(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    import cchc.models  # noqa: F401

    conn = _migrated(tmp_path / "x.db")
    with engine(conn).connect() as sa_conn:
        diff = compare_metadata(MigrationContext.configure(sa_conn), SQLModel.metadata)
    assert diff == []


def test_the_stored_ddl_is_generated_from_the_models():
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_ddl", ROOT / "scripts" / "make_ddl.py")
    make_ddl = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_ddl)
    assert (ROOT / "cchc" / "store" / "ddl.py").read_text(encoding="utf-8") == make_ddl.render(), \
        "run: python scripts/make_ddl.py"


def test_a_new_database_is_the_one_the_migrations_build_and_an_upgraded_one_too(tmp_path):
    """Created from the DDL (no alembic), migrated from empty, and the 0001 fixture upgraded: one schema."""
    new = open_store(tmp_path / "new.db").db.conn
    migrated = _migrated(tmp_path / "migrated.db")
    old = tmp_path / "old.db"
    shutil.copy(FIXTURES / "schema-0001.db", old)
    upgraded = _migrated(old)
    assert store_sqlite.current_revision(new) == HEAD
    assert store_sqlite.schema_dump(new) == store_sqlite.schema_dump(migrated) == store_sqlite.schema_dump(upgraded)


def test_alembic_sees_a_new_database_as_it_sees_a_migrated_one(tmp_path):
    """Stamped at head and matching the models: the next migration starts from the same place on both."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    import cchc.models  # noqa: F401

    new = open_store(tmp_path / "new.db").db.conn
    upgrade(new)  # nothing to do: alembic reads the stamp
    with engine(new).connect() as sa_conn:
        context = MigrationContext.configure(sa_conn)
        assert context.get_current_revision() == HEAD
        assert compare_metadata(context, SQLModel.metadata) == []
    assert store_sqlite.schema_dump(new) == store_sqlite.schema_dump(_migrated(tmp_path / "m.db"))


def test_a_new_database_does_not_import_alembic_or_the_orm(tmp_path):
    import subprocess
    import sys

    code = ("import sys; from cchc.store import open_store; open_store(sys.argv[1]).read.plans(); "
            "print(sorted(m for m in ('alembic', 'sqlalchemy', 'sqlmodel') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "n.db")], capture_output=True, text=True,
                          cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_every_revision_upgrades_to_head_with_rows_intact(tmp_path):
    """A database made at each revision, with a plan, opens at head with it."""
    for older in KNOWN_REVISIONS[:-1]:
        path = tmp_path / f"{older}.db"
        conn = _migrated(path, older)
        conn.execute("INSERT INTO plan (title, commune, number, issuer, year_start, year_end, "
                     "source_name, source_sha256, imported_at) VALUES "
                     "('KH', 'xã A', '', '', 2026, 2026, 'a.txt', 'x', '2026-01-01 00:00:00')")
        conn.close()
        with open_store(path) as store:
            assert store.read.revision() == HEAD
            assert [p.commune for p in store.read.plans()] == ["xã A"]


def _shared_agency_db(path):
    """A 0001 database where two communes' plans share one agency, with history and a current plan."""
    conn = _migrated(path, "0001_initial")
    conn.executescript("""
        INSERT INTO area (code, name, position) VALUES ('chi-dao', 'Chỉ đạo', 1);
        INSERT INTO plan (id, title, commune, number, issuer, year_start, year_end, source_name, source_sha256,
                          imported_at)
        VALUES (1, 'KH', 'xã Hoàng Sơn', '', '', 2026, 2026, 'a.txt', 'a', '2026-01-01 00:00:00'),
               (2, 'KH', 'xã An Lão', '', '', 2026, 2026, 'b.txt', 'b', '2026-01-02 00:00:00'),
               (3, 'KH', 'Xã Hoàng Sơn', '', '', 2027, 2027, 'c.txt', 'c', '2026-01-03 00:00:00');
        INSERT INTO agency (id, name, key, is_group) VALUES (1, 'Phòng Văn hóa - Xã hội', 'phong van hoa xa hoi', 0),
                                                            (2, 'Phòng Kinh tế', 'phong kinh te', 0);
        INSERT INTO agency_alias (id, agency_id, alias) VALUES (1, 1, 'Phòng VHXH'), (2, 2, 'Phòng Kinh tế');
        INSERT INTO task (id, plan_id, area_code, level, ref, position, text, product, budget, lead_agency_id,
                          deadline_text, status, removed, created_at, updated_at)
        VALUES (1, 1, 'chi-dao', 'task', '1', 0, 'A', '', '', 1, '', 'not_started', 0, '2026-01-01', '2026-01-01'),
               (2, 2, 'chi-dao', 'task', '1', 0, 'B', '', '', 1, '', 'not_started', 0, '2026-01-01', '2026-01-01'),
               (3, 3, 'chi-dao', 'task', '1', 0, 'C', '', '', 1, '', 'done', 0, '2026-01-01', '2026-01-01');
        INSERT INTO task_cooperation (task_id, agency_id, position) VALUES (1, 2, 0), (2, 2, 0);
        INSERT INTO note (id, task_id, text, created_at) VALUES (1, 2, 'ghi chú', '2026-01-05 00:00:00');
        INSERT INTO operation (id, command, created_at) VALUES (1, 'import b.txt', '2026-01-02'),
                                                              (2, 'done 3', '2026-01-06'),
                                                              (3, 'agency merge x y', '2026-01-07');
        INSERT INTO change (operation_id, entity, entity_id, task_id, field, old, new, at, note)
        VALUES (2, 'task', 3, 3, 'status', '"not_started"', '"done"', '2026-01-06', '');
        INSERT INTO setting (key, value) VALUES ('current_plan', '2');
    """)
    conn.close()


def test_0002_gives_each_commune_its_own_agencies_and_keeps_the_rows(tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_USER", "chi-lan")
    path = tmp_path / "shared.db"
    _shared_agency_db(path)
    conn = _migrated(path)
    owners = dict(conn.execute("SELECT key, id FROM owner"))
    assert set(owners) == {"xa hoang son", "xa an lao"}  # "xã Hoàng Sơn" and "Xã Hoàng Sơn" are one owner
    assert dict(conn.execute("SELECT id, owner_id FROM plan")) == {
        1: owners["xa hoang son"], 2: owners["xa an lao"], 3: owners["xa hoang son"]}
    leads = {t: (owner, name) for t, owner, name in conn.execute(
        "SELECT t.id, a.owner_id, a.name FROM task t JOIN agency a ON a.id = t.lead_agency_id")}
    assert leads[1] == leads[3] == (owners["xa hoang son"], "Phòng Văn hóa - Xã hội")  # one owner, one agency
    assert leads[2] == (owners["xa an lao"], "Phòng Văn hóa - Xã hội")
    lead_ids = dict(conn.execute("SELECT id, lead_agency_id FROM task"))
    assert lead_ids[1] == lead_ids[3] != lead_ids[2]
    assert conn.execute("SELECT count(*) FROM agency").fetchone()[0] == 4  # two agencies, split between two owners
    spellings = {a: sorted(s for (s,) in conn.execute("SELECT alias FROM agency_alias WHERE agency_id = ?", (a,)))
                 for a in (lead_ids[1], lead_ids[2])}
    assert spellings == {lead_ids[1]: ["Phòng VHXH"], lead_ids[2]: ["Phòng VHXH"]}
    coop = conn.execute("""SELECT c.task_id, a.owner_id, c.written FROM task_cooperation c
                           JOIN agency a ON a.id = c.agency_id ORDER BY c.task_id""").fetchall()
    assert coop == [(1, owners["xa hoang son"], "Phòng Kinh tế"), (2, owners["xa an lao"], "Phòng Kinh tế")]
    assert conn.execute("SELECT lead_written FROM task WHERE id = 2").fetchone() == ("Phòng Văn hóa - Xã hội",)
    assert conn.execute("SELECT task_id, plan_id, kind FROM note").fetchall() == [(2, 2, "")]
    ops = {i: (actor, bool(undoable)) for i, actor, undoable in conn.execute(
        "SELECT id, actor, undoable FROM operation")}
    assert ops == {1: ("chi-lan", False), 2: ("chi-lan", True), 3: ("chi-lan", False)}
    assert conn.execute("SELECT owner_id FROM operation WHERE id = 2").fetchone() == (owners["xa hoang son"],)
    assert conn.execute("SELECT actor, plan_id FROM current_plan").fetchall() == [("chi-lan", 2)]
    assert conn.execute("SELECT count(*) FROM setting").fetchone() == (0,)
    assert store_sqlite.integrity_problems(conn) == []


def test_0002_goes_back_to_0001_and_up_again(tmp_path, monkeypatch):
    """A developer's `alembic downgrade`: the 0001 schema, one agency per key again, and the same
    database as a new one once upgraded again."""
    from alembic import command

    monkeypatch.setenv("CCHC_USER", "chi-lan")
    path = tmp_path / "shared.db"
    _shared_agency_db(path)
    conn = _migrated(path)
    with engine(conn).connect() as sa_conn:
        cfg = config()
        cfg.attributes["connection"] = sa_conn
        command.downgrade(cfg, "0001_initial")
        sa_conn.commit()
    assert store_sqlite.schema_dump(conn) == store_sqlite.schema_dump(_migrated(tmp_path / "0001.db", "0001_initial"))
    assert conn.execute("SELECT count(*) FROM agency").fetchone() == (2,)
    assert {lead for (lead,) in conn.execute("SELECT lead_agency_id FROM task")} == {1}
    assert conn.execute("SELECT key, value FROM setting").fetchall() == [("current_plan", "2")]
    assert conn.execute("SELECT count(*) FROM note").fetchone() == (1,)
    upgrade(conn)
    assert store_sqlite.schema_dump(conn) == store_sqlite.schema_dump(open_store(tmp_path / "new.db").db.conn)
    assert store_sqlite.integrity_problems(conn) == []


def test_the_fixture_of_each_released_revision_is_kept():
    fixtures = sorted(p.stem.removeprefix("schema-") for p in FIXTURES.glob("schema-*.db"))
    assert fixtures == [r.split("_")[0] for r in KNOWN_REVISIONS]
    for revision in KNOWN_REVISIONS:
        conn = sqlite3.connect(FIXTURES / f"schema-{revision.split('_')[0]}.db")
        assert store_sqlite.current_revision(conn) == revision
        conn.close()


def test_a_database_from_a_newer_cchc_is_refused_unchanged(tmp_path):
    from cchc.domain.errors import UserError

    path = tmp_path / "new.db"
    with open_store(path) as store:
        store.read.plans()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = 'ffffffffffff'")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(UserError, match="newer cchc"), open_store(path) as store:
        store.read.plans()
    assert path.read_bytes() == before
