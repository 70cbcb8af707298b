"""The storage layer: every write waits for the lock and succeeds, each actor undoes their own work,
imports and merges are undone like any command, several files import all or nothing, and the layers
keep to their folders."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys

import pytest

from backends import contents, fingerprint, query
from conftest import AN_LAO, HOANG_SON, ROOT

# Another process takes the write lock, records that it did (an operation row), holds it, then commits.
LOCK_HOLDER = r"""
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("INSERT INTO operation (command, created_at, actor) VALUES ('held', '2026-01-01 00:00:00.000000', 'holder')")
print(conn.execute("SELECT max(id) FROM operation").fetchone()[0], flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
"""


class Holder:
    """The write lock of a database, held by another process for `seconds`."""

    def __init__(self, db, seconds: float):
        self.proc = subprocess.Popen([sys.executable, "-c", LOCK_HOLDER, str(db), str(seconds)],
                                     stdout=subprocess.PIPE, text=True)
        self.operation = int(self.proc.stdout.readline())  # the lock is held from here on

    def wait(self) -> None:
        assert self.proc.wait(timeout=60) == 0


def _ids(cli) -> dict[str, int]:
    return {t["ref"]: t["id"] for t in json.loads(cli("task", "list", "--format", "json").stdout)}


def _last_operation(db) -> int:
    conn = sqlite3.connect(db)  # closed here: an unclosed one lives until the garbage collector finds it
    try:
        return conn.execute("SELECT max(id) FROM operation WHERE actor != 'holder'").fetchone()[0] or 0
    finally:
        conn.close()


@pytest.fixture
def an_lao(cli):
    cli.load(AN_LAO)
    return _ids(cli)


def test_every_kind_of_write_waits_for_a_lock_held_2_s_and_succeeds(cli, db, an_lao, tmp_path):
    values = tmp_path / "values.csv"
    values.write_text("key,period,value\ntest-key,2026-Q2,57\n", encoding="utf-8")
    backup = tmp_path / "backup.db"
    assert cli("db", "backup", backup).exit_code == 0
    agencies = [a["name"] for a in json.loads(cli("agency", "list", "--format", "json").stdout) if not a["is_group"]]
    writes = [
        ["import", HOANG_SON], ["plan", "use", "1"], ["start", an_lao["5"]],
        ["done", an_lao["1"], "--on", "12/01/2026", "--evidence", "KH 12"], ["drop", an_lao["6"], "--reason", "r"],
        ["status", an_lao["7"], "in_progress"], ["note", an_lao["1"], "ghi chú"], ["evidence", an_lao["1"], "BC 5"],
        ["set-due", an_lao["2"], "30/04/2026"], ["indicator", "add", "test-key", "--target", "50"],
        ["indicator", "edit", "test-key", "--target", "60"],
        ["indicator", "record", "test-key", "55", "--period", "2026-Q1"], ["indicator", "import", values],
        ["indicator", "remove", "test-key", "--force"], ["agency", "merge", agencies[1], agencies[0]],
        ["undo", "--yes"],
    ]
    for args in writes:
        holder = Holder(db, 2.0)
        result = cli(*args, today="20/01/2026")
        holder.wait()
        assert result.exit_code == 0, (args, result.output)
        assert _last_operation(db) > holder.operation, args  # written after the holder's commit: it waited
    holder = Holder(db, 2.0)
    result = cli("db", "restore", backup, "--yes")
    holder.wait()
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db) as conn:  # restored after the holder committed: its row is gone
        assert conn.execute("SELECT count(*) FROM operation WHERE actor = 'holder'").fetchone() == (0,)


def test_a_write_tries_again_while_the_lock_stays_busy(cli, db, an_lao, monkeypatch):
    from cchc.store import core, sqlite as store_sqlite

    monkeypatch.setattr(store_sqlite, "BUSY_TIMEOUT_MS", 200)
    tries = []
    real = core.Store._write_once

    def counted(self, *args):
        tries.append(1)
        return real(self, *args)

    monkeypatch.setattr(core.Store, "_write_once", counted)
    holder = Holder(db, 0.9)
    result = cli("note", an_lao["1"], "sau khi chờ")
    holder.wait()
    assert result.exit_code == 0, result.output
    assert len(tries) > 1  # the whole unit of work ran again after a busy try
    notes = json.loads(cli("task", "show", an_lao["1"], "--format", "json").stdout)["notes"]
    assert [n["text"] for n in notes] == ["sau khi chờ"]


# -- actors ---------------------------------------------------------------------------


def _as(monkeypatch, actor: str) -> None:
    monkeypatch.setenv("CCHC_USER", actor)


def _task(cli, task_id) -> dict:
    return json.loads(cli("task", "show", task_id, "--format", "json").stdout)


@pytest.mark.backends
def test_each_actor_undoes_only_their_own_operation(cli, an_lao, monkeypatch):
    _as(monkeypatch, "a")
    assert cli("start", an_lao["5"]).exit_code == 0
    _as(monkeypatch, "b")
    assert cli("note", an_lao["1"], "ghi chú của b").exit_code == 0
    _as(monkeypatch, "a")
    undone = cli("undo", "--yes")
    assert undone.exit_code == 0 and "start" in undone.stdout
    assert _task(cli, an_lao["5"])["status"] == "not_started"
    assert [n["text"] for n in _task(cli, an_lao["1"])["notes"]] == ["ghi chú của b"]  # b's work stays
    _as(monkeypatch, "b")
    undone = cli("undo", "--yes")
    assert undone.exit_code == 0 and "note" in undone.stdout
    assert _task(cli, an_lao["1"])["notes"] == []
    assert "Nothing to undo" in cli("undo", "--yes").stdout  # the import was someone else's
    log = json.loads(cli("log", "--format", "json").stdout)
    assert {e["command"]: e["actor"] for e in log if not e["command"].startswith("undo")} == {
        f"start {an_lao['5']}": "a", f"note {an_lao['1']}": "b"}


@pytest.mark.backends
def test_undo_refuses_when_someone_else_changed_the_same_rows_later(cli, db, an_lao, monkeypatch):
    _as(monkeypatch, "a")
    assert cli("done", an_lao["3"], "--milestone", "1", "--on", "09/03/2026", today="20/03/2026").exit_code == 0
    _as(monkeypatch, "b")
    assert cli("start", an_lao["3"], "--milestone", "1").exit_code == 0  # reopens a's milestone
    _as(monkeypatch, "a")
    before = fingerprint(db)
    refused = cli("undo", "--yes")
    assert refused.exit_code == 2
    assert refused.stderr.count("\n") == 1 and "cannot be undone" in refused.stderr and "b" in refused.stderr
    assert fingerprint(db) == before
    _as(monkeypatch, "b")
    assert cli("undo", "--yes").exit_code == 0
    _as(monkeypatch, "a")
    assert cli("undo", "--yes").exit_code == 0  # once b's change is undone, a's can be
    assert [m["done_on"] for m in _task(cli, an_lao["3"])["milestones"]] == [None] * 4


@pytest.mark.backends
def test_the_current_plan_is_each_actor_s_own(cli, monkeypatch):
    _as(monkeypatch, "a")
    assert cli("import", AN_LAO).exit_code == 0
    _as(monkeypatch, "b")
    assert cli("import", HOANG_SON).exit_code == 0
    plans = {p["commune"]: p["id"] for p in json.loads(cli("plan", "list", "--format", "json").stdout)}
    _as(monkeypatch, "a")
    assert {t["plan"] for t in json.loads(cli("task", "list", "--format", "json").stdout)} == {plans["xã An Lão"]}
    _as(monkeypatch, "b")
    assert {t["plan"] for t in json.loads(cli("task", "list", "--format", "json").stdout)} == {plans["xã Hoàng Sơn"]}


# -- imports and merges are undone like any command ------------------------------------


def _tables(db) -> dict[str, list]:
    """Every row of every table but the history (which records the undo itself)."""
    return {t: rows for t, rows in contents(db).items() if t not in ("operation", "change")}


@pytest.mark.backends
def test_undo_of_an_import_leaves_the_database_as_before(cli, db, an_lao):
    assert cli("done", an_lao["1"], "--on", "12/01/2026", today="20/01/2026").exit_code == 0
    before = _tables(db)
    assert cli("import", HOANG_SON).exit_code == 0
    undone = cli("undo", "--yes")
    assert undone.exit_code == 0 and "import" in undone.stdout
    after = _tables(db)
    assert after.pop("owner") != before.pop("owner")  # the owner the import created stays: history names it
    assert after == before


@pytest.mark.backends
def test_undo_of_an_agency_merge_restores_both_agencies(cli, db, an_lao):
    agencies = json.loads(cli("agency", "list", "--format", "json").stdout)
    single = [a for a in agencies if not a["is_group"] and a["tasks_led"]]
    before = _tables(db)
    assert cli("agency", "merge", single[1]["name"], single[0]["name"]).exit_code == 0
    assert len(json.loads(cli("agency", "list", "--format", "json").stdout)) == len(agencies) - 1
    assert cli("undo", "--yes").exit_code == 0
    assert _tables(db) == before


@pytest.mark.backends
def test_after_a_merge_the_work_recorded_before_it_can_be_undone_too(cli, db, an_lao):
    """The finding: after an agency merge, undo refused for ever, so earlier changes could never be undone."""
    assert cli("start", an_lao["5"]).exit_code == 0
    single = [a for a in json.loads(cli("agency", "list", "--format", "json").stdout) if not a["is_group"] and a["tasks_led"]]
    assert cli("agency", "merge", single[1]["name"], single[0]["name"]).exit_code == 0
    merged = cli("undo", "--yes")
    assert merged.exit_code == 0 and "merge" in merged.stdout
    started = cli("undo", "--yes")
    assert started.exit_code == 0 and "start" in started.stdout
    assert _task(cli, an_lao["5"])["status"] == "not_started"


@pytest.mark.backends
def test_undo_walks_past_an_operation_that_cannot_be_undone_saying_what_stays(cli, db, an_lao):
    assert cli("start", an_lao["5"]).exit_code == 0
    assert cli("note", an_lao["1"], "trước khi nâng cấp").exit_code == 0
    # as the upgrade marks an agency merge recorded by an older cchc
    query(db, "UPDATE operation SET undoable = ?, undo_note = 'recorded before …' WHERE command LIKE 'note%'",
          (False,))
    refused = cli("undo")  # no terminal to confirm on
    assert refused.exit_code == 2 and "--yes" in refused.stderr
    undone = cli("undo", "--yes")
    assert undone.exit_code == 0
    assert "cannot be undone (recorded before …); what it changed stays" in undone.stdout
    assert _task(cli, an_lao["5"])["status"] == "not_started"
    assert [n["text"] for n in _task(cli, an_lao["1"])["notes"]] == ["trước khi nâng cấp"]


# -- several files: all or nothing ----------------------------------------------------------


@pytest.mark.backends
def test_several_files_import_all_or_nothing(cli, db, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("Biên bản họp chi bộ\nKhông có kế hoạch nào ở đây.\n", encoding="utf-8")
    cli("db", "init")
    refused = cli("import", AN_LAO, bad)
    assert refused.exit_code == 2
    assert refused.stderr.count("\n") == 1 and "bad.txt" in refused.stderr and "none of the 2 files" in refused.stderr
    assert json.loads(cli("plan", "list", "--format", "json").stdout) == []
    assert cli("import", AN_LAO, HOANG_SON).exit_code == 0
    assert len(json.loads(cli("plan", "list", "--format", "json").stdout)) == 2
    undone = cli("undo", "--yes")  # one command, one operation: both plans go
    assert undone.exit_code == 0 and f"import {AN_LAO.name} {HOANG_SON.name}" in undone.stdout
    assert json.loads(cli("plan", "list", "--format", "json").stdout) == []


@pytest.mark.backends
def test_a_failure_while_storing_the_second_file_writes_nothing(cli, db, monkeypatch):
    from cchc.store import plan_store

    real, stored = plan_store.store_plan, []

    def second_fails(tx, draft, *args):
        if stored:
            raise tx.store.dialect.Error("database or disk is full")
        stored.append(real(tx, draft, *args))
        return stored[-1]

    monkeypatch.setattr(plan_store, "store_plan", second_fails)
    cli("db", "init")
    result = cli("import", AN_LAO, HOANG_SON)
    assert result.exit_code == 2 and "full" in result.stderr and stored
    monkeypatch.undo()
    assert json.loads(cli("plan", "list", "--format", "json").stdout) == []
    assert json.loads(cli("agency", "list", "--format", "json").stdout) == []


# -- layers ---------------------------------------------------------------------------------


def _sources(folder: str = ""):
    return sorted((ROOT / "cchc" / folder).rglob("*.py"))


def test_only_the_store_talks_to_a_database():
    pattern = re.compile(r"^\s*(import sqlite3|from sqlalchemy|import sqlalchemy|import sqlmodel|from sqlmodel|"
                         r"import psycopg|from psycopg)",
                         re.MULTILINE)
    found = {str(p.relative_to(ROOT)) for p in _sources() if pattern.search(p.read_text(encoding="utf-8"))}
    assert {f for f in found if not f.startswith("cchc/store/") and f != "cchc/models.py"} == set()


def test_commands_hold_no_sql_and_rendering_and_domain_never_reach_the_store():
    sql = re.compile(r"\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM)\b|\.execute\(|\.cursor\(")
    assert [str(p) for p in _sources("commands") if sql.search(p.read_text(encoding="utf-8"))] == []
    store = re.compile(r"from cchc\.store|import cchc\.store|from cchc import store")
    assert [str(p) for p in _sources("render") + _sources("domain") if store.search(p.read_text(encoding="utf-8"))] == []
    click = re.compile(r"typer\._click")
    assert [str(p) for p in _sources("domain") if click.search(p.read_text(encoding="utf-8"))] == []


def test_queries_are_portable_sql():
    """No integer booleans, no boolean sums, no SQLite-only functions outside the SQLite module."""
    bad = re.compile(r"\b(removed|needs_review|is_group|undoable)\s*=\s*[01]\b|sum\(\s*\w+\s*=|"
                     r"\b(ifnull|julianday|strftime|group_concat|printf|instr)\(", re.IGNORECASE)
    offenders = [f"{p.name}: {m.group(0)}" for p in _sources("store") if p.name not in ("sqlite.py", "ddl.py")
                 for m in bad.finditer(p.read_text(encoding="utf-8"))]
    assert offenders == []


@pytest.mark.backends
def test_settings_and_report_notes_of_an_owner_are_recorded_and_undone(cli, db, an_lao):
    """The seams issue 20 builds on: an owner's settings and notes on a plan, written like any change."""
    from cchc.store import open_store
    from cchc.store.undo import undo
    from cchc.store.notes import add_plan_note
    from cchc.store.settings import set_setting

    with open_store(db) as store:
        owner = store.read.plan_owner(1)
        assert store.write("config set signer.title", lambda tx: set_setting(tx, owner, "signer.title", "CHỦ TỊCH"))
        assert not store.write("config set signer.title", lambda tx: set_setting(tx, owner, "signer.title", "CHỦ TỊCH"))
        store.write("config set signer.title", lambda tx: set_setting(tx, owner, "signer.title", "PHÓ CHỦ TỊCH"))
        store.write("note --plan", lambda tx: add_plan_note(tx, 1, "Còn chậm số hóa hồ sơ", kind="ton-tai"))
        assert store.read.settings(owner) == {"signer.title": "PHÓ CHỦ TỊCH"}
        assert query(db, "SELECT task_id, plan_id, kind FROM note") == [(None, 1, "ton-tai")]
        for _ in range(2):
            plan = store.read.undo_plan(store.actor)
            store.write(f"undo {plan.target.id}", lambda tx: undo(tx, plan))
        assert store.read.settings(owner) == {"signer.title": "CHỦ TỊCH"}
        assert query(db, "SELECT count(*) FROM note") == [(0,)]
