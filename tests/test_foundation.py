"""The installable command, its global options and the database file."""

from __future__ import annotations

import sqlite3

import pytest

import subprocess
import sys

from conftest import run_cchc

HEAVY = ("sqlalchemy", "sqlmodel", "alembic")


@pytest.mark.parametrize("args", [["--help"], ["--version"]])
def test_help_and_version_do_not_import_the_orm(args):
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "cchc", *args],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0
    imported = {line.split("|")[-1].strip().split(".")[0] for line in proc.stderr.splitlines() if "|" in line}
    assert not imported & set(HEAVY), imported & set(HEAVY)


def test_version_prints_version():
    from cchc import __version__

    proc = run_cchc("--version")
    assert proc.stdout.strip() == f"cchc {__version__}"


def test_db_init_creates_database_at_head(cli, db):
    from cchc.store.schema import HEAD

    result = cli("db", "init")
    assert result.exit_code == 0, result.output
    assert db.exists()
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"plan", "area", "agency", "agency_alias", "task", "task_cooperation", "milestone",
            "change", "operation", "indicator", "indicator_value"} <= tables
    assert conn.execute("SELECT count(*) FROM area").fetchone()[0] == 7


def test_db_path_follows_option_then_environment(cli, db, tmp_path, monkeypatch):
    assert cli("db", "path").output.strip() == str(db)
    monkeypatch.setenv("CCHC_DB", str(tmp_path / "env.db"))
    proc = run_cchc("db", "path", env={"CCHC_DB": str(tmp_path / "env.db")})
    assert proc.stdout.strip() == str(tmp_path / "env.db")


def test_folders_are_created(tmp_path):
    target = tmp_path / "a" / "b" / "cchc.db"
    proc = run_cchc("--db", str(target), "db", "init")
    assert proc.returncode == 0, proc.stderr
    assert target.exists()


def test_a_folder_is_refused_with_one_line(tmp_path):
    proc = run_cchc("--db", str(tmp_path), "db", "status")
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "folder" in proc.stderr


def test_a_text_file_is_refused_and_left_untouched(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_bytes(b"meeting notes\n")
    proc = run_cchc("--db", str(notes), "db", "status")
    assert proc.returncode == 2
    assert "not a SQLite database" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert notes.read_bytes() == b"meeting notes\n"


def test_a_foreign_sqlite_database_is_refused(tmp_path):
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    proc = run_cchc("--db", str(other), "db", "status")
    assert proc.returncode == 2
    assert "not a cchc one" in proc.stderr
    assert other.read_bytes() == before


def test_connection_pragmas(cli, db):
    from cchc.store import open_store

    cli("db", "init")
    conn = open_store(db).db.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_backup_copies_and_refuses_to_overwrite(cli, db, tmp_path):
    cli("db", "init")
    target = tmp_path / "backup.db"
    holder = sqlite3.connect(db)  # another process/connection has it open
    holder.execute("SELECT count(*) FROM area").fetchone()
    result = cli("db", "backup", str(target))
    assert result.exit_code == 0, result.output
    copy = sqlite3.connect(target)
    assert copy.execute("SELECT count(*) FROM area").fetchone()[0] == 7
    copy.close()
    again = cli("db", "backup", str(target))
    assert again.exit_code == 2
    assert "--force" in again.output
    assert cli("db", "backup", str(target), "--force").exit_code == 0


@pytest.mark.parametrize("value", ["31/02/2026", "2026-13-01", "tomorrow"])
def test_bad_today_is_a_user_error(tmp_path, value):
    from cchc import state
    from cchc.domain.errors import UserError

    state.STATE.today = value
    try:
        with pytest.raises(UserError, match=value):
            state.today()
    finally:
        state.STATE.today = None


def test_today_accepts_both_forms(monkeypatch):
    from datetime import date

    from cchc import state

    for raw in ("10/01/2026", "2026-01-10"):
        state.STATE.today = raw
        assert state.today() == date(2026, 1, 10)
    state.STATE.today = None
    monkeypatch.setenv("CCHC_TODAY", "05/03/2026")
    assert state.today() == date(2026, 3, 5)


def test_a_bad_option_is_one_line_and_exit_2():
    proc = run_cchc("due", "--bogus")
    assert proc.returncode == 2
    [line] = proc.stderr.strip().splitlines()  # click may add "(possible options: --bom)"
    assert line.startswith("cchc: No such option: --bogus") and line.endswith("(see cchc due -h)")
