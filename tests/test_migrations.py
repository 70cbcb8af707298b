"""Migrations produce exactly the models' schema, on SQLite and on PostgreSQL; a new database from
the generated DDL is the same database; upgrades keep data (0002 splits the agencies communes
shared, 0003 gives current plans their login role) and go back down."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from backends import chosen
from cchc.store import open_store
from cchc.store import postgres as store_pg
from cchc.store import sqlite as store_sqlite
from cchc.store.migrations import config, connected, downgrade, upgrade
from cchc.store.schema import HEAD, KNOWN_REVISIONS
from conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures"


class Engine:
    """Databases on one engine, opened with raw connections (the migration runner's input)."""

    def __init__(self, name: str, folder, pg=None):
        self.name, self.folder, self.pg = name, folder, pg
        self.conns, self.dbnames, self.targets = [], [], {}

    @property
    def role(self) -> str:
        """The login role the tests connect as ("" for a file)."""
        return "" if self.pg is None else self.pg.server.superuser

    def target(self, label: str) -> str:
        """A new empty database: its path or URL."""
        if self.pg is None:
            return str(self.folder / f"{label}.db")
        self.dbnames.append(self.pg.create())
        return self.pg.url(self.dbnames[-1])

    def connect(self, target: str):
        conn = store_sqlite.connect(target) if self.pg is None else store_pg.connect(target)
        self.conns.append(conn)
        self.targets[id(conn)] = target
        return conn

    def target_of(self, conn) -> str:
        return self.targets[id(conn)]

    def migrated(self, label: str, revision: str = "head"):
        conn = self.connect(self.target(label))
        upgrade(conn, revision)
        return conn

    def created(self):
        """A database cchc created itself, from the DDL."""
        target = self.target("new")
        with open_store(target) as store:
            store.read.plans()
        return self.connect(target)

    def dump(self, conn) -> dict:
        return (store_sqlite if self.pg is None else store_pg).schema_dump(conn)

    def rows(self, conn, sql: str, params=()) -> list[tuple]:
        if self.pg is not None:
            sql = sql.replace("?", "%s")
        return conn.execute(sql, params).fetchall()

    def script(self, conn, sql: str) -> None:
        """Statements with ids given, then the id sequences past them, as any writer leaves them."""
        if self.pg is None:
            conn.executescript(sql)
            return
        conn.execute(sql)
        for (table,) in conn.execute("SELECT table_name FROM information_schema.columns WHERE column_name = 'id' "
                                     "AND column_default LIKE 'nextval%%' AND table_schema = current_schema()"):
            conn.execute(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), max(id)) FROM \"{table}\" "
                         "HAVING max(id) IS NOT NULL")

    def integrity(self, conn) -> list:
        # PostgreSQL checks every key as it is added and on every write: nothing to ask afterwards.
        return store_sqlite.integrity_problems(conn) if self.pg is None else []

    def close(self) -> None:
        for conn in self.conns:
            conn.close()
        for name in self.dbnames:
            self.pg.drop(name)


@pytest.fixture(params=chosen())
def engine(request, tmp_path):
    pg = request.getfixturevalue("pg") if request.param == "postgresql" else None
    found = Engine(request.param, tmp_path, pg)
    yield found
    found.close()


def _models_diff(conn) -> list:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    import cchc.models  # noqa: F401

    with connected(conn) as sa_conn:
        context = MigrationContext.configure(sa_conn, opts={"compare_type": True})
        return context.get_current_revision(), compare_metadata(context, SQLModel.metadata)


def test_known_revisions_match_the_migration_scripts():
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(config())
    assert script.get_current_head() == HEAD
    history = [rev.revision for rev in script.walk_revisions()][::-1]
    assert tuple(history) == KNOWN_REVISIONS


def test_an_empty_database_upgraded_by_the_migrations_is_the_models_and_the_ddl_s(engine):
    migrated = engine.migrated("m")
    assert _models_diff(migrated) == (HEAD, [])
    assert engine.dump(migrated) == engine.dump(engine.created())


def test_alembic_sees_a_new_database_as_it_sees_a_migrated_one(engine):
    """Stamped at head and matching the models: the next migration starts from the same place on both."""
    new = engine.created()
    upgrade(new)  # nothing to do: alembic reads the stamp
    assert _models_diff(new) == (HEAD, [])
    assert engine.dump(new) == engine.dump(engine.migrated("m"))


def test_the_stored_ddl_is_generated_from_the_models():
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_ddl", ROOT / "scripts" / "make_ddl.py")
    make_ddl = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_ddl)
    assert (ROOT / "cchc" / "store" / "ddl.py").read_text(encoding="utf-8") == make_ddl.render(), \
        "run: python scripts/make_ddl.py"


