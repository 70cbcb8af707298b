"""Nothing an officer recorded is lost: checks, restores, failing writes, old files."""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest

from conftest import AN_LAO, HOANG_SON, ROOT

FIXTURES = ROOT / "tests" / "fixtures"


def test_each_released_schema_upgrades_with_rows_intact(tmp_path, cli):
    """Databases written by every released cchc schema open in this one."""
    from cchc.store.schema import KNOWN_REVISIONS

    fixtures = sorted(FIXTURES.glob("schema-*.db"))
    assert [f.stem.removeprefix("schema-") for f in fixtures] == [r.split("_")[0] for r in KNOWN_REVISIONS], \
        "keep one small database per released schema revision in tests/fixtures (schema-NNNN.db)"
    for fixture in fixtures:
        copy = tmp_path / fixture.name
        shutil.copy(fixture, copy)
        cli.db = copy
        rows = json.loads(cli("task", "list", "--format", "json").stdout)  # stderr: the upgrade notice
        assert len(rows) == 32
        first = rows[0]
        assert first["status"] == "done"
        assert first["milestones"][0]["evidence"] == "Kế hoạch số 12/KH-UBND ngày 10/01/2026"
        assert cli("db", "check").exit_code == 0


def test_db_check_passes_on_a_healthy_database(cli):
    cli("import", str(HOANG_SON))
    result = cli("db", "check")
    assert result.exit_code == 0, result.output
    assert "no problem" in result.output


@pytest.mark.parametrize("breakage, named", [
    ("UPDATE milestone SET due = NULL WHERE id = (SELECT min(id) FROM milestone WHERE kind = 'quarter')",
     "milestone_undated"),
    ("UPDATE milestone SET due = '2026-02-14' WHERE id = (SELECT min(id) FROM milestone WHERE kind = 'quarter')",
     "milestone_due"),
    ("INSERT INTO agency_alias (agency_id, alias) VALUES (9999, 'Phòng Ma')", "alias_orphan"),
    ("UPDATE task SET area_code = 'xyz' WHERE id = 1", "task_area"),
])
def test_db_check_names_a_broken_invariant(cli, db, breakage, named):
    cli("import", str(HOANG_SON))
    conn = sqlite3.connect(db)
    conn.execute(breakage)  # foreign keys are off on this plain connection, as in a damaged file
    conn.commit()
    conn.close()
    result = cli("db", "check", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert named in {p["check"] for p in report["problems"]}


def test_restore_replaces_and_keeps_the_replaced_file(cli, db, tmp_path):
    cli("import", str(AN_LAO))
    backup = tmp_path / "before.db"
    assert cli("db", "backup", str(backup)).exit_code == 0
    cli("import", str(HOANG_SON))
    assert len(json.loads(cli("plan", "list", "--format", "json").output)) == 2
    result = cli("db", "restore", str(backup), "--yes")
    assert result.exit_code == 0, result.output
    assert len(json.loads(cli("plan", "list", "--format", "json").output)) == 1
    kept = list(db.parent.glob(db.name + ".*.bak"))
    assert len(kept) == 1
    assert sqlite3.connect(kept[0]).execute("SELECT count(*) FROM plan").fetchone()[0] == 2


def test_restore_asks_and_refuses_bad_backups(cli, db, tmp_path):
    cli("import", str(AN_LAO))
    backup = tmp_path / "b.db"
    cli("db", "backup", str(backup))
    before = db.read_bytes()
    assert cli("db", "restore", str(backup)).exit_code == 2  # no terminal to confirm on
    junk = tmp_path / "junk.db"
    junk.write_text("not a database")
    assert cli("db", "restore", str(junk), "--yes").exit_code == 2
    assert db.read_bytes() == before


def _faulty(monkeypatch, setup):
    """Every cchc connection gets `setup` applied: a fault-injecting connection."""
    from cchc.store import sqlite

    real = sqlite.connect

    def connect(path):
        conn = real(path)
        setup(conn, path)
        return conn

    monkeypatch.setattr(sqlite, "connect", connect)


def test_a_full_disk_fails_cleanly_and_changes_nothing(cli, db, monkeypatch):
    cli("import", str(AN_LAO))
    before = db.read_bytes()

    def full(conn, path):
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")

    _faulty(monkeypatch, full)
    result = cli("import", str(HOANG_SON))
    assert result.exit_code == 2
    assert "full" in result.output
    assert len(result.output.strip().splitlines()) == 1
    monkeypatch.undo()
    assert db.read_bytes() == before
    assert len(json.loads(cli("plan", "list", "--format", "json").output)) == 1


def test_a_read_only_database_fails_cleanly(cli, db, monkeypatch):
    cli("import", str(AN_LAO))
    from cchc.store import sqlite as store_sqlite

    def read_only(path):
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
        conn.execute("PRAGMA busy_timeout = 1000")
        return conn

    monkeypatch.setattr(store_sqlite, "connect", read_only)
    listing = cli("task", "list", "--format", "json")
    assert listing.exit_code == 0  # reading still works
    result = cli("import", str(HOANG_SON))
    assert result.exit_code == 2
    assert "readonly" in result.output.replace("-", "").replace(" ", "")
    monkeypatch.undo()
    assert len(json.loads(cli("plan", "list", "--format", "json").output)) == 1