def test_each_released_file_upgraded_is_a_new_database(tmp_path):
    """The stored database of every released schema, upgraded, has the schema of a new one."""
    new = open_store(tmp_path / "new.db").db.conn
    for fixture in sorted(FIXTURES.glob("schema-*.db")):
        old = tmp_path / fixture.name
        shutil.copy(fixture, old)
        conn = store_sqlite.connect(old)
        upgrade(conn)
        assert store_sqlite.schema_dump(conn) == store_sqlite.schema_dump(new), fixture.name
        conn.close()


def test_a_new_database_does_not_import_alembic_or_the_orm(tmp_path):
    import subprocess
    import sys

    code = ("import sys; from cchc.store import open_store; open_store(sys.argv[1]).read.plans(); "
            "print(sorted(m for m in ('alembic', 'sqlalchemy', 'sqlmodel') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "n.db")], capture_output=True, text=True,
                          cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_every_revision_upgrades_to_head_with_rows_intact(engine):
    """A database made at each revision, with a plan, opens at head with it."""
    for older in KNOWN_REVISIONS[:-1]:
        target = engine.target(older)
        conn = engine.connect(target)
        upgrade(conn, older)
        owner = ""
        if older != "0001_initial":
            engine.script(conn, "INSERT INTO owner (id, name, key) VALUES (1, 'xã A', 'xa a')")
            owner = ", owner_id"
        engine.script(conn, f"INSERT INTO plan (id, title, commune, number, issuer, year_start, year_end, "
                            f"source_name, source_sha256, imported_at{owner}) VALUES "
                            f"(1, 'KH', 'xã A', '', '', 2026, 2026, 'a.txt', 'x', '2026-01-01 00:00:00'{owner and ', 1'})")
        with open_store(target) as store:
            assert store.read.revision() == HEAD, older
            assert [p.commune for p in store.read.plans()] == ["xã A"]


# A 0001 database where two communes' plans share one agency, with history and a current plan.
SHARED_AGENCY = """
    INSERT INTO area (code, name, position) VALUES ('chi-dao', 'Chỉ đạo', 1);
    INSERT INTO plan (id, title, commune, number, issuer, year_start, year_end, source_name, source_sha256,
                      imported_at)
    VALUES (1, 'KH', 'xã Hoàng Sơn', '', '', 2026, 2026, 'a.txt', 'a', '2026-01-01 00:00:00'),
           (2, 'KH', 'xã An Lão', '', '', 2026, 2026, 'b.txt', 'b', '2026-01-02 00:00:00'),
           (3, 'KH', 'Xã Hoàng Sơn', '', '', 2027, 2027, 'c.txt', 'c', '2026-01-03 00:00:00');
    INSERT INTO agency (id, name, key, is_group) VALUES (1, 'Phòng Văn hóa - Xã hội', 'phong van hoa xa hoi', FALSE),
                                                        (2, 'Phòng Kinh tế', 'phong kinh te', FALSE);
    INSERT INTO agency_alias (id, agency_id, alias) VALUES (1, 1, 'Phòng VHXH'), (2, 2, 'Phòng Kinh tế');
    INSERT INTO task (id, plan_id, area_code, level, ref, position, text, product, budget, lead_agency_id,
                      deadline_text, status, removed, created_at, updated_at)
    VALUES (1, 1, 'chi-dao', 'task', '1', 0, 'A', '', '', 1, '', 'not_started', FALSE, '2026-01-01', '2026-01-01'),
           (2, 2, 'chi-dao', 'task', '1', 0, 'B', '', '', 1, '', 'not_started', FALSE, '2026-01-01', '2026-01-01'),
           (3, 3, 'chi-dao', 'task', '1', 0, 'C', '', '', 1, '', 'done', FALSE, '2026-01-01', '2026-01-01');
    INSERT INTO task_cooperation (task_id, agency_id, position) VALUES (1, 2, 0), (2, 2, 0);
    INSERT INTO note (id, task_id, text, created_at) VALUES (1, 2, 'ghi chú', '2026-01-05 00:00:00');
    INSERT INTO operation (id, command, created_at) VALUES (1, 'import b.txt', '2026-01-02'),
                                                          (2, 'done 3', '2026-01-06'),
                                                          (3, 'agency merge x y', '2026-01-07');
    INSERT INTO change (operation_id, entity, entity_id, task_id, field, old, new, at, note)
    VALUES (2, 'task', 3, 3, 'status', '"not_started"', '"done"', '2026-01-06', '');
    INSERT INTO setting (key, value) VALUES ('current_plan', '2');
"""


def _shared_agency_db(engine):
    conn = engine.migrated("shared", "0001_initial")
    engine.script(conn, SHARED_AGENCY)
    return conn


def test_0002_gives_each_commune_its_own_agencies_and_keeps_the_rows(engine, monkeypatch):
    monkeypatch.setenv("CCHC_USER", "chi-lan")
    conn = _shared_agency_db(engine)
    upgrade(conn, "0002_owners")
    rows = lambda sql, *params: engine.rows(conn, sql, params)  # noqa: E731
    owners = dict(rows("SELECT key, id FROM owner"))
    assert set(owners) == {"xa hoang son", "xa an lao"}  # "xã Hoàng Sơn" and "Xã Hoàng Sơn" are one owner
    assert dict(rows("SELECT id, owner_id FROM plan")) == {
        1: owners["xa hoang son"], 2: owners["xa an lao"], 3: owners["xa hoang son"]}
    leads = {t: (owner, name) for t, owner, name in rows(
        "SELECT t.id, a.owner_id, a.name FROM task t JOIN agency a ON a.id = t.lead_agency_id")}
    assert leads[1] == leads[3] == (owners["xa hoang son"], "Phòng Văn hóa - Xã hội")  # one owner, one agency
    assert leads[2] == (owners["xa an lao"], "Phòng Văn hóa - Xã hội")
    lead_ids = dict(rows("SELECT id, lead_agency_id FROM task"))
    assert lead_ids[1] == lead_ids[3] != lead_ids[2]
    assert rows("SELECT count(*) FROM agency") == [(4,)]  # two agencies, split between two owners
    spellings = {a: sorted(s for (s,) in rows("SELECT alias FROM agency_alias WHERE agency_id = ?", a))
                 for a in (lead_ids[1], lead_ids[2])}
    assert spellings == {lead_ids[1]: ["Phòng VHXH"], lead_ids[2]: ["Phòng VHXH"]}
    coop = rows("""SELECT c.task_id, a.owner_id, c.written FROM task_cooperation c
                   JOIN agency a ON a.id = c.agency_id ORDER BY c.task_id""")
    assert coop == [(1, owners["xa hoang son"], "Phòng Kinh tế"), (2, owners["xa an lao"], "Phòng Kinh tế")]
    assert len({i for (i,) in rows("SELECT id FROM task_cooperation")}) == 2  # each its own id
    assert rows("SELECT lead_written FROM task WHERE id = 2") == [("Phòng Văn hóa - Xã hội",)]
    assert rows("SELECT task_id, plan_id, kind FROM note") == [(2, 2, "")]
    ops = {i: (actor, bool(undoable)) for i, actor, undoable in rows("SELECT id, actor, undoable FROM operation")}
    assert ops == {1: ("chi-lan", False), 2: ("chi-lan", True), 3: ("chi-lan", False)}
    assert rows("SELECT owner_id FROM operation WHERE id = 2") == [(owners["xa hoang son"],)]
    assert rows("SELECT actor, plan_id FROM current_plan") == [("chi-lan", 2)]
    assert rows("SELECT count(*) FROM setting") == [(0,)]
    assert engine.integrity(conn) == []
    upgrade(conn)
    assert rows("SELECT actor, plan_id, role FROM current_plan") == [("chi-lan", 2, engine.role)]
    with open_store(engine.target_of(conn)) as store:
        assert [p.commune for p in store.read.plans()] == ["xã Hoàng Sơn", "xã An Lão", "Xã Hoàng Sơn"]


def test_0002_goes_back_to_0001_and_up_again(engine, monkeypatch):
    """A developer's `alembic downgrade`: the 0001 schema, one agency per key again, and the same
    database as a new one once upgraded again."""
    monkeypatch.setenv("CCHC_USER", "chi-lan")
    conn = _shared_agency_db(engine)
    upgrade(conn)
    downgrade(conn, "0001_initial")
    assert engine.dump(conn) == engine.dump(engine.migrated("0001", "0001_initial"))
    rows = lambda sql: engine.rows(conn, sql)  # noqa: E731
    assert rows("SELECT count(*) FROM agency") == [(2,)]
    assert {lead for (lead,) in rows("SELECT lead_agency_id FROM task")} == {1}
    assert rows("SELECT key, value FROM setting") == [("current_plan", "2")]
    assert rows("SELECT count(*) FROM note") == [(1,)]
    assert sorted(rows("SELECT task_id, agency_id FROM task_cooperation")) == [(1, 2), (2, 2)]
    assert sorted(rows("SELECT agency_id, alias FROM agency_alias")) == [(1, "Phòng VHXH"), (2, "Phòng Kinh tế")]
    upgrade(conn)
    assert engine.dump(conn) == engine.dump(engine.created())
    assert engine.integrity(conn) == []


def _two_actors_at_0002(engine):
    """A 0002 database with one plan and the current plans of two actors."""
    conn = engine.migrated("actors", "0002_owners")
    engine.script(conn, """
        INSERT INTO owner (id, name, key) VALUES (1, 'xã An Lão', 'xa an lao');
        INSERT INTO plan (id, title, commune, number, issuer, year_start, year_end, source_name, source_sha256,
                          imported_at, owner_id)
        VALUES (1, 'KH', 'xã An Lão', '', '', 2026, 2026, 'a.txt', 'a', '2026-01-01 00:00:00', 1),
               (2, 'KH', 'xã An Lão', '', '', 2027, 2027, 'b.txt', 'b', '2026-02-01 00:00:00', 1);
        INSERT INTO current_plan (id, actor, plan_id) VALUES (1, 'chi-lan', 1), (2, 'anh-tuan', 2);
    """)
    return conn


def test_0003_keeps_each_actor_s_current_plan_and_adds_commune_roles(engine, monkeypatch):
    conn = _two_actors_at_0002(engine)
    upgrade(conn)
    assert sorted(engine.rows(conn, "SELECT actor, plan_id, role FROM current_plan")) == [
        ("anh-tuan", 2, engine.role), ("chi-lan", 1, engine.role)]
    assert engine.rows(conn, "SELECT count(*) FROM commune_role") == [(0,)]
    assert engine.dump(conn) == engine.dump(engine.created())
    for actor, plan in (("chi-lan", 1), ("anh-tuan", 2)):  # each actor's own, as before
        monkeypatch.setenv("CCHC_USER", actor)
        with open_store(engine.target_of(conn)) as store:
            assert store.read.current_plan_id() == plan


def test_0003_goes_back_keeping_one_current_plan_per_actor(engine):
    conn = _two_actors_at_0002(engine)
    upgrade(conn)
    engine.script(conn, "INSERT INTO current_plan (id, actor, plan_id, role) VALUES (3, 'chi-lan', 2, 'xa_an_lao')")
    downgrade(conn, "0002_owners")
    assert sorted(engine.rows(conn, "SELECT actor, plan_id FROM current_plan")) == [("anh-tuan", 2), ("chi-lan", 2)]
    assert engine.dump(conn) == engine.dump(engine.migrated("0002", "0002_owners"))
    upgrade(conn)
    assert engine.dump(conn) == engine.dump(engine.created())


# What `cchc province init` made itself before revision 0003 (cchc/store/rls.py of that time).
PROVINCE_INIT_BEFORE_0003 = """
    CREATE TABLE IF NOT EXISTS commune_role (role name PRIMARY KEY, owner_id integer NOT NULL REFERENCES owner (id));
    CREATE OR REPLACE FUNCTION cchc_owner() RETURNS integer LANGUAGE sql STABLE AS
        $$ SELECT owner_id FROM commune_role WHERE role = current_user $$;
    ALTER TABLE current_plan ADD COLUMN IF NOT EXISTS role name NOT NULL DEFAULT current_user;
    ALTER TABLE current_plan DROP CONSTRAINT IF EXISTS current_plan_actor_key;
    CREATE UNIQUE INDEX current_plan_role_actor ON current_plan (role, actor);
    ALTER TABLE current_plan ENABLE ROW LEVEL SECURITY;
    CREATE POLICY commune ON current_plan USING (plan_id IN (SELECT id FROM plan) AND role = current_user);
    ALTER TABLE commune_role ENABLE ROW LEVEL SECURITY;
    CREATE POLICY commune ON commune_role FOR SELECT USING (role = current_user);
"""


def test_a_province_set_up_before_0003_is_brought_to_the_models_shape_keeping_its_rows(pg, tmp_path):
    engine = Engine("postgresql", tmp_path, pg)
    try:
        conn = _two_actors_at_0002(engine)
        engine.script(conn, PROVINCE_INIT_BEFORE_0003)
        engine.script(conn, "INSERT INTO commune_role (role, owner_id) VALUES ('xa_an_lao', 1); "
                            "INSERT INTO current_plan (actor, plan_id, role) VALUES ('chi-lan', 2, 'xa_an_lao')")
        upgrade(conn)
        assert engine.rows(conn, "SELECT role, owner_id FROM commune_role") == [("xa_an_lao", 1)]
        assert sorted(engine.rows(conn, "SELECT actor, plan_id, role FROM current_plan")) == [
            ("anh-tuan", 2, "postgres"), ("chi-lan", 1, "postgres"), ("chi-lan", 2, "xa_an_lao")]
        assert engine.dump(conn) == engine.dump(engine.created())
    finally:
        engine.close()


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
